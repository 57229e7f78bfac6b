using Patchworks.Core.Completion;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Tests.Completion;

/// <summary>The core's candidates in a connector: which ones, what they replace, and what they insert.</summary>
public sealed class ConnectorCompletionTests
{
    private static (IReadOnlyList<CompletionCandidate> Candidates, string Text) Complete(string old, string marked)
    {
        var (text, offset) = Cursor.Split(Fixtures.Edit(Fixtures.Connector, (old, marked)));
        var document = ConnectorDocument.Create(InMemoryFileSystem.PathOf(Fixtures.ConnectorFile), text, new InMemoryFileSystem());
        return (ConnectorCompletion.At(document, offset), text);
    }

    private static string Replaced(CompletionCandidate candidate, string text) => text.Substring(candidate.Replace.Start, candidate.Replace.Length);

    [Fact]
    public void Property_names_leave_out_what_the_object_has_and_put_required_ones_first()
    {
        var (candidates, text) = Complete("\"dataPath\": \"items\"", "\"dataPath\": \"items\",\n      \"|");
        Assert.DoesNotContain(candidates, c => c.Label is "id" or "name" or "direction" or "method" or "url" or "authMethods" or "variables" or "query" or "dataPath");
        var pagination = Assert.Single(candidates, c => c.Label == "pagination");
        Assert.Equal(("\"", "\"pagination\": {$1}", "1pagination"), (Replaced(pagination, text), pagination.InsertText, pagination.SortText));
    }

    [Fact]
    public void A_variable_object_offers_its_own_properties()
    {
        var (candidates, _) = Complete("{ \"key\": \"region\", \"default\": \"eu\" }", "{ \"key\": \"region\", \"default\": \"eu\", | }");
        Assert.Equal(["displayName", "alias", "required", "configurable", "advanced", "locked", "secret", "description"], candidates.Select(c => c.Label));
        Assert.Equal("\"secret\": ${1:true}", candidates.Single(c => c.Label == "secret").InsertText);
    }

    [Fact]
    public void Placeholders_in_a_parameter_value_see_the_endpoint_scope()
    {
        var (candidates, text) = Complete("\"value\": \"{{status}}\"", "\"value\": \"{{st|}}\"");
        Assert.Equal(["status", "api_key", "host", "region"], candidates.Select(c => c.Label));
        Assert.Equal(("st", "status"), (Replaced(candidates[0], text), candidates[0].InsertText));
    }

    [Fact]
    public void Placeholders_in_a_connector_variable_default_see_only_connector_variables()
    {
        var (candidates, _) = Complete("\"default\": \"eu\"", "\"default\": \"{{|\"");
        Assert.Equal(["host", "region"], candidates.Select(c => c.Label));
        Assert.All(candidates, c => Assert.Equal("connector variable", c.Detail));
    }

    [Fact]
    public void Pagination_builtins_need_a_known_method_and_meta_offers_nothing()
    {
        Assert.Empty(Complete("\"value\": \"{{status}}\"", "\"value\": \"[[pagination.|\"").Candidates);
        Assert.Empty(Complete("\"value\": \"{{status}}\"", "\"value\": \"[[meta.|\"").Candidates);
    }

    [Fact]
    public void An_auth_methods_uses_list_offers_connector_variable_keys_not_yet_listed()
    {
        var (candidates, _) = Complete("\"uses\": [\"host\"]", "\"uses\": [\"host\", |]");
        Assert.Equal(["region"], candidates.Select(c => c.Label));
        Assert.Equal("\"region\"", candidates[0].InsertText);
    }

    [Fact]
    public void A_schema_that_says_nothing_offers_nothing()
    {
        Assert.Empty(Complete("\"sampleBody\": { \"name\": \"Socks\" }", "\"sampleBody\": { \"name\": \"Socks\", | }").Candidates);
    }

    [Fact]
    public void Placeholders_work_in_an_unterminated_string_while_the_rest_of_the_endpoint_parses()
    {
        var (candidates, text) = Complete("\"url\": \"https://{{host}}/{{region}}/items\",\n      \"authMethods\"", "\"url\": \"https://{{re|\n      \"authMethods\"");
        Assert.Equal(["status", "api_key", "host", "region"], candidates.Select(c => c.Label));
        Assert.Equal(("re", "region}}"), (Replaced(candidates[3], text), candidates[3].InsertText));
    }

    [Fact]
    public void An_endpoint_without_pagination_offers_the_whole_pagination_property_per_method()
    {
        var (candidates, text) = Complete("\"dataPath\": \"items\"", "\"dataPath\": \"items\",\n      pag|");
        var limitOffset = Assert.Single(candidates, c => c.Label == "Pagination: limitOffset");
        Assert.Equal(("pag", "\"pagination\": {\n\t\"method\": \"limitOffset\",\n\t\"limit\": ${1:1}\n}", "pagination"),
            (Replaced(limitOffset, text), limitOffset.InsertText, limitOffset.FilterText));
        var (withPagination, _) = Complete("\"dataPath\": \"items\"", "\"dataPath\": \"items\", \"pagination\": { \"method\": \"linkHeader\" },\n      |");
        Assert.DoesNotContain(withPagination, c => c.Label.StartsWith("Pagination", StringComparison.Ordinal) || c.Label == "pagination");
    }
}
