using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Patchworks.TestApi.Hosting;

namespace Patchworks.TestApi.Apis;

/// <summary>
/// The SOAP API of Adobe Commerce / Magento 2 as samples/magento2's magento2-soap connector uses it, on
/// <c>https://{store domain}/soap/{store code}?services={service}</c>, written from Adobe's documentation ("Use SOAP
/// services", "Token-based authentication") and the behaviour of Magento's own SOAP entry point as published in its
/// source (Magento\Webapi: Controller\Soap, Model\Soap\Server, Model\Soap\Fault, Controller\Soap\Request\Handler):
/// <list type="bullet">
/// <item>SOAP 1.2, document/literal: the body holds one element <c>{operation}Request</c> of a service named in
/// <c>services</c> (a comma-separated list of names such as <c>catalogProductRepositoryV1</c>; none, or a malformed
/// list → <c>Incorrect format of request URI or Requested services are missing.</c>; another query parameter →
/// <c>Not allowed parameters: ...</c>); the answer is <c>{operation}Response</c> holding <c>result</c>, in the namespace
/// <c>https://{store}/soap/{store code}?services=...</c>, its fields in camelCase, lists as <c>item</c> elements;</item>
/// <item><b>every fault is HTTP 200</b> (Magento answers SOAP calls' errors with 200 and only WSDL requests with the
/// error's status), <c>Content-Type: application/soap+xml; charset=utf-8</c>, in Magento's shape: <c>env:Fault</c>
/// with <c>env:Code/env:Value</c> <c>env:Sender</c> (or <c>env:Receiver</c> for a server-side error),
/// <c>env:Reason/env:Text xml:lang="en"</c> the raw message (<c>%name</c> placeholders unreplaced, as Magento masks
/// localized exceptions), and its parameters in <c>env:Detail/m:GenericFault/m:Parameters/m:GenericFaultParameter</c>
/// (<c>m:key</c>, <c>m:value</c>);</item>
/// <item>a body that is not XML → <c>Invalid XML</c> (Receiver); a DOCTYPE → <c>Invalid XML: Detected use of illegal
/// DOCTYPE</c>; a body element that is no operation of the requested services → <c>Operation "{element}" not
/// found.</c>;</item>
/// <item>the stand-in is stricter than PHP's SoapServer, which reads any body whatever its Content-Type and also
/// takes SOAP 1.1: a Content-Type other than <c>application/soap+xml</c> → a Sender fault naming it, an envelope of
/// another namespace → <c>env:VersionMismatch</c> <c>Wrong Version</c>;</item>
/// <item><c>integrationAdminTokenServiceV1CreateAdminAccessToken(username, password)</c> (anonymous) answers an admin
/// token that lives <see cref="DefaultAdminTokenLifetime"/> (4 hours, Magento's default); wrong credentials →
/// <c>The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again
/// later.</c>. Every other operation needs <c>Authorization: Bearer</c> a live admin token of the store: none, an
/// unknown or an expired one → <c>The consumer isn't authorized to access %resources.</c> with the operation's ACL
/// resource (Magento treats an expired token as no token, a guest, whom the ACL refuses);</item>
/// <item><c>catalogProductRepositoryV1GetList</c> and <c>salesOrderRepositoryV1GetList</c> take
/// <c>searchCriteria</c> (required: <c>"%fieldName" is required. Enter and try again.</c>) with <c>filterGroups</c>,
/// <c>sortOrders</c>, <c>pageSize</c>, <c>currentPage</c>, and answer <c>{items, searchCriteria, totalCount}</c>;
/// filters, sorting, the page-size guard and <b>a page past the end answering the last page again</b> are the REST
/// stand-in's (one search for both APIs);</item>
/// <item><c>catalogInventoryStockRegistryV1UpdateStockItemBySku(productSku, stockItem)</c> sets <c>qty</c> and
/// <c>isInStock</c> of the product's stock item (seen by the REST and SOAP lists alike) and answers the stock item's
/// id; an unknown SKU → <c>The product that was requested doesn't exist. Verify the product and try again.</c>.</item>
/// </list>
/// A store code the store does not have is not an error: Magento's path processor leaves it in the path and serves the
/// default store view.
/// </summary>
public sealed partial class Magento2Api
{
    public const string AdminUsername = "patchworks.api";
    public const string TestAdminPassword = "mg2testAdmin-7c4e9k2p5r";
    public const string LiveAdminPassword = "mg2liveAdmin-3h8q1w6z0d";
    public static readonly TimeSpan DefaultAdminTokenLifetime = TimeSpan.FromHours(4);

    public const string InventoryResource = "Magento_CatalogInventory::cataloginventory";
    public const string AccountSignInIncorrect = "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.";
    public const string NotAuthorized = "The consumer isn't authorized to access %resources.";

    private const string SoapContentType = "application/soap+xml; charset=utf-8";
    private static readonly XNamespace Env = "http://www.w3.org/2003/05/soap-envelope";

    /// <summary>Each store's admin user (username, password).</summary>
    public static IReadOnlyDictionary<string, (string Username, string Password)> AdminUsers { get; } = new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase)
    {
        [TestStoreDomain] = (AdminUsername, TestAdminPassword),
        [LiveStoreDomain] = (AdminUsername, LiveAdminPassword),
    };

    private readonly TokenIssuer _adminTokens;
    private readonly TimeSpan _adminTokenLifetime;
    private int _adminLogins;

    /// <summary>How many admin tokens the SOAP API has issued.</summary>
    public int AdminLogins => Volatile.Read(ref _adminLogins);

    private sealed record Operation(string Service, string Resource, Func<SoapCall, XElement, SoapAnswer> Handle);

    private sealed record SoapCall(string Domain, string Store, string Services);

    /// <summary>An operation's answer: its result, or a fault (message, parameters, code).</summary>
    private sealed record SoapAnswer(XElement? Result, string? Fault = null, IReadOnlyDictionary<string, string>? Parameters = null, string Code = "Sender");

    private static SoapAnswer Refuse(string message, IReadOnlyDictionary<string, string>? parameters = null) => new(null, message, parameters);

    private Dictionary<string, Operation> Operations() => new(StringComparer.Ordinal)
    {
        ["integrationAdminTokenServiceV1CreateAdminAccessToken"] = new("integrationAdminTokenServiceV1", "anonymous", CreateAdminAccessToken),
        ["catalogProductRepositoryV1GetList"] = new("catalogProductRepositoryV1", ProductsResource, (call, request) =>
            SoapSearch(request, Enumerable.Range(1, _productCount).Select(n => Product(call.Domain, n)), ProductFields)),
        ["salesOrderRepositoryV1GetList"] = new("salesOrderRepositoryV1", OrdersResource, (_, request) =>
            SoapSearch(request, Enumerable.Range(1, _orderCount).Select(Order), OrderFields)),
        ["catalogInventoryStockRegistryV1UpdateStockItemBySku"] = new("catalogInventoryStockRegistryV1", InventoryResource, UpdateStockItemBySku),
    };

    private void MapSoap(IEndpointRouteBuilder routes) =>
        routes.MapPost("/soap/{store}", AsyncHandler.Of(async context =>
        {
            var domain = context.Request.Host.Host;
            if (!AdminUsers.ContainsKey(domain))
            {
                return Results.NotFound();
            }
            var store = context.Request.RouteValues["store"]!.ToString()!;
            var body = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync(context.RequestAborted);
            return Soap(context, new SoapCall(domain, store, context.Request.Query["services"].ToString()), body);
        }));

    private IResult Soap(HttpContext context, SoapCall call, string body)
    {
        var notAllowed = context.Request.Query.Keys.Where(k => k != "services" && k != "wsdl").ToList();
        if (notAllowed.Count > 0)
        {
            return Fault(call, $"Not allowed parameters: {string.Join(", ", notAllowed)}. Please use only wsdl and services.");
        }
        if (!System.Text.RegularExpressions.Regex.IsMatch(call.Services, @"^[a-zA-Z\d]*V\d+(,[a-zA-Z\d]*V\d+)*$"))
        {
            return Fault(call, "Incorrect format of request URI or Requested services are missing.");
        }
        XDocument document;
        try
        {
            // As PHP's DOMDocument::loadXML: a DOCTYPE is read (entities not resolved), then refused below.
            using var reader = XmlReader.Create(new StringReader(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse, XmlResolver = null, MaxCharactersFromEntities = 1024 });
            document = XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException)
        {
            return Fault(call, "Invalid XML", code: "Receiver");
        }
        if (document.DocumentType is not null)
        {
            return Fault(call, "Invalid XML: Detected use of illegal DOCTYPE", code: "Receiver");
        }
        if (document.Root is not { } envelope || envelope.Name != Env + "Envelope")
        {
            return Fault(call, "Wrong Version", code: "VersionMismatch");
        }
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(mediaType, "application/soap+xml", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers["X-Test-Api-Reason"] = "SOAP 1.2 is sent as application/soap+xml";
            return Fault(call, $"Content-Type \"{context.Request.ContentType}\" is not SOAP 1.2's application/soap+xml.");
        }
        if (envelope.Element(Env + "Body")?.Elements().FirstOrDefault() is not { } request)
        {
            return Fault(call, "Invalid XML", code: "Receiver");
        }

        var services = call.Services.Split(',');
        var name = request.Name.LocalName;
        var operationName = name.EndsWith("Request", StringComparison.Ordinal) ? name[..^"Request".Length] : "";
        if (!Operations().TryGetValue(operationName, out var operation) || !services.Contains(operation.Service, StringComparer.Ordinal))
        {
            return Fault(call, $"Operation \"{name}\" not found.");
        }
        var bearer = TokenIssuer.BearerOf(context.Request);
        if (operation.Resource != "anonymous" && !IsTokenOf(call.Domain, bearer))
        {
            context.Response.Headers["X-Test-Api-Reason"] = _adminTokens.ExpiredFor(bearer) is not null ? "the admin token expired" : "no admin token of this store";
            return Fault(call, NotAuthorized, new Dictionary<string, string> { ["resources"] = operation.Resource });
        }
        var answer = operation.Handle(call, request);
        if (answer.Fault is not null)
        {
            return Fault(call, answer.Fault, answer.Parameters, answer.Code);
        }
        XNamespace ns = Namespace(call);
        var response = new XElement(ns + operationName + "Response", answer.Result);
        return Envelope(new XDocument(new XDeclaration("1.0", "UTF-8", null),
            new XElement(Env + "Envelope", new XAttribute(XNamespace.Xmlns + "env", Env), new XAttribute(XNamespace.Xmlns + "ns1", ns),
                new XElement(Env + "Body", response))));
    }

    private bool IsTokenOf(string domain, string? value) => _adminTokens.Find(value) is { } token && token.Subject.Equals(domain, StringComparison.OrdinalIgnoreCase);

    /// <summary>The WSDL's target namespace: the endpoint with its services parameter (Server::generateUri).</summary>
    private static string Namespace(SoapCall call) => $"https://{call.Domain}/soap/{call.Store}?services={WebUtility.UrlEncode(call.Services)}";

    private static IResult Envelope(XDocument document) =>
        Results.Text(document.Declaration + document.ToString(SaveOptions.DisableFormatting), SoapContentType, Encoding.UTF8, 200);

    /// <summary>A SOAP 1.2 fault as Magento writes it (Model\Soap\Fault::getSoapFaultMessage), with HTTP 200.</summary>
    private static IResult Fault(SoapCall call, string message, IReadOnlyDictionary<string, string>? parameters = null, string code = "Sender")
    {
        var fault = new XElement(Env + "Fault",
            new XElement(Env + "Code", new XElement(Env + "Value", "env:" + code)),
            new XElement(Env + "Reason", new XElement(Env + "Text", new XAttribute(XNamespace.Xml + "lang", "en"), message)));
        var envelope = new XElement(Env + "Envelope", new XAttribute(XNamespace.Xmlns + "env", Env), new XElement(Env + "Body", fault));
        if (parameters is { Count: > 0 })
        {
            XNamespace m = WebUtility.UrlEncode(Namespace(call) + "&wsdl=1");
            envelope.Add(new XAttribute(XNamespace.Xmlns + "m", m));
            fault.Add(new XElement(Env + "Detail", new XElement(m + "GenericFault", new XElement(m + "Parameters",
                parameters.Select(p => new XElement(m + "GenericFaultParameter", new XElement(m + "key", p.Key), new XElement(m + "value", p.Value)))))));
        }
        return Envelope(new XDocument(new XDeclaration("1.0", "utf-8", null), envelope));
    }

    // --- Operations -------------------------------------------------------------------------------------------

    private SoapAnswer CreateAdminAccessToken(SoapCall call, XElement request)
    {
        var username = request.Element("username")?.Value;
        var password = request.Element("password")?.Value;
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
        {
            return Refuse("One or more input exceptions have occurred.");
        }
        var user = AdminUsers[call.Domain];
        if (username != user.Username || password != user.Password)
        {
            return Refuse(AccountSignInIncorrect);
        }
        Interlocked.Increment(ref _adminLogins);
        return new SoapAnswer(new XElement("result", _adminTokens.Issue(call.Domain, _adminTokenLifetime).Value));
    }

    private SoapAnswer UpdateStockItemBySku(SoapCall call, XElement request)
    {
        var sku = request.Element("productSku")?.Value;
        if (string.IsNullOrEmpty(sku))
        {
            return Refuse("\"%fieldName\" is required. Enter and try again.", new Dictionary<string, string> { ["fieldName"] = "productSku" });
        }
        if (request.Element("stockItem") is not { } stockItem)
        {
            return Refuse("\"%fieldName\" is required. Enter and try again.", new Dictionary<string, string> { ["fieldName"] = "stockItem" });
        }
        var id = Enumerable.Range(1, _productCount).FirstOrDefault(n => Sku(n) == sku);
        if (id == 0)
        {
            return Refuse("The product that was requested doesn't exist. Verify the product and try again.");
        }
        var changes = new Dictionary<string, JsonNode?>();
        foreach (var field in stockItem.Elements())
        {
            switch (field.Name.LocalName)
            {
                case "qty":
                    if (!double.TryParse(field.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var qty))
                    {
                        return Refuse("The \"%value\" value's type is invalid. The \"%type\" type was expected. Verify and try again.", new Dictionary<string, string> { ["value"] = field.Value, ["type"] = "float" });
                    }
                    changes["stock_item.qty"] = qty;
                    break;
                case "isInStock":
                    if (field.Value is not ("true" or "false" or "1" or "0"))
                    {
                        return Refuse("The \"%value\" value's type is invalid. The \"%type\" type was expected. Verify and try again.", new Dictionary<string, string> { ["value"] = field.Value, ["type"] = "bool" });
                    }
                    changes["stock_item.is_in_stock"] = field.Value is "true" or "1";
                    break;
                case "manageStock" or "itemId" or "productId" or "stockId" or "minQty" or "maxSaleQty" or "minSaleQty" or "backorders" or "notifyStockQty":
                    break;
                default:
                    return Refuse("Property \"%property\" does not have accessor method in class \"%class\".", new Dictionary<string, string> { ["property"] = field.Name.LocalName, ["class"] = "Magento\\CatalogInventory\\Api\\Data\\StockItemInterface" });
            }
        }
        var edits = _productEdits.GetOrAdd((call.Domain, id), _ => []);
        lock (edits)
        {
            foreach (var (name, value) in changes)
            {
                edits[name] = value;
            }
            edits["updated_at"] = Date(_time.GetUtcNow());
        }
        return new SoapAnswer(new XElement("result", id));
    }

    /// <summary>searchCriteria of a SOAP request, searched as the REST API searches (<see cref="Search"/>).</summary>
    private static SoapAnswer SoapSearch(XElement request, IEnumerable<JsonObject> all, string[] fields)
    {
        if (request.Element("searchCriteria") is not { } criteria)
        {
            return Refuse("\"%fieldName\" is required. Enter and try again.", new Dictionary<string, string> { ["fieldName"] = "searchCriteria" });
        }
        SoapAnswer? Int(string name, out int? value)
        {
            value = null;
            if (criteria.Element(name) is not { } element)
            {
                return null;
            }
            if (!int.TryParse(element.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            {
                return Refuse("The \"%value\" value's type is invalid. The \"%type\" type was expected. Verify and try again.", new Dictionary<string, string> { ["value"] = element.Value, ["type"] = "int" });
            }
            value = number;
            return null;
        }
        if (Int("pageSize", out var pageSize) is { } badSize)
        {
            return badSize;
        }
        if (Int("currentPage", out var currentPage) is { } badPage)
        {
            return badPage;
        }
        if (pageSize > MaxPageSize)
        {
            return Refuse("Maximum SearchCriteria pageSize is %max", new Dictionary<string, string> { ["max"] = MaxPageSize.ToString(CultureInfo.InvariantCulture) });
        }
        foreach (var element in criteria.Elements())
        {
            if (element.Name.LocalName is not ("filterGroups" or "sortOrders" or "pageSize" or "currentPage"))
            {
                return Refuse("Property \"%property\" does not have accessor method in class \"%class\".", new Dictionary<string, string> { ["property"] = element.Name.LocalName, ["class"] = "Magento\\Framework\\Api\\SearchCriteriaInterface" });
            }
        }

        var filterGroups = new List<List<Filter>>();
        foreach (var group in criteria.Element("filterGroups")?.Elements("item") ?? [])
        {
            var filters = new List<Filter>();
            foreach (var filter in group.Element("filters")?.Elements("item") ?? [])
            {
                var field = filter.Element("field")?.Value ?? "";
                var condition = filter.Element("conditionType")?.Value ?? "eq";
                if (!fields.Contains(field, StringComparer.Ordinal))
                {
                    return Refuse("\"%fieldName\" is not a field that can be filtered on.", new Dictionary<string, string> { ["fieldName"] = field });
                }
                if (!Conditions.Contains(condition, StringComparer.Ordinal))
                {
                    return Refuse("Invalid condition type: %condition.", new Dictionary<string, string> { ["condition"] = condition });
                }
                if (filter.Element("value") is null && condition is not ("null" or "notnull"))
                {
                    return Refuse("\"%fieldName\" is required. Enter and try again.", new Dictionary<string, string> { ["fieldName"] = "value" });
                }
                filters.Add(new Filter(field, filter.Element("value")?.Value ?? "", condition));
            }
            filterGroups.Add(filters);
        }
        var sorts = new List<(string Field, string Direction)>();
        foreach (var sort in criteria.Element("sortOrders")?.Elements("item") ?? [])
        {
            var field = sort.Element("field")?.Value ?? "";
            var direction = (sort.Element("direction")?.Value ?? "ASC").ToUpperInvariant();
            if (!fields.Contains(field, StringComparer.Ordinal) || direction is not ("ASC" or "DESC"))
            {
                return Refuse("Invalid sort order: %field %direction.", new Dictionary<string, string> { ["field"] = field, ["direction"] = direction });
            }
            sorts.Add((field, direction));
        }

        var matching = all.Where(record => filterGroups.All(group => group.Any(filter => Matches(record, filter)))).ToList();
        foreach (var (field, direction) in Enumerable.Reverse(sorts))
        {
            matching = direction == "ASC"
                ? [.. matching.OrderBy(r => SortText(Field(r, field)), StringComparer.Ordinal)]
                : [.. matching.OrderByDescending(r => SortText(Field(r, field)), StringComparer.Ordinal)];
        }
        var total = matching.Count;
        IEnumerable<JsonObject> page = matching;
        if (pageSize is { } size)
        {
            // Magento's quirk, as on REST: a page past the end is the last page again, never an empty one.
            var lastPage = Math.Max(1, (total + size - 1) / size);
            page = matching.Skip((Math.Min(currentPage ?? 1, lastPage) - 1) * size).Take(size);
        }
        return new SoapAnswer(new XElement("result",
            new XElement("items", page.Select(r => Xml("item", r))),
            new XElement("searchCriteria", criteria.Elements()),
            new XElement("totalCount", total)));
    }

    /// <summary>A record as Magento's SOAP answers write it: keys in camelCase, lists as item elements, nulls left out.</summary>
    private static XElement Xml(string name, JsonNode? node) => node switch
    {
        JsonObject o => new XElement(name, o.Where(p => p.Value is not null).Select(p => Xml(CamelCase(p.Key), p.Value))),
        JsonArray a => new XElement(name, a.Select(item => Xml("item", item))),
        JsonValue v when v.TryGetValue<bool>(out var b) => new XElement(name, b ? "true" : "false"),
        JsonValue v when v.TryGetValue<string>(out var s) => new XElement(name, s),
        JsonValue v => new XElement(name, v.ToJsonString()),
        _ => new XElement(name),
    };

    private static string CamelCase(string snake)
    {
        var parts = snake.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
