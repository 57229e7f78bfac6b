using Patchworks.Core.Importing;
using Patchworks.Importing.Tests.Infrastructure;
using static Patchworks.Importing.Tests.Infrastructure.Harness;

namespace Patchworks.Importing.Tests;

/// <summary>Importing into an existing connector: new things are added, existing ones and their comments stay byte for byte.</summary>
public sealed class MergeTests : IDisposable
{
    private const string File = "woocommerce.connector.json";
    private readonly TempFolder _folder = new();

    public MergeTests()
    {
        var sample = Path.Combine(Cli.Tests.Infrastructure.Repository.Sample("woocommerce"));
        _folder.Write(File, System.IO.File.ReadAllText(Path.Combine(sample, File)));
        System.IO.File.Copy(Path.Combine(sample, "icon.svg"), _folder.File("icon.svg"));
    }

    public void Dispose() => _folder.Dispose();

    private static readonly string Source = Collection(string.Join(",",
            Request("List all products", "GET", "https://{{store_url}}/wp-json/wc/v3/products"),
            Request("List orders", "GET", "https://{{store_url}}/wp-json/wc/v3/orders/legacy"),
            Request("List refunds", "GET", "https://{{store_url}}/wp-json/wc/v3/refunds", """ "header": [ { "key": "X-Region", "value": "{{region}}" } ] """)),
        """
        "auth": { "type": "bearer", "bearer": [ { "key": "token", "value": "{{jwt}}" } ] },
        "variable": [ { "key": "store_url", "value": "shop.example.com" }, { "key": "region", "value": "eu" }, { "key": "jwt", "value": "" } ]
        """, name: "WooCommerce");

    [Fact]
    public void New_endpoints_auth_methods_and_variables_are_added_and_everything_else_stays()
    {
        var before = _folder.Read(File);

        var result = Import(Source, existing: (File, before));
        Write(result, _folder);

        var after = _folder.Read(File);
        Assert.True(result.ConnectorChanged);
        AssertOnlyInsertions(before, after);
        var connector = Json(after);
        var ids = connector["endpoints"]!.AsArray().Select(e => (string)e!["id"]!).ToList();
        Assert.Contains("list-refunds", ids);
        Assert.Equal(1, ids.Count(id => id == "list-products"));
        Assert.DoesNotContain("list-all-products", ids);
        Assert.Contains(result.Report.Of(ReportKind.Mapped), e => e.Message.Contains("already the endpoint list-products", StringComparison.Ordinal));
        Assert.Contains(connector["authMethods"]!.AsArray(), a => (string?)a!["id"] == "bearer-token");
        Assert.Contains(connector["variables"]!.AsArray(), v => (string?)v!["key"] == "region");
        Assert.Equal(1, connector["variables"]!.AsArray().Count(v => (string?)v!["key"] == "store_url"));
        Assert.Contains(result.Report.Of(ReportKind.Conflict), e => e.Message.Contains("list-orders", StringComparison.Ordinal));
        Assert.Equal("woocommerce.test.instance.json", result.InstanceFileName);
        AssertNoErrors(_folder);
    }

    [Fact]
    public void Importing_the_same_source_twice_changes_nothing()
    {
        var first = Import(Source, existing: (File, _folder.Read(File)));
        Write(first, _folder);
        var afterFirst = _folder.Read(File);

        var second = Import(Source, existing: (File, afterFirst));

        Assert.True(second.Succeeded, second.Report.ToText());
        Assert.False(second.ConnectorChanged);
        Assert.Equal(afterFirst, second.ConnectorText);
    }

    [Fact]
    public void A_connector_without_variables_gets_the_section_and_crlf_stays_crlf()
    {
        var text = "{\r\n  // Hand-written.\r\n  \"name\": \"Tiny\",\r\n  \"version\": { \"number\": 1 },\r\n  \"systemType\": \"ERP\",\r\n  \"protocol\": \"HTTP\",\r\n  \"authMethods\": [ { \"id\": \"none\", \"name\": \"None\", \"type\": \"none\" } ],\r\n  \"endpoints\": []\r\n}\r\n";
        var source = Collection(Request("Items", "GET", "{{host}}/items"), """ "variable": [ { "key": "host", "value": "https://erp.example.com" } ] """);

        var result = Import(source, existing: ("tiny.connector.json", text));

        Assert.True(result.Succeeded, result.Report.ToText());
        var merged = result.ConnectorText!;
        Assert.DoesNotContain("\n", merged.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.StartsWith("{\r\n  // Hand-written.\r\n", merged, StringComparison.Ordinal);
        var connector = Json(merged);
        Assert.Equal("host", (string?)connector["variables"]![0]!["key"]);
        Assert.Equal("items", (string?)connector["endpoints"]![0]!["id"]);
    }

    [Fact]
    public void A_broken_existing_connector_is_an_error_not_a_rewrite()
    {
        var result = Import(Source, existing: ("broken.connector.json", "{ \"name\": \"x\", "));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Report.Of(ReportKind.Error), e => e.Location.StartsWith("broken.connector.json:", StringComparison.Ordinal));
    }

    /// <summary>Every character of <paramref name="before"/> is in <paramref name="after"/>, in order: the merge only inserted text.</summary>
    private static void AssertOnlyInsertions(string before, string after)
    {
        var j = 0;
        foreach (var c in before)
        {
            while (j < after.Length && after[j] != c)
            {
                j++;
            }
            Assert.True(j < after.Length, "the merge removed or changed existing text");
            j++;
        }
        foreach (var line in before.Split('\n').Where(l => l.TrimStart().StartsWith("//", StringComparison.Ordinal)))
        {
            Assert.Contains(line, after, StringComparison.Ordinal);
        }
    }
}
