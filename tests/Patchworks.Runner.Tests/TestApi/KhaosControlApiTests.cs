using System.Net;
using System.Text;
using System.Xml.Linq;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>
/// The Khaos Control stand-in, driven with the sample's own SOAP envelopes: credentials in every body (no session),
/// faults with HTTP 500, exports that answer every match at once, in-band import results.
/// </summary>
public sealed class KhaosControlApiTests
{
    private const string DemoUrl = "https://kc.acme-trading.co.uk/DemoSoap/defaultSoap/KhaosKSD.exe";
    private static readonly XNamespace Kos = KhaosControlApi.Namespace;

    [Fact]
    public async Task Every_call_needs_the_user_and_password_in_its_body_and_a_wrong_one_is_a_fault_with_500()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new KhaosControlApi()]);
        using var client = TestApiClient.For(server);

        using var right = await client.SendAsync(Request("ExportStockStatus", Envelope("export-stock-status.xml", KhaosControlApi.Password)));
        using var wrong = await client.SendAsync(Request("ExportStockStatus", Envelope("export-stock-status.xml", "not-the-password")));
        using var none = await client.SendAsync(Request("ExportStockStatus", Envelope("export-stock-status.xml", KhaosControlApi.Password).Replace("<Username>patchworks</Username>", "", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, wrong.StatusCode);
        Assert.Contains("Access denied", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.InternalServerError, none.StatusCode);
        // A call made with the right credentials gives no session: the next call with a wrong password is still refused.
        using var after = await client.SendAsync(Request("ExportOrders", Envelope("export-orders.xml", "not-the-password", fromDate: "2026-11-01T00:00:00")));
        Assert.Equal(HttpStatusCode.InternalServerError, after.StatusCode);
    }

    [Fact]
    public async Task The_stock_export_answers_every_item_at_once_and_filters_by_code_and_change_time()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new KhaosControlApi(stockCount: 2500)]);
        using var client = TestApiClient.For(server);

        var all = await CallAsync(client, "ExportStockStatus", Envelope("export-stock-status.xml", KhaosControlApi.Password));
        var chosen = await CallAsync(client, "ExportStockStatus", Envelope("export-stock-status.xml", KhaosControlApi.Password, stockCodes: "KC-00007,KC-02500,KC-99999"));
        var changed = await CallAsync(client, "ExportStockStatus", Envelope("export-stock-status.xml", KhaosControlApi.Password, changedSince: "2026-11-25T00:00:00"));

        Assert.Equal(Enumerable.Range(1, 2500).Select(KhaosControlApi.StockCode), Codes(all));
        Assert.Equal(["KC-00007", "KC-02500"], Codes(chosen));
        var expected = Enumerable.Range(1, 2500).Where(n => KhaosControlApi.LastUpdated(n) > new DateTime(2026, 11, 25)).Select(KhaosControlApi.StockCode).ToList();
        Assert.Equal(expected, Codes(changed));
        Assert.InRange(expected.Count, 1, 2499);
    }

    [Fact]
    public async Task A_missing_or_unreadable_from_date_is_a_fault_not_an_empty_export()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new KhaosControlApi()]);
        using var client = TestApiClient.For(server);

        using var missing = await client.SendAsync(Request("ExportOrders", Envelope("export-orders.xml", KhaosControlApi.Password, fromDate: "")));
        using var unreadable = await client.SendAsync(Request("ExportCustomers", Envelope("export-customers.xml", KhaosControlApi.Password, fromDate: "01/11/2026")));

        Assert.Equal(HttpStatusCode.InternalServerError, missing.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, unreadable.StatusCode);
        Assert.Contains("<faultcode>SOAP-ENV:Server</faultcode>", await unreadable.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_soap_action_that_does_not_name_the_bodys_operation_or_a_json_body_is_refused()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new KhaosControlApi()]);
        using var client = TestApiClient.For(server);

        using var mismatch = await client.SendAsync(Request("ExportOrders", Envelope("export-stock-status.xml", KhaosControlApi.Password)));
        var json = new HttpRequestMessage(HttpMethod.Post, DemoUrl) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        using var notXml = await client.SendAsync(json);

        Assert.Equal(HttpStatusCode.InternalServerError, mismatch.StatusCode);
        Assert.Contains("SOAP-ENV:Client", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notXml.StatusCode);
    }

    [Fact]
    public async Task ImportOrders_reports_each_order_in_band_and_refuses_an_unknown_stock_code()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new KhaosControlApi()]);
        using var client = TestApiClient.For(server);
        var envelope = Envelope("../samples/import-orders.xml", KhaosControlApi.Password);

        var imported = await CallAsync(client, "ImportOrders", envelope);
        var refused = await CallAsync(client, "ImportOrders", envelope.Replace("<StockCode>KC-00042</StockCode>", "<StockCode>NOPE-1</StockCode>", StringComparison.Ordinal));

        Assert.Equal("true", imported.Descendants(Kos + "Success").Single().Value);
        Assert.StartsWith("SO", imported.Descendants(Kos + "OrderCode").Single().Value, StringComparison.Ordinal);
        Assert.Equal("false", refused.Descendants(Kos + "Success").Single().Value);
        Assert.Contains("NOPE-1", refused.Descendants(Kos + "Message").Single().Value, StringComparison.Ordinal);
    }

    private static List<string> Codes(XElement response) => [.. response.Descendants(Kos + "StockStatus").Select(s => s.Element(Kos + "StockCode")!.Value)];

    private static string Envelope(string file, string password, string stockCodes = "", string changedSince = "", string fromDate = "2026-11-01T00:00:00")
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!Directory.Exists(Path.Combine(directory!.FullName, "samples", "khaos-control")))
        {
            directory = directory.Parent;
        }
        return File.ReadAllText(Path.GetFullPath(Path.Combine(directory.FullName, "samples", "khaos-control", "soap", file)))
            .Replace("{{username}}", KhaosControlApi.Username, StringComparison.Ordinal)
            .Replace("{{password}}", System.Security.SecurityElement.Escape(password), StringComparison.Ordinal)
            .Replace("{{stock_codes}}", stockCodes, StringComparison.Ordinal)
            .Replace("{{changed_since}}", changedSince, StringComparison.Ordinal)
            .Replace("{{from_date}}", fromDate, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Request(string operation, string envelope)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, DemoUrl) { Content = new StringContent(envelope, Encoding.UTF8, "text/xml") };
        request.Headers.TryAddWithoutValidation("SOAPAction", $"{KhaosControlApi.Namespace}#{operation}");
        return request;
    }

    /// <summary>Sends an envelope that must answer HTTP 200 and returns its {operation}Response element.</summary>
    private static async Task<XElement> CallAsync(HttpClient client, string operation, string envelope)
    {
        using var response = await client.SendAsync(Request(operation, envelope));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return XDocument.Parse(await response.Content.ReadAsStringAsync()).Descendants(Kos + $"{operation}Response").Single();
    }
}
