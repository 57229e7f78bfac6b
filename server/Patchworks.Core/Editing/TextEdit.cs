using System.Text;
using Patchworks.Core.Text;

namespace Patchworks.Core.Editing;

/// <summary>Replace the text of a span with new text. Spans refer to the document before any edit of the same set.</summary>
public sealed record TextEdit(TextSpan Span, string NewText)
{
    public static TextEdit Insert(int offset, string text) => new(new TextSpan(offset, 0), text);

    public static TextEdit Delete(int start, int end) => new(TextSpan.FromBounds(start, end), "");

    /// <summary>Applies a set of non-overlapping edits; inserts at the same offset keep their order.</summary>
    public static string Apply(string text, IEnumerable<TextEdit> edits)
    {
        var ordered = edits.Select((e, i) => (Edit: e, Order: i)).OrderBy(x => x.Edit.Span.Start).ThenBy(x => x.Order).Select(x => x.Edit).ToList();
        var result = new StringBuilder(text.Length);
        var last = 0;
        foreach (var edit in ordered)
        {
            if (edit.Span.Start < last)
            {
                throw new ArgumentException($"Edits overlap at {edit.Span}.", nameof(edits));
            }
            result.Append(text, last, edit.Span.Start - last).Append(edit.NewText);
            last = edit.Span.End;
        }
        return result.Append(text, last, text.Length - last).ToString();
    }
}
