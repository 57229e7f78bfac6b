namespace Patchworks.Core.Text;

/// <summary>A zero-based line and character (UTF-16 code units), as LSP counts them.</summary>
public readonly record struct Position(int Line, int Character) : IComparable<Position>
{
    public int CompareTo(Position other) => Line != other.Line ? Line.CompareTo(other.Line) : Character.CompareTo(other.Character);

    public static bool operator <(Position a, Position b) => a.CompareTo(b) < 0;
    public static bool operator >(Position a, Position b) => a.CompareTo(b) > 0;
    public static bool operator <=(Position a, Position b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Position a, Position b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Line + 1}:{Character + 1}";
}

/// <summary>A zero-based range between two positions, end exclusive.</summary>
public readonly record struct TextRange(Position Start, Position End)
{
    public override string ToString() => $"{Start}-{End}";
}
