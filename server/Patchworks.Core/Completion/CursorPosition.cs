using Patchworks.Core.Syntax;
using Patchworks.Core.Text;

namespace Patchworks.Core.Completion;

public enum CursorPlace
{
    /// <summary>Nothing to offer: a comment, punctuation, outside the root value.</summary>
    None,
    /// <summary>Where a property name goes (or is being typed) in <see cref="CursorPosition.Object"/>.</summary>
    PropertyName,
    /// <summary>Where the value of <see cref="CursorPosition.Property"/> goes (or is being typed).</summary>
    PropertyValue,
    /// <summary>Where an item of <see cref="CursorPosition.Array"/> goes (or is being typed).</summary>
    ArrayItem,
}

/// <summary>
/// Where the cursor is, in terms completion cares about, and the exact span a candidate replaces: the
/// half-typed key or value (quotes included when typed), or an empty span at the cursor.
/// </summary>
public sealed record CursorPosition(CursorPlace Place, TextSpan Replace)
{
    public static readonly CursorPosition Nowhere = new(CursorPlace.None, default);

    public ObjectSyntax? Object { get; init; }

    /// <summary>The property whose value is typed, or whose key is being typed (it is not "already present").</summary>
    public PropertySyntax? Property { get; init; }

    public ArraySyntax? Array { get; init; }

    /// <summary>The string the cursor is inside, when it is inside one.</summary>
    public StringSyntax? String { get; init; }

    /// <summary>For a key being edited: the property already has its colon, so only the name should be replaced.</summary>
    public bool KeyHasColon => Place == CursorPlace.PropertyName && Property is { ColonOffset: >= 0 };
}
