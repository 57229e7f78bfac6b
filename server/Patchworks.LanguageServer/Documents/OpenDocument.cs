using Patchworks.Core.Syntax;
using Patchworks.Core.Text;
using Patchworks.LanguageServer.Protocol;

namespace Patchworks.LanguageServer.Documents;

/// <summary>
/// A document the editor has open: its URI as the client spells it, version and current text, and the edits made to it
/// since it was last parsed (so its tree can be brought up to date instead of parsed anew: <see cref="IncrementalParser"/>).
/// </summary>
public sealed class OpenDocument(string uri, string path, int version, string text)
{
    /// <summary>More edits than this between two parses (a big paste of many ranges, a replace-all) are not replayed one by one.</summary>
    private const int MaxRecordedEdits = 16;

    private readonly List<(TextChange Change, string Text)> _edits = [];
    private string _editsFrom = text;
    private bool _editsComplete = true;

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
                _editsComplete = false;
                continue;
            }
            var start = LineIndex.OffsetOf(text, new Position(range.Start.Line, range.Start.Character));
            var end = LineIndex.OffsetOf(text, new Position(range.End.Line, range.End.Character));
            if (end < start)
            {
                (start, end) = (end, start);
            }
            text = string.Concat(text.AsSpan(0, start), change.Text, text.AsSpan(end));
            if (_editsComplete && _edits.Count < MaxRecordedEdits)
            {
                _edits.Add((new TextChange(start, end - start, change.Text.Length), text));
            }
            else
            {
                _editsComplete = false;
            }
        }
        Text = text;
        Version = version;
    }

    /// <summary>
    /// The edits, each with the text it left, that lead from <paramref name="parsed"/> (the text of the document's
    /// current tree) to <see cref="Text"/>; null when they are not all known (a full replacement, too many, or the tree
    /// is of another text). Either way the record starts again from the current text, which the caller now parses.
    /// </summary>
    public IReadOnlyList<(TextChange Change, string Text)>? TakeEdits(string? parsed)
    {
        IReadOnlyList<(TextChange, string)>? edits = _editsComplete && parsed is not null && ReferenceEquals(parsed, _editsFrom) ? [.. _edits] : null;
        _edits.Clear();
        _editsComplete = true;
        _editsFrom = Text;
        return edits;
    }
}
