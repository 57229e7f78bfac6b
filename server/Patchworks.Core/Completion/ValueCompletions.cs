using Patchworks.Core.Schema;

namespace Patchworks.Core.Completion;

/// <summary>Values at a value position: the schema's enum (with enumDescriptions) or its alternatives', true and false for booleans, or known names.</summary>
public static class ValueCompletions
{
    public static IEnumerable<CompletionCandidate> For(SchemaNode? schema, CursorPosition position, string text)
    {
        // A value of several shapes (a reason, or a list of reasons) offers the enums of its alternatives.
        var enums = SchemaFacts.EnumOf(schema);
        if (enums.Count == 0 && schema?.Resolved is { } resolved)
        {
            enums = [.. (resolved.AnyOf ?? []).Concat(resolved.OneOf ?? []).SelectMany(SchemaFacts.EnumOf).DistinctBy(e => e.Value)];
        }
        foreach (var (value, description) in enums)
        {
            yield return String(value, CandidateKind.EnumMember, position, text, SchemaFacts.TypeName(SchemaFacts.TypesOf(schema)), description);
        }
        if (SchemaFacts.TypesOf(schema) == SchemaTypes.Boolean && position.String is null)
        {
            foreach (var value in new[] { "true", "false" })
            {
                yield return new CompletionCandidate { Label = value, Kind = CandidateKind.Value, InsertText = value, Replace = position.Replace, Detail = "boolean" };
            }
        }
    }

    /// <summary>A string value, quoted, replacing the half-typed value (its quotes included).</summary>
    public static CompletionCandidate String(string value, CandidateKind kind, CursorPosition position, string text, string? detail, string? documentation, string? sortText = null) => new()
    {
        Label = value,
        Kind = kind,
        InsertText = "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
        Replace = position.Replace,
        Detail = detail,
        Documentation = documentation,
        FilterText = PropertyNameCompletions.FilterFor(value, position, text),
        SortText = sortText,
    };
}
