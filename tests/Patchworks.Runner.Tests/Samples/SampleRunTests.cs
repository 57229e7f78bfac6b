using Patchworks.Core.Running.Results;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;
using Xunit.Abstractions;

namespace Patchworks.Runner.Tests.Samples;

/// <summary>
/// Every sample connector, unchanged, run for its test instance against the local stand-in of its API: every
/// record arrives once and in order, by the sample's own auth method and pagination, and no secret the run used
/// appears anywhere in the saved run.
/// </summary>
public sealed class SampleRunTests(ITestOutputHelper output)
{
    /// <param name="Api">The API with a dataset large enough that the instance's filters still leave several pages.</param>
    public sealed record Case(string Sample, string Endpoint, string Instance, Dictionary<string, string> Secrets, Func<IFakeApi> Api, int Records, string? DataPath, string IdKey = "id")
    {
        public override string ToString() => $"{Sample} {Endpoint}";
    }

    public static TheoryData<Case> Cases => new()
    {
        // The instance filters on product_type Socks (every 4th product) and status active (not every 10th or 15th).
        new Case("shopify", "list-products", "uk-test.instance.json", new() { ["SHOPIFY_UK_DEV_ACCESS_TOKEN"] = ShopifyApi.AccessToken }, () => new ShopifyApi(productCount: 3000), 600, "products"),
        new Case("shopify", "list-customers-since-id", "uk-test.instance.json", new() { ["SHOPIFY_UK_DEV_ACCESS_TOKEN"] = ShopifyApi.AccessToken }, () => new ShopifyApi(), 530, "customers"),
        new Case("shopify", "list-product-variants-graphql", "uk-test.instance.json", new() { ["SHOPIFY_UK_DEV_ACCESS_TOKEN"] = ShopifyApi.AccessToken }, () => new ShopifyApi(), 520, "data.productVariants.nodes"),
        new Case("woocommerce", "list-products", "staging.instance.json", new() { ["WOOCOMMERCE_STAGING_CONSUMER_SECRET"] = WooCommerceApi.ConsumerSecret }, () => new WooCommerceApi(), 250, ""),
        // The staging instance searches term=merino: every third product.
        new Case("shopware6", "list-products", "de-staging.instance.json", new() { ["SHOPWARE_DE_STAGING_PASSWORD"] = ShopwareApi.AdminPassword }, () => new ShopwareApi(productCount: 1000), 333, "data"),
        new Case("shopware6", "list-products", "de-live.instance.json", new() { ["shopware-de-live-secret-access-key"] = ShopwareApi.SecretAccessKey }, () => new ShopwareApi(), 250, "data"),
        new Case("hubspot", "list-contacts", "sandbox.instance.json", new() { ["HUBSPOT_TEST_PRIVATE_APP_TOKEN"] = HubSpotApi.PrivateAppToken }, () => new HubSpotApi(), 230, "results"),
        new Case("netsuite", "list-customers", "sandbox.instance.json", new()
        {
            ["NETSUITE_SB1_CONSUMER_KEY"] = NetSuiteApi.ConsumerKey, ["NETSUITE_SB1_CONSUMER_SECRET"] = NetSuiteApi.ConsumerSecret,
            ["NETSUITE_SB1_TOKEN_ID"] = NetSuiteApi.TokenId, ["NETSUITE_SB1_TOKEN_SECRET"] = NetSuiteApi.TokenSecret,
        }, () => new NetSuiteApi(), 2345, "items"),
        // The QA instance's search clause keeps item codes starting MCS-: every other one of 1,234. SOAP: CSV rows in XML.
        new Case("peoplevox", "get-item-types", "qa.instance.json", new() { ["PEOPLEVOX_QA_PASSWORD_BASE64"] = PeoplevoxApi.PasswordBase64 }, () => new PeoplevoxApi(), 617, null),
        // Script pagination: the sample's paginate.js rewrites PageNo in the envelope until TotalCount is reached.
        new Case("peoplevox", "get-inventory-report", "qa.instance.json", new() { ["PEOPLEVOX_QA_PASSWORD_BASE64"] = PeoplevoxApi.PasswordBase64 }, () => new PeoplevoxApi(reportRowCount: 1050), 1050, null),
        new Case("mirakl", "list-offers", "preprod.instance.json", new() { ["MIRAKL_PREPROD_API_KEY"] = MiraklApi.ApiKey }, () => new MiraklApi(), 345, "offers", "offer_id"),
        // v3: the last page is the one meta.pagination.total_pages names (include=options would lower per_page: the API's count is used).
        new Case("bigcommerce", "list-products", "test.instance.json", new() { ["BIGCOMMERCE_TEST_ACCESS_TOKEN"] = BigCommerceApi.TestAccessToken }, () => new BigCommerceApi(productCount: 1234), 1234, "data"),
        // v2: a bare array, and 204 No Content past the last page (here after four full pages of 250).
        new Case("bigcommerce", "list-orders", "test.instance.json", new() { ["BIGCOMMERCE_TEST_ACCESS_TOKEN"] = BigCommerceApi.TestAccessToken }, () => new BigCommerceApi(orderCount: 1000), 1000, ""),
        // v2 ending on a short page: no request for the 204.
        new Case("bigcommerce", "list-orders", "test.instance.json", new() { ["BIGCOMMERCE_TEST_ACCESS_TOKEN"] = BigCommerceApi.TestAccessToken }, () => new BigCommerceApi(orderCount: 321), 321, ""),
        // OAuth 2 client credentials against the identity platform, and a pagination script that follows @odata.nextLink (1,000 a page).
        new Case("business-central", "list-customers", "sandbox.instance.json", new() { ["BUSINESS_CENTRAL_SANDBOX_CLIENT_SECRET"] = BusinessCentralApi.ClientSecret }, () => new BusinessCentralApi(customerCount: 2345), 2345, "value", "number"),
        // searchCriteria paging stopped by total_count: Magento repeats the last page past the end, so a run that waited for an empty page would never end.
        new Case("magento2", "list-products", "test.instance.json", new() { ["MAGENTO2_STAGING_ACCESS_TOKEN"] = Magento2Api.TestAccessToken }, () => new Magento2Api(productCount: 1200), 1200, "items"),
        // The same with a short last page (1,234 = 12 full pages of 100 and 34).
        new Case("magento2", "list-orders", "test.instance.json", new() { ["MAGENTO2_STAGING_ACCESS_TOKEN"] = Magento2Api.TestAccessToken }, () => new Magento2Api(orderCount: 1234), 1234, "items", "entity_id"),
        // API 2.0's version cursor (nextPageToken on version.max): pages of 1,000, then {"data": []} with no version
        // ends the run. Every 25th record is deleted and left out. The id order is the version order here.
        new Case("lightspeed-x-series", "list-products", "test.instance.json", new() { ["LIGHTSPEED_X_SERIES_SANDBOX_PERSONAL_TOKEN"] = LightspeedXSeriesApi.TestPersonalToken }, () => new LightspeedXSeriesApi(productCount: 2345), 2345 - 93, "data"),
        new Case("lightspeed-x-series", "list-customers", "test.instance.json", new() { ["LIGHTSPEED_X_SERIES_SANDBOX_PERSONAL_TOKEN"] = LightspeedXSeriesApi.TestPersonalToken }, () => new LightspeedXSeriesApi(customerCount: 1500), 1500 - 60, "data", "version"),
        new Case("lightspeed-x-series", "list-inventory", "test.instance.json", new() { ["LIGHTSPEED_X_SERIES_SANDBOX_PERSONAL_TOKEN"] = LightspeedXSeriesApi.TestPersonalToken }, () => new LightspeedXSeriesApi(inventoryCount: 2000), 2000 - 80, "data"),
        // The same cursor moved on by the sample's script, as the first page carries the saved version in after=.
        new Case("lightspeed-x-series", "list-sales-since-version", "test.instance.json", new() { ["LIGHTSPEED_X_SERIES_SANDBOX_PERSONAL_TOKEN"] = LightspeedXSeriesApi.TestPersonalToken }, () => new LightspeedXSeriesApi(saleCount: 2222), 2222 - 88, "data"),
        // OAuth 2 password grant (connection as HTTP Basic), then _links.next.href: search_after with an opaque cursor for
        // products (2,300 = 23 full pages of 100, then the empty page Akeneo links to from a full one), the offset method for categories.
        new Case("akeneo", "list-products", "test.instance.json", new() { ["AKENEO_SANDBOX_CLIENT_SECRET"] = AkeneoApi.TestSecret, ["AKENEO_SANDBOX_PASSWORD"] = AkeneoApi.TestPassword }, () => new AkeneoApi(productCount: 2300), 2300, "_embedded.items", "uuid"),
        new Case("akeneo", "list-categories", "test.instance.json", new() { ["AKENEO_SANDBOX_CLIENT_SECRET"] = AkeneoApi.TestSecret, ["AKENEO_SANDBOX_PASSWORD"] = AkeneoApi.TestPassword }, () => new AkeneoApi(categoryCount: 1234), 1234, "_embedded.items", "code"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Runs_against_its_api_with_every_record_once_and_in_order(Case c)
    {
        await using var server = await TestApiServer.StartAsync(apis: [c.Api()]);

        var result = await Runs.SampleAsync(c.Sample, c.Endpoint, c.Instance, Runs.OptionsFor(server, c.Secrets, maxPages: 100));
        var saved = RunResultJson.Write(result);
        output.WriteLine($"{result.Stop}: {result.StopMessage} ({result.Records} records, {result.Pages.Count} pages, {result.Requests} requests)");
        foreach (var warning in result.Warnings)
        {
            output.WriteLine("warning: " + warning);
        }

        Assert.True(result.Stop == StopReason.Completed, $"{result.Stop}: {result.StopMessage}");
        Assert.Equal(c.Records, result.Records);
        if (c.DataPath is not null)
        {
            var ids = Runs.Records(result, c.DataPath).Select(r => r[c.IdKey]!.ToJsonString().Trim('"')).ToList();
            Assert.Equal(c.Records, ids.Count);
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.Equal(ids, ids.OrderBy(SortKey, StringComparer.Ordinal));
        }
        Assert.True(result.Pages.Count > 1, $"{result.Pages.Count} page: the pagination was not exercised");
        foreach (var secret in c.Secrets.Values)
        {
            Assert.DoesNotContain(secret, saved, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Peoplevox refuses a call with HTTP 200, ResponseId -1 and the reason in Detail. The sample's errorWhen makes that
    /// a failed run with Peoplevox's own words; without it the reason read as an empty CSV page and the run completed
    /// with 0 records.
    /// </summary>
    [Theory]
    [InlineData("get-item-types", "([ItemCode].Frobnicate(\"MCS-\"))", "Invalid search clause.")]
    [InlineData("get-sales-orders", "([Status] ~ \"Despatched\")", "Invalid search clause.")]
    public async Task Peoplevox_refusing_a_call_in_band_fails_the_run_with_its_reason(string endpoint, string searchClause, string reason)
    {
        await using var server = await TestApiServer.StartAsync(apis: [new PeoplevoxApi()]);
        var options = new Core.Running.RunOptions
        {
            Secrets = new DictionarySecrets(new Dictionary<string, string> { ["PEOPLEVOX_QA_PASSWORD_BASE64"] = PeoplevoxApi.PasswordBase64 }),
            Http = Runs.HttpFor(server),
            Values = new Dictionary<string, string> { ["search_clause"] = searchClause },
        };

        var result = await Runs.SampleAsync("peoplevox", endpoint, "qa.instance.json", options);

        Assert.Equal(StopReason.ApiError, result.Stop);
        Assert.Contains(reason, result.StopMessage, StringComparison.Ordinal);
        Assert.Equal(0, result.Records);
        Assert.DoesNotContain(PeoplevoxApi.PasswordBase64, RunResultJson.Write(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Peoplevox_with_a_valid_search_clause_is_not_an_error()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new PeoplevoxApi(salesOrderCount: 40)]);
        var options = new Core.Running.RunOptions
        {
            Secrets = new DictionarySecrets(new Dictionary<string, string> { ["PEOPLEVOX_QA_PASSWORD_BASE64"] = PeoplevoxApi.PasswordBase64 }),
            Http = Runs.HttpFor(server),
            Values = new Dictionary<string, string> { ["search_clause"] = "" },
        };

        var result = await Runs.SampleAsync("peoplevox", "get-sales-orders", "qa.instance.json", options);

        Assert.True(result.Stop == StopReason.Completed, $"{result.Stop}: {result.StopMessage}");
        Assert.Equal(40, result.Records);
    }

    /// <summary>Ids in their natural order: numbers (and gid://…/123) by value, hexadecimal ids by text of one length.</summary>
    private static string SortKey(string id)
    {
        if (id.Length >= 16 && id.All(char.IsAsciiHexDigit))
        {
            return id.ToLowerInvariant(); // Shopware's hexadecimal ids: all of one length
        }
        var digits = id.Length - id.Reverse().TakeWhile(char.IsAsciiDigit).Count();
        return digits < id.Length && long.TryParse(id[digits..], out var number)
            ? id[..digits] + number.ToString("D20", System.Globalization.CultureInfo.InvariantCulture)
            : id.PadLeft(40, '0');
    }
}
