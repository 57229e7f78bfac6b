using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Patchworks.Core.Text;

namespace Patchworks.Core.Syntax;

/// <summary>The kind of a JSON value.</summary>
public enum SyntaxKind
{
    Object,
    Array,
    Property,
    String,
    Number,
    Boolean,
    Null,
}

/// <summary>
/// A node of a JSON(C) syntax tree with its exact span in the document. Trees built from broken text
/// are still complete enough for an editor: a property may lack a value, an object its closing brace.
/// </summary>
public abstract class SyntaxNode(SyntaxKind kind, TextSpan span)
{
    public SyntaxKind Kind { get; } = kind;

    public TextSpan Span { get; internal set; } = span;

    public SyntaxNode? Parent { get; internal set; }

    /// <summary>A short name of the JSON type, as messages say it.</summary>
    public string TypeName => Kind switch
    {
        SyntaxKind.Object => "object",
        SyntaxKind.Array => "array",
        SyntaxKind.String => "string",
        SyntaxKind.Number => ((NumberSyntax)this).IsInteger ? "integer" : "number",
        SyntaxKind.Boolean => "boolean",
        SyntaxKind.Null => "null",
        _ => "property",
    };
}

public sealed class ObjectSyntax(TextSpan span) : SyntaxNode(SyntaxKind.Object, span)
{
    // An exact-size array: a tree of a 5 MB file holds a hundred thousand of these, so no spare capacity,
    // and ImmutableArray's struct enumerator keeps every foreach over them allocation-free.
    private ImmutableArray<PropertySyntax> _properties = [];

    public ImmutableArray<PropertySyntax> Properties => _properties;

    /// <summary>False when the closing brace is missing.</summary>
    public bool IsClosed { get; internal set; }

    internal void SetProperties(List<PropertySyntax> properties) => _properties = ImmutableCollectionsMarshal.AsImmutableArray(properties.ToArray());

    /// <summary>The first property with this name, or null. Linear: objects in connector files are small.</summary>
    public PropertySyntax? Find(string name)
    {
        var properties = _properties;
        for (var i = 0; i < properties.Length; i++)
        {
            if (properties[i].Name == name)
            {
                return properties[i];
            }
        }
        return null;
    }

    public SyntaxNode? this[string name] => Find(name)?.Value;
}

public sealed class PropertySyntax : SyntaxNode
{
    internal PropertySyntax(StringSyntax key) : base(SyntaxKind.Property, key.Span)
    {
        Key = key;
        key.Parent = this;
    }

    public StringSyntax Key { get; }

    public string Name => Key.Value;

    /// <summary>The value, or null when the text has none yet (a half-typed property).</summary>
    public SyntaxNode? Value { get; private set; }

    /// <summary>Offset of the colon, or -1 when it is missing.</summary>
    public int ColonOffset { get; internal set; } = -1;

    internal void SetValue(SyntaxNode value)
    {
        // A property's value is set once by the parser, and again when an edit re-parses it (IncrementalParser).
        value.Parent = this;
        Value = value;
    }
}

public sealed class ArraySyntax(TextSpan span) : SyntaxNode(SyntaxKind.Array, span)
{
    private ImmutableArray<SyntaxNode> _items = [];

    public ImmutableArray<SyntaxNode> Items => _items;

    /// <summary>False when the closing bracket is missing.</summary>
    public bool IsClosed { get; internal set; }

    internal void SetItems(List<SyntaxNode> items) => _items = ImmutableCollectionsMarshal.AsImmutableArray(items.ToArray());

    /// <summary>Puts a re-parsed item in place of the one at this index (a copy of the array: readers of the old one keep it).</summary>
    internal void ReplaceItem(int index, SyntaxNode item)
    {
        var items = _items.ToArray();
        items[index] = item;
        item.Parent = this;
        _items = ImmutableCollectionsMarshal.AsImmutableArray(items);
    }
}

public sealed class StringSyntax(TextSpan span, string value, bool isTerminated, bool hasEscapes) : SyntaxNode(SyntaxKind.String, span)
{
    /// <summary>The unescaped value.</summary>
    public string Value { get; } = value;

    /// <summary>False when the closing quote is missing.</summary>
    public bool IsTerminated { get; } = isTerminated;

    /// <summary>True when the source text holds escape sequences, so value offsets differ from text offsets.</summary>
    public bool HasEscapes { get; } = hasEscapes;

    /// <summary>The span of the text between the quotes.</summary>
    public TextSpan ContentSpan => TextSpan.FromBounds(Span.Start + 1, IsTerminated ? Span.End - 1 : Span.End);
}

public sealed class NumberSyntax(TextSpan span, double value, bool isInteger) : SyntaxNode(SyntaxKind.Number, span)
{
    public double Value { get; } = value;

    public bool IsInteger { get; } = isInteger;
}

public sealed class BooleanSyntax(TextSpan span, bool value) : SyntaxNode(SyntaxKind.Boolean, span)
{
    public bool Value { get; } = value;
}

public sealed class NullSyntax(TextSpan span) : SyntaxNode(SyntaxKind.Null, span);
