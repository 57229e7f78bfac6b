using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.Core.Editing;
using Patchworks.Core.Syntax;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// patchworks/insertSection: the edits that add an endpoint or an authentication method to a connector as the editor
/// has it (the wizards' Add Endpoint and Add Authentication Method), from Core's <see cref="SectionInsertion"/>: the
/// extension parses no connector. Answers { edits: [{ range, newText }], index, text }: the edits over the current
/// text, the item's index in the section (its JSON path is section[index]) and the text after them, for the wizard to
/// validate as a draft. Writes nothing: the editor applies the edits (one undo).
/// </summary>
internal sealed class InsertSectionHandler(LanguageServer server)
{
    [JsonRpcMethod("patchworks/insertSection")]
    public JsonElement InsertSection(InsertSectionParams parameters)
    {
        server.RequireInitialized();
        var path = RequestTargets.PathOf(parameters.Uri);
        if (!path.EndsWith(Core.Workspace.DocumentKinds.ConnectorSuffix, StringComparison.OrdinalIgnoreCase))
        {
            throw new LocalRpcException($"{parameters.Uri} is not a connector file.") { ErrorCode = ErrorCodes.InvalidParams };
        }
        string text;
        try
        {
            // The open buffer over the disk: the edits apply to what the user sees.
            text = server.Workspace.GetOpen(path)?.Text ?? server.Workspace.Files.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LocalRpcException($"{Path.GetFileName(path)} cannot be read: {e.Message}") { ErrorCode = ErrorCodes.RequestFailed };
        }
        var tree = JsonParser.Parse(text);
        var unit = parameters.InsertSpaces is false ? "\t" : parameters.TabSize is > 0 and <= 16 ? new string(' ', parameters.TabSize.Value) : null;
        // The file's own indentation wins over the editor's options when the file shows one.
        var own = JsonTrivia.IndentUnit(tree);
        SectionInsertionResult result;
        try
        {
            result = SectionInsertion.Insert(tree, parameters.Section, parameters.Item is { } item ? JsonNode.Parse(item.GetRawText()) : new JsonObject(),
                HasIndentedLine(text) ? own : unit ?? own);
        }
        catch (SectionInsertionException e)
        {
            throw new LocalRpcException(e.Message) { ErrorCode = ErrorCodes.RequestFailed, ErrorData = new { reason = "cannotInsert" } };
        }
        var answer = new JsonObject
        {
            ["edits"] = new JsonArray([.. result.Edits.Select(e => (JsonNode)new JsonObject
            {
                ["range"] = JsonSerializer.SerializeToNode(e.Span.ToLsp(tree.Lines), ProtocolSerializer.Options),
                ["newText"] = e.NewText,
            })]),
            ["index"] = result.Index,
            ["text"] = result.NewText,
        };
        return JsonSerializer.SerializeToElement(answer);
    }

    private static bool HasIndentedLine(string text) =>
        text.Split('\n').Any(line => line.Length > 1 && line[0] is ' ' or '\t' && !string.IsNullOrWhiteSpace(line));
}
