namespace Patchworks.Core.Text;

/// <summary>A range of a document's text in UTF-16 code units, as C# strings and LSP count them.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;

    public static TextSpan FromBounds(int start, int end) => new(start, Math.Max(0, end - start));

    public bool Contains(int offset) => offset >= Start && offset < End;

    /// <summary>True when the offset is inside the span or right after it, as a cursor at the end of a word is.</summary>
    public bool ContainsOrTouches(int offset) => offset >= Start && offset <= End;

    public override string ToString() => $"[{Start}..{End})";
}
