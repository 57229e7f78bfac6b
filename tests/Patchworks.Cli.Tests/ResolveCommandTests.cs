using System.Text;
using System.Text.Json;
using Patchworks.Cli.Tests.Infrastructure;

namespace Patchworks.Cli.Tests;

/// <summary>patchworks resolve: the request an endpoint sends for an instance, with secrets masked.</summary>
public sealed class ResolveCommandTests : IDisposable
{
    private const string Mask = "••••••";
    private const string Secret = "s3cr3t-value-123";
    private const string Connector = "mirakl/mirakl.connector.json";
    private const string Preprod = "mirakl/preprod.instance.json";
    private const string Prod = "mirakl/prod.instance.json";
    private const string PreprodUrl = "https://acme-preprod.mirakl.net/api/orders?order_state_codes=WAITING_ACCEPTANCE&max=100&offset=0";

    private static readonly Dictionary<string, string> PreprodSecret = new() { ["MIRAKL_PREPROD_API_KEY"] = Secret };

    private readonly TempWorkspace _workspace = new();

    public ResolveCommandTests() => _workspace.CopySample("mirakl");

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Text_shows_the_url_the_masked_header_and_never_the_secret()
    {
        var result = _workspace.Run(PreprodSecret, "resolve", Connector, "list-orders", "--instance", Preprod);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stderr);
        var lines = result.StdoutLines;
        Assert.Equal($"GET {PreprodUrl}", lines[0]);
        Assert.Equal("  instance: Mirakl - Acme marketplace (preprod) · auth method: shop-api-key (apiKey)", lines[1]);
        Assert.Contains($"  Authorization: {Mask}    (automatic (apiKey auth method 'shop-api-key'))", lines);
        Assert.Contains(lines, l => l.StartsWith("  order_state_codes= WAITING_ACCEPTANCE ", StringComparison.Ordinal) && l.EndsWith("(endpoint query (filter))", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  {{api_key}} ", StringComparison.Ordinal)
            && l.Contains($"= {Mask}    (instance secret env:MIRAKL_PREPROD_API_KEY) [auth variable of 'shop-api-key']", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  {{instance_host}} = acme-preprod.mirakl.net    (instance values.instance_host)", StringComparison.Ordinal));
        AssertNoSecret(result, Secret);
    }

    [Fact]
    public void Json_has_method_url_headers_and_placeholders_and_never_the_secret()
    {
        var result = _workspace.Run(PreprodSecret, "resolve", Connector, "list-orders", "--instance", Preprod, "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("list-orders", root.GetProperty("endpoint").GetString());
        Assert.Equal("GET", root.GetProperty("method").GetString());
        Assert.Equal(PreprodUrl, root.GetProperty("url").GetString());
        Assert.Equal("Mirakl - Acme marketplace (preprod)", root.GetProperty("instance").GetString());
        Assert.Equal("shop-api-key", root.GetProperty("authMethod").GetString());
        Assert.Equal("apiKey", root.GetProperty("authType").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("body").ValueKind);

        var header = Assert.Single(root.GetProperty("headers").EnumerateArray().ToList());
        Assert.Equal("Authorization", header.GetProperty("name").GetString());
        Assert.Equal(Mask, header.GetProperty("value").GetString());
        Assert.True(header.GetProperty("secret").GetBoolean());

        Assert.Equal(["order_state_codes", "max", "offset"], root.GetProperty("query").EnumerateArray().Select(q => q.GetProperty("name").GetString()));

        var placeholders = root.GetProperty("placeholders").EnumerateArray().ToDictionary(p => p.GetProperty("placeholder").GetString()!);
        var apiKey = placeholders["{{api_key}}"];
        Assert.Equal(Mask, apiKey.GetProperty("value").GetString());
        Assert.Equal("instanceSecret", apiKey.GetProperty("source").GetString());
        Assert.True(apiKey.GetProperty("secret").GetBoolean());
        var host = placeholders["{{instance_host}}"];
        Assert.Equal(("acme-preprod.mirakl.net", "instanceValue", false), (host.GetProperty("value").GetString(), host.GetProperty("source").GetString(), host.GetProperty("secret").GetBoolean()));
        // shop_id is optional and has no value: its filter is not sent, and the warning says so.
        Assert.False(placeholders.ContainsKey("{{shop_id}}"));
        Assert.Contains(root.GetProperty("warnings").EnumerateArray(), w => w.GetString() == "The optional query parameter \"shop_id\" has no value and is not sent.");
        AssertNoSecret(result, Secret);
    }

    [Fact]
    public void Var_overrides_instance_values_and_says_given_for_this_request()
    {
        var result = _workspace.Run(PreprodSecret, "resolve", Connector, "list-orders", "--instance", Preprod,
            "--var", "instance_host=override.example", "--var", "order_state_codes=A B&C");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("GET https://override.example/api/orders?order_state_codes=A%20B%26C&max=100&offset=0", result.StdoutLines[0]);
        Assert.Contains(result.StdoutLines, l => l.StartsWith("  {{instance_host}} = override.example    (given for this request) [connector variable]", StringComparison.Ordinal));
        Assert.DoesNotContain("acme-preprod.mirakl.net", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("WAITING_ACCEPTANCE", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Var_in_json_is_an_ad_hoc_source()
    {
        var result = _workspace.Run("resolve", Connector, "list-offers", "--var", "instance_host=h.example", "--var", "meta.unused=1", "-f", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("https://h.example/api/offers?max=100&offset=0", json.RootElement.GetProperty("url").GetString());
        var host = json.RootElement.GetProperty("placeholders").EnumerateArray().Single(p => p.GetProperty("placeholder").GetString() == "{{instance_host}}");
        Assert.Equal(("adHoc", "given for this request"), (host.GetProperty("source").GetString(), host.GetProperty("sourceDescription").GetString()));
    }

    [Fact]
    public void Secret_given_with_var_is_masked_too()
    {
        var result = _workspace.Run("resolve", Connector, "list-offers", "--instance", Prod, "--var", $"api_key={Secret}");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"  Authorization: {Mask}    (automatic (apiKey auth method 'shop-api-key'))", result.StdoutLines);
        Assert.Contains(result.StdoutLines, l => l.StartsWith("  {{api_key}} ", StringComparison.Ordinal) && l.Contains($"= {Mask}    (given for this request)", StringComparison.Ordinal));
        AssertNoSecret(result, Secret);
    }

    [Fact]
    public void Secret_reference_is_read_from_PATCHWORKS_SECRET_variables_outside_the_editor()
    {
        var result = _workspace.Run(new Dictionary<string, string> { ["PATCHWORKS_SECRET_MIRAKL_PROD_API_KEY"] = Secret },
            "resolve", Connector, "list-offers", "--instance", Prod);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("GET https://acme-prod.mirakl.net/api/offers?shop_id=2041&max=100&offset=0", result.StdoutLines[0]);
        Assert.Contains(result.StdoutLines, l => l.Contains($"= {Mask}    (instance secret secret:mirakl-prod-api-key)", StringComparison.Ordinal));
        Assert.DoesNotContain(result.StdoutLines, l => l.StartsWith("  - {{api_key}}", StringComparison.Ordinal));
        AssertNoSecret(result, Secret);
    }

    [Fact]
    public void Basic_auth_header_is_masked_and_not_base64_of_the_credentials()
    {
        _workspace.CopySample("woocommerce");

        var result = _workspace.Run(new Dictionary<string, string> { ["WOOCOMMERCE_STAGING_CONSUMER_SECRET"] = Secret },
            "resolve", "woocommerce/woocommerce.connector.json", "update-product-stock", "--instance", "woocommerce/staging.instance.json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("PUT https://staging.acme-outdoor.co.uk/wp-json/wc/v3/products/794", result.StdoutLines[0]);
        Assert.Contains(result.StdoutLines, l => l.StartsWith($"  Authorization: Basic {Mask} ", StringComparison.Ordinal));
        Assert.Contains(result.StdoutLines, l => l.StartsWith("  {{product_id}}      = 794    (instance endpointValues.update-product-stock.product_id)", StringComparison.Ordinal));
        Assert.Contains("Body (application/json, from sampleBody)", result.StdoutLines);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"ck_staging_readwrite:{Secret}")), result.AllOutput, StringComparison.Ordinal);
        AssertNoSecret(result, Secret);
    }

    [Fact]
    public void Missing_secret_variable_is_a_warning_that_names_it()
    {
        var result = _workspace.Run("resolve", Connector, "list-orders", "--instance", Preprod);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"GET {PreprodUrl}", result.StdoutLines[0]);
        var warnings = result.StdoutLines.SkipWhile(l => l != "Warnings").ToList();
        Assert.NotEmpty(warnings);
        Assert.Contains("  - {{api_key}} has no value: the secret env:MIRAKL_PREPROD_API_KEY is not set (set the environment variable MIRAKL_PREPROD_API_KEY).", warnings);
        Assert.DoesNotContain(Mask + "    (instance secret", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_secret_store_reference_names_the_PATCHWORKS_SECRET_variable()
    {
        var result = _workspace.Run("resolve", Connector, "list-offers", "--instance", Prod, "-f", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Contains(json.RootElement.GetProperty("warnings").EnumerateArray(),
            w => w.GetString() == "{{api_key}} has no value: the secret secret:mirakl-prod-api-key is not set (outside VS Code, set the environment variable PATCHWORKS_SECRET_MIRAKL_PROD_API_KEY).");
    }

    [Fact]
    public void Without_an_instance_placeholders_stay_and_are_explained()
    {
        var result = _workspace.Run("resolve", Connector, "list-offers");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("GET https://{{instance_host}}/api/offers?max=100&offset=0", result.StdoutLines[0]);
        Assert.Contains(result.StdoutLines, l => l.StartsWith("  - {{instance_host}} has no value: the connector variable has no default and no instance was given", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_endpoint_exits_2_and_lists_the_endpoints()
    {
        var result = _workspace.Run(PreprodSecret, "resolve", Connector, "list-ordrs", "--instance", Preprod);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.Equal(["patchworks: The connector has no endpoint \"list-ordrs\". Endpoints: list-offers, list-orders, accept-order-lines, update-tracking."], result.StderrLines);
    }

    [Fact]
    public void Nonexistent_connector_exits_2_naming_it()
    {
        var result = _workspace.Run("resolve", "mirakl/nope.connector.json", "list-orders");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.Equal(["patchworks: no such connector file: mirakl/nope.connector.json"], result.StderrLines);
    }

    [Fact]
    public void Nonexistent_instance_exits_2_naming_it()
    {
        var result = _workspace.Run("resolve", Connector, "list-orders", "--instance", "mirakl/nope.instance.json");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(["patchworks: no such instance file: mirakl/nope.instance.json"], result.StderrLines);
    }

    [Fact]
    public void Connector_given_as_instance_exits_2()
    {
        var result = _workspace.Run("resolve", Connector, "list-orders", "--instance", Connector);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal([$"patchworks: {Connector} is not an instance file"], result.StderrLines);
    }

    [Fact]
    public void Instance_given_as_connector_exits_2_saying_it_is_not_a_connector()
    {
        var result = _workspace.Run("resolve", Prod, "list-orders");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal([$"patchworks: {Prod} is not a connector file (a connector holds authMethods and endpoints; it is usually named *.connector.json)"], result.StderrLines);
    }

    [Theory]
    [InlineData("--var", "no-equals-sign")]
    [InlineData("--var", "=value")]
    public void Var_without_a_key_exits_2(string option, string value)
    {
        var result = _workspace.Run("resolve", Connector, "list-orders", option, value);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal([$"patchworks: --var expects key=value, got \"{value}\""], result.StderrLines);
    }

    [Fact]
    public void Sarif_is_not_a_resolve_format()
    {
        var result = _workspace.Run("resolve", Connector, "list-orders", "--format", "sarif");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Argument 'sarif' not recognized", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Missing_endpoint_argument_and_extra_arguments_are_usage_errors()
    {
        var missing = _workspace.Run("resolve", Connector);
        var extra = _workspace.Run("resolve", Connector, "list-orders", "--bogus");

        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("Required argument missing", missing.Stderr, StringComparison.Ordinal);
        Assert.True(extra.ExitCode == 2, extra.ToString());
        Assert.Contains("Unrecognized command or argument '--bogus'", extra.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Instance_of_another_connector_is_a_warning_on_stderr()
    {
        _workspace.CopySample("woocommerce");

        var result = _workspace.Run("resolve", Connector, "list-orders", "--instance", "woocommerce/staging.instance.json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["patchworks: warning: the instance names the connector woocommerce/woocommerce.connector.json, not mirakl/mirakl.connector.json"], result.StderrLines);
        Assert.Contains("  - The instance's auth method \"rest-api-keys\" does not exist in the connector; the request is sent without authentication.", result.StdoutLines);
    }

    [Fact]
    public void Connector_with_errors_still_resolves_with_a_warning_on_stderr()
    {
        _workspace.Replace(Connector, "\"protocol\": \"HTTP\"", "\"protocol\": \"HTTPS\"");

        var result = _workspace.Run(PreprodSecret, "resolve", Connector, "list-orders", "--instance", Preprod);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"GET {PreprodUrl}", result.StdoutLines[0]);
        Assert.Equal([$"patchworks: warning: the connector has 1 error; run 'patchworks validate {Connector}' to see them"], result.StderrLines);
    }

    [Theory]
    [InlineData("shopify", "list-products", "uk-test.instance.json", "GET https://acme-uk-dev.myshopify.com/admin/api/2024-10/products.json?limit=250&status=active&product_type=Socks")]
    [InlineData("netsuite", "get-customer", "sandbox.instance.json", "GET https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer/1042?expandSubResources=true")]
    [InlineData("shopware6", "update-product-stock", "de-staging.instance.json", "PATCH https://staging.acme-outdoor.de/api/product/0190b3f8a7c47d2e9b6f1a2c3d4e5f60")]
    [InlineData("mirakl", "accept-order-lines", "preprod.instance.json", "PUT https://acme-preprod.mirakl.net/api/orders/ACME-1234567-A/accept")]
    public void Sample_endpoints_resolve_to_their_exact_request_line(string sample, string endpoint, string instance, string requestLine)
    {
        var result = CliProcess.Run(Repository.Sample(sample), "resolve", $"{sample}.connector.json", endpoint, "--instance", instance);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(requestLine, result.StdoutLines[0]);
    }

    [Fact]
    public void Soap_body_content_type_agrees_with_the_content_type_header()
    {
        var result = CliProcess.Run(Repository.Sample("peoplevox"), "resolve", "peoplevox.connector.json", "get-item-types", "--instance", "qa.instance.json", "-f", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var contentType = json.RootElement.GetProperty("headers").EnumerateArray()
            .Single(h => h.GetProperty("name").GetString() == "Content-Type").GetProperty("value").GetString();
        var body = json.RootElement.GetProperty("body");
        Assert.Equal(contentType, body.GetProperty("contentType").GetString());
        Assert.StartsWith("<?xml", body.GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The secret must not appear anywhere, neither as is, URL-escaped, nor inside base64.</summary>
    internal static void AssertNoSecret(CliResult result, string secret)
    {
        Assert.False(result.Stdout.Contains(secret, StringComparison.Ordinal), $"The secret appears on stdout.\n{result}");
        Assert.False(result.Stderr.Contains(secret, StringComparison.Ordinal), $"The secret appears on stderr.\n{result}");
        Assert.DoesNotContain(Uri.EscapeDataString(secret), result.AllOutput, StringComparison.Ordinal);
        foreach (System.Text.RegularExpressions.Match candidate in System.Text.RegularExpressions.Regex.Matches(result.AllOutput, "[A-Za-z0-9+/]{12,}={0,2}"))
        {
            var value = candidate.Value;
            var buffer = new byte[value.Length];
            if (Convert.TryFromBase64String(value.PadRight((value.Length + 3) / 4 * 4, '='), buffer, out var written))
            {
                Assert.DoesNotContain(secret, Encoding.UTF8.GetString(buffer, 0, written), StringComparison.Ordinal);
            }
        }
    }
}
