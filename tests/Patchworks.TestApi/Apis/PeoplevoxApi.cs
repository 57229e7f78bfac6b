using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Patchworks.TestApi.Hosting;

namespace Patchworks.TestApi.Apis;

/// <summary>
/// Peoplevox Integration Service v4 (SOAP 1.1, ASMX) as samples/peoplevox uses it, on *.peoplevox.net at
/// /{clientId}/resources/integrationservicev4.asmx. Authenticate takes the user name and the Base64-encoded
/// password and answers "ClientId,SessionId" in Detail with ResponseId 0; a failure is still HTTP 200, with
/// ResponseId -1 and the message in Detail, and so is a missing, unknown or expired session on later calls.
/// GetData (Item types, Sales orders) and GetReportData (Item inventory summary) page with PageNo and ItemsPerPage
/// in the body, give TotalCount for the whole set and CSV text (header row first) in Detail, empty past the end.
/// Only a request the server cannot read gets a SOAP fault with HTTP 500. Records are numbered 1..count. As in a
/// real warehouse export, some cells are quoted: descriptions with commas and quotes, and every hundredth item type
/// from 14 (MCS-00014, MCS-00114, ...) has a returns address over three lines in its description.
/// </summary>
public sealed partial class PeoplevoxApi : IFakeApi
{
    public const string Username = "patchworks.integration";
    public const string Password = "Pvx-Test-Password-1";
    /// <summary>What the sample instance's password secret holds: Peoplevox wants the password Base64-encoded.</summary>
    public static readonly string PasswordBase64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(Password));
    /// <summary>The sample instances' client ids (live and QA).</summary>
    public static readonly IReadOnlyList<string> ClientIds = ["acme1234", "acme1234Qa"];

    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    private static readonly XNamespace Pvx = "http://www.peoplevox.net/";

    private readonly int _itemTypeCount;
    private readonly int _salesOrderCount;
    private readonly int _reportRowCount;
    private readonly TimeSpan _sessionLifetime;
    private readonly TokenIssuer _sessions;

    /// <param name="sessionLifetime">How long a session id stays valid (Peoplevox publishes none; 30 minutes here).</param>
    public PeoplevoxApi(int itemTypeCount = 1234, int salesOrderCount = 321, int reportRowCount = 1050, TimeSpan? sessionLifetime = null, TimeProvider? time = null)
    {
        _itemTypeCount = itemTypeCount;
        _salesOrderCount = salesOrderCount;
        _reportRowCount = reportRowCount;
        _sessionLifetime = sessionLifetime ?? TimeSpan.FromMinutes(30);
        _sessions = new TokenIssuer(time ?? TimeProvider.System, "");
    }

    public IReadOnlyList<string> Hosts { get; } = ["*.peoplevox.net"];

    public void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost("/{clientId}/resources/integrationservicev4.asmx", AsyncHandler.Of(Handle));

    private async Task<IResult> Handle(HttpContext context, string clientId)
    {
        if (!context.Request.ContentType?.StartsWith("text/xml", StringComparison.OrdinalIgnoreCase) ?? true)
        {
            return Results.StatusCode(415); // SOAP 1.1 is text/xml; ASMX refuses other media types.
        }
        XElement body;
        XElement? header;
        try
        {
            var envelope = await XDocument.LoadAsync(context.Request.Body, LoadOptions.None, context.RequestAborted);
            body = envelope.Root?.Element(Soap + "Body")?.Elements().FirstOrDefault() ?? throw new XmlException("The envelope has no Body element.");
            header = envelope.Root.Element(Soap + "Header");
        }
        catch (XmlException e)
        {
            return Fault("soap:Client", $"Server was unable to read request. ---> {e.Message}");
        }
        var action = context.Request.Headers["SOAPAction"].ToString().Trim('"');
        if (action.Length > 0 && action != Pvx.NamespaceName + body.Name.LocalName)
        {
            return Fault("soap:Client", $"Server did not recognize the value of HTTP Header SOAPAction: {action}.");
        }
        if (body.Name.LocalName == "Authenticate")
        {
            return Authenticate(clientId, body);
        }
        var credentials = header?.Element(Pvx + "UserSessionCredentials");
        var session = _sessions.Find(credentials?.Element(Pvx + "SessionId")?.Value);
        if (session is null || session.Subject != clientId || credentials?.Element(Pvx + "ClientId")?.Value != clientId)
        {
            return Result(body.Name.LocalName, -1, 0, "System : Security - Invalid Session");
        }
        return body.Name.LocalName switch
        {
            "GetData" => Page("GetData", body.Element(Pvx + "getRequest")),
            "GetReportData" => Page("GetReportData", body.Element(Pvx + "getReportRequest")),
            "SaveData" => Save(body.Element(Pvx + "saveRequest")),
            var other => Fault("soap:Client", $"Server did not recognize the value of the operation {other}."),
        };
    }

    private IResult Authenticate(string clientId, XElement request)
    {
        string? Field(string name) => request.Element(Pvx + name)?.Value;
        if (!ClientIds.Contains(clientId) || Field("clientId") != clientId || Field("username") != Username || Field("password") != PasswordBase64)
        {
            return Result("Authenticate", -1, 0, "Authentication failed: invalid client id, user name or password.");
        }
        var session = _sessions.Issue(clientId, _sessionLifetime);
        return Result("Authenticate", 0, 1, $"{clientId},{session.Value}");
    }

    // --- Templates and paging ---------------------------------------------------------------------------------

    private sealed record Template(string[] Columns, int Count, Func<int, string[]> Row);

    private Template? TemplateNamed(string? name) => name switch
    {
        "Item types" => new(["ItemCode", "Name", "Barcode", "Description", "Weight"], _itemTypeCount, n =>
            [ItemCode(n), $"Item {n}", $"50{n:D11}", n % 100 == 14 ? $"Item {n}, returns to:\nUnit 4, \"Leeds Dock\"\nLeeds LS10 1PZ" : $"Item {n}, \"test\" data, with commas", (n % 9 * 0.25).ToString("0.00", CultureInfo.InvariantCulture)]),
        "Sales orders" => new(["SalesOrderNumber", "Status", "CustomerName", "CustomerEmail", "ShippingAddressPostCode", "ChannelName", "TotalSale"], _salesOrderCount, n =>
            [$"SO{n:D6}", n % 4 == 0 ? "Despatched" : "New", $"Customer {n}", $"customer{n}@example.com", "LS1 4AP", "Web", (n * 3.5m).ToString("0.00", CultureInfo.InvariantCulture)]),
        "Item inventory summary" => new(["Item code", "Name", "Available", "Allocated", "On hand"], _reportRowCount, n =>
            [ItemCode(n), $"Item {n}", (n % 40).ToString(CultureInfo.InvariantCulture), (n % 5).ToString(CultureInfo.InvariantCulture), (n % 40 + n % 5).ToString(CultureInfo.InvariantCulture)]),
        _ => null,
    };

    private static string ItemCode(int n) => n % 2 == 0 ? $"MCS-{n:D5}" : $"TRK-{n:D5}";

    private IResult Page(string action, XElement? request)
    {
        if (TemplateNamed(request?.Element(Pvx + "TemplateName")?.Value) is not { } template)
        {
            return Result(action, -1, 0, "Template not found.");
        }
        if (!int.TryParse(request!.Element(Pvx + "PageNo")?.Value, out var page) || page < 1
            || !int.TryParse(request.Element(Pvx + "ItemsPerPage")?.Value, out var perPage) || perPage < 1)
        {
            return Result(action, -1, 0, "PageNo and ItemsPerPage must be positive whole numbers.");
        }
        if (!TryFilter(template, request.Element(Pvx + "SearchClause")?.Value, out var numbers))
        {
            return Result(action, -1, 0, "Invalid search clause.");
        }
        var rows = numbers.Skip((page - 1) * perPage).Take(perPage).Select(template.Row).ToList();
        var csv = rows.Count == 0 ? "" : string.Join('\n', new[] { template.Columns }.Concat(rows).Select(r => string.Join(',', r.Select(Csv))));
        return Result(action, 0, numbers.Count, csv);
    }

    /// <summary>
    /// The record numbers a search clause keeps. Enough of Peoplevox's clause syntax for tests:
    /// ([Column].StartsWith("x")), ([Column].Contains("x")) and ([Column] = "x"); empty keeps everything.
    /// </summary>
    private static bool TryFilter(Template template, string? clause, out List<int> numbers)
    {
        var all = Enumerable.Range(1, template.Count);
        numbers = [];
        if (string.IsNullOrWhiteSpace(clause))
        {
            numbers = [.. all];
            return true;
        }
        if (SearchClause().Match(clause) is not { Success: true } match || Array.IndexOf(template.Columns, match.Groups["column"].Value) is var column && column < 0)
        {
            return false;
        }
        var value = match.Groups["value"].Value;
        Func<string, bool> keep = match.Groups["op"].Value switch
        {
            ".StartsWith" => v => v.StartsWith(value, StringComparison.Ordinal),
            ".Contains" => v => v.Contains(value, StringComparison.Ordinal),
            _ => v => v == value,
        };
        numbers = [.. all.Where(n => keep(template.Row(n)[column]))];
        return true;
    }

    [GeneratedRegex("""^\s*\(\s*\[(?<column>[^\]]+)\]\s*(?:(?<op>\.StartsWith|\.Contains)\(\s*"(?<value>[^"]*)"\s*\)|(?<op>=)\s*"(?<value>[^"]*)")\s*\)\s*$""")]
    private static partial Regex SearchClause();

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    /// <summary>SaveData accepts the rows of CsvData (header row first) and reports how many it saved.</summary>
    private static IResult Save(XElement? request)
    {
        var lines = (request?.Element(Pvx + "CsvData")?.Value ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Length < 2
            ? Result("SaveData", -1, 0, "No data to save.")
            : Result("SaveData", 0, lines.Length - 1, "");
    }

    // --- Envelopes ---------------------------------------------------------------------------------------------

    /// <summary>The {Action}Response/{Action}Result envelope every Peoplevox call answers with, errors included.</summary>
    private static IResult Result(string action, int responseId, int totalCount, string detail) => Envelope(
        new XElement(Pvx + $"{action}Response",
            new XElement(Pvx + $"{action}Result",
                new XElement(Pvx + "ResponseId", responseId),
                new XElement(Pvx + "TotalCount", totalCount),
                new XElement(Pvx + "Detail", detail),
                new XElement(Pvx + "Statuses"),
                new XElement(Pvx + "ImportingQueueId", 0),
                new XElement(Pvx + "SalesOrdersToDespatchIds"))),
        200);

    private static IResult Fault(string code, string message) => Envelope(
        new XElement(Soap + "Fault", new XElement("faultcode", code), new XElement("faultstring", message), new XElement("detail")), 500);

    private static IResult Envelope(XElement content, int status)
    {
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement(Soap + "Envelope",
                new XAttribute(XNamespace.Xmlns + "soap", Soap.NamespaceName),
                new XAttribute(XNamespace.Xmlns + "xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                new XAttribute(XNamespace.Xmlns + "xsd", "http://www.w3.org/2001/XMLSchema"),
                new XElement(Soap + "Body", content)));
        return Results.Text(document.Declaration + document.ToString(SaveOptions.DisableFormatting), "text/xml; charset=utf-8", Encoding.UTF8, status);
    }
}
