namespace Patchworks.Core.Text;

/// <summary>
/// Maps offsets to line/character positions and back. Line breaks are \n, \r\n and \r, as in LSP.
/// Characters are UTF-16 code units, so an offset into a C# string maps directly.
/// </summary>
public sealed class LineIndex
{
    private readonly int[] _lineStarts;
    private readonly string _text;

    public LineIndex(string text)
    {
        _text = text;
        Length = text.Length;
        var starts = new List<int>(Math.Max(16, text.Length / 32)) { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                starts.Add(i + 1);
            }
            else if (c == '\n')
            {
                starts.Add(i + 1);
            }
        }
        _lineStarts = [.. starts];
    }

    public int Length { get; }

    public int LineCount => _lineStarts.Length;

    public int LineStart(int line) => _lineStarts[Math.Clamp(line, 0, _lineStarts.Length - 1)];

    /// <summary>The offset where a line's text ends, before its line break.</summary>
    public int LineContentEnd(int line)
    {
        if (line + 1 >= _lineStarts.Length)
        {
            return Length;
        }
        var next = _lineStarts[line + 1];
        var breakLength = next - _lineStarts[line] >= 2 && _text[next - 2] == '\r' && _text[next - 1] == '\n' ? 2 : 1;
        return next - breakLength;
    }

    public Position GetPosition(int offset)
    {
        offset = Math.Clamp(offset, 0, Length);
        var line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }
        return new Position(line, offset - _lineStarts[line]);
    }

    public TextRange GetRange(TextSpan span) => new(GetPosition(span.Start), GetPosition(span.End));

    /// <summary>The offset of a position; positions past the end of a line or the document are clamped, as LSP asks.</summary>
    public int GetOffset(Position position)
    {
        if (position.Line < 0)
        {
            return 0;
        }
        if (position.Line >= _lineStarts.Length)
        {
            return Length;
        }
        var start = _lineStarts[position.Line];
        return Math.Clamp(start + Math.Max(0, position.Character), start, LineContentEnd(position.Line));
    }
}
