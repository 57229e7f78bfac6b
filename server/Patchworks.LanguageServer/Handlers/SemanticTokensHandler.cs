using Patchworks.Core.Classification;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// textDocument/semanticTokens/full: {{key}} and [[ns.name]] in connector strings, so editors colour them
/// inside JSON strings. Variables are "variable", built-ins "macro" (defaultLibrary), delimiters "type";
/// a token variable is readonly.
/// </summary>
internal sealed class SemanticTokensHandler(LanguageServer server)
{
    public static readonly SemanticTokensLegend Legend = new(["variable", "macro", "type"], ["readonly", "defaultLibrary"]);

    private const int Readonly = 1;
    private const int DefaultLibrary = 2;

    [JsonRpcMethod("textDocument/semanticTokens/full")]
    public SemanticTokens Full(SemanticTokensParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        if (DocumentUri.ToPath(parameters.TextDocument.Uri) is not { } path || server.Workspace.GetConnector(path) is not { } connector)
        {
            return new SemanticTokens([]);
        }
        cancellationToken.ThrowIfCancellationRequested();
        var lines = connector.Tree.Lines;
        var data = new List<int>();
        int previousLine = 0, previousStart = 0;
        foreach (var part in PlaceholderClassifier.Classify(connector))
        {
            if (part.Span.Length == 0)
            {
                continue;
            }
            var start = lines.GetPosition(part.Span.Start);
            var (type, modifiers) = part.Kind switch
            {
                PlaceholderPartKind.Variable => (0, part.IsToken ? Readonly : 0),
                PlaceholderPartKind.Builtin => (1, DefaultLibrary | Readonly),
                _ => (2, 0),
            };
            // Positions are relative to the previous token: its line, and its start when on the same line.
            data.AddRange([start.Line - previousLine, start.Line == previousLine ? start.Character - previousStart : start.Character, part.Span.Length, type, modifiers]);
            previousLine = start.Line;
            previousStart = start.Character;
        }
        return new SemanticTokens(data);
    }
}
