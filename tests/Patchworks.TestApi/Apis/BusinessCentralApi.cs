using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Patchworks.TestApi.Hosting;

namespace Patchworks.TestApi.Apis;

/// <summary>
/// Microsoft Dynamics 365 Business Central API v2.0 as samples/business-central uses it, written from Microsoft's
/// documentation (Business Central "API (v2.0)" reference, "Using service-to-service authentication", the Microsoft
/// identity platform's client credentials flow and OData v4 server-driven paging):
/// <list type="bullet">
/// <item><c>POST login.microsoftonline.com/{tenant}/oauth2/v2.0/token</c>, a form only: <c>grant_type=client_credentials</c>,
/// <c>client_id</c>, <c>client_secret</c>, <c>scope=https://api.businesscentral.dynamics.com/.default</c> →
/// <c>{token_type, expires_in, ext_expires_in, access_token}</c>; errors as the identity platform writes them
/// (<c>{error, error_description: "AADSTS…", error_codes, timestamp, trace_id, correlation_id}</c>): an unknown tenant
/// 400 <c>invalid_request</c> (AADSTS90002), an unknown client 400 <c>unauthorized_client</c> (AADSTS700016), a wrong
/// secret 401 <c>invalid_client</c> (AADSTS7000215), another scope 400 <c>invalid_scope</c> (AADSTS1002012), another
/// grant 400 <c>unsupported_grant_type</c>;</item>
/// <item><c>api.businesscentral.dynamics.com/v2.0/{tenant}/{environment}/api/v2.0/</c>: <c>companies</c>,
/// <c>companies({id})/customers</c>, <c>companies({id})/salesOrders</c> (GET, and POST → 201 with the order and a
/// <c>Location</c>); the token of that tenant as <c>Authorization: Bearer</c>, else 401
/// <c>Authentication_InvalidCredentials</c> with a <c>WWW-Authenticate</c> header; an unknown environment or company
/// → 404; OData errors <c>{"error": {"code", "message"}}</c>;</item>
/// <item>server-driven paging: at most <c>serverPageSize</c> records a page (Business Central's default is 20,000), fewer
/// when the client sends <c>Prefer: odata.maxpagesize=N</c> (answered with <c>Preference-Applied</c>), and
/// <c>@odata.nextLink</c>, an absolute URL with an opaque <c>$skiptoken</c>, while there is more;
/// <c>$filter=lastModifiedDateTime gt …</c> (other filters: 400).</item>
/// </list>
/// Customer numbers are C00001.., order numbers S-ORD100001.., and ids GUIDs whose last group is the record's number,
/// so a client can check that every record arrives once and in order.
/// </summary>
public sealed partial class BusinessCentralApi : IFakeApi
{
    public const string TenantId = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    /// <summary>The Microsoft Entra app registration's client id (not a secret) and its client secret.</summary>
    public const string ClientId = "0b7e6d5c-4a3b-4c2d-9e1f-a0b1c2d3e4f5";
    public const string ClientSecret = "bc~test~Qx8Ye3Rw7Tz2Ua9Vb4Nc6Md1Lf5Kg0Jh";
    public const string Scope = "https://api.businesscentral.dynamics.com/.default";
    public static readonly string[] Environments = ["Production", "Sandbox"];
    public const string CompanyId = "3a9f1e2d-7c6b-4a5e-8d4c-000000000001";
    public const string CompanyName = "CRONUS UK Ltd.";
    public const int DefaultServerPageSize = 20000;

    private static readonly DateTimeOffset Epoch = new(2024, 1, 15, 8, 0, 0, TimeSpan.Zero);

    private readonly int _customerCount;
    private readonly int _salesOrderCount;
    private readonly int _serverPageSize;
    private readonly TimeSpan _tokenLifetime;
    private readonly TokenIssuer _tokens;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, List<JsonObject>> _createdOrders = new(StringComparer.OrdinalIgnoreCase);
    private int _nextOrder = 900_000;

    /// <param name="serverPageSize">The most records a page holds whatever the client prefers (Business Central: 20,000).</param>
    public BusinessCentralApi(int customerCount = 120, int salesOrderCount = 260, int serverPageSize = DefaultServerPageSize, TimeSpan? tokenLifetime = null, TimeProvider? time = null)
    {
        _customerCount = customerCount;
        _salesOrderCount = salesOrderCount;
        _serverPageSize = serverPageSize;
        _tokenLifetime = tokenLifetime ?? TimeSpan.FromSeconds(3599);
        _time = time ?? TimeProvider.System;
        _tokens = new TokenIssuer(_time, "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.bc.");
    }

    public IReadOnlyList<string> Hosts { get; } = ["login.microsoftonline.com", "api.businesscentral.dynamics.com"];

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/{tenant}/oauth2/v2.0/token", AsyncHandler.Of(Token)).RequireHost("login.microsoftonline.com");
        const string api = "/v2.0/{tenant}/{environment}/api/v2.0";
        routes.MapGet(api + "/companies", (HttpContext context, string tenant, string environment) =>
            Api(context, tenant, environment, null, () => List(context, [Company()], "companies"))).RequireHost("api.businesscentral.dynamics.com");
        routes.MapGet(api + "/{company}/customers", (HttpContext context, string tenant, string environment, string company) =>
            Api(context, tenant, environment, company, () => List(context, [.. Enumerable.Range(1, _customerCount).Select(Customer)], $"companies({CompanyId})/customers"))).RequireHost("api.businesscentral.dynamics.com");
        routes.MapGet(api + "/{company}/salesOrders", (HttpContext context, string tenant, string environment, string company) =>
            Api(context, tenant, environment, company, () => List(context, SalesOrders(environment), $"companies({CompanyId})/salesOrders"))).RequireHost("api.businesscentral.dynamics.com");
        routes.MapPost(api + "/{company}/salesOrders", AsyncHandler.Of(async context =>
        {
            var values = context.Request.RouteValues;
            var isJson = context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
            var body = isJson ? await RequestFields.ReadJsonAsync(context.Request) : null;
            return Api(context, values["tenant"]!.ToString()!, values["environment"]!.ToString()!, values["company"]!.ToString()!, () => CreateSalesOrder(context, values["environment"]!.ToString()!, isJson, body));
        })).RequireHost("api.businesscentral.dynamics.com");
    }

    // --- Microsoft identity platform: client credentials ---------------------------------------------------------

    private async Task<IResult> Token(HttpContext context)
    {
        var tenant = context.Request.RouteValues["tenant"]!.ToString()!;
        if (!context.Request.HasFormContentType)
        {
            return IdentityError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
        }
        var form = await RequestFields.ReadAsync(context.Request);
        string Field(string name) => form.TryGetValue(name, out var value) ? value : "";
        if (!string.Equals(tenant, TenantId, StringComparison.OrdinalIgnoreCase))
        {
            return IdentityError(400, "invalid_request", 90002, $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
        }
        if (Field("grant_type") != "client_credentials")
        {
            return IdentityError(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
        }
        if (Field("client_id") != ClientId)
        {
            return IdentityError(400, "unauthorized_client", 700016, $"Application with identifier '{Field("client_id")}' was not found in the directory '{tenant}'.");
        }
        if (Field("client_secret") != ClientSecret)
        {
            return IdentityError(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.");
        }
        if (Field("scope") != Scope)
        {
            return IdentityError(400, "invalid_scope", 1002012, $"The provided value for scope {Field("scope")} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");
        }
        var token = _tokens.Issue(TenantId, _tokenLifetime);
        var seconds = (int)_tokenLifetime.TotalSeconds;
        return Json(new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = seconds, ["ext_expires_in"] = seconds, ["access_token"] = token.Value });
    }

    private IResult IdentityError(int status, string error, int code, string description)
    {
        var now = _time.GetUtcNow();
        return Json(new JsonObject
        {
            ["error"] = error,
            ["error_description"] = $"AADSTS{code}: {description} Trace ID: 00000000-0000-0000-0000-000000000000 Correlation ID: 00000000-0000-0000-0000-000000000000 Timestamp: {now:yyyy-MM-dd HH:mm:ss'Z'}",
            ["error_codes"] = new JsonArray(code),
            ["timestamp"] = now.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["trace_id"] = "00000000-0000-0000-0000-000000000000",
            ["correlation_id"] = "00000000-0000-0000-0000-000000000000",
        }, status);
    }

    // --- The API -----------------------------------------------------------------------------------------------------

    private IResult Api(HttpContext context, string tenant, string environment, string? company, Func<IResult> handle)
    {
        if (!string.Equals(tenant, TenantId, StringComparison.OrdinalIgnoreCase) || _tokens.Find(TokenIssuer.BearerOf(context.Request)) is null)
        {
            context.Response.Headers.WWWAuthenticate = $"Bearer authorization_uri=\"https://login.microsoftonline.com/{tenant}/oauth2/authorize\", error=\"invalid_token\"";
            return Error(401, "Authentication_InvalidCredentials", "The server has rejected the client credentials.  CorrelationId:  00000000-0000-0000-0000-000000000000.");
        }
        if (!Environments.Contains(environment, StringComparer.Ordinal))
        {
            return Error(404, "NoEnvironment", $"Environment '{environment}' does not exist for tenant '{tenant}'.");
        }
        if (company is not null)
        {
            // The company segment is companies({id}); the id may be written without braces only.
            if (CompanySegment().Match(company) is not { Success: true } match)
            {
                return Error(404, "BadRequest_NotFound", $"No HTTP resource was found that matches the request URI '{context.Request.Path}'.");
            }
            if (!string.Equals(match.Groups[1].Value, CompanyId, StringComparison.OrdinalIgnoreCase))
            {
                return Error(404, "Internal_CompanyNotFound", $"The company '{match.Groups[1].Value}' does not exist or you do not have access to it.");
            }
        }
        return handle();
    }

    private static IResult Error(int status, string code, string message) =>
        Json(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }, status);

    private static IResult Json(JsonNode body, int status = 200, string contentType = "application/json; charset=utf-8") =>
        Results.Text(body.ToJsonString(JsonText.Options), contentType, Encoding.UTF8, status);

    private static string MetadataBase(HttpContext context) =>
        $"https://{context.Request.Host}{context.Request.Path.Value![..(context.Request.Path.Value!.IndexOf("/api/v2.0", StringComparison.Ordinal) + "/api/v2.0".Length)]}/$metadata";

    /// <summary>
    /// A server-driven page: the filter applied, then up to the page size (the server's, or the client's smaller
    /// odata.maxpagesize) after the $skiptoken, with @odata.nextLink (the request's URL and $skiptoken) while more remain.
    /// </summary>
    private IResult List(HttpContext context, List<JsonObject> all, string entitySet)
    {
        var query = context.Request.Query;
        var pageSize = _serverPageSize;
        var prefer = context.Request.Headers["Prefer"].ToString();
        if (MaxPageSize().Match(prefer) is { Success: true } preferred && int.TryParse(preferred.Groups[1].Value, out var wanted) && wanted > 0)
        {
            pageSize = Math.Min(pageSize, wanted);
            context.Response.Headers["Preference-Applied"] = $"odata.maxpagesize={pageSize}";
        }
        IEnumerable<JsonObject> matching = all;
        if (query["$filter"].ToString() is { Length: > 0 } filter)
        {
            if (ModifiedFilter().Match(filter) is not { Success: true } m
                || !DateTimeOffset.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
            {
                return Error(400, "BadRequest", $"The $filter expression '{filter}' is not supported by this test API (lastModifiedDateTime gt <date and time> is).");
            }
            matching = matching.Where(r => DateTimeOffset.Parse(r["lastModifiedDateTime"]!.GetValue<string>(), CultureInfo.InvariantCulture) > since);
        }
        var position = 0;
        if (query["$skiptoken"].ToString() is { Length: > 0 } skipToken)
        {
            if (!SkipToken().IsMatch(skipToken) || !int.TryParse(skipToken[1..^1].Split('-')[^1], out position))
            {
                return Error(400, "BadRequest", $"The skip token value '{skipToken}' is not valid.");
            }
        }
        var list = matching.ToList();
        var page = list.Skip(position).Take(pageSize).ToList();
        var body = new JsonObject
        {
            ["@odata.context"] = $"{MetadataBase(context)}#{entitySet}",
            ["value"] = new JsonArray([.. page.Select(r => r.DeepClone())]),
        };
        if (position + page.Count < list.Count)
        {
            // Business Central keeps every other query option in the next link and adds an opaque $skiptoken.
            var others = query.Where(q => q.Key != "$skiptoken").Select(q => $"{Uri.EscapeDataString(q.Key).Replace("%24", "$", StringComparison.Ordinal)}={Uri.EscapeDataString(q.Value.ToString())}");
            var next = position + page.Count;
            var token = $"'{next:x32}-{next}'";
            body["@odata.nextLink"] = $"https://{context.Request.Host}{context.Request.Path}?{string.Join("&", others.Append("$skiptoken=" + Uri.EscapeDataString(token)))}";
        }
        return Json(body, contentType: "application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8");
    }

    private IResult CreateSalesOrder(HttpContext context, string environment, bool isJson, JsonNode? body)
    {
        if (!isJson)
        {
            return Error(415, "BadRequest", "The request's Content-Type must be application/json.");
        }
        if (body is not JsonObject fields)
        {
            return Error(400, "BadRequest", "The request body is not a JSON object.");
        }
        string[] writable = ["externalDocumentNumber", "orderDate", "postingDate", "customerId", "customerNumber", "currencyCode", "requestedDeliveryDate", "salesOrderLines"];
        if (fields.Select(f => f.Key).FirstOrDefault(k => !writable.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            return Error(400, "BadRequest", $"The property '{unknown}' does not exist on type 'Microsoft.NAV.salesOrder'. Make sure to only use property names that are defined by the type.");
        }
        var number = fields["customerNumber"] is JsonValue n && n.TryGetValue<string>(out var text) ? text : null;
        var customer = number is null ? null : Enumerable.Range(1, _customerCount).Select(Customer).FirstOrDefault(c => c["number"]!.GetValue<string>() == number);
        if (customer is null)
        {
            return Error(400, "Internal_RecordNotFound", $"The Customer does not exist. Identification fields and values: No.='{number}'");
        }
        var id = Interlocked.Increment(ref _nextOrder);
        var order = SalesOrder(id);
        order["externalDocumentNumber"] = fields["externalDocumentNumber"]?.DeepClone() ?? "";
        order["orderDate"] = fields["orderDate"]?.DeepClone() ?? _time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        order["customerId"] = customer["id"]!.DeepClone();
        order["customerNumber"] = number;
        order["customerName"] = customer["displayName"]!.DeepClone();
        order["status"] = "Draft";
        order["totalAmountExcludingTax"] = 0;
        order["totalAmountIncludingTax"] = 0;
        order["lastModifiedDateTime"] = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        _createdOrders.GetOrAdd(environment, _ => []).Add(order);
        context.Response.Headers.Location = $"https://{context.Request.Host}{context.Request.Path}({order["id"]})";
        var answer = (JsonObject)order.DeepClone();
        answer.Insert(0, "@odata.context", $"{MetadataBase(context)}#companies({CompanyId})/salesOrders/$entity");
        return Json(answer, 201, "application/json; odata.metadata=minimal; charset=utf-8");
    }

    // --- Data ----------------------------------------------------------------------------------------------------------

    private static string Guid12(string prefix, int n) => $"{prefix}-{n:D12}";

    private static string Modified(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Etag(int n) => $"W/\"JzE5OzE{n:D6}MTIzNDU2Nzg5MDE7MDA7Jw==\"";

    private static JsonObject Company() => new()
    {
        ["id"] = CompanyId,
        ["systemVersion"] = "24.1.18927.19211",
        ["timestamp"] = 1024,
        ["name"] = CompanyName,
        ["displayName"] = CompanyName,
        ["businessProfileId"] = "",
        ["systemCreatedAt"] = Modified(Epoch),
        ["systemCreatedBy"] = "00000000-0000-0000-0000-000000000001",
        ["systemModifiedAt"] = Modified(Epoch),
        ["systemModifiedBy"] = "00000000-0000-0000-0000-000000000001",
    };

    private static JsonObject Customer(int n) => new()
    {
        ["@odata.etag"] = Etag(n),
        ["id"] = Guid12("5d1c0e2a-3b4f-4c6d-8e9f", n),
        ["number"] = $"C{n:D5}",
        ["displayName"] = $"Customer {n} Ltd.",
        ["type"] = n % 7 == 0 ? "Person" : "Company",
        ["addressLine1"] = $"{n} Market Street",
        ["addressLine2"] = "",
        ["city"] = "Manchester",
        ["state"] = "",
        ["country"] = "GB",
        ["postalCode"] = "M1 1AA",
        ["phoneNumber"] = $"0161 496 {n % 10000:D4}",
        ["email"] = $"accounts{n}@example.co.uk",
        ["website"] = "",
        ["salespersonCode"] = n % 3 == 0 ? "JR" : "",
        ["balanceDue"] = n * 10.5,
        ["creditLimit"] = 5000,
        ["taxLiable"] = true,
        ["taxAreaId"] = "00000000-0000-0000-0000-000000000000",
        ["taxAreaDisplayName"] = "",
        ["taxRegistrationNumber"] = "",
        ["currencyId"] = "00000000-0000-0000-0000-000000000000",
        ["currencyCode"] = "GBP",
        ["paymentTermsId"] = "00000000-0000-0000-0000-000000000000",
        ["shipmentMethodId"] = "00000000-0000-0000-0000-000000000000",
        ["paymentMethodId"] = "00000000-0000-0000-0000-000000000000",
        ["blocked"] = n % 25 == 0 ? "Ship" : "_x0020_",
        ["lastModifiedDateTime"] = Modified(Epoch.AddHours(n * 5)),
    };

    private List<JsonObject> SalesOrders(string environment)
    {
        var orders = Enumerable.Range(1, _salesOrderCount).Select(SalesOrder).ToList();
        if (_createdOrders.TryGetValue(environment, out var created))
        {
            lock (created)
            {
                orders.AddRange(created.Select(o => (JsonObject)o.DeepClone()));
            }
        }
        return orders;
    }

    private JsonObject SalesOrder(int n)
    {
        var customer = n % _customerCount + 1;
        return new JsonObject
        {
            ["@odata.etag"] = Etag(n),
            ["id"] = Guid12("9a8b7c6d-5e4f-4a3b-9c2d", n),
            ["number"] = $"S-ORD{100000 + n}",
            ["externalDocumentNumber"] = n % 2 == 0 ? $"WEB-{n:D6}" : "",
            ["orderDate"] = Epoch.AddDays(n / 4).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["postingDate"] = Epoch.AddDays(n / 4).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["customerId"] = Guid12("5d1c0e2a-3b4f-4c6d-8e9f", customer),
            ["customerNumber"] = $"C{customer:D5}",
            ["customerName"] = $"Customer {customer} Ltd.",
            ["currencyCode"] = "GBP",
            ["status"] = (n % 3) switch { 0 => "Draft", 1 => "Open", _ => "Released" },
            ["totalAmountExcludingTax"] = n * 25.0,
            ["totalTaxAmount"] = n * 5.0,
            ["totalAmountIncludingTax"] = n * 30.0,
            ["fullyShipped"] = n % 5 == 0,
            ["lastModifiedDateTime"] = Modified(Epoch.AddHours(n * 3)),
        };
    }

    [GeneratedRegex(@"^companies\(([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\)$")]
    private static partial Regex CompanySegment();

    [GeneratedRegex(@"odata\.maxpagesize\s*=\s*(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex MaxPageSize();

    [GeneratedRegex(@"^\s*lastModifiedDateTime\s+gt\s+(\S+)\s*$")]
    private static partial Regex ModifiedFilter();

    [GeneratedRegex(@"^'[0-9a-f]{32}-\d+'$")]
    private static partial Regex SkipToken();
}
