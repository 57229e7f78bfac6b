using Patchworks.Core.Text;
using Patchworks.LanguageServer.Protocol;

namespace Patchworks.LanguageServer.Documents;

/// <summary>A document the editor has open: its URI as the client spells it, version and current text.</summary>
public sealed class OpenDocument(string uri, string path, int version, string text)
{
    public string Uri { get; } = uri;
    public string Path { get; } = path;
    public int Version { get; private set; } = version;
    public string Text { get; private set; } = text;

    /// <summary>
    /// Applies the changes of one didChange in order; each range is in the text as the previous change left it.
    /// Ranges past the end are clamped, as the specification asks, so a confused client cannot break the text.
    /// </summary>
    public void Apply(int version, IReadOnlyList<TextDocumentContentChangeEvent> changes)
    {
        var text = Text;
        foreach (var change in changes)
        {
            if (change.Range is not { } range)
            {
                text = change.Text;
                continue;
            }
            var start = LineIndex.OffsetOf(text, new Position(range.Start.Line, range.Start.Character));
            var end = LineIndex.OffsetOf(text, new Position(range.End.Line, range.End.Character));
            if (end < start)
            {
                (start, end) = (end, start);
            }
            text = string.Concat(text.AsSpan(0, start), change.Text, text.AsSpan(end));
        }
        Text = text;
        Version = version;
    }
}
