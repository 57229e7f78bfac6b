using Patchworks.Core.Text;

namespace Patchworks.Core.Syntax;

/// <summary>A parsed JSONC document: its text, root value (null when the text holds none), syntax errors and comments.</summary>
public sealed class SyntaxTree(string text, SyntaxNode? root, IReadOnlyList<SyntaxError> errors, IReadOnlyList<TextSpan> comments)
{
    private LineIndex? _lines;

    public string Text { get; } = text;

    public SyntaxNode? Root { get; } = root;

    public IReadOnlyList<SyntaxError> Errors { get; } = errors;

    public IReadOnlyList<TextSpan> Comments { get; } = comments;

    /// <summary>The old tree's line index and the edit that made this tree from it in place, until <see cref="Lines"/> is asked.</summary>
    private (LineIndex Old, TextChange Change)? _linesBefore;

    public LineIndex Lines => _lines ??= _linesBefore is var (old, change)
        ? LineIndex.Apply(old, Text, change.Start, change.OldLength, change.NewLength)
        : new LineIndex(Text);

    /// <summary>
    /// A tree made from <paramref name="old"/> by one edit (<see cref="IncrementalParser"/>): its line index, when asked,
    /// is the old one brought up to date with the edit instead of one made from the whole text.
    /// </summary>
    internal void FollowLines(SyntaxTree old, TextChange change)
    {
        if (old._lines is { } lines)
        {
            _linesBefore = (lines, change);
        }
    }

    /// <summary>
    /// The text offset of a character of a string's value. Escape sequences make the two differ;
    /// a placeholder inside an escaped string still gets its exact range.
    /// </summary>
    public int OffsetOfValueChar(StringSyntax node, int valueIndex)
    {
        var contentStart = node.Span.Start + 1;
        if (!node.HasEscapes)
        {
            return contentStart + valueIndex;
        }
        var offset = contentStart;
        var end = node.ContentSpan.End;
        for (var i = 0; i < valueIndex && offset < end; i++)
        {
            if (Text[offset] == '\\' && offset + 1 < end)
            {
                offset += Text[offset + 1] == 'u' ? 6 : 2;
            }
            else
            {
                offset++;
            }
        }
        return Math.Min(offset, end);
    }

    /// <summary>The deepest node whose span holds the offset (a property's key or value rather than the property).</summary>
    public SyntaxNode? FindNodeAt(int offset)
    {
        SyntaxNode? found = null;
        var node = Root;
        while (node is not null && node.Span.ContainsOrTouches(offset))
        {
            found = node;
            node = node switch
            {
                ObjectSyntax o => SyntaxChildren.IndexAt(o.Properties, offset, touchingEnd: true) is var i and >= 0 ? o.Properties[i] : null,
                ArraySyntax a => SyntaxChildren.IndexAt(a.Items, offset, touchingEnd: true) is var j and >= 0 ? a.Items[j] : null,
                PropertySyntax p => p.Key.Span.ContainsOrTouches(offset) ? p.Key : p.Value is { } v && v.Span.ContainsOrTouches(offset) ? v : null,
                _ => null,
            };
        }
        return found;
    }
}
