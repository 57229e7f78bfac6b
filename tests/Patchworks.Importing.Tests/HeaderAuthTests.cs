using System.Text.Json.Nodes;
using Patchworks.Core.Importing;
using Patchworks.Importing.Tests.Infrastructure;
using static Patchworks.Importing.Tests.Infrastructure.Harness;

namespace Patchworks.Importing.Tests;

/// <summary>Authorization headers that become auth methods, and the implicit "none" auth in the report.</summary>
public sealed class HeaderAuthTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string[] HeaderKeys(JsonObject endpoint) => endpoint["headers"]?.AsArray().Select(h => (string)h!["key"]!).ToArray() ?? [];

    [Fact]
    public void A_postman_bearer_header_becomes_the_bearer_auth_method()
    {
        var text = Collection(Request("Orders", "GET", "https://api.shop.example/orders",
            """ "header": [ { "key": "Accept", "value": "application/json" }, { "key": "Authorization", "value": "Bearer {{token}}" } ] """),
            """ "variable": [ { "key": "token", "value": "" } ] """);

        var (connector, _, result) = ImportValid(_folder, text);

        var endpoint = Endpoint(connector, "orders");
        Assert.Equal(["Accept"], HeaderKeys(endpoint));
        var auth = Assert.Single(connector["authMethods"]!.AsArray())!.AsObject();
        Assert.Equal("token", (string?)auth["type"]);
        Assert.Equal("Bearer {{token}}", (string?)auth["headers"]![0]!["value"]);
        Assert.Contains(result.Report.Of(ReportKind.Mapped), e => e.Location == "item[0].request.header[1]" && e.Message.StartsWith("the Authorization header (Bearer) → a bearer auth method", StringComparison.Ordinal));
    }

    [Fact]
    public void A_curl_basic_header_becomes_the_basic_auth_method_with_its_password_a_secret()
    {
        // admin:s3cr3t-pass
        var (connector, instance, result) = ImportValid(_folder, "curl -H 'Authorization: Basic YWRtaW46czNjcjN0LXBhc3M=' https://api.shop.example/orders");

        Assert.Empty(HeaderKeys(connector["endpoints"]![0]!.AsObject()));
        var auth = Assert.Single(connector["authMethods"]!.AsArray())!.AsObject();
        Assert.Equal("basic", (string?)auth["type"]);
        Assert.Equal("admin", (string?)instance["values"]!["username"]);
        Assert.DoesNotContain(_folder.AllText(), t => t.Contains("s3cr3t-pass", StringComparison.Ordinal) || t.Contains("YWRtaW46", StringComparison.Ordinal));
        Assert.Contains(result.Report.Of(ReportKind.Secret), e => e.Message.Contains("password", StringComparison.Ordinal));
    }

    [Fact]
    public void Near_misses_a_basic_header_of_placeholders_another_scheme_and_a_request_with_its_own_auth_keep_the_header()
    {
        var text = Collection(
            Request("Encoded", "GET", "https://api.shop.example/a", """ "header": [ { "key": "Authorization", "value": "Basic {{basic_credentials}}" } ] """) + "," +
            Request("Token scheme", "GET", "https://api.shop.example/b", """ "header": [ { "key": "Authorization", "value": "Token {{api_token}}" } ] """) + "," +
            Request("Own key", "GET", "https://api.shop.example/c", """ "header": [ { "key": "Authorization", "value": "Bearer {{other}}" } ], "auth": { "type": "apikey", "apikey": [ { "key": "key", "value": "X-Key" }, { "key": "value", "value": "{{key}}" } ] } """),
            """ "variable": [ { "key": "basic_credentials", "value": "" }, { "key": "api_token", "value": "" }, { "key": "other", "value": "" }, { "key": "key", "value": "" } ] """);

        var (connector, _, result) = ImportValid(_folder, text);

        Assert.Equal(["Authorization"], HeaderKeys(Endpoint(connector, "encoded")));
        Assert.Equal(["Authorization"], HeaderKeys(Endpoint(connector, "token-scheme")));
        Assert.Equal(["Authorization"], HeaderKeys(Endpoint(connector, "own-key")));
        Assert.DoesNotContain(connector["authMethods"]!.AsArray(), a => (string?)a!["type"] is "token" or "basic");
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Location == "item[0].request.header[0]" && e.Message.Contains("stays a header", StringComparison.Ordinal));
    }

    [Fact]
    public void The_implicit_none_auth_is_reported_at_the_first_request_without_auth()
    {
        var (connector, _, result) = ImportValid(_folder, """
            curl https://api.shop.example/ping
            curl https://api.shop.example/status
            curl -u admin:pw-123456 https://api.shop.example/orders
            """);

        Assert.Contains(connector["authMethods"]!.AsArray(), a => (string?)a!["id"] == "no-auth");
        var entry = Assert.Single(result.Report.Of(ReportKind.Mapped), e => e.Message.Contains("no authentication", StringComparison.Ordinal));
        Assert.Equal("line 1, column 1", entry.Location);
        Assert.StartsWith("2 requests name no authentication", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Near_miss_no_implicit_none_entry_when_the_collection_names_an_auth_for_all()
    {
        var text = Collection(Request("Orders", "GET", "https://api.shop.example/orders"),
            """ "auth": { "type": "bearer", "bearer": [ { "key": "token", "value": "{{token}}" } ] }, "variable": [ { "key": "token", "value": "" } ] """);

        var (_, _, result) = ImportValid(_folder, text);

        Assert.DoesNotContain(result.Report.Entries, e => e.Message.Contains("no authentication", StringComparison.Ordinal));
    }
}
