using System.Text.Json.Nodes;
using Patchworks.Core.Importing;
using Patchworks.Core.Importing.Curl;
using Patchworks.Importing.Tests.Infrastructure;
using static Patchworks.Importing.Tests.Infrastructure.Harness;

namespace Patchworks.Importing.Tests;

/// <summary>cURL command lines: quoting, continuations, each option; every output validates.</summary>
public sealed class CurlMappingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string[] Keys(JsonNode? list) => list?.AsArray().Select(p => (string)p!["key"]!).ToArray() ?? [];

    [Fact]
    public void Bash_command_with_continuations_headers_and_json_data()
    {
        var text = """
            curl -X POST 'https://api.shop.example.com/v2/orders?expand=lines' \
              -H 'Content-Type: application/json' \
              -H "X-Api-Key: sk_live_abcdef1234567890" \
              --data-raw '{"sku": "A-1", "qty": 2, "note": "it'\''s \"quoted\""}' \
              --compressed -k
            """;

        var (connector, instance, result) = ImportValid(_folder, text);

        var endpoint = connector["endpoints"]![0]!.AsObject();
        Assert.Equal("post-v2-orders", (string?)endpoint["id"]);
        Assert.Equal(("POST", "send", "https://api.shop.example.com/v2/orders"), ((string?)endpoint["method"], (string?)endpoint["direction"], (string?)endpoint["url"]));
        Assert.Equal(["expand"], Keys(endpoint["query"]));
        Assert.Equal(["Content-Type", "X-Api-Key"], Keys(endpoint["headers"]));
        Assert.Equal("{{x_api_key}}", (string?)endpoint["headers"]![1]!["value"]);
        Assert.Equal("it's \"quoted\"", (string?)endpoint["sampleBody"]!["note"]);
        Assert.Equal("Orders", (string?)endpoint["entityType"]);
        Assert.Equal("env:API_SHOP_EXAMPLE_COM_X_API_KEY", (string?)instance["secrets"]!["x_api_key"]);
        Assert.DoesNotContain(_folder.AllText(), t => t.Contains("sk_live_abcdef1234567890", StringComparison.Ordinal));
        var dropped = result.Report.Of(ReportKind.Dropped).ToList();
        Assert.Contains(dropped, e => e.Location == "line 5, column 3" && e.Message.Contains("--compressed", StringComparison.Ordinal));
        Assert.Contains(dropped, e => e.Location == "line 5, column 16" && e.Message.Contains("certificate", StringComparison.Ordinal));
    }

    [Fact]
    public void Windows_cmd_quoting_and_caret_continuations()
    {
        var text = "curl ^\"https://erp.example.com/api/items?warehouse=1^\" ^\r\n  -H ^\"Accept: application/json^\" ^\r\n  -H ^\"Authorization: Bearer cmd-token-0123456789^\" ^\r\n  --data-raw ^\"^{^\\^\"name^\\^\":^\\^\"Chair^\\^\"^}^\"\r\n";

        var (connector, _, _) = ImportValid(_folder, text);

        var endpoint = connector["endpoints"]![0]!.AsObject();
        Assert.Equal("https://erp.example.com/api/items", (string?)endpoint["url"]);
        Assert.Equal("POST", (string?)endpoint["method"]);
        // The Authorization header became the bearer auth method; the token a secret variable.
        Assert.Equal(["Accept"], Keys(endpoint["headers"]));
        var auth = Assert.Single(connector["authMethods"]!.AsArray())!;
        Assert.Equal("Bearer {{access_token}}", (string?)auth["headers"]![0]!["value"]);
        Assert.Equal("Chair", (string?)endpoint["sampleBody"]!["name"]);
        Assert.DoesNotContain(_folder.AllText(), t => t.Contains("cmd-token-0123456789", StringComparison.Ordinal));
    }

    [Fact]
    public void Cmd_plain_double_quotes_are_read()
    {
        var tokens = CurlTokenizer.Split("curl \"https://a.example.com/x y\" -H \"A: \"\"b\"\"\" ^\n -d \"k=v\"");

        Assert.Equal(["curl", "https://a.example.com/x y", "-H", "A: \"b\"", "-d", "k=v"], Assert.Single(tokens).Select(t => t.Text));
    }

    [Fact]
    public void Form_data_basic_credentials_cookies_and_several_commands()
    {
        var text = """
            # Create a customer, then list them
            curl https://crm.example.com/customers -u admin:p4ssw0rd-literal -d name=Jane%20Doe -d "email=jane@example.com" --data-urlencode "note=a&b c"
            curl --url https://crm.example.com/customers -G -d page=2 -d per_page=50 -b "session=cookie-value-123456" -A "my-agent/1.0"
            curl -XDELETE https://crm.example.com/customers/17 -sSL -o out.json
            """;

        var (connector, instance, result) = ImportValid(_folder, text);

        var endpoints = connector["endpoints"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Equal(["post-customers", "get-customers", "delete-customers-17"], endpoints.Select(e => (string)e["id"]!));
        Assert.Equal(["name", "email", "note"], Keys(endpoints[0]["body"]));
        Assert.Equal("Jane Doe", (string?)endpoints[0]["body"]![0]!["value"]);
        Assert.Equal("a&b c", (string?)endpoints[0]["body"]![2]!["value"]);
        // page and per_page page the list: they leave the query for the pagination (guessed).
        Assert.Null(endpoints[1]["query"]);
        Assert.Equal("""{"method":"pageNumber","pageParam":"page","limitParam":"per_page","limit":50}""", endpoints[1]["pagination"]!.ToJsonString());
        Assert.Equal(["Cookie", "User-Agent"], Keys(endpoints[1]["headers"]));
        Assert.Equal("DELETE", (string?)endpoints[2]["method"]);
        Assert.Equal("no-auth", (string?)endpoints[1]["authMethods"]![0]);
        Assert.Equal("basic", (string?)Auth(connector, (string)endpoints[0]["authMethods"]![0]!)["type"]);
        Assert.Equal("admin", (string?)instance["values"]!["username"]);
        foreach (var secret in new[] { "p4ssw0rd-literal", "cookie-value-123456" })
        {
            Assert.DoesNotContain(_folder.AllText(), t => t.Contains(secret, StringComparison.Ordinal));
        }
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Location == "line 4, column 57" && e.Message.Contains("-o", StringComparison.Ordinal));
    }

    [Fact]
    public void Files_named_by_data_form_and_cookie_options_are_never_read()
    {
        var text = "curl https://a.example.com/upload -F file=@/etc/passwd -F title=x --data-binary @/etc/shadow -b /home/me/cookies.txt -H @/etc/headers";

        var (connector, _, result) = ImportValid(_folder, text);

        var endpoint = connector["endpoints"]![0]!.AsObject();
        Assert.Equal(["title"], Keys(endpoint["body"]));
        Assert.Equal(4, result.Report.Of(ReportKind.Dropped).Count(e => e.Message.Contains("never read", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_command_without_url_and_other_programs_are_reported()
    {
        var text = "wget https://a.example.com/x\ncurl -X GET\ncurl https://a.example.com/ok";

        var (connector, _, result) = ImportValid(_folder, text, name: "Mixed");

        Assert.Single(connector["endpoints"]!.AsArray());
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Location == "line 1, column 1");
        Assert.Contains(result.Report.Of(ReportKind.Error), e => e.Location == "line 2, column 1" && e.Message.Contains("no URL", StringComparison.Ordinal));
    }

    [Fact]
    public void Xml_and_text_data()
    {
        var text = """
            curl https://soap.example.com/service -H 'Content-Type: text/xml' -d '<Envelope><Body/></Envelope>'
            curl https://a.example.com/raw -d 'just some text'
            """;

        var (connector, _, _) = ImportValid(_folder, text);

        var endpoints = connector["endpoints"]!.AsArray();
        Assert.Equal("xml", (string?)endpoints[0]!["dataType"]);
        Assert.Equal("<Envelope><Body/></Envelope>", (string?)endpoints[0]!["sampleBody"]);
        Assert.Equal("txt", (string?)endpoints[1]!["dataType"]);
    }

    [Theory]
    [InlineData("curl https://a.example.com", true)]
    [InlineData("  # comment\ncurl https://a.example.com", true)]
    [InlineData("curl.exe https://a.example.com", true)]
    [InlineData("curly https://a.example.com", false)]
    [InlineData("wget https://a.example.com\ncurl https://a.example.com", true)]
    [InlineData("{ \"curl\": 1 }", false)]
    public void Detection_by_a_leading_curl(string text, bool expected) => Assert.Equal(expected, new CurlImporter().Detect(text));
}
