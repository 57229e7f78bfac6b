using System.Text.Json;
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
[Collection(Infrastructure.TokenCacheCollection.Name)]
public sealed class SampleRunTests(ITestOutputHelper output)
{
    /// <param name="Api">The API with a dataset large enough that the instance's filters still leave several pages.</param>
    public sealed record Case(string Sample, string Endpoint, string Instance, Dictionary<string, string> Secrets, Func<IFakeApi> Api, int Records, string? DataPath, string IdKey = "id")
    {
        public override string ToString() => $"{Sample} {Endpoint}";
    }

    /// <summary>The staging instance's integration as OAuth 1.0a signs with it (the default since Magento 2.4.4).</summary>
    private static Dictionary<string, string> Magento2OAuth1Secrets => new()
    {
        ["MAGENTO2_STAGING_CONSUMER_KEY"] = Magento2Api.TestConsumerKey, ["MAGENTO2_STAGING_CONSUMER_SECRET"] = Magento2Api.TestConsumerSecret,
        ["MAGENTO2_STAGING_ACCESS_TOKEN"] = Magento2Api.TestAccessToken, ["MAGENTO2_STAGING_ACCESS_TOKEN_SECRET"] = Magento2Api.TestAccessTokenSecret,
    };

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
        new Case("magento2", "list-products", "test.instance.json", Magento2OAuth1Secrets, () => new Magento2Api(productCount: 1200), 1200, "items"),
        // The same with a short last page (1,234 = 12 full pages of 100 and 34).
        new Case("magento2", "list-orders", "test.instance.json", Magento2OAuth1Secrets, () => new Magento2Api(orderCount: 1234), 1234, "items", "entity_id"),
        // start/num at Sitoo's maximum of 100, stopped by totalcount: 1,234 products are 12 full pages and 34.
        new Case("sitoo", "list-products", "test.instance.json", new() { ["SITOO_SANDBOX_API_PASSWORD"] = SitooApi.TestPassword }, () => new SitooApi(productCount: 1234), 1234, "items", "productid"),
        // The site's half of 2,345 orders (the odd ones: 1,173), oldest first by sort=orderid (Sitoo's default is newest first).
        new Case("sitoo", "list-orders", "test.instance.json", new() { ["SITOO_SANDBOX_API_PASSWORD"] = SitooApi.TestPassword }, () => new SitooApi(orderCount: 2345), 1173, "items", "orderid"),
        // An exact multiple of the page size: the total ends the run without a request for an empty page.
        new Case("sitoo", "list-warehouse-stock", "test.instance.json", new() { ["SITOO_SANDBOX_API_PASSWORD"] = SitooApi.TestPassword }, () => new SitooApi(productCount: 600), 600, "items", "warehouseitemid"),
        // Search results are arrays of column values ([0] is productId); a pagination script asks for firstResult =
        // lastResult + 1 while metaData.morePagesAvailable: 1,234 products are two full pages of 500 and 234.
        new Case("brightpearl", "search-products", "test.instance.json", new() { ["BRIGHTPEARL_SANDBOX_ACCOUNT_TOKEN"] = BrightpearlApi.TestAccountToken }, () => new BrightpearlApi(productCount: 1234), 1234, "response.results", "[0]"),
        // Sales orders only (four in five of 2,500: 2,000), an exact multiple of the page size: the fourth page says morePagesAvailable false.
        new Case("brightpearl", "search-orders", "test.instance.json", new() { ["BRIGHTPEARL_SANDBOX_ACCOUNT_TOKEN"] = BrightpearlApi.TestAccountToken }, () => new BrightpearlApi(orderCount: 2500), 2000, "response.results", "[0]"),
        // The live instances, on their own hosts and accounts.
        new Case("sitoo", "list-products", "live.instance.json", new() { ["sitoo-live-api-password"] = SitooApi.LivePassword }, () => new SitooApi(productCount: 345), 345, "items", "productid"),
        new Case("brightpearl", "search-products", "live.instance.json", new() { ["brightpearl-live-account-token"] = BrightpearlApi.LiveAccountToken }, () => new BrightpearlApi(productCount: 777), 777, "response.results", "[0]"),
        // The bearer alternative, on the staging store that allows integration tokens as standalone bearer tokens.
        new Case("magento2", "list-customers", "staging-bearer.instance.json", new() { ["MAGENTO2_STAGING_ACCESS_TOKEN"] = Magento2Api.TestAccessToken }, () => new Magento2Api(customerCount: 777), 777, "items"),
        // Link header: each page names the next (rel="next", the query kept); the last page has none. 2,345 tickets = 23 full pages and 45.
        new Case("freshdesk", "list-tickets", "test.instance.json", new() { ["FRESHDESK_TEST_API_KEY"] = FreshdeskApi.TestApiKey }, () => new FreshdeskApi(ticketCount: 2345), 2345, ""),
        // Ending on a full page: 700 contacts = 7 pages of 100, the seventh without a Link header.
        new Case("freshdesk", "list-contacts", "test.instance.json", new() { ["FRESHDESK_TEST_API_KEY"] = FreshdeskApi.TestApiKey }, () => new FreshdeskApi(contactCount: 700), 700, ""),
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
            var ids = Runs.Records(result, c.DataPath).Select(r => Id(r, c.IdKey).ToJsonString().Trim('"')).ToList();
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

    /// <summary>
    /// The send endpoints with their sample bodies, run as a flow would send them: the stand-ins accept them, and what
    /// they wrote shows in the next read (stock moved in; the new sales order in the search).
    /// </summary>
    [Fact]
    public async Task Sitoo_warehouse_transaction_sample_moves_the_stock_it_names()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new SitooApi()]);
        var secrets = new Dictionary<string, string> { ["SITOO_SANDBOX_API_PASSWORD"] = SitooApi.TestPassword };
        using var client = TestApi.TestApiClient.For(server);
        var items = $"https://{SitooApi.TestHost}/v2/accounts/{SitooApi.TestAccountNo}/sites/1/warehouses/1/warehouseitems.json?sku=SK-00077";
        var credentials = ("Authorization", "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(SitooApi.TestApiId + ":" + SitooApi.TestPassword)));
        var (_, before) = await TestApi.TestApiClient.SendJsonAsync(client, TestApi.TestApiClient.Get(items, credentials));

        var result = await Runs.SampleAsync("sitoo", "add-warehouse-transactions", "test.instance.json", Runs.OptionsFor(server, secrets));
        var (_, after) = await TestApi.TestApiClient.SendJsonAsync(client, TestApi.TestApiClient.Get(items, credentials));

        Assert.True(result.Stop == StopReason.Completed, $"{result.Stop}: {result.StopMessage}");
        Assert.Equal(200, result.Pages.Single().Exchange.Response!.Status);
        // The new warehousetransactionid alone: a bare number, which the runner counts as no record.
        Assert.Equal(JsonValueKind.Number, result.Pages.Single().Exchange.Response!.Json!.Parse()!.GetValueKind());
        Assert.Equal(0, result.Records);
        var quantity = (System.Text.Json.Nodes.JsonNode? node) => decimal.Parse(node!["items"]![0]!["decimaltotal"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(quantity(before) + 12m, quantity(after));
    }

    [Fact]
    public async Task Brightpearl_sales_order_sample_is_created_and_found_by_the_order_search()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BrightpearlApi(orderCount: 40)]);
        var options = Runs.OptionsFor(server, new Dictionary<string, string> { ["BRIGHTPEARL_SANDBOX_ACCOUNT_TOKEN"] = BrightpearlApi.TestAccountToken });

        var created = await Runs.SampleAsync("brightpearl", "create-sales-order", "test.instance.json", options);
        var search = await Runs.SampleAsync("brightpearl", "search-orders", "test.instance.json", options);

        Assert.True(created.Stop == StopReason.Completed, $"{created.Stop}: {created.StopMessage}");
        var id = Runs.Records(created, "")[0]["response"]!.GetValue<int>();
        var rows = Runs.Records(search, "response.results");
        // 32 sales orders of the 40 (every fifth is a purchase order), and the new one last: [0] orderId, [5] customerRef.
        Assert.Equal(33, rows.Count);
        Assert.Equal(id, rows[^1]![0]!.GetValue<int>());
        Assert.Equal("WEB-100234", rows[^1]![5]!.GetValue<string>());
    }

    /// <summary>
    /// Sitoo answers 429 past its per-account limit, with no Retry-After: the runner backs off and asks again, and with
    /// a limit of two requests a second the run still reads every product once.
    /// </summary>
    [Fact]
    public async Task Sitoo_throttled_with_429_backs_off_and_completes()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new SitooApi(productCount: 450, requestsPerSecond: 2)]);
        var secrets = new Dictionary<string, string> { ["SITOO_SANDBOX_API_PASSWORD"] = SitooApi.TestPassword };

        var result = await Runs.SampleAsync("sitoo", "list-products", "test.instance.json", Runs.OptionsFor(server, secrets));

        Assert.True(result.Stop == StopReason.Completed, $"{result.Stop}: {result.StopMessage}");
        var ids = Runs.Records(result, "items").Select(r => r["productid"]!.GetValue<int>()).ToList();
        Assert.Equal(Enumerable.Range(1, 450), ids);
        // Five pages (4 × 100 and 50): any request beyond them was a page asked again after a 429.
        var requests = server.Log.Requests.Count(r => r.PathAndQuery.Contains("/products.json", StringComparison.Ordinal));
        Assert.True(requests > 5, $"{requests} requests: the stand-in never throttled, so the test proves nothing");
    }

    /// <summary>
    /// Brightpearl answers requests past the account's cap with 503 and says when the period ends in
    /// brightpearl-next-throttle-period (milliseconds), not Retry-After: the runner does not wait on that header, so a
    /// run that meets the cap ends as an HTTP error with the records read so far (samples/README.md lists the gap).
    /// </summary>
    [Fact]
    public async Task Brightpearl_past_the_request_cap_ends_the_run_with_its_503()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BrightpearlApi(productCount: 1234, requestsPerMinute: 2)]);
        var secrets = new Dictionary<string, string> { ["BRIGHTPEARL_SANDBOX_ACCOUNT_TOKEN"] = BrightpearlApi.TestAccountToken };

        var result = await Runs.SampleAsync("brightpearl", "search-products", "test.instance.json", Runs.OptionsFor(server, secrets));

        Assert.Equal(StopReason.HttpError, result.Stop);
        Assert.Contains("503", result.StopMessage, StringComparison.Ordinal);
        Assert.Equal(1000, result.Records);
        Assert.DoesNotContain(BrightpearlApi.TestAccountToken, RunResultJson.Write(result), StringComparison.Ordinal);
    }

    /// <summary>A record's id: its field <paramref name="key"/>, or for a record that is an array of values (Brightpearl's
    /// search results) the element at "[n]".</summary>
    private static System.Text.Json.Nodes.JsonNode Id(System.Text.Json.Nodes.JsonNode record, string key) =>
        key.StartsWith('[') && key.EndsWith(']') ? record.AsArray()[int.Parse(key[1..^1], System.Globalization.CultureInfo.InvariantCulture)]! : record[key]!;

    /// <summary>
    /// Khaos Control's exports do not page: the run is one SOAP call whose answer holds every record changed since the
    /// instance's date, each once and in order, with the password (sent in the body, no session) kept out of the run.
    /// </summary>
    [Theory]
    [InlineData("export-stock-status", "StockStatuses", "StockCode", 5000)]
    [InlineData("export-orders", "SalesOrders", "Header.OrderCode", 2407)]
    [InlineData("export-customers", "Customers", "URN", 3000)]
    public async Task Khaos_control_exports_every_record_once_in_one_answer(string endpoint, string dataPath, string idKey, int expected)
    {
        await using var server = await TestApiServer.StartAsync(apis: [new KhaosControlApi(stockCount: 5000, orderCount: 5000, customerCount: 3000)]);
        var secrets = new Dictionary<string, string> { ["KHAOS_DEMO_WEB_SERVICE_PASSWORD"] = KhaosControlApi.Password };

        var result = await Runs.SampleAsync("khaos-control", endpoint, "test.instance.json", Runs.OptionsFor(server, secrets, maxPages: 100));

        Assert.True(result.Stop == StopReason.Completed, $"{result.Stop}: {result.StopMessage}");
        var page = Assert.Single(result.Pages);
        var ids = Core.Running.Data.ResponseData.XmlRecords(page.Exchange.Response!.Body!, dataPath, out _)!.Select(r => r![idKey]!.GetValue<string>()).ToList();
        Assert.Equal(expected, result.Records);
        Assert.Equal(expected, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids, ids.OrderBy(SortKey, StringComparer.Ordinal));
        Assert.DoesNotContain(KhaosControlApi.Password, RunResultJson.Write(result), StringComparison.Ordinal);
    }

    /// <summary>
    /// Magento 2's SOAP API (samples/magento2/magento2-soap.connector.json): the admin token login, then searchCriteria
    /// pages whose currentPage the sample's paginate.js rewrites in the envelope until totalCount records have arrived.
    /// Past the end Magento answers the last page again, so an exact multiple of the page size (1,200 = 12 pages of
    /// 100) ends only by the total; 1,234 orders end on a short page as well. Every record once and in order, neither
    /// the admin password nor the token in the saved run.
    /// </summary>
    [Theory]
    [InlineData("list-products-soap", "catalogProductRepositoryV1GetListResponse.result.items", "sku", 1200, 12)]
    [InlineData("list-orders-soap", "salesOrderRepositoryV1GetListResponse.result.items", "entityId", 1234, 13)]
    public async Task Magento2_soap_lists_read_every_record_once_stopped_by_total_count(string endpoint, string dataPath, string idKey, int expected, int pages)
    {
        var api = new Magento2Api(productCount: 1200, orderCount: 1234);
        await using var server = await TestApiServer.StartAsync(apis: [api]);

        var result = await Runs.SampleConnectorAsync("magento2", "magento2-soap.connector.json", endpoint, "soap-test.instance.json", Runs.OptionsFor(server, Magento2SoapSecrets, maxPages: 100));

        Assert.True(result.Stop == StopReason.Completed, $"{result.Stop}: {result.StopMessage}");
        var ids = result.Pages.SelectMany(p => Core.Running.Data.ResponseData.XmlRecords(p.Exchange.Response!.Body!, dataPath, out _)!)
            .Select(r => r![idKey]!.GetValue<string>()).ToList();
        Assert.Equal(expected, result.Records);
        Assert.Equal(expected, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids, ids.OrderBy(SortKey, StringComparer.Ordinal));
        Assert.Equal(pages, result.Pages.Count);
        Assert.Equal(pages, server.Log.Requests.Count(r => r.PathAndQuery.Contains("GetList", StringComparison.Ordinal) || r.Body.Contains("GetListRequest", StringComparison.Ordinal)));
        Assert.Equal(1, api.AdminLogins);
        var saved = RunResultJson.Write(result);
        Assert.DoesNotContain(Magento2Api.TestAdminPassword, saved, StringComparison.Ordinal);
        Assert.DoesNotContain("mg2admin", saved, StringComparison.Ordinal);
    }

    /// <summary>
    /// Admin tokens live 4 hours. Here every request the store receives moves the clock (of the store and of the runner)
    /// on by 50 minutes, so the token the run logged in with runs out after a few pages: the runner logs in again ahead
    /// of the token's lifetime (token.lifetimeSeconds 14400, less refreshBeforeSeconds), and every product arrives
    /// once with no fault. Magento would not say 401 for an expired token (a SOAP fault with HTTP 200), so renewing
    /// ahead is the only renewal there is.
    /// </summary>
    [Fact]
    public async Task Magento2_soap_logs_in_again_when_the_admin_token_runs_out_during_a_run()
    {
        var clock = new RequestClock();
        var api = new Magento2Api(productCount: 1200, time: clock);
        await using var server = await TestApiServer.StartAsync(apis: [api]);
        clock.Requests = () => server.Log.Requests.Count;

        var result = await Runs.SampleConnectorAsync("magento2", "magento2-soap.connector.json", "list-products-soap", "soap-test.instance.json",
            Runs.OptionsFor(server, Magento2SoapSecrets, maxPages: 100) with { Time = clock });

        Assert.True(result.Stop == StopReason.Completed, $"{result.Stop}: {result.StopMessage}");
        var skus = result.Pages.SelectMany(p => Core.Running.Data.ResponseData.XmlRecords(p.Exchange.Response!.Body!, "catalogProductRepositoryV1GetListResponse.result.items", out _)!)
            .Select(r => r!["sku"]!.GetValue<string>());
        Assert.Equal(Enumerable.Range(1, 1200).Select(Magento2Api.Sku), skus);
        // 12 pages over 10 hours of clock: a login at the start and again every five requests or so.
        Assert.InRange(api.AdminLogins, 3, 6);
        Assert.Equal(api.AdminLogins, result.Auth.Count);
        Assert.DoesNotContain(result.Pages, p => p.Exchange.Response!.Body!.Contains("Fault", StringComparison.Ordinal));
    }

    /// <summary>
    /// The other side of the format gap: a store whose admin tokens live 1 hour while the connector says 4. The expired
    /// token is refused with HTTP 200 and a SOAP fault, not 401, so the runner does not log in again: the run fails
    /// with Magento's words, and the README tells the user to lower lifetimeSeconds to the store's setting.
    /// </summary>
    [Fact]
    public async Task Magento2_soap_a_token_that_expires_sooner_than_the_connector_says_fails_the_run_with_the_fault()
    {
        var clock = new RequestClock();
        var api = new Magento2Api(productCount: 1200, time: clock, adminTokenLifetime: TimeSpan.FromHours(1));
        await using var server = await TestApiServer.StartAsync(apis: [api]);
        clock.Requests = () => server.Log.Requests.Count;

        var result = await Runs.SampleConnectorAsync("magento2", "magento2-soap.connector.json", "list-products-soap", "soap-test.instance.json",
            Runs.OptionsFor(server, Magento2SoapSecrets, maxPages: 100) with { Time = clock });

        Assert.Equal(StopReason.ApiError, result.Stop);
        Assert.Contains("The consumer isn't authorized to access %resources.", result.StopMessage, StringComparison.Ordinal);
        Assert.Equal(1, api.AdminLogins);
        Assert.True(result.Records is > 0 and < 1200, $"{result.Records} records");
    }

    private static Dictionary<string, string> Magento2SoapSecrets => new() { ["MAGENTO2_STAGING_ADMIN_PASSWORD"] = Magento2Api.TestAdminPassword };

    /// <summary>A clock 50 minutes on for every request the test server has received (the store's and the runner's).</summary>
    private sealed class RequestClock : TimeProvider
    {
        private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

        public Func<int> Requests { get; set; } = () => 0;

        public override DateTimeOffset GetUtcNow() => Start + TimeSpan.FromMinutes(50) * Requests();
    }

    /// <summary>
    /// BigCommerce's GraphQL Storefront API by graphqlCursor: 50 products a page (the most a connection serves), the
    /// visible ones only, each once and in order, the storefront token kept out of the saved run.
    /// </summary>
    [Fact]
    public async Task Bigcommerce_graphql_products_arrive_once_and_in_order_by_cursor()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BigCommerceApi(productCount: 2345)]);
        var secrets = new Dictionary<string, string> { ["BIGCOMMERCE_TEST_STOREFRONT_TOKEN"] = BigCommerceApi.TestStorefrontToken };

        var result = await Runs.SampleAsync("bigcommerce", "list-products-graphql", "storefront-test.instance.json", Runs.OptionsFor(server, secrets, maxPages: 100));

        Assert.True(result.Stop == StopReason.Completed, $"{result.Stop}: {result.StopMessage}");
        var ids = Runs.Records(result, "data.site.products.edges").Select(r => r["node"]!["entityId"]!.GetValue<int>()).ToList();
        var expected = Enumerable.Range(1, 2345).Where(n => n % 11 != 0).ToList();
        Assert.Equal(expected, ids);
        Assert.Equal(expected.Count, result.Records);
        Assert.Equal((expected.Count + 49) / 50, result.Pages.Count);
        Assert.DoesNotContain(BigCommerceApi.TestStorefrontToken, RunResultJson.Write(result), StringComparison.Ordinal);
    }

    /// <summary>
    /// Khaos Control reports a refused order inside an HTTP 200 answer (ImportResult Success false): the sample's
    /// errorWhen makes that a failed run with Khaos' reason. Here the system knows only KC-00001..KC-00010, and the
    /// sample order's KC-00042 is refused.
    /// </summary>
    [Fact]
    public async Task Khaos_control_refusing_an_imported_order_in_band_fails_the_run_with_its_reason()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new KhaosControlApi(stockCount: 10)]);
        var secrets = new Dictionary<string, string> { ["KHAOS_DEMO_WEB_SERVICE_PASSWORD"] = KhaosControlApi.Password };

        var result = await Runs.SampleAsync("khaos-control", "import-orders", "test.instance.json", Runs.OptionsFor(server, secrets, maxPages: 1));

        Assert.Equal(StopReason.ApiError, result.Stop);
        Assert.Contains("KC-00042", result.StopMessage, StringComparison.Ordinal);
    }

    /// <summary>
    /// commercetools by customRelativeUri with the last id inside the where predicate (sort=id asc, where id >
    /// "last"): thousands of records, each once, in the order of their ids, which is not the order they were made in
    /// (the stand-in's ids are UUIDs from a hash). Pages of 500 end on a short page (or on an empty one after a full
    /// last page); customers, whose page size is the endpoint's own parameter, end on an empty page. The orders
    /// endpoint keeps its date in the same predicate on every page.
    /// </summary>
    [Theory]
    [InlineData("list-products", "product", 2345, 2345, 5)]
    [InlineData("list-inventory", "inventory", 2000, 2000, 5)]
    [InlineData("list-customers", "customer", 1234, 1234, 4)]
    // 1,500 orders, 903 modified after 1 March 2024 (the test instance's modified_since): 500, then 403.
    [InlineData("list-orders-modified-since", "order", 1500, 903, 2)]
    public async Task Commercetools_reads_every_record_once_in_id_order_by_the_last_id_in_the_where_predicate(string endpoint, string kind, int count, int expected, int pages)
    {
        var api = new CommercetoolsApi(productCount: count, inventoryCount: count, customerCount: count, orderCount: count);
        await using var server = await TestApiServer.StartAsync(apis: [api]);
        var secrets = new Dictionary<string, string> { ["COMMERCETOOLS_STAGING_CLIENT_SECRET"] = CommercetoolsApi.TestClientSecret };

        var result = await Runs.SampleAsync("commercetools", endpoint, "test.instance.json", Runs.OptionsFor(server, secrets, maxPages: 100));
        output.WriteLine($"{result.Stop}: {result.StopMessage} ({result.Records} records, {result.Pages.Count} pages, {result.Requests} requests)");

        Assert.True(result.Stop == StopReason.Completed, $"{result.Stop}: {result.StopMessage}");
        var ids = Runs.Records(result, "results").Select(r => r["id"]!.GetValue<string>()).ToList();
        Assert.Equal(expected, ids.Count);
        Assert.Equal(expected, ids.Distinct().Count());
        Assert.Equal(ids.OrderBy(i => i, StringComparer.Ordinal), ids);
        Assert.Equal(pages, result.Pages.Count);
        var made = Enumerable.Range(1, count).Select(n => CommercetoolsApi.IdOf(kind, n)).ToList();
        Assert.True(ids.All(new HashSet<string>(made).Contains));
        Assert.NotEqual(made.Where(new HashSet<string>(ids).Contains), ids); // id order is not creation order
        if (kind == "order")
        {
            var since = DateTimeOffset.Parse("2024-03-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(made.Where((_, i) => CommercetoolsApi.OrderModifiedAt(i + 1) > since).Order(StringComparer.Ordinal), ids);
        }
        // Every request after the first carries the last id of the page before it, inside the one where parameter.
        for (var i = 1; i < result.Pages.Count; i++)
        {
            var url = Uri.UnescapeDataString(result.Pages[i].Exchange.Request.Url);
            Assert.Contains($"id > \"{ids[PageEnd(result, i - 1) - 1]}\"", url, StringComparison.Ordinal);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(url, "[?&]where="));
        }
        Assert.Contains("id > \"\"", Uri.UnescapeDataString(result.Pages[0].Exchange.Request.Url), StringComparison.Ordinal);
        Assert.DoesNotContain(CommercetoolsApi.TestClientSecret, RunResultJson.Write(result), StringComparison.Ordinal);
    }

    /// <summary>
    /// commercetools' customer creation with its sample body (201, the new customer at dataPath customer), which the
    /// customer list then reads once, in id order among the others; the same body again is a duplicate email.
    /// </summary>
    [Fact]
    public async Task Commercetools_customer_sample_is_created_once_and_read_by_the_customer_list()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new CommercetoolsApi(customerCount: 700)]);
        var options = Runs.OptionsFor(server, new Dictionary<string, string> { ["COMMERCETOOLS_STAGING_CLIENT_SECRET"] = CommercetoolsApi.TestClientSecret }, maxPages: 100);

        var created = await Runs.SampleAsync("commercetools", "create-customer", "test.instance.json", options);
        var again = await Runs.SampleAsync("commercetools", "create-customer", "test.instance.json", options);
        var listed = await Runs.SampleAsync("commercetools", "list-customers", "test.instance.json", options);

        Assert.True(created.Stop == StopReason.Completed, $"{created.Stop}: {created.StopMessage}");
        Assert.Equal(201, created.Pages.Single().Exchange.Response!.Status);
        var id = Runs.Records(created, "customer").Single()["id"]!.GetValue<string>();
        Assert.Equal(StopReason.HttpError, again.Stop);
        Assert.Contains("DuplicateField", again.Pages.Single().Exchange.Response!.Json!.Parse()!.ToJsonString(), StringComparison.Ordinal);
        Assert.True(listed.Stop == StopReason.Completed, $"{listed.Stop}: {listed.StopMessage}");
        var ids = Runs.Records(listed, "results").Select(r => r["id"]!.GetValue<string>()).ToList();
        Assert.Equal(701, ids.Count);
        Assert.Single(ids, i => i == id);
        Assert.Equal(ids.OrderBy(i => i, StringComparer.Ordinal), ids);
    }

    /// <summary>How many records the pages up to and including page <paramref name="index"/> held.</summary>
    private static int PageEnd(RunResult result, int index) => result.Pages.Take(index + 1).Sum(p => p.Records ?? 0);

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
