using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Patchworks.TestApi.Hosting;

namespace Patchworks.TestApi.Apis;

/// <summary>
/// Akeneo PIM's REST API as samples/akeneo uses it, on a SaaS instance's host ({tenant}.cloud.akeneo.com), written
/// from Akeneo's documentation (api.akeneo.com: Authentication, Pagination, Response codes, Update behavior,
/// Limitations, the products-uuid, categories, families and attributes references):
/// <list type="bullet">
/// <item><c>POST /api/oauth/v1/token</c>: the connection's client id and secret as HTTP Basic, a JSON or form body
/// with <c>grant_type=password</c>, <c>username</c> and <c>password</c> (the connection user's), or
/// <c>grant_type=refresh_token</c>; answers <c>access_token</c>, <c>expires_in</c> 3600, <c>token_type</c>
/// <c>bearer</c>, <c>scope</c> null and <c>refresh_token</c> (14 days). Refusals are 422 <c>{code, message}</c>;</item>
/// <item>the API takes <c>Authorization: Bearer</c> with a token of this instance; missing, unknown or expired →
/// 401 <c>{code, message}</c>;</item>
/// <item>lists answer <c>{_links: {self, first, previous?, next?}, current_page, _embedded: {items}}</c>, each item
/// with its own <c>_links.self</c>. <c>limit</c> is 10 by default and at most 100: more → 422 "You cannot request more
/// than 100 items."; the offset method (<c>page</c>, <c>with_count</c> adds <c>items_count</c>) gives a next link
/// whenever the page is full, so a full last page leads to an empty one with no next link; products-uuid also takes
/// <c>pagination_type=search_after</c>, ordered by UUID, with an opaque <c>search_after</c> cursor in the next link
/// (again whenever the page is full) and no <c>current_page</c>; offset paging of products stops at 10,000 items (422);</item>
/// <item><c>PATCH /api/rest/v1/products-uuid/{uuid}</c> (application/json): 204 for an update, 201 for a creation,
/// each with a Location header and no body; 422 for an unknown property, family, category or attribute, or a body
/// uuid other than the URL's; 415 for another content type. <c>PATCH /api/rest/v1/products-uuid</c> takes only
/// <c>application/vnd.akeneo.collection+json</c> (one product a line, at most 100) and answers 200 with one status
/// line per product;</item>
/// <item>fair use: 4 calls at once per connection (client id) and 100 a second per instance, then 429 with
/// Retry-After in seconds.</item>
/// </list>
/// Product n has the UUID <c>…-{n:D12}</c> and the identifier AK-{n:D5}; categories, families and attributes are
/// ordered by code.
/// </summary>
public sealed class AkeneoApi : IFakeApi
{
    public const string TestHost = "acme-sandbox.cloud.akeneo.com";
    public const string LiveHost = "acme.cloud.akeneo.com";
    /// <summary>The sandbox's connection (Connect > Connection settings) and its user.</summary>
    public const string TestClientId = "7_4ak1x2m9q0c8s4wg8ok0wk4cgc8kkw0";
    public const string TestSecret = "ak-test-secret-2m6x9c4v1b8n3z";
    public const string TestUsername = "patchworks_4312";
    public const string TestPassword = "ak-test-password-5q8w2e7r";
    /// <summary>The live instance's connection.</summary>
    public const string LiveClientId = "3_1pim9z8y7x6w5v4u3t2s1r0q9p8o7n6";
    public const string LiveSecret = "ak-live-secret-8h3j6k1l4z7x";
    public const string LiveUsername = "patchworks_9025";
    public const string LivePassword = "ak-live-password-3d6f9g2h";
    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;
    public const int MaxOffsetItems = 10_000;
    public const int MaxConcurrentPerConnection = 4;
    public const int RequestsPerSecond = 100;
    public const string CollectionType = "application/vnd.akeneo.collection+json";
    public const string DocumentationHref = "http://api.akeneo.com/api-reference.html";

    private static readonly DateTimeOffset Epoch = new(2024, 1, 15, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] AttributeCodes = ["sku", "name", "description", "price", "weight", "colour", "material", "ean"];
    private static readonly string[] AttributeTypes = ["pim_catalog_identifier", "pim_catalog_text", "pim_catalog_textarea", "pim_catalog_price_collection", "pim_catalog_metric", "pim_catalog_simpleselect", "pim_catalog_text", "pim_catalog_text"];

    private readonly int _productCount;
    private readonly int _categoryCount;
    private readonly int _familyCount;
    private readonly TimeSpan _tokenLifetime;
    private readonly TimeProvider _time;
    private readonly TokenIssuer _accessTokens;
    private readonly TokenIssuer _refreshTokens;
    private readonly ConcurrentDictionary<string, FixedWindowLimit> _perSecond = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    // Products written through PATCH, by host and UUID (a creation or the fields an update set).
    private readonly ConcurrentDictionary<(string Host, string Uuid), JsonObject> _written = new();

    /// <param name="tokenLifetime">expires_in of an access token (Akeneo: 3600 s).</param>
    public AkeneoApi(int productCount = 180, int categoryCount = 230, int familyCount = 12, TimeSpan? tokenLifetime = null, TimeProvider? time = null)
    {
        _productCount = productCount;
        _categoryCount = categoryCount;
        _familyCount = familyCount;
        _tokenLifetime = tokenLifetime ?? TimeSpan.FromHours(1);
        _time = time ?? TimeProvider.System;
        _accessTokens = new TokenIssuer(_time, "ak_at_");
        _refreshTokens = new TokenIssuer(_time, "ak_rt_");
    }

    public IReadOnlyList<string> Hosts { get; } = ["*.cloud.akeneo.com"];

    public static string ProductUuid(int n) => $"0190b5c2-8f3e-7a41-9d2c-{n:D12}";

    private static readonly Dictionary<string, (string ClientId, string Secret, string Username, string Password)> Connections = new(StringComparer.OrdinalIgnoreCase)
    {
        [TestHost] = (TestClientId, TestSecret, TestUsername, TestPassword),
        [LiveHost] = (LiveClientId, LiveSecret, LiveUsername, LivePassword),
    };

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/oauth/v1/token", AsyncHandler.Of(Token));
        routes.MapGet("/api/rest/v1/products-uuid", (HttpContext context) => Api(context, host => Products(context, host)));
        routes.MapGet("/api/rest/v1/categories", (HttpContext context) => Api(context, host => Offset(context, host, "categories", Enumerable.Range(1, _categoryCount).Select(Category))));
        routes.MapGet("/api/rest/v1/families", (HttpContext context) => Api(context, host => Offset(context, host, "families", Enumerable.Range(1, _familyCount).Select(Family))));
        routes.MapGet("/api/rest/v1/attributes", (HttpContext context) => Api(context, host => Offset(context, host, "attributes", AttributeCodes.Select(Attribute).OrderBy(a => a["code"]!.GetValue<string>(), StringComparer.Ordinal))));
        routes.MapMethods("/api/rest/v1/products-uuid/{uuid}", ["PATCH"], AsyncHandler.Of(async context =>
        {
            var text = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            return Api(context, host => PatchOne(context, host, context.Request.RouteValues["uuid"]!.ToString()!, text));
        }));
        routes.MapMethods("/api/rest/v1/products-uuid", ["PATCH"], AsyncHandler.Of(async context =>
        {
            var text = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            return Api(context, host => PatchMany(context, host, text));
        }));
    }

    private static IResult Error(int status, string message, JsonObject? extra = null)
    {
        var body = new JsonObject { ["code"] = status, ["message"] = message };
        foreach (var (key, value) in extra ?? [])
        {
            body[key] = value?.DeepClone();
        }
        return Json(body, status);
    }

    private static IResult Json(JsonNode body, int status = 200) =>
        Results.Text(body.ToJsonString(JsonText.Options), "application/json", Encoding.UTF8, status);

    // --- Token ------------------------------------------------------------------------------------------------

    private async Task<IResult> Token(HttpContext context)
    {
        var host = context.Request.Host.Host;
        if (!Connections.TryGetValue(host, out var connection))
        {
            return Results.NotFound();
        }
        var fields = await RequestFields.ReadAsync(context.Request);
        var (clientId, secret) = BasicCredentials.Of(context.Request);
        if (clientId != connection.ClientId || secret != connection.Secret)
        {
            return Error(422, "Parameter \"client_id\" is missing or does not match any client, or secret is invalid");
        }
        switch (fields.Get("grant_type"))
        {
            case "password":
                if (string.IsNullOrEmpty(fields.Get("username")) || string.IsNullOrEmpty(fields.Get("password")))
                {
                    return Error(422, "Parameter \"grant_type\", \"username\" or \"password\" is missing, empty or invalid");
                }
                if (fields.Get("username") != connection.Username || fields.Get("password") != connection.Password)
                {
                    return Error(422, "No user found for the given username and password");
                }
                return Issue(host, clientId);
            case "refresh_token":
                if (_refreshTokens.Find(fields.Get("refresh_token")) is not { } refresh || refresh.Subject != $"{host}|{clientId}")
                {
                    return Error(422, "Refresh token is invalid or has expired");
                }
                _refreshTokens.Revoke(refresh.Value);
                return Issue(host, clientId);
            default:
                return Error(422, "Parameter \"grant_type\", \"username\" or \"password\" is missing, empty or invalid");
        }
    }

    private IResult Issue(string host, string clientId) => Json(new JsonObject
    {
        ["access_token"] = _accessTokens.Issue($"{host}|{clientId}", _tokenLifetime).Value,
        ["expires_in"] = (int)_tokenLifetime.TotalSeconds,
        ["token_type"] = "bearer",
        ["scope"] = null,
        ["refresh_token"] = _refreshTokens.Issue($"{host}|{clientId}", TimeSpan.FromDays(14)).Value,
    });

    // --- The gate: token, fair use ------------------------------------------------------------------------------

    private IResult Api(HttpContext context, Func<string, IResult> handle)
    {
        var host = context.Request.Host.Host.ToLowerInvariant();
        if (!Connections.ContainsKey(host))
        {
            return Results.NotFound();
        }
        var bearer = TokenIssuer.BearerOf(context.Request);
        if (bearer is null)
        {
            return Error(401, "Authentication is required");
        }
        if (_accessTokens.Find(bearer) is not { } token || !token.Subject.StartsWith(host + "|", StringComparison.Ordinal))
        {
            return Error(401, _accessTokens.ExpiredFor(bearer) is not null ? "The access token provided has expired." : "The access token provided is invalid.");
        }
        var connection = token.Subject;
        var (allowed, _) = _perSecond.GetOrAdd(host, _ => new FixedWindowLimit(RequestsPerSecond, TimeSpan.FromSeconds(1), _time)).TryTake();
        var running = _inFlight.AddOrUpdate(connection, 1, (_, n) => n + 1);
        try
        {
            if (!allowed || running > MaxConcurrentPerConnection)
            {
                context.Response.Headers.RetryAfter = "1";
                return Error(429, "Too many requests");
            }
            return handle(host);
        }
        finally
        {
            _inFlight.AddOrUpdate(connection, 0, (_, n) => n - 1);
        }
    }

    /// <summary>Holds a call of the connection open, as a slow call would: for the concurrency tests.</summary>
    public IDisposable HoldCall(string host, string clientId)
    {
        _inFlight.AddOrUpdate($"{host}|{clientId}", 1, (_, n) => n + 1);
        return new Release(() => _inFlight.AddOrUpdate($"{host}|{clientId}", 0, (_, n) => n - 1));
    }

    private sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }

    // --- Lists ----------------------------------------------------------------------------------------------------

    /// <summary>limit, or the 422 Akeneo answers.</summary>
    private static IResult? ReadLimit(HttpContext context, out int limit)
    {
        limit = DefaultLimit;
        var text = context.Request.Query["limit"].ToString();
        if (text.Length == 0)
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1)
        {
            return Error(422, $"\"{text}\" is not a valid limit number.");
        }
        return limit > MaxLimit ? Error(422, $"You cannot request more than {MaxLimit} items.") : null;
    }

    private string Link(HttpContext context, string host, string path, IDictionary<string, string?> query) =>
        QueryHelpers.AddQueryString($"https://{host}/api/rest/v1/{path}", query);

    private static JsonObject Href(string url) => new() { ["href"] = url };

    private IResult Offset(HttpContext context, string host, string path, IEnumerable<JsonObject> all, bool products = false)
    {
        var query = context.Request.Query;
        if (ReadLimit(context, out var limit) is { } refused)
        {
            return refused;
        }
        var type = query["pagination_type"].ToString();
        if (type is not ("" or "page"))
        {
            return Error(422, type == "search_after" ? "Pagination type is not supported." : "Pagination type does not exist.");
        }
        var page = 1;
        var pageText = query["page"].ToString();
        if (pageText.Length > 0 && (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            return Error(422, $"\"{pageText}\" is not a valid page number.");
        }
        if (products && (long)page * limit > MaxOffsetItems)
        {
            return Error(422, "You have reached the maximum number of pages you can retrieve with the \"page\" pagination type. Please use the search after pagination type instead",
                new JsonObject { ["_links"] = new JsonObject { ["documentation"] = Href("http://api.akeneo.com/documentation/pagination.html#the-search-after-method") } });
        }
        var withCount = query["with_count"].ToString();
        if (withCount is not ("" or "true" or "false"))
        {
            return Error(422, "Parameter \"with_count\" has to be a boolean. Only \"true\" or \"false\" allowed, \"" + withCount + "\" given.");
        }
        var list = all.ToList();
        var items = list.Skip((page - 1) * limit).Take(limit).ToList();
        var linkQuery = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in query)
        {
            linkQuery[key] = value.ToString();
        }
        linkQuery["page"] = page.ToString(CultureInfo.InvariantCulture);
        linkQuery["with_count"] = withCount == "true" ? "true" : "false";
        linkQuery["limit"] = limit.ToString(CultureInfo.InvariantCulture);
        string At(int p) => Link(context, host, path, new Dictionary<string, string?>(linkQuery) { ["page"] = p.ToString(CultureInfo.InvariantCulture) });
        var links = new JsonObject { ["self"] = Href(At(page)), ["first"] = Href(At(1)) };
        if (page > 1)
        {
            links["previous"] = Href(At(page - 1));
        }
        // Akeneo does not count to find the last page: a full page always links to the next, which may be empty.
        if (items.Count >= limit)
        {
            links["next"] = Href(At(page + 1));
        }
        var body = new JsonObject { ["_links"] = links, ["current_page"] = page };
        if (withCount == "true")
        {
            body["items_count"] = list.Count;
        }
        body["_embedded"] = new JsonObject { ["items"] = new JsonArray([.. items.Select(i => WithSelf(host, path, i))]) };
        return Json(body);
    }

    private static JsonObject WithSelf(string host, string path, JsonObject item)
    {
        var key = path == "products-uuid" ? item["uuid"]!.GetValue<string>() : item["code"]!.GetValue<string>();
        var result = new JsonObject { ["_links"] = new JsonObject { ["self"] = Href($"https://{host}/api/rest/v1/{path}/{key}") } };
        foreach (var (name, value) in item)
        {
            result[name] = value?.DeepClone();
        }
        return result;
    }

    private IResult Products(HttpContext context, string host)
    {
        var query = context.Request.Query;
        var filter = SearchFilter(query["search"].ToString(), out var refused);
        if (refused is not null)
        {
            return refused;
        }
        var all = AllProducts(host).Where(filter!);
        if (query["pagination_type"] != "search_after")
        {
            return Offset(context, host, "products-uuid", all, products: true);
        }
        if (ReadLimit(context, out var limit) is { } bad)
        {
            return bad;
        }
        string? after = null;
        var cursor = query["search_after"].ToString();
        if (cursor.Length > 0 && (after = DecodeCursor(cursor)) is null)
        {
            return Error(422, $"Parameter \"search_after\" is not valid: \"{cursor}\".");
        }
        var items = all.Where(p => after is null || string.CompareOrdinal(p["uuid"]!.GetValue<string>(), after) > 0).Take(limit).ToList();
        var linkQuery = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in query)
        {
            if (key != "search_after")
            {
                linkQuery[key] = value.ToString();
            }
        }
        linkQuery["pagination_type"] = "search_after";
        linkQuery["limit"] = limit.ToString(CultureInfo.InvariantCulture);
        var self = cursor.Length > 0 ? new Dictionary<string, string?>(linkQuery) { ["search_after"] = cursor } : linkQuery;
        var links = new JsonObject
        {
            ["self"] = Href(Link(context, host, "products-uuid", self)),
            ["first"] = Href(Link(context, host, "products-uuid", linkQuery)),
        };
        if (items.Count >= limit)
        {
            links["next"] = Href(Link(context, host, "products-uuid", new Dictionary<string, string?>(linkQuery) { ["search_after"] = EncodeCursor(items[^1]["uuid"]!.GetValue<string>()) }));
        }
        return Json(new JsonObject
        {
            ["_links"] = links,
            ["_embedded"] = new JsonObject { ["items"] = new JsonArray([.. items.Select(i => WithSelf(host, "products-uuid", i))]) },
        });
    }

    /// <summary>An opaque cursor, as Akeneo's: not the UUID as such, so a client cannot build it from a record.</summary>
    private static string EncodeCursor(string uuid) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(new string(uuid.Reverse().ToArray())));

    private static string? DecodeCursor(string cursor)
    {
        try
        {
            var text = new string(Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor)).Reverse().ToArray());
            return Guid.TryParse(text, out _) ? text : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The search filters the sample uses: updated (&gt;, &lt;, BETWEEN-free), enabled (=), family (IN).</summary>
    private static Func<JsonObject, bool>? SearchFilter(string search, out IResult? refused)
    {
        refused = null;
        if (search.Length == 0)
        {
            return _ => true;
        }
        JsonObject? criteria;
        try
        {
            criteria = JsonNode.Parse(search) as JsonObject;
        }
        catch (JsonException)
        {
            criteria = null;
        }
        if (criteria is null)
        {
            refused = Error(400, "Search query parameter should be valid JSON.");
            return null;
        }
        var tests = new List<Func<JsonObject, bool>>();
        foreach (var (property, conditions) in criteria)
        {
            foreach (var condition in conditions as JsonArray ?? [])
            {
                var op = condition?["operator"]?.GetValue<string>() ?? "";
                var value = condition?["value"];
                switch (property, op)
                {
                    case ("updated", ">" or "<") when value is JsonValue v && v.TryGetValue<string>(out var date)
                        && DateTimeOffset.TryParseExact(date, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at):
                        tests.Add(p =>
                        {
                            var updated = DateTimeOffset.Parse(p["updated"]!.GetValue<string>(), CultureInfo.InvariantCulture);
                            return op == ">" ? updated > at : updated < at;
                        });
                        break;
                    case ("enabled", "=") when value is JsonValue b && b.TryGetValue<bool>(out var enabled):
                        tests.Add(p => p["enabled"]!.GetValue<bool>() == enabled);
                        break;
                    case ("family", "IN") when value is JsonArray families:
                        var codes = families.Select(f => f?.ToString()).ToHashSet(StringComparer.Ordinal);
                        tests.Add(p => codes.Contains(p["family"]?.GetValue<string>()));
                        break;
                    default:
                        refused = Error(422, $"Filter on property \"{property}\" is not supported or does not support operator \"{op}\"");
                        return null;
                }
            }
        }
        return p => tests.All(t => t(p));
    }

    // --- Writes -----------------------------------------------------------------------------------------------

    private static readonly HashSet<string> ProductProperties = ["uuid", "identifier", "enabled", "family", "categories", "groups", "parent", "values", "associations", "quantified_associations", "created", "updated"];

    private IResult PatchOne(HttpContext context, string host, string uuid, string text)
    {
        var contentType = context.Request.ContentType ?? "";
        if (!contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Error(415, $"\"{contentType}\" in \"Content-Type\" header is not valid. Only \"application/json\" is allowed.");
        }
        if (!Guid.TryParse(uuid, out _))
        {
            return Error(404, $"Product \"{uuid}\" does not exist or you do not have permission to access it.");
        }
        JsonObject? body;
        try
        {
            body = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }
        if (body is null)
        {
            return Error(400, "Invalid json message received");
        }
        var (status, message, errors) = Apply(host, uuid, body);
        if (status >= 400)
        {
            return errors is null ? Error(status, message!) : Error(status, message!, new JsonObject { ["errors"] = errors });
        }
        context.Response.Headers.Location = $"https://{host}/api/rest/v1/products-uuid/{uuid}";
        return Results.StatusCode(status);
    }

    /// <summary>Validates a product body and saves it: 201 created, 204 updated, or a 422 with its message and errors.</summary>
    private (int Status, string? Message, JsonArray? Errors) Apply(string host, string uuid, JsonObject body)
    {
        foreach (var (name, _) in body)
        {
            if (!ProductProperties.Contains(name))
            {
                return (422, $"Property \"{name}\" does not exist. Check the expected format on the API documentation.", null);
            }
        }
        if (body["uuid"] is JsonValue u && !string.Equals(u.ToString(), uuid, StringComparison.OrdinalIgnoreCase))
        {
            return (422, $"The uuid \"{u}\" provided in the request body must match the uuid \"{uuid}\" provided in the url.", null);
        }
        var errors = new JsonArray();
        if (body["family"] is { } family && (family is not JsonValue fv || !fv.TryGetValue<string>(out var code) || !Enumerable.Range(1, _familyCount).Any(n => FamilyCode(n) == code)))
        {
            errors.Add(new JsonObject { ["property"] = "family", ["message"] = $"The {family?.ToJsonString()} family does not exist in your PIM." });
        }
        if (body["enabled"] is { } enabled && (enabled is not JsonValue ev || !ev.TryGetValue<bool>(out _)))
        {
            return (422, "Property \"enabled\" expects a boolean as data, \"" + enabled.ToJsonString() + "\" given. Check the expected format on the API documentation.", null);
        }
        foreach (var category in body["categories"] as JsonArray ?? [])
        {
            var c = category?.ToString();
            if (!Enumerable.Range(1, _categoryCount).Any(n => CategoryCode(n) == c))
            {
                return (422, $"Property \"categories\" expects a valid category code. The category does not exist, \"{c}\" given. Check the expected format on the API documentation.", null);
            }
        }
        if (body["values"] is { } values)
        {
            if (values is not JsonObject valueMap)
            {
                return (422, "Property \"values\" expects an array as data. Check the expected format on the API documentation.", null);
            }
            foreach (var (attribute, entries) in valueMap)
            {
                if (!AttributeCodes.Contains(attribute))
                {
                    return (422, $"Property \"{attribute}\" does not exist. Check the expected format on the API documentation.", null);
                }
                foreach (var entry in entries as JsonArray ?? [])
                {
                    if (entry is not JsonObject e || !e.ContainsKey("locale") || !e.ContainsKey("scope") || !e.ContainsKey("data"))
                    {
                        errors.Add(new JsonObject { ["property"] = "values", ["message"] = $"Each value of \"{attribute}\" needs locale, scope and data.", ["attribute"] = attribute });
                    }
                }
            }
        }
        if (errors.Count > 0)
        {
            return (422, "Validation failed.", errors);
        }
        var existing = AllProducts(host).Any(p => p["uuid"]!.GetValue<string>() == uuid);
        var now = _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var written = _written.GetOrAdd((host, uuid), _ => new JsonObject { ["uuid"] = uuid, ["created"] = now });
        lock (written)
        {
            foreach (var (name, value) in body)
            {
                if (name is "values" && value is JsonObject newValues)
                {
                    // Update behaviour: values merge per attribute, locale and scope; other properties are replaced.
                    var merged = written["values"] as JsonObject ?? [];
                    foreach (var (attribute, entries) in newValues)
                    {
                        merged[attribute] = entries?.DeepClone();
                    }
                    written["values"] = merged;
                }
                else if (name is not ("uuid" or "created" or "updated"))
                {
                    written[name] = value?.DeepClone();
                }
            }
            written["updated"] = now;
        }
        return (existing ? 204 : 201, null, null);
    }

    private IResult PatchMany(HttpContext context, string host, string text)
    {
        var contentType = context.Request.ContentType ?? "";
        if (!contentType.StartsWith(CollectionType, StringComparison.OrdinalIgnoreCase))
        {
            return Error(415, $"\"{contentType}\" in \"Content-Type\" header is not valid. Only \"{CollectionType}\" is allowed.");
        }
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length > MaxLimit)
        {
            return Error(413, $"Too many resources to process, {MaxLimit} is the maximum allowed.");
        }
        var answer = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            var result = new JsonObject { ["line"] = i + 1 };
            JsonObject? body;
            try
            {
                body = JsonNode.Parse(lines[i]) as JsonObject;
            }
            catch (JsonException)
            {
                body = null;
            }
            if (body?["uuid"]?.ToString() is not { } uuid || !Guid.TryParse(uuid, out _))
            {
                result["status_code"] = 400;
                result["message"] = body is null ? "Invalid json message received" : "The uuid property is required";
            }
            else
            {
                result["uuid"] = uuid;
                var (status, message, errors) = Apply(host, uuid, body);
                result["status_code"] = status;
                if (message is not null)
                {
                    result["message"] = message;
                }
                if (errors is not null)
                {
                    result["errors"] = errors;
                }
            }
            answer.Append(result.ToJsonString(JsonText.Options)).Append('\n');
        }
        return Results.Text(answer.ToString(), CollectionType, Encoding.UTF8, 200);
    }

    // --- Data -------------------------------------------------------------------------------------------------

    private static string Iso(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static string CategoryCode(int n) => n == 1 ? "master" : $"cat_{n:D4}";

    public static string FamilyCode(int n) => $"family_{n:D3}";

    private IEnumerable<JsonObject> AllProducts(string host)
    {
        var written = _written.Where(w => w.Key.Host == host).ToDictionary(w => w.Key.Uuid, w => w.Value, StringComparer.Ordinal);
        var products = Enumerable.Range(1, _productCount).Select(n =>
        {
            var product = Product(n);
            if (written.Remove(product["uuid"]!.GetValue<string>(), out var edits))
            {
                lock (edits)
                {
                    foreach (var (name, value) in edits)
                    {
                        if (name == "values" && value is JsonObject values)
                        {
                            foreach (var (attribute, entries) in values)
                            {
                                product["values"]![attribute] = entries?.DeepClone();
                            }
                        }
                        else if (name != "created")
                        {
                            product[name] = value?.DeepClone();
                        }
                    }
                }
            }
            return product;
        }).ToList();
        foreach (var (uuid, created) in written)
        {
            lock (created)
            {
                var product = new JsonObject
                {
                    ["uuid"] = uuid, ["identifier"] = null, ["enabled"] = true, ["family"] = null, ["categories"] = new JsonArray(),
                    ["groups"] = new JsonArray(), ["parent"] = null, ["values"] = new JsonObject(),
                };
                foreach (var (name, value) in created)
                {
                    product[name] = value?.DeepClone();
                }
                products.Add(product);
            }
        }
        return products.OrderBy(p => p["uuid"]!.GetValue<string>(), StringComparer.Ordinal);
    }

    private JsonObject Product(int n) => new()
    {
        ["uuid"] = ProductUuid(n),
        ["identifier"] = $"AK-{n:D5}",
        ["enabled"] = n % 8 != 0,
        ["family"] = FamilyCode(n % _familyCount + 1),
        ["categories"] = new JsonArray(_categoryCount > 1 ? CategoryCode(n % (_categoryCount - 1) + 2) : "master"),
        ["groups"] = new JsonArray(),
        ["parent"] = null,
        ["values"] = new JsonObject
        {
            ["sku"] = new JsonArray(new JsonObject { ["locale"] = null, ["scope"] = null, ["data"] = $"AK-{n:D5}" }),
            ["name"] = new JsonArray(
                new JsonObject { ["locale"] = "en_GB", ["scope"] = null, ["data"] = $"Walking boot {n}" },
                new JsonObject { ["locale"] = "fr_FR", ["scope"] = null, ["data"] = $"Chaussure de marche {n}" }),
            ["description"] = new JsonArray(new JsonObject { ["locale"] = "en_GB", ["scope"] = "ecommerce", ["data"] = $"<p>Boot number {n}.</p>" }),
            ["price"] = new JsonArray(new JsonObject
            {
                ["locale"] = null, ["scope"] = null,
                ["data"] = new JsonArray(new JsonObject { ["amount"] = (40 + n * 0.5m).ToString("0.00", CultureInfo.InvariantCulture), ["currency"] = "GBP" }),
            }),
        },
        ["created"] = Iso(Epoch.AddHours(n)),
        ["updated"] = Iso(Epoch.AddDays(n % 100).AddHours(n % 24)),
        ["associations"] = new JsonObject(),
        ["quantified_associations"] = new JsonObject(),
    };

    private JsonObject Category(int n) => new()
    {
        ["code"] = CategoryCode(n),
        ["parent"] = n == 1 ? null : n <= 6 ? "master" : CategoryCode((n - 7) % 5 + 2),
        ["updated"] = Iso(Epoch.AddDays(n)),
        ["position"] = n <= 6 ? n - 1 : (n - 7) / 5 + 1,
        ["labels"] = new JsonObject { ["en_GB"] = n == 1 ? "Master catalogue" : $"Category {n}" },
    };

    private JsonObject Family(int n) => new()
    {
        ["code"] = FamilyCode(n),
        ["attribute_as_label"] = "name",
        ["attribute_as_image"] = null,
        ["attributes"] = new JsonArray([.. AttributeCodes.Take(4 + n % 5).Select(a => (JsonNode)a)]),
        ["attribute_requirements"] = new JsonObject { ["ecommerce"] = new JsonArray("sku", "name", "price") },
        ["labels"] = new JsonObject { ["en_GB"] = $"Family {n}" },
    };

    private static JsonObject Attribute(string code, int i) => new()
    {
        ["code"] = code,
        ["type"] = AttributeTypes[i],
        ["group"] = i < 2 ? "general" : "marketing",
        ["unique"] = code is "sku" or "ean",
        ["useable_as_grid_filter"] = true,
        ["localizable"] = code is "name" or "description",
        ["scopable"] = code == "description",
        ["sort_order"] = i,
        ["labels"] = new JsonObject { ["en_GB"] = char.ToUpperInvariant(code[0]) + code[1..] },
    };
}
