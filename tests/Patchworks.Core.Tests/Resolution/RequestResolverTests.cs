using Patchworks.Core.Model;
using Patchworks.Core.Resolution;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Tests.Resolution;

public sealed class RequestResolverTests
{
    private const string Secret = "sk-test-5f1e2d";

    /// <summary>A secret store with fixed contents: the unit seam between resolution and the environment.</summary>
    private sealed class FixedSecrets(Dictionary<string, string> values) : ISecretProvider
    {
        public string? Get(SecretReference reference) => values.GetValueOrDefault(reference.ToString());
    }

    private static readonly FixedSecrets Secrets = new(new() { ["env:TEST_API_KEY"] = Secret });

    private static ResolvedRequest Resolve(string endpoint, string? connector = null, string? instance = null, ResolveOptions? options = null)
    {
        var files = new InMemoryFileSystem();
        var document = ConnectorDocument.Create(InMemoryFileSystem.PathOf(Fixtures.ConnectorFile), connector ?? Fixtures.Connector, files);
        var instanceModel = InstanceDocument.Create(InMemoryFileSystem.PathOf(Fixtures.InstanceFile), instance ?? Fixtures.Instance).Model;
        return RequestResolver.Resolve(document, endpoint, instanceModel, options ?? new ResolveOptions { Secrets = Secrets });
    }

    [Fact]
    public void Resolves_url_headers_and_sources_with_secrets_masked()
    {
        var request = Resolve("list");
        Assert.Equal("GET", request.Method);
        Assert.Equal("https://api.example.com/eu/items", request.Url);
        var header = Assert.Single(request.Headers);
        Assert.Equal(("X-Api-Key", RequestResolver.Mask), (header.Name, header.Value.Text));
        Assert.StartsWith("automatic (apiKey", header.Origin, StringComparison.Ordinal);

        var sources = request.Placeholders.ToDictionary(p => p.Placeholder);
        Assert.Equal(ValueSourceKind.InstanceValue, sources["{{host}}"].Source);
        Assert.Equal(ValueSourceKind.Default, sources["{{region}}"].Source);
        Assert.Equal(ValueSourceKind.InstanceSecret, sources["{{api_key}}"].Source);
        Assert.Equal(RequestResolver.Mask, sources["{{api_key}}"].DisplayValue);
        Assert.Equal("The optional query parameter \"status\" has no value and is not sent.", Assert.Single(request.Warnings));
        Assert.DoesNotContain(Secret, Everything(request), StringComparison.Ordinal);
    }

    [Fact]
    public void Ad_hoc_values_win_and_fill_filters()
    {
        var request = Resolve("list", options: new ResolveOptions { Secrets = Secrets, AdHocValues = new Dictionary<string, string> { ["status"] = "open", ["host"] = "staging.example.com" } });
        Assert.Equal("https://staging.example.com/eu/items?status=open", request.Url);
        Assert.Equal(ValueSourceKind.AdHoc, request.Placeholders.Single(p => p.Placeholder == "{{host}}").Source);
    }

    [Fact]
    public void Instance_endpoint_values_fill_filters()
    {
        var instance = Fixtures.Edit(Fixtures.Instance, ("\"authMethod\": \"key\",", "\"authMethod\": \"key\", \"endpointValues\": { \"list\": { \"status\": \"closed shut\" } },"));
        Assert.Equal("https://api.example.com/eu/items?status=closed%20shut", Resolve("list", instance: instance).Url);
    }

    [Fact]
    public void Revealing_secrets_puts_the_real_value_in_the_request()
    {
        var request = Resolve("list", options: new ResolveOptions { Secrets = Secrets, RevealSecrets = true });
        Assert.Equal(Secret, request.Headers.Single(h => h.Name == "X-Api-Key").Value.Text);
    }

    [Fact]
    public void A_secret_that_is_not_set_is_missing_and_says_how_to_set_it()
    {
        var request = Resolve("list", options: new ResolveOptions { Secrets = new FixedSecrets([]) });
        var value = request.Placeholders.Single(p => p.Placeholder == "{{api_key}}");
        Assert.Equal(ValueSourceKind.Missing, value.Source);
        Assert.Contains(request.Warnings, w => w.Contains("set the environment variable TEST_API_KEY", StringComparison.Ordinal));
    }

    [Fact]
    public void Instance_values_do_not_reach_connector_variables_the_auth_method_does_not_use()
    {
        var instance = Fixtures.Edit(Fixtures.Instance, ("{ \"host\": \"api.example.com\" }", "{ \"host\": \"api.example.com\", \"region\": \"us\" }"));
        Assert.Equal("https://api.example.com/eu/items", Resolve("list", instance: instance).Url);
    }

    [Fact]
    public void Send_endpoint_body_and_content_type()
    {
        var request = Resolve("create", connector: Fixtures.Edit(Fixtures.Connector, ("\"sampleBody\": { \"name\": \"Socks\" }", "\"sampleBody\": { \"name\": \"Socks\", \"host\": \"{{host}}\", \"n\": 2 }")));
        Assert.Equal("POST", request.Method);
        Assert.Equal("application/json", request.Headers.Single(h => h.Name == "Content-Type").Value.Text);
        Assert.Contains("\"host\": \"api.example.com\"", request.Body!.Content.Text, StringComparison.Ordinal);
        Assert.Contains("\"n\": 2", request.Body.Content.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Body_parameters_embed_json_values_and_pagination_adds_first_page_parameters()
    {
        var connector = Fixtures.Edit(Fixtures.Connector,
            ("\"method\": \"GET\"", "\"method\": \"POST\""),
            ("\"dataPath\": \"items\"", """
                "dataPath": "items",
                "body": [ { "key": "query", "value": "{ items }", "required": true }, { "key": "variables", "value": "{\"page\": [[pagination.page]]}", "required": true } ],
                "pagination": { "method": "pageNumber", "pageParam": "page", "limitParam": "per_page", "limit": 100 }
                """));
        var request = Resolve("list", connector: connector);
        Assert.Equal("https://api.example.com/eu/items?page=1&per_page=100", request.Url);
        Assert.Contains("\"variables\": {", request.Body!.Content.Text, StringComparison.Ordinal);
        Assert.Contains("\"page\": 1", request.Body.Content.Text, StringComparison.Ordinal);
        Assert.Contains("\"query\": \"{ items }\"", request.Body.Content.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Basic_and_oauth2_get_automatic_authorization_headers()
    {
        var basic = Fixtures.Edit(Fixtures.Connector, ("\"type\": \"apiKey\"", "\"type\": \"basic\""),
            ("\"apiKey\": { \"name\": \"X-Api-Key\", \"value\": \"{{api_key}}\" }", "\"basic\": { \"username\": \"{{host}}\", \"password\": \"{{api_key}}\" }"));
        Assert.Equal($"Basic {RequestResolver.Mask}", Resolve("list", connector: basic).Headers.Single(h => h.Name == "Authorization").Value.Text);
        var revealed = Resolve("list", connector: basic, options: new ResolveOptions { Secrets = Secrets, RevealSecrets = true });
        Assert.Equal("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"api.example.com:{Secret}")), revealed.Headers.Single(h => h.Name == "Authorization").Value.Text);

        var oauth = Fixtures.Edit(Fixtures.Connector, ("\"type\": \"apiKey\"", "\"type\": \"oauth2ClientCredentials\", \"url\": \"https://{{host}}/token\""),
            ("\"apiKey\": { \"name\": \"X-Api-Key\", \"value\": \"{{api_key}}\" }", "\"oauth2\": { \"clientId\": \"c\", \"clientSecret\": \"{{api_key}}\" }"));
        Assert.Equal("Bearer <token from auth method 'key'>", Resolve("list", connector: oauth).Headers.Single(h => h.Name == "Authorization").Value.Text);
        var withToken = Resolve("list", connector: oauth, options: new ResolveOptions { Secrets = Secrets, RuntimeValues = new Dictionary<string, string> { ["token"] = "tok-1" } });
        Assert.Equal($"Bearer {RequestResolver.Mask}", withToken.Headers.Single(h => h.Name == "Authorization").Value.Text);
    }

    [Fact]
    public void An_optional_variable_without_a_value_is_empty_and_a_required_one_is_missing()
    {
        var connector = Fixtures.Edit(Fixtures.Connector,
            ("\"dataPath\": \"items\"", "\"dataPath\": \"items\",\n \"headers\": [ { \"key\": \"X-Status\", \"value\": \"[{{status}}]\", \"required\": true } ]"));
        var request = Resolve("list", connector: connector);
        Assert.Equal("[]", request.Headers.Single(h => h.Name == "X-Status").Value.Text);
        Assert.Equal(ValueSourceKind.Default, request.Placeholders.Single(p => p.Placeholder == "{{status}}").Source);

        var required = Fixtures.Edit(connector, ("{ \"key\": \"status\" }", "{ \"key\": \"status\", \"required\": true }"));
        var missing = Resolve("list", connector: required);
        Assert.Equal("[{{status}}]", missing.Headers.Single(h => h.Name == "X-Status").Value.Text);
        Assert.Contains(missing.Warnings, w => w.StartsWith("{{status}} has no value", StringComparison.Ordinal));
    }

    [Fact]
    public void A_filter_filled_by_the_key_of_a_secret_variable_is_masked()
    {
        var connector = Fixtures.Edit(Fixtures.Connector, (StatusQueryForTests, "\"query\": [ { \"key\": \"status\", \"value\": \"{{status}}\" }, { \"key\": \"api_key\" } ]"));
        var request = Resolve("list", connector: connector, options: new ResolveOptions { Secrets = Secrets, AdHocValues = new Dictionary<string, string> { ["api_key"] = Secret } });
        Assert.Equal(RequestResolver.Mask, request.Query.Single(q => q.Name == "api_key").Value.Text);
        Assert.DoesNotContain(Secret, Everything(request), StringComparison.Ordinal);
    }

    private const string StatusQueryForTests = "\"query\": [ { \"key\": \"status\", \"value\": \"{{status}}\" } ]";

    [Fact]
    public void Unknown_endpoint_lists_the_endpoints()
    {
        var error = Assert.Throws<ResolutionException>(() => Resolve("lst"));
        Assert.Contains("list, create", error.Message, StringComparison.Ordinal);
    }

    private static string Everything(ResolvedRequest request) => string.Join("\n",
        new[] { request.Url, request.Body?.Content.Text ?? "" }
            .Concat(request.Headers.Select(h => h.Value.Text))
            .Concat(request.Query.Select(q => q.Value.Text))
            .Concat(request.Placeholders.Select(p => p.DisplayValue + p.SourceDescription))
            .Concat(request.Warnings));
}
