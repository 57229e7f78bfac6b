using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>
/// The Magento 2 stand-in's SOAP API, driven with samples/magento2's own envelopes: the admin token login, SOAP 1.2
/// faults in Magento's shape with HTTP 200 (wrong credentials, no, unknown or expired token, an unknown operation,
/// an unreadable body, a wrong media type), searchCriteria paging with totalCount and the last page again past the
/// end, and the stock update by SKU.
/// </summary>
public sealed partial class Magento2SoapApiTests
{
    private const string Store = "https://" + Magento2Api.TestStoreDomain + "/soap/default";
    private static readonly XNamespace Env = "http://www.w3.org/2003/05/soap-envelope";

    [Fact]
    public async Task Login_then_products_paged_as_paginate_js_does_yield_every_product_once_and_a_page_past_the_end_is_the_last_page_again()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new Magento2Api(productCount: 250)]);
        using var client = TestApiClient.For(server);
        var token = await LogInAsync(client, Magento2Api.TestAdminPassword);

        var skus = new List<string>();
        var body = Envelope("soap/list-products.xml");
        var page = 1;
        while (true)
        {
            var result = await ResultAsync(client, "catalogProductRepositoryV1", "catalogProductRepositoryV1GetList", body, token);
            skus.AddRange(result.Element("items")!.Elements("item").Select(i => i.Element("sku")!.Value));
            Assert.Equal(page.ToString(CultureInfo.InvariantCulture), result.Element("searchCriteria")!.Element("currentPage")!.Value);
            if (page * 100 >= int.Parse(result.Element("totalCount")!.Value, CultureInfo.InvariantCulture))
            {
                break;
            }
            body = CurrentPage().Replace(body, $"<currentPage>{++page}</currentPage>");
        }
        var past = await ResultAsync(client, "catalogProductRepositoryV1", "catalogProductRepositoryV1GetList", CurrentPage().Replace(body, "<currentPage>4</currentPage>"), token);

        Assert.Equal(Enumerable.Range(1, 250).Select(Magento2Api.Sku), skus);
        Assert.Equal(3, page);
        Assert.Equal(Enumerable.Range(201, 50).Select(Magento2Api.Sku), past.Element("items")!.Elements("item").Select(i => i.Element("sku")!.Value));
        Assert.Equal("250", past.Element("totalCount")!.Value);
        // Fields in camelCase, lists as item elements.
        var first = XDocument.Parse((await CallAsync(client, "catalogProductRepositoryV1", Envelope("soap/list-products.xml"), token)).Body).Descendants("item").First();
        Assert.Equal("4", first.Element("attributeSetId")!.Value);
        Assert.Equal("1", first.Element("extensionAttributes")!.Element("stockItem")!.Element("qty")!.Value);
        Assert.Equal("url_key", first.Element("customAttributes")!.Elements("item").First().Element("attributeCode")!.Value);
    }

    [Fact]
    public async Task A_wrong_password_is_http_200_with_magentos_sender_fault_and_no_token()
    {
        var api = new Magento2Api();
        await using var server = await TestApiServer.StartAsync(apis: [api]);
        using var client = TestApiClient.For(server);

        var (status, contentType, body) = await CallAsync(client, "integrationAdminTokenServiceV1", LoginEnvelope("not-the-password"), null);
        var liveOnStaging = await CallAsync(client, "integrationAdminTokenServiceV1", LoginEnvelope(Magento2Api.LiveAdminPassword), null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/soap+xml; charset=utf-8", contentType);
        AssertFault(body, "env:Sender", Magento2Api.AccountSignInIncorrect);
        AssertFault(liveOnStaging.Body, "env:Sender", Magento2Api.AccountSignInIncorrect);
        Assert.Equal(0, api.AdminLogins);
    }

    [Fact]
    public async Task No_token_an_unknown_one_and_one_past_its_four_hours_are_refused_with_the_acl_resource()
    {
        var clock = new ManualClock();
        var api = new Magento2Api(time: clock);
        await using var server = await TestApiServer.StartAsync(apis: [api]);
        using var client = TestApiClient.For(server);
        var token = await LogInAsync(client, Magento2Api.TestAdminPassword);
        var list = Envelope("soap/list-products.xml");

        var none = await CallAsync(client, "catalogProductRepositoryV1", list, null);
        var unknown = await CallAsync(client, "catalogProductRepositoryV1", list, "not-an-admin-token");
        clock.Advance(TimeSpan.FromHours(4) - TimeSpan.FromSeconds(1));
        var fresh = await CallAsync(client, "catalogProductRepositoryV1", list, token);
        clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await CallAsync(client, "catalogProductRepositoryV1", list, token);

        foreach (var refused in new[] { none, unknown, expired })
        {
            Assert.Equal(HttpStatusCode.OK, refused.Status);
            AssertFault(refused.Body, "env:Sender", Magento2Api.NotAuthorized);
            var parameter = XDocument.Parse(refused.Body).Descendants().Single(e => e.Name.LocalName == "GenericFaultParameter");
            Assert.Equal("resources", parameter.Elements().Single(e => e.Name.LocalName == "key").Value);
            Assert.Equal(Magento2Api.ProductsResource, parameter.Elements().Single(e => e.Name.LocalName == "value").Value);
        }
        Assert.DoesNotContain("Fault", fresh.Body, StringComparison.Ordinal);
        Assert.Equal(1, api.AdminLogins);
    }

    [Fact]
    public async Task Bodies_the_api_cannot_take_are_faults_in_magentos_shape()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new Magento2Api()]);
        using var client = TestApiClient.For(server);
        var token = await LogInAsync(client, Magento2Api.TestAdminPassword);
        var list = Envelope("soap/list-products.xml");

        var notXml = await CallAsync(client, "catalogProductRepositoryV1", "<env:Envelope", token);
        var doctype = await CallAsync(client, "catalogProductRepositoryV1", "<!DOCTYPE x []>" + list[list.IndexOf("<env:Envelope", StringComparison.Ordinal)..], token);
        var soap11 = await CallAsync(client, "catalogProductRepositoryV1", list.Replace("http://www.w3.org/2003/05/soap-envelope", "http://schemas.xmlsoap.org/soap/envelope/", StringComparison.Ordinal), token);
        var textXml = await CallAsync(client, "catalogProductRepositoryV1", list, token, "text/xml");
        // The products operation asked of the orders service: not an operation of the services the URL names.
        var otherService = await CallAsync(client, "salesOrderRepositoryV1", list, token);
        var noServices = await SendAsync(client, new HttpRequestMessage(HttpMethod.Post, Store) { Content = Content(list, "application/soap+xml") }, token);
        var noCriteria = await CallAsync(client, "catalogProductRepositoryV1", Regex.Replace(list, @"<searchCriteria>[\s\S]*</searchCriteria>", ""), token);
        var tooLarge = await CallAsync(client, "catalogProductRepositoryV1", list.Replace("<pageSize>100</pageSize>", "<pageSize>301</pageSize>", StringComparison.Ordinal), token);

        AssertFault(notXml.Body, "env:Receiver", "Invalid XML");
        AssertFault(doctype.Body, "env:Receiver", "Invalid XML: Detected use of illegal DOCTYPE");
        AssertFault(soap11.Body, "env:VersionMismatch", "Wrong Version");
        AssertFault(textXml.Body, "env:Sender", "Content-Type \"text/xml; charset=utf-8\" is not SOAP 1.2's application/soap+xml.");
        AssertFault(otherService.Body, "env:Sender", "Operation \"catalogProductRepositoryV1GetListRequest\" not found.");
        AssertFault(noServices.Body, "env:Sender", "Incorrect format of request URI or Requested services are missing.");
        AssertFault(noCriteria.Body, "env:Sender", "\"%fieldName\" is required. Enter and try again.");
        AssertFault(tooLarge.Body, "env:Sender", "Maximum SearchCriteria pageSize is %max");
        Assert.All(new[] { notXml, doctype, soap11, textXml, otherService, noServices, noCriteria, tooLarge }, r => Assert.Equal(HttpStatusCode.OK, r.Status));
    }

    [Fact]
    public async Task Orders_filtered_by_updated_at_and_a_filter_that_matches_nothing_is_an_empty_items_element()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new Magento2Api(orderCount: 250)]);
        using var client = TestApiClient.For(server);
        var token = await LogInAsync(client, Magento2Api.TestAdminPassword);

        // Order n is updated at 2024-03-01 10:00 plus 2n hours: from 2024-03-10 00:00 on is n >= 103.
        var since = await ResultAsync(client, "salesOrderRepositoryV1", "salesOrderRepositoryV1GetList", Envelope("soap/list-orders.xml", ("updated_since", "2024-03-10 00:00:00")), token);
        var none = await ResultAsync(client, "salesOrderRepositoryV1", "salesOrderRepositoryV1GetList", Envelope("soap/list-orders.xml", ("updated_since", "2030-01-01 00:00:00")), token);

        Assert.Equal("148", since.Element("totalCount")!.Value);
        Assert.Equal("103", since.Element("items")!.Elements("item").First().Element("entityId")!.Value);
        Assert.Equal("2024-03-10 00:00:00", since.Element("items")!.Elements("item").First().Element("updatedAt")!.Value);
        Assert.Equal("0", none.Element("totalCount")!.Value);
        Assert.Empty(none.Element("items")!.Elements());
    }

    [Fact]
    public async Task The_stock_update_by_sku_is_kept_and_seen_by_the_lists_and_an_unknown_sku_is_a_fault()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new Magento2Api()]);
        using var client = TestApiClient.For(server);
        var token = await LogInAsync(client, Magento2Api.TestAdminPassword);

        var updated = await ResultAsync(client, "catalogInventoryStockRegistryV1", "catalogInventoryStockRegistryV1UpdateStockItemBySku",
            Envelope("samples/update-stock.xml", ("sku", Magento2Api.SampleSku)), token, "catalogInventoryStockRegistryV1UpdateStockItemBySkuResponse");
        var unknown = await CallAsync(client, "catalogInventoryStockRegistryV1", Envelope("samples/update-stock.xml", ("sku", "NO-SUCH-SKU")), token);
        var notANumber = await CallAsync(client, "catalogInventoryStockRegistryV1",
            Envelope("samples/update-stock.xml", ("sku", Magento2Api.SampleSku)).Replace("<qty>42</qty>", "<qty>lots</qty>", StringComparison.Ordinal), token);
        // The product list answers the saved stock (MT-00077 is on the first page).
        var list = await ResultAsync(client, "catalogProductRepositoryV1", "catalogProductRepositoryV1GetList", Envelope("soap/list-products.xml"), token);
        var product = list.Element("items")!.Elements("item").Single(i => i.Element("sku")!.Value == Magento2Api.SampleSku);
        // So does the REST API of the same store (the staging store takes the integration token as a bearer token).
        var (_, rest) = await client.SendJsonAsync(TestApiClient.Get($"https://{Magento2Api.TestStoreDomain}/rest/default/V1/products?searchCriteria[pageSize]=100",
            ("Authorization", "Bearer " + Magento2Api.TestAccessToken)));

        Assert.Equal("77", updated.Element("result")!.Value);
        Assert.Equal("42", product.Element("extensionAttributes")!.Element("stockItem")!.Element("qty")!.Value);
        Assert.Equal("true", product.Element("extensionAttributes")!.Element("stockItem")!.Element("isInStock")!.Value);
        Assert.Equal(42, rest!["items"]!.AsArray().Single(p => p!["sku"]!.GetValue<string>() == Magento2Api.SampleSku)!["extension_attributes"]!["stock_item"]!["qty"]!.GetValue<double>());
        AssertFault(unknown.Body, "env:Sender", "The product that was requested doesn't exist. Verify the product and try again.");
        AssertFault(notANumber.Body, "env:Sender", "The \"%value\" value's type is invalid. The \"%type\" type was expected. Verify and try again.");
    }

    // --- Helpers ----------------------------------------------------------------------------------------------

    private static string Sample(string file)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!Directory.Exists(Path.Combine(directory!.FullName, "samples", "magento2")))
        {
            directory = directory.Parent;
        }
        return File.ReadAllText(Path.Combine(directory.FullName, "samples", "magento2", file));
    }

    /// <summary>A sample envelope with the test instance's values in its placeholders.</summary>
    private static string Envelope(string file, params (string Key, string Value)[] values)
    {
        var text = Sample(file).Replace("{{store_domain}}", Magento2Api.TestStoreDomain, StringComparison.Ordinal).Replace("{{store_code}}", "default", StringComparison.Ordinal);
        foreach (var (key, value) in values)
        {
            text = text.Replace("{{" + key + "}}", System.Security.SecurityElement.Escape(value), StringComparison.Ordinal);
        }
        return text;
    }

    private static string LoginEnvelope(string password) =>
        Envelope("soap/create-admin-token.xml", ("username", Magento2Api.AdminUsername), ("password", password));

    private static StringContent Content(string body, string mediaType)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
        return content;
    }

    private static async Task<(HttpStatusCode Status, string? ContentType, string Body)> SendAsync(HttpClient client, HttpRequestMessage request, string? token)
    {
        if (token is not null)
        {
            request.Headers.Authorization = TestApiClient.Bearer(token);
        }
        using var response = await client.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync());
    }

    private static Task<(HttpStatusCode Status, string? ContentType, string Body)> CallAsync(HttpClient client, string service, string envelope, string? token, string mediaType = "application/soap+xml") =>
        SendAsync(client, new HttpRequestMessage(HttpMethod.Post, $"{Store}?services={service}") { Content = Content(envelope, mediaType) }, token);

    /// <summary>Calls an operation that must succeed and returns its result element (or, given a name, that element).</summary>
    private static async Task<XElement> ResultAsync(HttpClient client, string service, string operation, string envelope, string token, string? element = null)
    {
        var (status, contentType, body) = await CallAsync(client, service, envelope, token);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/soap+xml; charset=utf-8", contentType);
        Assert.DoesNotContain("Fault", body, StringComparison.Ordinal);
        var response = XDocument.Parse(body).Root!.Element(Env + "Body")!.Elements().Single();
        Assert.Equal(operation + "Response", response.Name.LocalName);
        Assert.Equal($"https://{Magento2Api.TestStoreDomain}/soap/default?services={service}", response.Name.NamespaceName);
        return element is null ? response.Element("result")! : response;
    }

    private static async Task<string> LogInAsync(HttpClient client, string password)
    {
        var result = await ResultAsync(client, "integrationAdminTokenServiceV1", "integrationAdminTokenServiceV1CreateAdminAccessToken", LoginEnvelope(password), null!);
        Assert.False(string.IsNullOrEmpty(result.Value));
        return result.Value;
    }

    private static void AssertFault(string body, string code, string reason)
    {
        var fault = XDocument.Parse(body).Root!.Element(Env + "Body")!.Element(Env + "Fault")!;
        Assert.Equal(code, fault.Element(Env + "Code")!.Element(Env + "Value")!.Value);
        var text = fault.Element(Env + "Reason")!.Element(Env + "Text")!;
        Assert.Equal(reason, text.Value);
        Assert.Equal("en", text.Attribute(XNamespace.Xml + "lang")!.Value);
    }

    [GeneratedRegex(@"<currentPage>\s*\d+\s*</currentPage>")]
    private static partial Regex CurrentPage();
}
