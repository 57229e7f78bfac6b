using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Patchworks.TestApi.Hosting;

namespace Patchworks.TestApi.Apis;

/// <summary>
/// Lightspeed Retail (X-Series), formerly Vend, as samples/lightspeed-x-series uses it, written from Lightspeed's
/// documentation (x-series-api.lightspeedhq.com: Authorization, Pagination, Rate limiting, the 2.0 references):
/// <list type="bullet">
/// <item>secure.retail.lightspeed.app/connect stands for the retailer's consent: it checks response_type=code, the
/// app's client id and redirect URI, and redirects 302 back with <c>code</c>, <c>domain_prefix</c> (the store the
/// user signed in to) and <c>state</c>;</item>
/// <item>{domain_prefix}.retail.lightspeed.app/api/1.0/token takes a form with client_id and client_secret in the
/// body: grant_type authorization_code (code single use, redirect_uri as at /connect, on the store's own host) or
/// refresh_token; it answers access_token, token_type Bearer, expires (Unix time), expires_in, refresh_token and
/// domain_prefix. A refresh answers a new refresh token and the old one stops working;</item>
/// <item>the 2.0 API takes <c>Authorization: Bearer</c> with an OAuth access token of that store or a personal
/// token made in the store; anything else → 401 <c>{"error", "message"}</c>; an OAuth token without the endpoint's
/// scope (products:read, customers:write…) → 403; a domain prefix that is no store → 404. /connect takes a
/// space-delimited <c>scope</c> of scopes declared on the app (<see cref="AppScopes"/>), else 400;</item>
/// <item>2.0 collections (products, customers, sales, inventory) are ordered by <c>version</c> (a global counter
/// that grows with every change, with gaps) and page with <c>after</c> (exclusive; 0 or absent: the start),
/// <c>before</c> and <c>page_size</c>: <c>{data, version: {min, max}}</c>, and past the end <c>{"data": []}</c> with
/// no version. page_size defaults to <see cref="DefaultPageSize"/>; a larger one than <see cref="MaxPageSize"/> is
/// served as the maximum, not refused (Lightspeed's changelog says so of /search; the pagination guide names no
/// maximum for 2.0); a page_size or after that is not a number → 400. Deleted records only with deleted=true;</item>
/// <item>a fixed window per store (<see cref="DefaultQuota"/> requests in 5 minutes here) reported in
/// <c>X-RateLimit-Limit</c> and <c>X-RateLimit-Remaining</c>; beyond it 429 with <c>Retry-After</c> as an HTTP date
/// (not seconds) and <c>X-RateLimit-Reset</c>.</item>
/// </list>
/// Record n of a collection has version <c>base + 13·n</c> and id <c>…-{n:D12}</c>, so a client can check order and
/// that each record arrives once.
/// </summary>
public sealed class LightspeedXSeriesApi : IFakeApi
{
    public const string TestDomainPrefix = "acmeoutdoorsandbox";
    public const string LiveDomainPrefix = "acmeoutdoor";
    /// <summary>A personal token made in the test store (Setup > Personal tokens).</summary>
    public const string TestPersonalToken = "lsxs_pt_7d1e4c9a2b6f8e0d3c5a7b9e1f2d4c6a";
    /// <summary>The live instance's app (developer.vendhq.com / Lightspeed developer portal).</summary>
    public const string ClientId = "xs_app_4Qk9vT2mW8rZ1pL6";
    public const string ClientSecret = "xs-test-client-secret-9b3e71c4";
    public const string RedirectUri = "https://app.wearepatchworks.com/oauth/authenticate";
    public const int DefaultPageSize = 1000;
    public const int MaxPageSize = 1000;
    public const int DefaultQuota = 350;
    public const int DeletedEvery = 25;
    /// <summary>The scopes declared on the app in the developer portal: /connect refuses a request for others.</summary>
    public const string AppScopes = "products:read customers:read customers:write sales:read inventory:read";

    private static readonly DateTimeOffset Epoch = new(2024, 2, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] SaleStatuses = ["CLOSED", "CLOSED", "ONACCOUNT_CLOSED", "LAYBY_CLOSED", "VOIDED"];

    private readonly Dictionary<string, (long Base, int Count)> _collections;
    private readonly int _quota;
    private readonly TimeSpan _window;
    private readonly TimeSpan _accessTokenLifetime;
    private readonly TimeProvider _time;
    private readonly TokenIssuer _accessTokens;
    private readonly TokenIssuer _refreshTokens;
    private readonly ConcurrentDictionary<string, (string RedirectUri, string Prefix, string Scope, DateTimeOffset ExpiresAt)> _codes = new(StringComparer.Ordinal);
    // The scopes each OAuth token (access or refresh) was granted.
    private readonly ConcurrentDictionary<string, string> _scopes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FixedWindowLimit> _windows = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<JsonObject>> _created = new(StringComparer.Ordinal);
    private long _nextVersion = 9_000_000;

    /// <param name="accessTokenLifetime">expires_in of an OAuth access token (Lightspeed: a day).</param>
    /// <param name="quota">Requests a store's window allows.</param>
    public LightspeedXSeriesApi(int productCount = 260, int customerCount = 130, int saleCount = 300, int inventoryCount = 260,
        int quota = DefaultQuota, TimeSpan? window = null, TimeSpan? accessTokenLifetime = null, TimeProvider? time = null)
    {
        _collections = new(StringComparer.Ordinal)
        {
            ["products"] = (1_000_000, productCount),
            ["customers"] = (2_000_000, customerCount),
            ["sales"] = (3_000_000, saleCount),
            ["inventory"] = (4_000_000, inventoryCount),
        };
        _quota = quota;
        _window = window ?? TimeSpan.FromMinutes(5);
        _accessTokenLifetime = accessTokenLifetime ?? TimeSpan.FromDays(1);
        _time = time ?? TimeProvider.System;
        _accessTokens = new TokenIssuer(_time, "lsxs_at_");
        _refreshTokens = new TokenIssuer(_time, "lsxs_rt_");
    }

    public IReadOnlyList<string> Hosts { get; } = ["secure.retail.lightspeed.app", "*.retail.lightspeed.app"];

    /// <summary>The version of record n of a collection.</summary>
    public static long VersionOf(string collection, int n) => collection switch
    {
        "products" => 1_000_000,
        "customers" => 2_000_000,
        "sales" => 3_000_000,
        _ => 4_000_000,
    } + 13L * n;

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/connect", Connect).RequireHost("secure.retail.lightspeed.app");
        routes.MapPost("/api/1.0/token", AsyncHandler.Of(Token));
        foreach (var collection in new[] { "products", "customers", "sales", "inventory" })
        {
            routes.MapGet($"/api/2.0/{collection}", (HttpContext context) => Api(context, $"{collection}:read", prefix => List(context, prefix, collection)));
        }
        routes.MapPost("/api/2.0/customers", AsyncHandler.Of(async context =>
        {
            var isJson = context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
            var body = isJson ? await RequestFields.ReadJsonAsync(context.Request) : null;
            return Api(context, "customers:write", prefix => CreateCustomer(prefix, isJson, body));
        }));
    }

    private static string? PrefixOf(HttpContext context)
    {
        const string suffix = ".retail.lightspeed.app";
        var host = context.Request.Host.Host;
        return host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) ? host[..^suffix.Length].ToLowerInvariant() : null;
    }

    private static bool IsStore(string? prefix) => prefix is TestDomainPrefix or LiveDomainPrefix;

    // --- OAuth -------------------------------------------------------------------------------------------------

    private static bool RedirectAllowed(string uri) =>
        uri == RedirectUri || (Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme == "http" && parsed.IsLoopback);

    /// <summary>The sign-in and consent page, consented for the live store.</summary>
    private IResult Connect(HttpContext context)
    {
        var query = context.Request.Query;
        if (query["response_type"] != "code")
        {
            return Results.Text("response_type must be code.", statusCode: 400);
        }
        if (query["client_id"] != ClientId)
        {
            return Results.Text("The application could not be found: check the client_id.", statusCode: 400);
        }
        var redirect = query["redirect_uri"].ToString();
        if (!RedirectAllowed(redirect))
        {
            return Results.Text("The redirect_uri does not match the application's redirect URI.", statusCode: 400);
        }
        // Space-delimited scopes, each one the app declared (required since Lightspeed made scopes mandatory).
        var scope = query["scope"].ToString();
        var asked = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (asked.Length == 0 || asked.Any(a => !AppScopes.Split(' ').Contains(a)))
        {
            return Results.Text("The scope must list scopes declared on the application.", statusCode: 400);
        }
        var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _codes[code] = (redirect, LiveDomainPrefix, string.Join(' ', asked), _time.GetUtcNow().AddMinutes(10));
        var parameters = new Dictionary<string, string?> { ["code"] = code, ["domain_prefix"] = LiveDomainPrefix };
        if (!string.IsNullOrEmpty(query["state"]))
        {
            parameters["state"] = query["state"];
        }
        return Results.Redirect(QueryHelpers.AddQueryString(redirect, parameters));
    }

    private async Task<IResult> Token(HttpContext context)
    {
        var prefix = PrefixOf(context);
        if (!IsStore(prefix))
        {
            return Error(404, "Not Found", "There is no store at this address: check the domain prefix.");
        }
        if (!context.Request.HasFormContentType)
        {
            return OAuthError("invalid_request", "The token request must be a form (application/x-www-form-urlencoded).");
        }
        var fields = await RequestFields.ReadAsync(context.Request);
        if (fields.Get("client_id") != ClientId || fields.Get("client_secret") != ClientSecret)
        {
            return OAuthError("invalid_client", "The client credentials are invalid.", 401);
        }
        switch (fields.Get("grant_type"))
        {
            case "authorization_code":
                if (fields.Get("code") is not { } code || !_codes.TryRemove(code, out var pending) || _time.GetUtcNow() >= pending.ExpiresAt)
                {
                    return OAuthError("invalid_grant", "The authorization code is invalid or has expired.");
                }
                if (fields.Get("redirect_uri") != pending.RedirectUri)
                {
                    return OAuthError("invalid_grant", "The redirect_uri does not match the one the code was issued to.");
                }
                if (pending.Prefix != prefix)
                {
                    return OAuthError("invalid_grant", "The code was issued for another store.");
                }
                return Issue(prefix!, pending.Scope);
            case "refresh_token":
                if (_refreshTokens.Find(fields.Get("refresh_token")) is not { } refresh || refresh.Subject != prefix)
                {
                    return OAuthError("invalid_grant", "The refresh token is invalid.");
                }
                _refreshTokens.Revoke(refresh.Value);
                return Issue(prefix!, _scopes.TryGetValue(refresh.Value, out var granted) ? granted : "");
            default:
                return OAuthError("unsupported_grant_type", "grant_type must be authorization_code or refresh_token.");
        }
    }

    private IResult Issue(string prefix, string scope)
    {
        var access = _accessTokens.Issue(prefix, _accessTokenLifetime);
        var refresh = _refreshTokens.Issue(prefix, TimeSpan.FromDays(3650));
        _scopes[access.Value] = scope;
        _scopes[refresh.Value] = scope;
        return Json(new JsonObject
        {
            ["access_token"] = access.Value,
            ["token_type"] = "Bearer",
            ["expires"] = access.ExpiresAt.ToUnixTimeSeconds(),
            ["expires_in"] = (long)_accessTokenLifetime.TotalSeconds,
            ["refresh_token"] = refresh.Value,
            ["domain_prefix"] = prefix,
        });
    }

    private static IResult OAuthError(string error, string description, int status = 400) =>
        Json(new JsonObject { ["error"] = error, ["error_description"] = description }, status);

    // --- The gate of the 2.0 API: store, token, rate limit ------------------------------------------------------

    private IResult Api(HttpContext context, string scope, Func<string, IResult> handle)
    {
        var prefix = PrefixOf(context);
        if (!IsStore(prefix))
        {
            return Error(404, "Not Found", "There is no store at this address: check the domain prefix.");
        }
        var bearer = TokenIssuer.BearerOf(context.Request);
        var personal = prefix == TestDomainPrefix && bearer == TestPersonalToken;
        if (!personal)
        {
            var token = _accessTokens.Find(bearer);
            if (token is null)
            {
                return Error(401, "Unauthorized", bearer is null ? "No access token was given: send Authorization: Bearer <token>." : "The access token is invalid or has expired.");
            }
            if (token.Subject != prefix)
            {
                return Error(401, "Unauthorized", "The access token belongs to another store.");
            }
            // A personal token has its user's permissions; an OAuth token only the scopes the retailer granted.
            if (!(_scopes.TryGetValue(token.Value, out var granted) ? granted : "").Split(' ').Contains(scope))
            {
                return Error(403, "Forbidden", $"This endpoint requires the scope {scope}, which the token was not granted.");
            }
        }
        var (allowed, left, reset) = _windows.GetOrAdd(prefix!, _ => new FixedWindowLimit(_quota, _window, _time)).TryTakeWithReset();
        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = _quota.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = left.ToString(CultureInfo.InvariantCulture);
        if (!allowed)
        {
            // An HTTP date holds whole seconds: round up, so that the time it names is never before the window resets.
            var exact = _time.GetUtcNow() + reset;
            var at = new DateTimeOffset(exact.UtcTicks - exact.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(exact.UtcTicks % TimeSpan.TicksPerSecond == 0 ? 0 : 1);
            headers["Retry-After"] = at.ToString("r", CultureInfo.InvariantCulture);
            headers["X-RateLimit-Reset"] = at.ToString("r", CultureInfo.InvariantCulture);
            return Error(429, "Too Many Requests", "The rate limit of this store is exhausted; retry after the time in Retry-After.");
        }
        return handle(prefix!);
    }

    private static IResult Error(int status, string error, string message) =>
        Json(new JsonObject { ["error"] = error, ["message"] = message }, status);

    private static IResult Json(JsonNode body, int status = 200) =>
        Results.Text(body.ToJsonString(JsonText.Options), "application/json", Encoding.UTF8, status);

    // --- 2.0 collections --------------------------------------------------------------------------------------

    private IResult List(HttpContext context, string prefix, string collection)
    {
        var query = context.Request.Query;
        long after = 0;
        long before = long.MaxValue;
        var pageSize = DefaultPageSize;
        if (query.ContainsKey("after") && (!long.TryParse(query["after"], NumberStyles.None, CultureInfo.InvariantCulture, out after)))
        {
            return Error(400, "Bad Request", "after must be a version number (a non-negative integer).");
        }
        if (query.ContainsKey("before") && (!long.TryParse(query["before"], NumberStyles.None, CultureInfo.InvariantCulture, out before)))
        {
            return Error(400, "Bad Request", "before must be a version number (a non-negative integer).");
        }
        if (query.ContainsKey("page_size") && (!int.TryParse(query["page_size"], NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1))
        {
            return Error(400, "Bad Request", "page_size must be a positive integer.");
        }
        pageSize = Math.Min(pageSize, MaxPageSize);
        var deleted = query["deleted"] == "true";
        var (_, count) = _collections[collection];
        var records = Enumerable.Range(1, count).Select(n => Record(prefix, collection, n))
            .Concat(collection == "customers" && _created.TryGetValue(prefix, out var created) ? CreatedCopy(created) : [])
            .Where(r => deleted || r["deleted_at"] is null)
            .Where(r => r["version"]!.GetValue<long>() > after && r["version"]!.GetValue<long>() <= before)
            .OrderBy(r => r["version"]!.GetValue<long>())
            .Take(pageSize)
            .ToList();
        if (records.Count == 0)
        {
            // Past the end: an empty collection and no version object.
            return Json(new JsonObject { ["data"] = new JsonArray() });
        }
        return Json(new JsonObject
        {
            ["data"] = new JsonArray([.. records]),
            ["version"] = new JsonObject
            {
                ["min"] = records[0]["version"]!.GetValue<long>(),
                ["max"] = records[^1]["version"]!.GetValue<long>(),
            },
        });
    }

    private static List<JsonObject> CreatedCopy(List<JsonObject> created)
    {
        lock (created)
        {
            return [.. created.Select(c => (JsonObject)c.DeepClone())];
        }
    }

    private static string Id(string collection, int n) => collection switch
    {
        "products" => "0242ac12-0002-11e9-e8c4-",
        "customers" => "0242ac12-0002-11e9-e8c5-",
        "sales" => "0242ac12-0002-11e9-e8c6-",
        _ => "0242ac12-0002-11e9-e8c7-",
    } + n.ToString("D12", CultureInfo.InvariantCulture);

    public const string OutletId = "0242ac12-0002-11e9-e8c3-000000000001";
    public const string RegisterId = "0242ac12-0002-11e9-e8c3-000000000101";

    private static string Iso(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    private static JsonObject Record(string prefix, string collection, int n)
    {
        var version = VersionOf(collection, n);
        var deletedAt = n % DeletedEvery == 0 ? Iso(Epoch.AddDays(30).AddHours(n)) : null;
        return collection switch
        {
            "products" => new JsonObject
            {
                ["id"] = Id(collection, n),
                ["source_id"] = null,
                ["variant_parent_id"] = null,
                ["name"] = $"Trail Tee {n}",
                ["variant_name"] = $"Trail Tee {n}",
                ["handle"] = $"trailtee{n}",
                ["sku"] = $"TT-{n:D5}",
                ["active"] = n % 9 != 0,
                ["has_inventory"] = true,
                ["is_composite"] = false,
                ["description"] = $"<p>Trail tee number {n}.</p>",
                ["supply_price"] = Math.Round(4 + n * 0.1, 2),
                ["price_excluding_tax"] = Math.Round(10 + n * 0.25, 2),
                ["brand_id"] = "0242ac12-0002-11e9-e8c2-000000000007",
                ["supplier_id"] = null,
                ["product_type_id"] = null,
                ["created_at"] = Iso(Epoch.AddHours(n)),
                ["updated_at"] = Iso(Epoch.AddHours(n * 2)),
                ["deleted_at"] = deletedAt,
                ["version"] = version,
            },
            "customers" => new JsonObject
            {
                ["id"] = Id(collection, n),
                ["customer_code"] = $"ACME-{n:D5}",
                ["first_name"] = "Shopper",
                ["last_name"] = $"{n}",
                ["name"] = $"Shopper {n}",
                ["email"] = $"shopper{n}@example.com",
                ["phone"] = $"+44 20 7946 {n % 10000:D4}",
                ["company_name"] = n % 4 == 0 ? $"Company {n}" : null,
                ["customer_group_id"] = "0242ac12-0002-11e9-e8c2-000000000001",
                ["balance"] = "0.00",
                ["year_to_date"] = (n * 3.5m).ToString("0.00", CultureInfo.InvariantCulture),
                ["loyalty_balance"] = "0.00",
                ["do_not_email"] = n % 7 == 0,
                ["created_at"] = Iso(Epoch.AddHours(n * 3)),
                ["updated_at"] = Iso(Epoch.AddHours(n * 3 + 1)),
                ["deleted_at"] = deletedAt,
                ["version"] = version,
            },
            "sales" => new JsonObject
            {
                ["id"] = Id(collection, n),
                ["outlet_id"] = OutletId,
                ["register_id"] = RegisterId,
                ["user_id"] = "0242ac12-0002-11e9-e8c3-000000000201",
                ["customer_id"] = n % 3 == 0 ? null : Id("customers", n % 300 + 1),
                ["invoice_number"] = $"{prefix.ToUpperInvariant()[..4]}-{n}",
                ["status"] = SaleStatuses[n % SaleStatuses.Length],
                ["state"] = SaleStatuses[n % SaleStatuses.Length] == "VOIDED" ? "voided" : "closed",
                ["note"] = "",
                ["total_price"] = Math.Round(n * 2.5, 2),
                ["total_tax"] = Math.Round(n * 0.5, 2),
                ["sale_date"] = Iso(Epoch.AddMinutes(n * 37)),
                ["created_at"] = Iso(Epoch.AddMinutes(n * 37)),
                ["updated_at"] = Iso(Epoch.AddMinutes(n * 37 + 2)),
                ["deleted_at"] = deletedAt,
                ["version"] = version,
                ["line_items"] = new JsonArray(new JsonObject
                {
                    ["id"] = Id("sales", n).Replace("e8c6", "e8d6", StringComparison.Ordinal),
                    ["product_id"] = Id("products", n % 400 + 1),
                    ["quantity"] = 1 + n % 3,
                    ["price"] = Math.Round(n * 2.5 / (1 + n % 3), 2),
                    ["tax"] = Math.Round(n * 0.5 / (1 + n % 3), 2),
                    ["status"] = "CONFIRMED",
                }),
            },
            _ => new JsonObject
            {
                ["id"] = Id(collection, n),
                ["outlet_id"] = OutletId,
                ["product_id"] = Id("products", n),
                ["inventory_level"] = n % 41,
                ["current_amount"] = n % 41,
                ["reorder_point"] = 5,
                ["reorder_amount"] = 20,
                ["average_cost"] = Math.Round(4 + n * 0.1, 2),
                ["deleted_at"] = deletedAt,
                ["version"] = version,
            },
        };
    }

    // --- Create a customer ---------------------------------------------------------------------------------------

    private IResult CreateCustomer(string prefix, bool isJson, JsonNode? body)
    {
        if (!isJson)
        {
            return Error(415, "Unsupported Media Type", "Send the customer as JSON (Content-Type: application/json).");
        }
        if (body is not JsonObject fields)
        {
            return Error(400, "Bad Request", "The request body is not a JSON object.");
        }
        string? Text(string name) => fields[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Trim().Length > 0 ? s.Trim() : null;
        var details = new JsonObject();
        if (Text("first_name") is null && Text("last_name") is null && Text("company_name") is null)
        {
            details["name"] = "A customer needs a first name, a last name or a company name.";
        }
        if (Text("email") is { } email && !System.Text.RegularExpressions.Regex.IsMatch(email, @"^[^@\s]+@[^@\s]+\.[^@\s]+$"))
        {
            details["email"] = "The email address is not valid.";
        }
        var all = _created.GetOrAdd(prefix, _ => []);
        var code = Text("customer_code");
        if (code is not null && (Enumerable.Range(1, _collections["customers"].Count).Any(n => $"ACME-{n:D5}" == code) || CreatedCopy(all).Any(c => c["customer_code"]!.GetValue<string>() == code)))
        {
            details["customer_code"] = "The customer code is already in use.";
        }
        if (details.Count > 0)
        {
            return Json(new JsonObject { ["error"] = "Unprocessable Entity", ["message"] = "The customer is not valid.", ["details"] = details }, 422);
        }
        var version = Interlocked.Increment(ref _nextVersion);
        var now = Iso(_time.GetUtcNow());
        var customer = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["customer_code"] = code ?? $"{Text("first_name") ?? ""}{Text("last_name") ?? ""}-{version % 10000:D4}".TrimStart('-'),
            ["first_name"] = Text("first_name"),
            ["last_name"] = Text("last_name"),
            ["name"] = string.Join(' ', new[] { Text("first_name"), Text("last_name") }.Where(s => s is not null)),
            ["email"] = Text("email"),
            ["phone"] = Text("phone"),
            ["company_name"] = Text("company_name"),
            ["customer_group_id"] = Text("customer_group_id") ?? "0242ac12-0002-11e9-e8c2-000000000001",
            ["balance"] = "0.00",
            ["year_to_date"] = "0.00",
            ["loyalty_balance"] = "0.00",
            ["do_not_email"] = fields["do_not_email"] is JsonValue d && d.TryGetValue<bool>(out var b) && b,
            ["created_at"] = now,
            ["updated_at"] = now,
            ["deleted_at"] = null,
            ["version"] = version,
        };
        lock (all)
        {
            all.Add((JsonObject)customer.DeepClone());
        }
        return Json(new JsonObject { ["data"] = customer }, 201);
    }
}
