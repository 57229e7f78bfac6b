using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Patchworks.TestApi.Hosting;

namespace Patchworks.TestApi.Apis;

/// <summary>
/// Khaos Control's SOAP web service (KhaosKSD.exe) as samples/khaos-control uses it. What is public about it:
/// Patchworks' connector page says it is a SOAP service at a per-system .exe address (a live and a demo one, such
/// as /LiveSoap/KhaosKSD.exe and /DemoSoap/defaultSoap/KhaosKSD.exe) with the credentials passed inside the SOAP
/// request body; Khaos' own articles name its import-orders call (ImportOrders, beside AmendOrder and CancelOrder)
/// and its Cloud documentation the record shapes (StockStatus, SalesOrder, Customer, RFC 3339 dates without an
/// offset). The rest is the sample's stated assumptions (samples/README.md, Khaos Control): the operations'
/// namespace and SOAPAction (urn:KosWebIntf-IKosWeb#Operation, as a Delphi SOAP server names them), the request
/// fields, and that the exports do not page (one answer holds every match). A wrong or missing user name or
/// password, an unknown operation, a SOAPAction that does not name the body's operation, a date that is not
/// RFC 3339 and an envelope the server cannot read are SOAP faults with HTTP 500. ImportOrders answers a result per
/// order: Success false and the reason for an order it refused (an unknown stock code, no currency).
/// Records are numbered 1..count; record n changed on day n % 60 after 2026-10-01.
/// </summary>
public sealed class KhaosControlApi : IFakeApi
{
    public const string Username = "patchworks";
    public const string Password = "Khaos-Test-Password-1";
    public const string Namespace = "urn:KosWebIntf-IKosWeb";

    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    private static readonly XNamespace Kos = Namespace;
    private static readonly DateTime Start = new(2026, 10, 1, 9, 0, 0, DateTimeKind.Unspecified);

    private readonly int _stockCount;
    private readonly int _orderCount;
    private readonly int _customerCount;

    public KhaosControlApi(int stockCount = 640, int orderCount = 300, int customerCount = 120)
    {
        _stockCount = stockCount;
        _orderCount = orderCount;
        _customerCount = customerCount;
    }

    public IReadOnlyList<string> Hosts { get; } = ["kc.acme-trading.co.uk"];

    /// <summary>Stock codes the system knows: KC-00001.. up to the stock count.</summary>
    public static string StockCode(int n) => $"KC-{n:D5}";

    /// <summary>When record n last changed: day n % 60 after 2026-10-01 (so a since-date keeps a known share).</summary>
    public static DateTime LastUpdated(int n) => Start.AddDays(n % 60).AddMinutes(n % 97);

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/LiveSoap/KhaosKSD.exe", AsyncHandler.Of(Handle));
        routes.MapPost("/DemoSoap/defaultSoap/KhaosKSD.exe", AsyncHandler.Of(Handle));
    }

    private async Task<IResult> Handle(HttpContext context)
    {
        if (!context.Request.ContentType?.StartsWith("text/xml", StringComparison.OrdinalIgnoreCase) ?? true)
        {
            return Fault("SOAP-ENV:Client", "Unsupported content type: a SOAP 1.1 call is text/xml.", 415);
        }
        XElement call;
        try
        {
            var envelope = await XDocument.LoadAsync(context.Request.Body, LoadOptions.None, context.RequestAborted);
            call = envelope.Root?.Element(Soap + "Body")?.Elements().FirstOrDefault() ?? throw new XmlException("The envelope has no Body element.");
        }
        catch (XmlException e)
        {
            return Fault("SOAP-ENV:Client", $"Invalid XML request: {e.Message}");
        }
        var action = context.Request.Headers["SOAPAction"].ToString().Trim('"');
        if (call.Name.Namespace != Kos || action != $"{Namespace}#{call.Name.LocalName}")
        {
            return Fault("SOAP-ENV:Client", $"No method {call.Name.LocalName} in namespace {call.Name.NamespaceName} for SOAPAction '{action}'.");
        }
        // No session: every call carries the web service user's credentials in its body.
        if (Field(call, "Username") != Username || Field(call, "Password") != Password)
        {
            return Fault("SOAP-ENV:Server", "Access denied: invalid web service user name or password.");
        }
        return call.Name.LocalName switch
        {
            "ExportStockStatus" => ExportStockStatus(call),
            "ExportOrders" => ExportOrders(call),
            "ExportCustomers" => ExportCustomers(call),
            "ImportOrders" => ImportOrders(call),
            var other => Fault("SOAP-ENV:Client", $"No method {other} in namespace {Namespace}."),
        };
    }

    private static string? Field(XElement call, string name) => call.Element(Kos + name)?.Value;

    /// <summary>An RFC 3339 time without an offset; empty when the field is optional and empty.</summary>
    private static bool TryDate(string? text, bool required, out DateTime? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return !required;
        }
        if (DateTime.TryParseExact(text.Trim(), "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }
        return false;
    }

    private IResult ExportStockStatus(XElement call)
    {
        if (!TryDate(Field(call, "LastUpdated"), required: false, out var since))
        {
            return Fault("SOAP-ENV:Server", $"'{Field(call, "LastUpdated")}' is not a valid date and time (yyyy-mm-ddThh:nn:ss).");
        }
        var codes = (Field(call, "StockCodes") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var items = Enumerable.Range(1, _stockCount)
            .Where(n => (codes.Count == 0 || codes.Contains(StockCode(n))) && (since is null || LastUpdated(n) > since))
            .Select(n => new XElement(Kos + "StockStatus",
                new XElement(Kos + "StockID", n),
                new XElement(Kos + "StockCode", StockCode(n)),
                new XElement(Kos + "Levels",
                    new XElement(Kos + "Available", n % 40),
                    new XElement(Kos + "Stock", n % 40 + n % 7),
                    new XElement(Kos + "OnOrder", n % 3 * 12),
                    new XElement(Kos + "Held", n % 7)),
                new XElement(Kos + "Site", new XAttribute("Name", "Main")),
                new XElement(Kos + "LastUpdated", Rfc3339(LastUpdated(n)))));
        return Response("ExportStockStatus", new XElement(Kos + "StockStatuses", items));
    }

    private IResult ExportOrders(XElement call)
    {
        if (!TryDate(Field(call, "FromDate"), required: true, out var since))
        {
            return Fault("SOAP-ENV:Server", $"FromDate '{Field(call, "FromDate")}' is missing or not a valid date and time (yyyy-mm-ddThh:nn:ss).");
        }
        var orders = Enumerable.Range(1, _orderCount).Where(n => LastUpdated(n) > since).Select(n => new XElement(Kos + "SalesOrder",
            new XElement(Kos + "Header",
                new XElement(Kos + "OrderID", n),
                new XElement(Kos + "OrderCode", $"SO{n:D7}"),
                new XElement(Kos + "AssociatedRef", $"WEB-{100000 + n}"),
                new XElement(Kos + "OrderDate", Rfc3339(LastUpdated(n).AddHours(-2))),
                new XElement(Kos + "Status", n % 5 == 0 ? "Complete" : "Received"),
                new XElement(Kos + "LastUpdated", Rfc3339(LastUpdated(n))),
                new XElement(Kos + "Total", (n * 4.25m).ToString("0.00", CultureInfo.InvariantCulture))),
            new XElement(Kos + "Customer", new XElement(Kos + "URN", $"CUST{n % _customerCount + 1:D5}")),
            new XElement(Kos + "Items", Enumerable.Range(0, n % 3 + 1).Select(i => new XElement(Kos + "Item",
                new XElement(Kos + "StockCode", StockCode((n + i) % _stockCount + 1)),
                new XElement(Kos + "Quantity", i + 1))))));
        return Response("ExportOrders", new XElement(Kos + "SalesOrders", orders));
    }

    private IResult ExportCustomers(XElement call)
    {
        if (!TryDate(Field(call, "FromDate"), required: true, out var since))
        {
            return Fault("SOAP-ENV:Server", $"FromDate '{Field(call, "FromDate")}' is missing or not a valid date and time (yyyy-mm-ddThh:nn:ss).");
        }
        var customers = Enumerable.Range(1, _customerCount).Where(n => LastUpdated(n) > since).Select(n => new XElement(Kos + "Customer",
            new XElement(Kos + "URN", $"CUST{n:D5}"),
            new XElement(Kos + "OtherRef", $"WEB-CUST-{n}"),
            new XElement(Kos + "CompanyName", $"Customer {n}"),
            new XElement(Kos + "CompanyClass", new XAttribute("Name", n % 4 == 0 ? "Trade" : "Retail")),
            new XElement(Kos + "Currency", new XAttribute("Code", "GBP")),
            new XElement(Kos + "InvoiceAddress",
                new XElement(Kos + "Line1", $"{n} High Street"),
                new XElement(Kos + "Town", "Leeds"),
                new XElement(Kos + "Postcode", "LS1 4AP"),
                new XElement(Kos + "Country", new XAttribute("Code", "GB")),
                new XElement(Kos + "Contact", new XElement(Kos + "Email", $"customer{n}@example.com"))),
            new XElement(Kos + "LastUpdated", Rfc3339(LastUpdated(n)))));
        return Response("ExportCustomers", new XElement(Kos + "Customers", customers));
    }

    /// <summary>One ImportResult per SalesOrder: refused orders say why, in band; the others get an order code.</summary>
    private IResult ImportOrders(XElement call)
    {
        var orders = call.Element(Kos + "Orders")?.Elements(Kos + "SalesOrder").ToList() ?? [];
        if (orders.Count == 0)
        {
            return Fault("SOAP-ENV:Server", "No SalesOrder elements to import.");
        }
        var results = orders.Select((order, i) =>
        {
            var reference = order.Element(Kos + "Header")?.Element(Kos + "AssociatedRef")?.Value ?? "";
            var unknown = order.Element(Kos + "Items")?.Elements(Kos + "Item").Select(item => item.Element(Kos + "StockCode")?.Value ?? "")
                .FirstOrDefault(code => !IsStockCode(code));
            var items = order.Element(Kos + "Items")?.Elements(Kos + "Item").Count() ?? 0;
            var why = order.Element(Kos + "Customer")?.Element(Kos + "Currency") is null ? "The customer has no currency."
                : items == 0 ? "The order has no items."
                : unknown is not null ? $"Stock code '{unknown}' was not found."
                : null;
            return new XElement(Kos + "ImportResult",
                new XElement(Kos + "AssociatedRef", reference),
                new XElement(Kos + "Success", why is null ? "true" : "false"),
                new XElement(Kos + "OrderCode", why is null ? $"SO{_orderCount + i + 1:D7}" : ""),
                new XElement(Kos + "Message", why ?? "Imported."));
        });
        return Response("ImportOrders", new XElement(Kos + "ImportResults", results));
    }

    private bool IsStockCode(string code) =>
        code.StartsWith("KC-", StringComparison.Ordinal) && int.TryParse(code.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= _stockCount;

    private static string Rfc3339(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    private static IResult Response(string operation, XElement content) =>
        Envelope(new XElement(Kos + $"{operation}Response", content), 200);

    private static IResult Fault(string code, string message, int status = 500) => Envelope(
        new XElement(Soap + "Fault", new XElement("faultcode", code), new XElement("faultstring", message)), status);

    private static IResult Envelope(XElement content, int status)
    {
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement(Soap + "Envelope",
                new XAttribute(XNamespace.Xmlns + "SOAP-ENV", Soap.NamespaceName),
                new XElement(Soap + "Body", content)));
        return Results.Text(document.Declaration + document.ToString(SaveOptions.DisableFormatting), "text/xml; charset=utf-8", Encoding.UTF8, status);
    }
}
