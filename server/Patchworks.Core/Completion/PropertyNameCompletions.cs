using Patchworks.Core.Schema;

namespace Patchworks.Core.Completion;

/// <summary>
/// The properties the schema allows in an object that it does not hold yet, each inserted with its quotes,
/// colon and a value placeholder of its type; only the name when the key being edited already has its colon.
/// </summary>
public static class PropertyNameCompletions
{
    public static IEnumerable<CompletionCandidate> For(SchemaNode? objectSchema, CursorPosition position, string text)
    {
        if (objectSchema is null || position.Object is not { } obj)
        {
            yield break;
        }
        foreach (var (name, schema) in SchemaNavigator.PropertiesOf(objectSchema))
        {
            var existing = obj.Find(name);
            if (existing is not null && !ReferenceEquals(existing, position.Property))
            {
                continue;
            }
            yield return Named(name, schema, SchemaFacts.IsRequired(objectSchema, name), position, text);
        }
    }

    /// <summary>A candidate for a property name that is not in the schema's own list (an endpoint id, a variable key).</summary>
    public static CompletionCandidate Named(string name, SchemaNode? schema, bool required, CursorPosition position, string text, string? detail = null, string? documentation = null, string? valueSnippet = null)
    {
        var insert = position.KeyHasColon
            ? $"\"{SnippetText.Escape(name)}\""
            : valueSnippet is null ? new SnippetText().Property(name, schema) : $"\"{SnippetText.Escape(name)}\": {valueSnippet}";
        return new CompletionCandidate
        {
            Label = name,
            Kind = CandidateKind.Property,
            Detail = detail ?? SchemaFacts.TypeName(SchemaFacts.TypesOf(schema)),
            Documentation = documentation ?? schema?.EffectiveDescription,
            InsertText = insert,
            IsSnippet = true,
            Replace = position.Replace,
            FilterText = FilterFor(name, position, text),
            SortText = (required ? "0" : "1") + name,
        };
    }

    /// <summary>Editors match the typed text against this: with the quote when the user typed one.</summary>
    public static string FilterFor(string value, CursorPosition position, string text) =>
        position.Replace.Length > 0 && text[position.Replace.Start] == '"' ? $"\"{value}\"" : value;
}
