using System.Globalization;
using System.Text.RegularExpressions;
using Patchworks.Core.Schema;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Editing;

/// <summary>PW3006 (pagination option missing): add every option the method needs, with a value to edit.</summary>
public static partial class PaginationFixes
{
    public static IEnumerable<QuickFix> For(SyntaxTree tree, DiagnosticFacts diagnostic)
    {
        if (PaginationMethods.Find(diagnostic["method"]) is not { } method
            || tree.FindNodeAt(diagnostic.Span.Start) is not StringSyntax { Parent: PropertySyntax { Parent: ObjectSyntax pagination } })
        {
            yield break;
        }
        var missing = method.Required.Where(o => pagination.Find(o) is null).ToList();
        if (missing.Count == 0)
        {
            yield break;
        }
        var edits = AddAll(tree, pagination, missing);
        var title = missing.Count == 1 ? $"Add \"{missing[0]}\" for {method.Name} pagination" : $"Add {string.Join(", ", missing.Select(m => $"\"{m}\""))} for {method.Name} pagination";
        yield return new QuickFix(title, edits, IsPreferred: true);
    }

    /// <summary>The first option is added as one property is; the rest follow it in the same inserted text, separated as it is from its sibling.</summary>
    private static IReadOnlyList<TextEdit> AddAll(SyntaxTree tree, ObjectSyntax pagination, IReadOnlyList<string> options)
    {
        var first = JsonEdits.AddProperty(tree, pagination, options[0], PlaceholderValue(options[0]));
        var inserted = first[^1];
        var firstText = $"{JsonEdits.Quote(options[0])}: {PlaceholderValue(options[0])}";
        var at = inserted.NewText.IndexOf(firstText, StringComparison.Ordinal);
        // The separator between members as this edit writes them: ",\n<indent>" on separate lines, ", " on one line.
        var prefix = inserted.NewText[..at];
        var separator = prefix.Contains('\n', StringComparison.Ordinal) ? "," + prefix[prefix.IndexOfAny(['\r', '\n'])..] : ", ";
        var rest = string.Concat(options.Skip(1).Select(o => separator + $"{JsonEdits.Quote(o)}: {PlaceholderValue(o)}"));
        var newText = inserted.NewText.Insert(at + firstText.Length, rest);
        return [.. first.Take(first.Count - 1), inserted with { NewText = newText }];
    }

    /// <summary>A value of the option's type: the schema's "such as" example for names and paths, else a plain default.</summary>
    public static string PlaceholderValue(string option)
    {
        var schema = PaginationMethods.Schema?.PropertySchema(option)?.Resolved;
        var types = schema?.Types ?? SchemaTypes.String;
        if (types.HasFlag(SchemaTypes.Integer) || types.HasFlag(SchemaTypes.Number))
        {
            var minimum = schema?.Minimum ?? 1;
            return ((int)Math.Max(100, minimum)).ToString(CultureInfo.InvariantCulture);
        }
        if (types.HasFlag(SchemaTypes.Boolean))
        {
            return "false";
        }
        if (!types.HasFlag(SchemaTypes.String) && types != SchemaTypes.None)
        {
            return "{}";
        }
        var example = schema?.EffectiveDescription is { } description && SuchAs().Match(description) is { Success: true } match
            ? match.Groups[1].Value
            : option;
        return JsonEdits.Quote(example);
    }

    [GeneratedRegex(@"such as ([A-Za-z0-9_.\-]*[A-Za-z0-9_])", RegexOptions.CultureInvariant)]
    private static partial Regex SuchAs();
}
