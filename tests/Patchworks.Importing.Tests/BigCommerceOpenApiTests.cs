using Patchworks.Core.Importing;
using Patchworks.Importing.Tests.Infrastructure;

namespace Patchworks.Importing.Tests;

/// <summary>
/// What importing BigCommerce's published Catalog - Products OpenAPI 3.0 (github.com/bigcommerce/docs,
/// reference/catalog/products_catalog.v3.yml) got wrong, on a hand-made document of the same shape
/// (HandMade/bigcommerce-shaped.openapi.yaml: BigCommerce's repository has no licence, so it is not copied): the
/// server variable's default "store_hash" became the instance's store hash, the auth method had no check URL, the
/// required Accept header was dropped.
/// </summary>
public sealed class BigCommerceOpenApiTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Document => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "HandMade", "bigcommerce-shaped.openapi.yaml"));

    [Fact]
    public void A_server_variable_whose_default_is_its_own_name_is_a_variable_to_fill_in_not_an_instance_value()
    {
        var (connector, instance, result) = Harness.ImportValid(_folder, Document);

        Assert.Null(instance["values"]?["store_hash"]?.GetValue<string>() is { Length: > 0 } v ? v : null);
        var variable = connector["variables"]!.AsArray().Single(v => (string?)v!["key"] == "store_hash")!;
        Assert.True((bool?)variable["required"]);
        Assert.Null(variable["default"]);
        Assert.Equal("https://api.bigcommerce.com/stores/{{store_hash}}/v3", (string?)connector["variables"]!.AsArray().Single(v => (string?)v!["key"] == "base_url")!["default"]);
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Location == "servers[0].variables.store_hash" && e.Message.Contains("only repeats its name", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("store_hash", false)]
    [InlineData("your-store-hash", false)]
    [InlineData("abc123xyz", true)]
    public void Only_a_default_that_repeats_the_name_is_left_out(string value, bool kept)
    {
        var (_, instance, _) = Harness.ImportValid(_folder, Document.Replace("default: store_hash", "default: " + value, StringComparison.Ordinal));

        Assert.Equal(kept ? value : null, (string?)instance["values"]?["store_hash"] is { Length: > 0 } v ? v : null);
    }

    [Fact]
    public void The_key_method_checks_the_credentials_with_a_cheap_get_of_the_api()
    {
        var (connector, _, result) = Harness.ImportValid(_folder, Document);

        var auth = connector["authMethods"]!.AsArray().Single()!;
        Assert.Equal("X-Auth-Token", (string?)auth["apiKey"]!["name"]);
        Assert.Equal("{{base_url}}/catalog/summary", (string?)auth["url"]);
        Assert.Equal("GET", (string?)auth["method"]);
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Message.StartsWith("the check URL", StringComparison.Ordinal));
    }

    [Fact]
    public void A_required_accept_header_with_a_default_is_kept()
    {
        var (connector, _, _) = Harness.ImportValid(_folder, Document);

        foreach (var id in new[] { "getproducts", "getproduct", "getcatalogsummary" })
        {
            var accept = Harness.Endpoint(connector, id)["headers"]!.AsArray().Single(h => (string?)h!["key"] == "Accept")!;
            Assert.Equal("application/json", (string?)accept["value"]);
            Assert.True((bool?)accept["required"]);
        }
    }

    [Fact]
    public void An_optional_accept_header_is_still_left_out()
    {
        var (connector, _, _) = Harness.ImportValid(_folder, Document.Replace("      required: true\n      description: The media type", "      required: false\n      description: The media type", StringComparison.Ordinal));

        Assert.Null(Harness.Endpoint(connector, "getproducts")["headers"]);
    }
}
