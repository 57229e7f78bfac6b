using Patchworks.Core.Formatting;
using Patchworks.Core.Text;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>textDocument/formatting and rangeFormatting: the core's JSONC formatter, with the editor's indentation settings.</summary>
internal sealed class FormattingHandler(LanguageServer server)
{
    [JsonRpcMethod("textDocument/formatting")]
    public IReadOnlyList<TextEdit> Format(DocumentFormattingParams parameters, CancellationToken cancellationToken) =>
        Edits(parameters.TextDocument, parameters.Options, null, cancellationToken);

    [JsonRpcMethod("textDocument/rangeFormatting")]
    public IReadOnlyList<TextEdit> FormatRange(DocumentRangeFormattingParams parameters, CancellationToken cancellationToken) =>
        Edits(parameters.TextDocument, parameters.Options, parameters.Range, cancellationToken);

    private IReadOnlyList<TextEdit> Edits(TextDocumentIdentifier document, FormattingOptions options, LspRange? range, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        if (DocumentUri.ToPath(document.Uri) is not { } path || server.Workspace.GetOpen(path)?.Text is not { } text)
        {
            return [];
        }
        cancellationToken.ThrowIfCancellationRequested();
        var lines = new LineIndex(text);
        TextSpan? span = range is null ? null : TextSpan.FromBounds(lines.GetOffset(range.Start.ToCore()), lines.GetOffset(range.End.ToCore()));
        var edits = JsoncFormatter.Format(text, new FormattingSettings(options.TabSize, options.InsertSpaces), span);
        return [.. edits.Select(e => CodeActionHandler.ToLsp(e, lines))];
    }
}
