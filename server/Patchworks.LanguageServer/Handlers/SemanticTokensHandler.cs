using Patchworks.Core.Classification;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// textDocument/semanticTokens/full and /range: {{key}} and [[ns.name]] in connector strings, so editors colour them
/// inside JSON strings. Variables are "variable", built-ins "macro" (defaultLibrary), delimiters "type";
/// a token variable is readonly.
/// </summary>
internal sealed class SemanticTokensHandler(LanguageServer server)
{
    public static readonly SemanticTokensLegend Legend = new(["variable", "macro", "type"], ["readonly", "defaultLibrary"]);

    private const int Readonly = 1;
    private const int DefaultLibrary = 2;

    [JsonRpcMethod("textDocument/semanticTokens/full")]
    public SemanticTokens Full(SemanticTokensParams parameters, CancellationToken cancellationToken) =>
        Tokens(parameters.TextDocument, null, cancellationToken);

    /// <summary>
    /// textDocument/semanticTokens/range: the placeholders of the range only (the editor asks for what it shows first,
    /// so a 5 MB connector is coloured without classifying the whole file), encoded as the full answer is.
    /// </summary>
    [JsonRpcMethod("textDocument/semanticTokens/range")]
    public SemanticTokens Range(SemanticTokensRangeParams parameters, CancellationToken cancellationToken) =>
        Tokens(parameters.TextDocument, parameters.Range, cancellationToken);

    private SemanticTokens Tokens(TextDocumentIdentifier document, LspRange? range, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        if (DocumentUri.ToPath(document.Uri) is not { } path || server.Workspace.GetConnector(path) is not { } connector)
        {
            return new SemanticTokens([]);
        }
        cancellationToken.ThrowIfCancellationRequested();
        var lines = connector.Tree.Lines;
        Core.Text.TextSpan? within = range is null ? null : Core.Text.TextSpan.FromBounds(lines.GetOffset(range.Start.ToCore()), lines.GetOffset(range.End.ToCore()));
        var data = new List<int>();
        int previousLine = 0, previousStart = 0;
        foreach (var part in PlaceholderClassifier.Classify(connector, within))
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
