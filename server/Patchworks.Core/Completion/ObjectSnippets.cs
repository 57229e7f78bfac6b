using Patchworks.Core.Rules.Connectors;
using Patchworks.Core.Schema;
using Patchworks.Core.Text;

namespace Patchworks.Core.Completion;

/// <summary>
/// Snippets for whole objects: a new endpoint, one auth method per type with the settings block it needs, one
/// pagination block per method with its required options, a variable, a parameter. Fields, enums and required
/// options come from the schema (and pagination's x-methods), so the snippets follow it as it changes.
/// </summary>
public static class ObjectSnippets
{
    public static IEnumerable<CompletionCandidate> Endpoint(TextSpan replace)
    {
        var schema = ConnectorSchemaParts.Endpoint;
        var snippet = new SnippetText();
        var fields = new (string Name, string? Sample)[] { ("id", "new-endpoint"), ("name", "New endpoint"), ("direction", null), ("method", null), ("url", "https://"), ("dataType", null) };
        var text = SnippetText.Object(fields.Select(f => (f.Name, snippet.Value(SchemaNavigator.PropertyOf(schema, f.Name), f.Sample))));
        yield return Candidate("New endpoint", "endpoint", schema.EffectiveDescription, text, replace);
    }

    public static IEnumerable<CompletionCandidate> AuthMethods(TextSpan replace)
    {
        var schema = ConnectorSchemaParts.AuthMethod;
        foreach (var (type, _) in SchemaFacts.EnumOf(SchemaNavigator.PropertyOf(schema, "type")))
        {
            var snippet = new SnippetText();
            var fields = new List<(string, string)>
            {
                ("id", snippet.Value(SchemaNavigator.PropertyOf(schema, "id"), type)),
                ("name", snippet.Value(SchemaNavigator.PropertyOf(schema, "name"), type)),
                ("type", SnippetText.Literal(type)),
            };
            foreach (var extra in RequiredUrls(type))
            {
                fields.Add((extra, snippet.Value(SchemaNavigator.PropertyOf(schema, extra), "https://")));
            }
            if (AuthMethodRules.SettingsBlockFor(type) is { } block && SchemaNavigator.PropertyOf(schema, block) is { } blockSchema)
            {
                var names = blockSchema.Resolved.Required.Concat(RequiredSettings(type)).Distinct();
                fields.Add((block, SnippetText.InlineObject(names.Select(n => (n, snippet.Value(SchemaNavigator.PropertyOf(blockSchema, n)))))));
            }
            yield return Candidate($"Auth method: {type}", "auth method", $"An auth method of type `{type}`.", SnippetText.Object(fields), replace) with { SortText = "1" + type };
        }
    }

    /// <summary>Mirrors AuthMethodRules: token types send their request to "url"; authorisation code also needs the authorise URL.</summary>
    private static IEnumerable<string> RequiredUrls(string type) => type switch
    {
        "oauth2ClientCredentials" or "oauth2Password" or "soap" => ["url"],
        "oauth2AuthorizationCode" => ["url", "additionalUrl"],
        _ => [],
    };

    /// <summary>Mirrors AuthMethodRules: the password grant sends the resource owner's username and password.</summary>
    private static IEnumerable<string> RequiredSettings(string type) => type == "oauth2Password" ? ["username", "password"] : [];

    /// <summary>One pagination object per method, with the options that method requires.</summary>
    public static IEnumerable<CompletionCandidate> Pagination(TextSpan replace)
    {
        var schema = ConnectorSchemaParts.Pagination;
        foreach (var method in PaginationMethods.All.Values)
        {
            var snippet = new SnippetText();
            var fields = new List<(string, string)> { ("method", SnippetText.Literal(method.Name)) };
            fields.AddRange(method.Required.Select(option => (option, snippet.Value(SchemaNavigator.PropertyOf(schema, option)))));
            yield return Candidate($"Pagination: {method.Name}", "pagination", method.Description, SnippetText.Object(fields), replace);
        }
    }

    public static IEnumerable<CompletionCandidate> Variable(TextSpan replace)
    {
        var schema = ConnectorSchemaParts.Variable;
        var snippet = new SnippetText();
        var text = SnippetText.Object([
            ("key", snippet.Value(SchemaNavigator.PropertyOf(schema, "key"), "key")),
            ("displayName", snippet.Value(SchemaNavigator.PropertyOf(schema, "displayName"), "Display name")),
        ]);
        yield return Candidate("New variable", "variable", schema.EffectiveDescription, text, replace);
    }

    public static IEnumerable<CompletionCandidate> Parameter(TextSpan replace)
    {
        var schema = ConnectorSchemaParts.Parameter;
        var snippet = new SnippetText();
        var text = SnippetText.Object([
            ("key", snippet.Value(SchemaNavigator.PropertyOf(schema, "key"), "key")),
            ("value", snippet.Value(SchemaNavigator.PropertyOf(schema, "value"))),
        ]);
        yield return Candidate("New parameter", "parameter", schema.EffectiveDescription, text, replace);
    }

    /// <summary>The snippets that fit an item of an array whose items follow this schema.</summary>
    public static IEnumerable<CompletionCandidate> ForArrayItem(SchemaNode? itemSchema, TextSpan replace)
    {
        if (ConnectorSchemaParts.Is(itemSchema, ConnectorSchemaParts.Endpoint)) return Endpoint(replace);
        if (ConnectorSchemaParts.Is(itemSchema, ConnectorSchemaParts.AuthMethod)) return AuthMethods(replace);
        if (ConnectorSchemaParts.Is(itemSchema, ConnectorSchemaParts.Variable)) return Variable(replace);
        if (ConnectorSchemaParts.Is(itemSchema, ConnectorSchemaParts.Parameter)) return Parameter(replace);
        return [];
    }

    private static CompletionCandidate Candidate(string label, string detail, string? documentation, string text, TextSpan replace) => new()
    {
        Label = label,
        Kind = CandidateKind.Snippet,
        Detail = detail,
        Documentation = documentation,
        InsertText = text,
        IsSnippet = true,
        Replace = replace,
    };
}
