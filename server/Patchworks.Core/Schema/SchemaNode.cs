using System.Text.RegularExpressions;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Schema;

/// <summary>
/// One compiled JSON Schema (draft-07 subset: the keywords our formats use). It serves validation and,
/// through its annotations (description, enumDescriptions, x-* keywords), hover and completion.
/// </summary>
public sealed class SchemaNode
{
    private readonly Func<SchemaNode?>? _resolveRef;
    private SchemaNode? _ref;
    private bool _refResolved;

    internal SchemaNode(ObjectSyntax? source, Func<SchemaNode?>? resolveRef)
    {
        Source = source;
        _resolveRef = resolveRef;
    }

    /// <summary>The schema's own JSON, for annotations this class does not model.</summary>
    public ObjectSyntax? Source { get; }

    /// <summary>The target of "$ref". Compiled lazily (so recursive schemas compile); the compiler resolves them all before it returns.</summary>
    public SchemaNode? Ref
    {
        get
        {
            if (!_refResolved)
            {
                _refResolved = true;
                _ref = _resolveRef?.Invoke();
            }
            return _ref;
        }
    }

    public string? Title { get; internal set; }
    public string? Description { get; internal set; }
    public SchemaTypes Types { get; internal set; }
    public IReadOnlyDictionary<string, SchemaNode>? Properties { get; internal set; }
    public IReadOnlyList<string> Required { get; internal set; } = [];
    /// <summary>False for "additionalProperties": false.</summary>
    public bool AdditionalPropertiesAllowed { get; internal set; } = true;
    public SchemaNode? AdditionalProperties { get; internal set; }
    public IReadOnlyList<object?>? Enum { get; internal set; }
    public IReadOnlyList<string>? EnumDescriptions { get; internal set; }
    public bool HasConst { get; internal set; }
    public object? Const { get; internal set; }
    public Regex? Pattern { get; internal set; }
    public int? MinLength { get; internal set; }
    public int? MaxLength { get; internal set; }
    public double? Minimum { get; internal set; }
    public double? Maximum { get; internal set; }
    public SchemaNode? Items { get; internal set; }
    public int? MinItems { get; internal set; }
    public int? MaxItems { get; internal set; }
    public bool UniqueItems { get; internal set; }
    public IReadOnlyList<SchemaNode>? OneOf { get; internal set; }
    public IReadOnlyList<SchemaNode>? AnyOf { get; internal set; }
    public IReadOnlyList<SchemaNode>? AllOf { get; internal set; }

    /// <summary>"if": when the value validates against it, "then" applies, else "else" (draft-07).</summary>
    public SchemaNode? If { get; internal set; }
    public SchemaNode? Then { get; internal set; }
    public SchemaNode? Else { get; internal set; }

    /// <summary>The description, looking through "$ref" when this node has none of its own.</summary>
    public string? EffectiveDescription => Description ?? Ref?.EffectiveDescription;

    /// <summary>The property schema of a name, looking through "$ref" and "allOf".</summary>
    public SchemaNode? PropertySchema(string name)
    {
        if (Properties is not null && Properties.TryGetValue(name, out var schema))
        {
            return schema;
        }
        if (Ref?.PropertySchema(name) is { } fromRef)
        {
            return fromRef;
        }
        if (AllOf is not null)
        {
            foreach (var part in AllOf)
            {
                if (part.PropertySchema(name) is { } fromPart)
                {
                    return fromPart;
                }
            }
        }
        return null;
    }

    /// <summary>This node, or the node its "$ref" points to when it only adds annotations.</summary>
    public SchemaNode Resolved => Ref is { } target && Types == SchemaTypes.None && Properties is null ? target.Resolved : this;
}
