using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>The Peoplevox stand-in, driven with the sample's own SOAP envelopes: sessions, ResponseId -1, paged CSV.</summary>
public sealed partial class PeoplevoxApiTests
{
    private const string Url = "https://qa1.peoplevox.net/acme1234Qa/resources/integrationservicev4.asmx";
    private const string ClientId = "acme1234Qa";
    private static readonly XNamespace Pvx = "http://www.peoplevox.net/";

    [Fact]
    public async Task Authenticate_then_the_report_paged_as_paginate_js_does_yields_every_row_once_and_in_order()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new PeoplevoxApi(reportRowCount: 1050)]);
        using var client = TestApiClient.For(server);
        var session = await AuthenticateAsync(client, PeoplevoxApi.PasswordBase64);
        var envelope = Sample("get-inventory-report.xml").Replace("{{client_id}}", ClientId, StringComparison.Ordinal).Replace("{{session_id}}", session, StringComparison.Ordinal);

        var codes = new List<string>();
        var page = 1;
        while (true)
        {
            var result = await CallAsync(client, "GetReportData", envelope);
            Assert.Equal("0", result.Element(Pvx + "ResponseId")!.Value);
            var lines = result.Element(Pvx + "Detail")!.Value.Split('\n');
            Assert.Equal("Item code,Name,Available,Allocated,On hand", lines[0]);
            codes.AddRange(lines.Skip(1).Select(l => l.Split(',')[0]));
            // The sample's paginate.js: another page while PageNo * ItemsPerPage < TotalCount, PageNo rewritten in the body.
            if (page * 500 >= int.Parse(result.Element(Pvx + "TotalCount")!.Value, System.Globalization.CultureInfo.InvariantCulture))
            {
                break;
            }
            page++;
            envelope = PageNo().Replace(envelope, $"<PageNo>{page}</PageNo>");
        }

        Assert.Equal(Enumerable.Range(1, 1050).Select(n => n % 2 == 0 ? $"MCS-{n:D5}" : $"TRK-{n:D5}"), codes);
        Assert.Equal(3, page);
    }

    [Fact]
    public async Task A_wrong_password_is_http_200_with_response_id_minus_one_and_a_message()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new PeoplevoxApi()]);
        using var client = TestApiClient.For(server);

        var result = await CallAsync(client, "Authenticate", AuthenticateEnvelope(Convert.ToBase64String(Encoding.UTF8.GetBytes("wrong"))));
        var notEncoded = await CallAsync(client, "Authenticate", AuthenticateEnvelope(PeoplevoxApi.Password));

        Assert.Equal("-1", result.Element(Pvx + "ResponseId")!.Value);
        Assert.Contains("Authentication failed", result.Element(Pvx + "Detail")!.Value, StringComparison.Ordinal);
        Assert.Equal("-1", notEncoded.Element(Pvx + "ResponseId")!.Value);
    }

    [Fact]
    public async Task Sessions_expire_and_an_unknown_session_is_refused_the_same_way()
    {
        var clock = new ManualClock();
        await using var server = await TestApiServer.StartAsync(apis: [new PeoplevoxApi(sessionLifetime: TimeSpan.FromMinutes(20), time: clock)]);
        using var client = TestApiClient.For(server);
        var session = await AuthenticateAsync(client, PeoplevoxApi.PasswordBase64);

        var fresh = await CallAsync(client, "GetData", ItemTypesEnvelope(session, 1, 10, ""));
        var unknown = await CallAsync(client, "GetData", ItemTypesEnvelope("not-a-session", 1, 10, ""));
        clock.Advance(TimeSpan.FromMinutes(20));
        var expired = await CallAsync(client, "GetData", ItemTypesEnvelope(session, 1, 10, ""));

        Assert.Equal("0", fresh.Element(Pvx + "ResponseId")!.Value);
        Assert.Equal("-1", unknown.Element(Pvx + "ResponseId")!.Value);
        Assert.Equal("-1", expired.Element(Pvx + "ResponseId")!.Value);
        Assert.Contains("Invalid Session", expired.Element(Pvx + "Detail")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetData_pages_a_search_clause_and_answers_an_empty_detail_past_the_last_page()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new PeoplevoxApi(itemTypeCount: 45)]);
        using var client = TestApiClient.For(server);
        var session = await AuthenticateAsync(client, PeoplevoxApi.PasswordBase64);
        const string clause = "([ItemCode].StartsWith(\"MCS-\"))";

        var codes = new List<string>();
        XElement result;
        var page = 1;
        while ((result = await CallAsync(client, "GetData", ItemTypesEnvelope(session, page++, 10, clause))).Element(Pvx + "Detail")!.Value is { Length: > 0 } detail)
        {
            // CSV with quoted cells (MCS-00014's description holds an address over three lines): read as RFC 4180.
            codes.AddRange(Core.Running.Data.CsvRecords.Parse(detail).Select(r => r!["ItemCode"]!.GetValue<string>()));
        }

        Assert.Equal(Enumerable.Range(1, 45).Where(n => n % 2 == 0).Select(n => $"MCS-{n:D5}"), codes);
        Assert.Equal("22", result.Element(Pvx + "TotalCount")!.Value);
        Assert.Equal(4, page - 1);
    }

    [Fact]
    public async Task An_envelope_the_server_cannot_read_gets_a_soap_fault_with_500()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new PeoplevoxApi()]);
        using var client = TestApiClient.For(server);

        using var response = await client.SendAsync(Request("GetData", "<soap:Envelope"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("<faultcode>soap:Client</faultcode>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string Sample(string file)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!Directory.Exists(Path.Combine(directory!.FullName, "samples", "peoplevox")))
        {
            directory = directory.Parent;
        }
        return File.ReadAllText(Path.Combine(directory.FullName, "samples", "peoplevox", "soap", file));
    }

    private static string AuthenticateEnvelope(string password) => Sample("authenticate.xml")
        .Replace("{{client_id}}", ClientId, StringComparison.Ordinal)
        .Replace("{{username}}", PeoplevoxApi.Username, StringComparison.Ordinal)
        .Replace("{{password}}", password, StringComparison.Ordinal);

    private static string ItemTypesEnvelope(string session, int page, int perPage, string clause) => Sample("get-item-types.xml")
        .Replace("{{client_id}}", ClientId, StringComparison.Ordinal)
        .Replace("{{session_id}}", session, StringComparison.Ordinal)
        .Replace("[[pagination.page]]", page.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("[[pagination.limit]]", perPage.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{{search_clause}}", System.Security.SecurityElement.Escape(clause), StringComparison.Ordinal);

    private static async Task<string> AuthenticateAsync(HttpClient client, string password)
    {
        var result = await CallAsync(client, "Authenticate", AuthenticateEnvelope(password));
        Assert.Equal("0", result.Element(Pvx + "ResponseId")!.Value);
        var detail = result.Element(Pvx + "Detail")!.Value.Split(',');
        Assert.Equal(ClientId, detail[0]);
        return detail[1];
    }

    private static HttpRequestMessage Request(string action, string envelope)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StringContent(envelope, Encoding.UTF8, "text/xml") };
        request.Headers.TryAddWithoutValidation("SOAPAction", $"http://www.peoplevox.net/{action}");
        return request;
    }

    /// <summary>Sends an envelope and returns its {action}Result element (the call must answer HTTP 200).</summary>
    private static async Task<XElement> CallAsync(HttpClient client, string action, string envelope)
    {
        using var response = await client.SendAsync(Request(action, envelope));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.Descendants(Pvx + $"{action}Result").Single();
    }

    [GeneratedRegex(@"<PageNo>\s*\d+\s*</PageNo>")]
    private static partial Regex PageNo();
}
