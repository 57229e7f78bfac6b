using System.Text.RegularExpressions;
using Patchworks.Core.Completion;
using Patchworks.Core.Rules;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Text;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Tests.Completion;

/// <summary>Every whole-object snippet, its placeholders filled with sample values, is valid where it is offered.</summary>
public sealed partial class SnippetValidityTests
{
    /// <summary>Each snippet with the fixture text it goes after and what follows it there.</summary>
    public static TheoryData<string, string, string> Snippets()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var c in ObjectSnippets.Endpoint(default)) data.Add(c.Label, "\"endpoints\": [", ",");
        foreach (var c in ObjectSnippets.AuthMethods(default)) data.Add(c.Label, "\"authMethods\": [", ",");
        foreach (var c in ObjectSnippets.Pagination(default)) data.Add(c.Label, "\"dataPath\": \"items\"", "");
        foreach (var c in ObjectSnippets.Variable(default)) data.Add(c.Label, "\"variables\": [", ",");
        foreach (var c in ObjectSnippets.Parameter(default)) data.Add(c.Label, "\"query\": [", ",");
        return data;
    }

    private static CompletionCandidate Find(string label) =>
        ObjectSnippets.Endpoint(default).Concat(ObjectSnippets.AuthMethods(default)).Concat(ObjectSnippets.Pagination(default))
            .Concat(ObjectSnippets.Variable(default)).Concat(ObjectSnippets.Parameter(default)).Single(c => c.Label == label);

    [Theory]
    [MemberData(nameof(Snippets))]
    public void The_snippet_filled_in_validates_against_the_schema(string label, string after, string separator)
    {
        var filled = Fill(Find(label).InsertText);
        var insert = label.StartsWith("Pagination", StringComparison.Ordinal) ? $"{after}, \"pagination\": {filled}" : $"{after}\n{filled}{separator}";
        var text = Fixtures.Edit(Fixtures.Connector, (after, insert));
        var document = ConnectorDocument.Create(InMemoryFileSystem.PathOf(Fixtures.ConnectorFile), text, new InMemoryFileSystem());
        var schemaErrors = ConnectorAnalyzer.Analyze(document, new InMemoryFileSystem()).Where(d => d.Code.StartsWith("PW1", StringComparison.Ordinal)).ToList();
        Assert.True(schemaErrors.Count == 0, $"{text}\n{Analysis.Describe(schemaErrors)}");
    }

    [Fact]
    public void There_is_a_snippet_for_every_auth_type_and_every_pagination_method()
    {
        Assert.Equal(9, ObjectSnippets.AuthMethods(default).Count());
        Assert.Equal(Core.Schema.PaginationMethods.All.Keys.Order(), ObjectSnippets.Pagination(default).Select(c => c.Label["Pagination: ".Length..]).Order());
    }

    [Fact]
    public void Snippets_carry_the_settings_block_and_required_options()
    {
        var apiKey = Find("Auth method: apiKey").InsertText;
        Assert.Equal("{\n\t\"id\": \"${1:apiKey}\",\n\t\"name\": \"${2:apiKey}\",\n\t\"type\": \"apiKey\",\n\t\"apiKey\": { \"name\": \"$3\", \"value\": \"$4\" }\n}", apiKey);
        Assert.Contains("\"url\": \"${3:https://}\",\n\t\"oauth2\": { \"clientId\": \"$4\", \"username\": \"$5\", \"password\": \"$6\" }", Find("Auth method: oauth2Password").InsertText, StringComparison.Ordinal);
        Assert.Equal("{\n\t\"method\": \"limitOffset\",\n\t\"limit\": ${1:1}\n}", Find("Pagination: limitOffset").InsertText);
        Assert.Equal("{\n\t\"method\": \"linkHeader\"\n}", Find("Pagination: linkHeader").InsertText);
    }

    /// <summary>Fills a snippet as a user accepting the defaults would: defaults kept, first choices taken, empty stops given "sample".</summary>
    public static string Fill(string snippet)
    {
        var text = Choice().Replace(snippet, m => m.Groups[1].Value);
        text = Default().Replace(text, m => m.Groups[1].Value);
        text = Empty().Replace(text, "sample");
        return text.Replace("\\}", "}").Replace("\\$", "$").Replace("\\\\", "\\");
    }

    [GeneratedRegex(@"\$\{\d+\|([^,|]*)[^}]*\|\}")]
    private static partial Regex Choice();

    [GeneratedRegex(@"\$\{\d+:((?:[^}\\]|\\.)*)\}")]
    private static partial Regex Default();

    [GeneratedRegex(@"\$\{?\d+\}?")]
    private static partial Regex Empty();
}
