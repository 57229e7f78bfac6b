using System.Globalization;
using System.Text.RegularExpressions;
using Patchworks.Core.Diagnostics;
using Patchworks.Core.Syntax;
using Patchworks.Core.Text;

namespace Patchworks.Core.Schema;

/// <summary>A schema violation at a span of the document.</summary>
public sealed record SchemaViolation(DiagnosticDescriptor Descriptor, TextSpan Span, string Message, string? Suggestion = null);

/// <summary>
/// Validates a syntax tree against a compiled schema, walking both together. Messages name the property
/// involved and suggest the nearest allowed name or value. A value of the wrong type gets one error, not a
/// cascade of errors about its contents.
/// </summary>
public static class SchemaValidator
{
    public static List<SchemaViolation> Validate(SyntaxNode root, SchemaNode schema)
    {
        var violations = new List<SchemaViolation>();
        Validate(root, schema, violations);
        return violations;
    }

    private static void Validate(SyntaxNode node, SchemaNode schema, List<SchemaViolation> output)
    {
        if (schema.Ref is { } target)
        {
            Validate(node, target, output);
        }

        if (schema.Types != SchemaTypes.None && !Matches(node, schema.Types))
        {
            output.Add(new SchemaViolation(DiagnosticCatalog.WrongType, node.Span,
                DiagnosticCatalog.WrongType.Format(DescribeTypes(schema.Types), Describe(node))));
            return;
        }

        if (schema.AllOf is { } allOf)
        {
            foreach (var part in allOf)
            {
                Validate(node, part, output);
            }
        }
        if (schema.OneOf is { } oneOf)
        {
            ValidateAlternatives(node, oneOf, exactlyOne: true, output);
        }
        if (schema.AnyOf is { } anyOf)
        {
            ValidateAlternatives(node, anyOf, exactlyOne: false, output);
        }
        if (schema.If is { } condition && (Validate(node, condition).Count == 0 ? schema.Then : schema.Else) is { } branch)
        {
            Validate(node, branch, output);
        }

        if (schema.Enum is { } allowed && !IsOneOf(node, allowed))
        {
            var candidates = allowed.OfType<string>().ToList();
            var suggestion = node is StringSyntax s ? NearestName.Find(s.Value, candidates) : null;
            output.Add(new SchemaViolation(DiagnosticCatalog.ValueNotAllowed, node.Span,
                DiagnosticCatalog.ValueNotAllowed.Format(ShowValue(node), string.Join(", ", allowed.Select(ShowLiteral)),
                    suggestion is null ? "" : $" Did you mean \"{suggestion}\"?"), suggestion));
        }
        if (schema.HasConst && !LiteralEquals(node, schema.Const))
        {
            output.Add(new SchemaViolation(DiagnosticCatalog.ValueNotAllowed, node.Span,
                DiagnosticCatalog.ValueNotAllowed.Format(ShowValue(node), ShowLiteral(schema.Const), "")));
        }

        switch (node)
        {
            case ObjectSyntax obj:
                ValidateObject(obj, schema, output);
                break;
            case ArraySyntax array:
                ValidateArray(array, schema, output);
                break;
            case StringSyntax str:
                ValidateString(str, schema, output);
                break;
            case NumberSyntax number:
                ValidateNumber(number, schema, output);
                break;
        }
    }

    private static void ValidateObject(ObjectSyntax obj, SchemaNode schema, List<SchemaViolation> output)
    {
        if (schema.Properties is { } properties)
        {
            foreach (var property in obj.Properties)
            {
                if (properties.TryGetValue(property.Name, out var propertySchema))
                {
                    if (property.Value is { } value)
                    {
                        Validate(value, propertySchema, output);
                    }
                }
                else if (schema.AdditionalProperties is { } additional)
                {
                    if (property.Value is { } value)
                    {
                        Validate(value, additional, output);
                    }
                }
                else if (!schema.AdditionalPropertiesAllowed)
                {
                    var present = obj.Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                    var candidates = properties.Keys.Where(k => !present.Contains(k));
                    var suggestion = NearestName.Find(property.Name, candidates);
                    output.Add(new SchemaViolation(DiagnosticCatalog.UnknownProperty, property.Key.Span,
                        DiagnosticCatalog.UnknownProperty.Format(property.Name, suggestion is null ? "" : $" Did you mean \"{suggestion}\"?"), suggestion));
                }
            }
        }
        else if (schema.AdditionalProperties is { } additional)
        {
            foreach (var property in obj.Properties)
            {
                if (property.Value is { } value)
                {
                    Validate(value, additional, output);
                }
            }
        }

        if (schema.Required.Count > 0)
        {
            var anchor = MissingPropertyAnchor(obj);
            foreach (var name in schema.Required)
            {
                if (obj.Find(name) is null)
                {
                    var where = obj.Parent is PropertySyntax owner ? $" in \"{owner.Name}\"" : "";
                    output.Add(new SchemaViolation(DiagnosticCatalog.MissingProperty, anchor, DiagnosticCatalog.MissingProperty.Format(name, where), name));
                }
            }
        }
    }

    /// <summary>Where to report a missing property: the key that owns the object, else its opening brace.</summary>
    /// <summary>The violations of one item of a top-level list (an endpoint), offsets relative to the item's start.</summary>
    private sealed record RememberedViolations(SchemaNode Schema, SchemaViolation[] Relative);

    private static readonly SubtreeMemo<RememberedViolations> Remembered = new();

    /// <summary>A list a connector holds at its top (endpoints, auth methods, variables): each item validated once while it is unchanged.</summary>
    private static bool IsTopLevelSection(ArraySyntax array) =>
        array.Parent is PropertySyntax { Parent: ObjectSyntax { Parent: null } };

    /// <summary>
    /// An item of a top-level list, validated when it changed and otherwise its violations of the last time moved to
    /// where it is now: an edit re-validates the endpoint it is in, not the 3,600 others of a 5 MB connector. What an
    /// item's violations say depends on its subtree and its schema alone (each names its own property or "This value").
    /// </summary>
    private static void ValidateRemembered(SyntaxNode item, SchemaNode schema, List<SchemaViolation> output)
    {
        var start = item.Span.Start;
        if (!Remembered.TryGet(item, out var remembered) || !ReferenceEquals(remembered.Schema, schema))
        {
            var found = new List<SchemaViolation>();
            Validate(item, schema, found);
            remembered = new RememberedViolations(schema, [.. found.Select(v => v with { Span = new TextSpan(v.Span.Start - start, v.Span.Length) })]);
            Remembered.Set(item, remembered);
        }
        foreach (var violation in remembered.Relative)
        {
            output.Add(violation with { Span = new TextSpan(violation.Span.Start + start, violation.Span.Length) });
        }
    }

    private static TextSpan MissingPropertyAnchor(ObjectSyntax obj) =>
        obj.Parent is PropertySyntax owner ? owner.Key.Span : new TextSpan(obj.Span.Start, 1);

    private static void ValidateArray(ArraySyntax array, SchemaNode schema, List<SchemaViolation> output)
    {
        if (schema.Items is { } items)
        {
            var memo = IsTopLevelSection(array);
            foreach (var item in array.Items)
            {
                if (memo)
                {
                    ValidateRemembered(item, items, output);
                }
                else
                {
                    Validate(item, items, output);
                }
            }
        }
        if (schema.MinItems is { } min && array.Items.Length < min)
        {
            output.Add(new SchemaViolation(DiagnosticCatalog.ArrayLength, OwnerSpan(array),
                DiagnosticCatalog.ArrayLength.Format(Subject(array), min == 1 ? "at least one item" : $"at least {min} items")));
        }
        if (schema.MaxItems is { } max && array.Items.Length > max)
        {
            output.Add(new SchemaViolation(DiagnosticCatalog.ArrayLength, OwnerSpan(array),
                DiagnosticCatalog.ArrayLength.Format(Subject(array), $"at most {max} items")));
        }
        if (schema.UniqueItems)
        {
            var seen = new HashSet<object>();
            foreach (var item in array.Items)
            {
                if (SchemaCompiler.LiteralValue(item) is { } value && !seen.Add(value))
                {
                    output.Add(new SchemaViolation(DiagnosticCatalog.DuplicateItem, item.Span, DiagnosticCatalog.DuplicateItem.Format(ShowValue(item))));
                }
            }
        }
    }

    private static void ValidateString(StringSyntax str, SchemaNode schema, List<SchemaViolation> output)
    {
        var length = str.Value.Length;
        if (schema.MaxLength is { } max && length > max)
        {
            output.Add(new SchemaViolation(DiagnosticCatalog.TooLong, str.Span, DiagnosticCatalog.TooLong.Format(Subject(str), length, max)));
        }
        if (schema.MinLength is { } min && length < min)
        {
            output.Add(new SchemaViolation(DiagnosticCatalog.TooShort, str.Span, DiagnosticCatalog.TooShort.Format(Subject(str), min)));
        }
        if (schema.Pattern is { } pattern && length > 0 && !IsMatch(pattern, str.Value))
        {
            var explanation = (schema.Source?["patternErrorMessage"] as StringSyntax)?.Value ?? $"it must match {pattern}.";
            output.Add(new SchemaViolation(DiagnosticCatalog.PatternMismatch, str.Span, DiagnosticCatalog.PatternMismatch.Format(ShowValue(str), explanation)));
        }
    }

    private static bool IsMatch(Regex pattern, string value)
    {
        try
        {
            return pattern.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return true; // A pathological value must not hang validation; it is not worth an error.
        }
    }

    private static void ValidateNumber(NumberSyntax number, SchemaNode schema, List<SchemaViolation> output)
    {
        if (schema.Minimum is { } min && number.Value < min)
        {
            output.Add(new SchemaViolation(DiagnosticCatalog.OutOfRange, number.Span, DiagnosticCatalog.OutOfRange.Format(Subject(number), $"at least {min.ToString(CultureInfo.InvariantCulture)}")));
        }
        if (schema.Maximum is { } max && number.Value > max)
        {
            output.Add(new SchemaViolation(DiagnosticCatalog.OutOfRange, number.Span, DiagnosticCatalog.OutOfRange.Format(Subject(number), $"at most {max.ToString(CultureInfo.InvariantCulture)}")));
        }
    }

    /// <summary>
    /// oneOf/anyOf: when no alternative fits, report the errors of the closest one (right type, fewest
    /// errors), which is what the author most likely meant; when several fit a oneOf, say so.
    /// </summary>
    private static void ValidateAlternatives(SyntaxNode node, IReadOnlyList<SchemaNode> alternatives, bool exactlyOne, List<SchemaViolation> output)
    {
        List<SchemaViolation>? best = null;
        var matches = 0;
        foreach (var alternative in alternatives)
        {
            var errors = new List<SchemaViolation>();
            Validate(node, alternative, errors);
            if (errors.Count == 0)
            {
                matches++;
                continue;
            }
            var typeMismatch = errors.Count == 1 && errors[0].Descriptor == DiagnosticCatalog.WrongType && errors[0].Span == node.Span;
            if (!typeMismatch && (best is null || errors.Count < best.Count))
            {
                best = errors;
            }
        }
        if (matches == 0)
        {
            if (best is not null)
            {
                output.AddRange(best);
            }
            else
            {
                var expected = string.Join(" or ", alternatives.Select(a => DescribeTypes(TypesOf(a))).Distinct());
                output.Add(new SchemaViolation(DiagnosticCatalog.NoAlternativeMatches, node.Span, DiagnosticCatalog.NoAlternativeMatches.Format($"{expected}, found {Describe(node)}")));
            }
        }
        else if (exactlyOne && matches > 1)
        {
            output.Add(new SchemaViolation(DiagnosticCatalog.NoAlternativeMatches, node.Span, DiagnosticCatalog.NoAlternativeMatches.Format("a value that fits exactly one of the allowed shapes")));
        }
    }

    private static SchemaTypes TypesOf(SchemaNode schema) => schema.Types != SchemaTypes.None ? schema.Types : schema.Ref is { } r ? TypesOf(r) : SchemaTypes.None;

    private static bool Matches(SyntaxNode node, SchemaTypes types) => node switch
    {
        ObjectSyntax => types.HasFlag(SchemaTypes.Object),
        ArraySyntax => types.HasFlag(SchemaTypes.Array),
        StringSyntax => types.HasFlag(SchemaTypes.String),
        NumberSyntax n => types.HasFlag(SchemaTypes.Number) || types.HasFlag(SchemaTypes.Integer) && n.IsInteger,
        BooleanSyntax => types.HasFlag(SchemaTypes.Boolean),
        NullSyntax => types.HasFlag(SchemaTypes.Null),
        _ => false,
    };

    private static bool IsOneOf(SyntaxNode node, IReadOnlyList<object?> allowed)
    {
        for (var i = 0; i < allowed.Count; i++)
        {
            if (LiteralEquals(node, allowed[i]))
            {
                return true;
            }
        }
        return false;
    }

    private static bool LiteralEquals(SyntaxNode node, object? value) => (node, value) switch
    {
        (StringSyntax s, string v) => s.Value == v,
        (NumberSyntax n, double v) => n.Value == v,
        (BooleanSyntax b, bool v) => b.Value == v,
        (NullSyntax, null) => true,
        _ => false,
    };

    internal static string DescribeTypes(SchemaTypes types)
    {
        if (types == SchemaTypes.None)
        {
            return "a value";
        }
        var names = new List<string>();
        if (types.HasFlag(SchemaTypes.Object)) names.Add("an object");
        if (types.HasFlag(SchemaTypes.Array)) names.Add("an array");
        if (types.HasFlag(SchemaTypes.String)) names.Add("a string");
        if (types.HasFlag(SchemaTypes.Integer)) names.Add("a whole number");
        if (types.HasFlag(SchemaTypes.Number)) names.Add("a number");
        if (types.HasFlag(SchemaTypes.Boolean)) names.Add("true or false");
        if (types.HasFlag(SchemaTypes.Null)) names.Add("null");
        return string.Join(" or ", names);
    }

    private static string Describe(SyntaxNode node) => node switch
    {
        ObjectSyntax => "an object",
        ArraySyntax => "an array",
        StringSyntax s => $"the string {ShowValue(s)}",
        NumberSyntax n => n.IsInteger ? $"the number {ShowValue(n)}" : $"the decimal number {ShowValue(n)}",
        BooleanSyntax b => b.Value ? "true" : "false",
        _ => "null",
    };

    /// <summary>What a message calls the value: the property that holds it, or "This item".</summary>
    private static string Subject(SyntaxNode node) => node.Parent is PropertySyntax p ? $"\"{p.Name}\"" : "This value";

    private static TextSpan OwnerSpan(SyntaxNode node) => node.Parent is PropertySyntax p ? p.Key.Span : node.Span;

    private static string ShowValue(SyntaxNode node) => node switch
    {
        StringSyntax s => $"\"{JsonScanner.Truncate(s.Value)}\"",
        NumberSyntax n => n.Value.ToString(CultureInfo.InvariantCulture),
        BooleanSyntax b => b.Value ? "true" : "false",
        NullSyntax => "null",
        _ => Describe(node),
    };

    private static string ShowLiteral(object? value) => value switch
    {
        string s => $"\"{s}\"",
        double d => d.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => "null",
    };
}
