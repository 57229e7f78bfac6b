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
/// Shopify Admin API as samples/shopify uses it, on any *.myshopify.com store. REST: the X-Shopify-Access-Token
/// header, Link-header cursor pagination (page_info, which carries the filters, so a page_info request may repeat
/// only limit and fields), since_id, and the leaky bucket with X-Shopify-Shop-Api-Call-Limit on every answer and
/// 429 + Retry-After when it overflows. GraphQL: productVariants with first/after and pageInfo, errors (throttling
/// by query cost included) with HTTP 200.
/// Ids are 1..count in every resource, so a client can check that each record arrives once and in order.
/// </summary>
public sealed class ShopifyApi : IFakeApi
{
    public const string AccessToken = "shpat_test_4f0c2a9e7b1d3c5a8e6f0b2d4c6a8e1f";
    public const int MaxLimit = 250;
    public const int DefaultLimit = 50;

    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] ProductTypes = ["Socks", "Boots", "Jackets", "Hats"];

    private readonly int _productCount;
    private readonly int _orderCount;
    private readonly int _customerCount;
    private readonly int _variantCount;
    private readonly int _bucketSize;
    private readonly double _leakPerSecond;
    private readonly int _graphQlBucketSize;
    private readonly double _graphQlRestorePerSecond;
    private readonly TimeProvider _time;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, LeakyBucket> _graphQlBuckets = new(StringComparer.OrdinalIgnoreCase);
    // One bucket per store, as Shopify keeps one per app and store.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, LeakyBucket> _buckets = new(StringComparer.OrdinalIgnoreCase);
    private int _nextCreatedId = 1_000_000;

    /// <param name="bucketSize">REST bucket size (40; Shopify Plus 400 in newer plans, 80 in older).</param>
    /// <param name="leakPerSecond">REST bucket leak rate (2 a second; Plus 20).</param>
    /// <param name="graphQlBucketSize">GraphQL cost points available (1000); a productVariants query costs first + 2.</param>
    /// <param name="graphQlRestorePerSecond">GraphQL points restored a second (50).</param>
    public ShopifyApi(int productCount = 600, int orderCount = 42, int customerCount = 530, int variantCount = 520,
        int bucketSize = 40, double leakPerSecond = 2, int graphQlBucketSize = 1000, double graphQlRestorePerSecond = 50, TimeProvider? time = null)
    {
        _graphQlBucketSize = graphQlBucketSize;
        _graphQlRestorePerSecond = graphQlRestorePerSecond;
        _productCount = productCount;
        _orderCount = orderCount;
        _customerCount = customerCount;
        _variantCount = variantCount;
        _bucketSize = bucketSize;
        _leakPerSecond = leakPerSecond;
        _time = time ?? TimeProvider.System;
    }

    public IReadOnlyList<string> Hosts { get; } = ["*.myshopify.com"];

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/admin/api/{version}/shop.json", (HttpContext context) => Rest(context, () =>
            Results.Json(new { shop = new { id = 1, name = StoreOf(context), myshopify_domain = context.Request.Host.Host, currency = "GBP" } })));
        routes.MapGet("/admin/api/{version}/products.json", (HttpContext context) => Rest(context, () =>
            List(context, "products", Products(), ["status", "product_type", "vendor", "updated_at_min", "since_id"])));
        routes.MapGet("/admin/api/{version}/orders.json", (HttpContext context) => Rest(context, () =>
            List(context, "orders", Orders(), ["status", "financial_status", "fulfillment_status", "updated_at_min", "created_at_min", "since_id"])));
        routes.MapGet("/admin/api/{version}/customers.json", (HttpContext context) => Rest(context, () =>
            List(context, "customers", Customers(), ["updated_at_min", "created_at_min", "since_id"])));
        routes.MapPost("/admin/api/{version}/products.json", AsyncHandler.Of(async context =>
        {
            var body = await RequestFields.ReadJsonAsync(context.Request) as JsonObject;
            return Rest(context, () => CreateProduct(body));
        }));
        routes.MapPost("/admin/api/{version}/graphql.json", AsyncHandler.Of(GraphQl));
    }

    private static string StoreOf(HttpContext context) => context.Request.Host.Host.Split('.')[0];

    private static bool Authorised(HttpContext context) => context.Request.Headers["X-Shopify-Access-Token"] == AccessToken;

    private static IResult InvalidToken() =>
        Results.Json(new { errors = "[API] Invalid API key or access token (unrecognized login or wrong password)" }, statusCode: 401);

    /// <summary>Every REST call: the token, then the store's bucket; the call-limit header goes on every answer, 429s included.</summary>
    private IResult Rest(HttpContext context, Func<IResult> handle)
    {
        if (!Authorised(context))
        {
            return InvalidToken();
        }
        // Shopify names the version that served the call (an unsupported one falls forward; not modelled here).
        context.Response.Headers["X-Shopify-API-Version"] = context.Request.RouteValues["version"]?.ToString();
        var bucket = _buckets.GetOrAdd(context.Request.Host.Host, _ => new LeakyBucket(_bucketSize, _leakPerSecond, _time));
        var (allowed, level, retryAfter) = bucket.TryTake();
        context.Response.Headers["X-Shopify-Shop-Api-Call-Limit"] = $"{level}/{bucket.Size}";
        if (!allowed)
        {
            context.Response.Headers.RetryAfter = Math.Max(0.1, Math.Round(retryAfter, 1)).ToString("0.0", CultureInfo.InvariantCulture);
            return Results.Json(new { errors = "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service." }, statusCode: 429);
        }
        return handle();
    }

    // --- REST listing with Link-header cursors -------------------------------------------------------------

    /// <summary>
    /// A REST list. The first request carries the filters; every later one carries page_info, an opaque cursor
    /// holding the filters, the anchor id and the direction. Shopify answers 400 when a page_info request repeats
    /// a filter, which is why the sample follows the next link as it is.
    /// </summary>
    private IResult List(HttpContext context, string resource, IReadOnlyList<JsonObject> all, string[] filterKeys)
    {
        var query = context.Request.Query;
        var limit = DefaultLimit;
        if (query.ContainsKey("limit") && (!int.TryParse(query["limit"], out limit) || limit is < 1 or > MaxLimit))
        {
            return Results.Json(new { errors = new { limit = new[] { $"must be between 1 and {MaxLimit}" } } }, statusCode: 400);
        }
        Dictionary<string, string> filters;
        long anchor = 0;
        var backwards = false;
        if (query.TryGetValue("page_info", out var pageInfo))
        {
            if (query.Keys.Any(k => k is not ("page_info" or "limit" or "fields")))
            {
                return Results.Json(new { errors = new { page_info = new[] { "Only the limit and fields parameters are allowed with page_info." } } }, statusCode: 400);
            }
            if (Cursor.Decode(pageInfo.ToString()) is not { } cursor)
            {
                return Results.Json(new { errors = new { page_info = new[] { "Invalid value." } } }, statusCode: 400);
            }
            (filters, anchor, backwards) = (cursor.Filters, cursor.Anchor, cursor.Backwards);
        }
        else
        {
            filters = filterKeys.Where(k => !string.IsNullOrEmpty(query[k])).ToDictionary(k => k, k => query[k].ToString());
            if (resource == "orders" && !filters.ContainsKey("status"))
            {
                filters["status"] = "open"; // Shopify lists open orders only unless asked for status=any.
            }
        }
        var matching = all.Where(r => Matches(r, filters)).ToList();
        var page = backwards
            ? matching.Where(r => Id(r) < anchor).TakeLast(limit).ToList()
            : matching.Where(r => Id(r) > anchor).Take(limit).ToList();
        var links = new List<string>();
        if (page.Count > 0 && matching.Any(r => Id(r) < Id(page[0])) && (anchor > 0 || backwards))
        {
            links.Add($"<{PageUrl(context, limit, new Cursor(filters, Id(page[0]), true))}>; rel=\"previous\"");
        }
        if (page.Count > 0 && matching.Any(r => Id(r) > Id(page[^1])))
        {
            links.Add($"<{PageUrl(context, limit, new Cursor(filters, Id(page[^1]), false))}>; rel=\"next\"");
        }
        if (links.Count > 0)
        {
            context.Response.Headers.Link = string.Join(", ", links);
        }
        return Results.Text(new JsonObject { [resource] = new JsonArray([.. page.Select(r => r.DeepClone())]) }.ToJsonString(JsonText.Options), "application/json; charset=utf-8");
    }

    private static string PageUrl(HttpContext context, int limit, Cursor cursor) =>
        $"https://{context.Request.Host}{context.Request.Path}?limit={limit}&page_info={cursor.Encode()}";

    private static long Id(JsonObject record) => record["id"]!.GetValue<long>();

    private static bool Matches(JsonObject record, Dictionary<string, string> filters) => filters.All(f => f.Key switch
    {
        "since_id" => long.TryParse(f.Value, out var since) && Id(record) > since,
        var key when key.EndsWith("_min", StringComparison.Ordinal) =>
            DateTimeOffset.TryParse(f.Value, CultureInfo.InvariantCulture, out var min)
            && DateTimeOffset.Parse(record[key[..^4]]!.GetValue<string>(), CultureInfo.InvariantCulture) >= min,
        _ => f.Value == "any" || f.Value.Split(',').Contains(record[f.Key]?.GetValue<string>()),
    });

    /// <summary>The opaque page_info: the filters of the first request, the id to continue from, and the direction.</summary>
    private sealed record Cursor(Dictionary<string, string> Filters, long Anchor, bool Backwards)
    {
        public string Encode() => WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(new object[] { Filters, Anchor, Backwards }));

        public static Cursor? Decode(string value)
        {
            try
            {
                var parts = JsonSerializer.Deserialize<JsonElement[]>(WebEncoders.Base64UrlDecode(value));
                return parts is [var filters, var anchor, var backwards]
                    ? new Cursor(filters.Deserialize<Dictionary<string, string>>()!, anchor.GetInt64(), backwards.GetBoolean())
                    : null;
            }
            catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
            {
                return null;
            }
        }
    }

    // --- Data --------------------------------------------------------------------------------------------------

    private static string Date(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private List<JsonObject> Products() => [.. Enumerable.Range(1, _productCount).Select(id => new JsonObject
    {
        ["id"] = (long)id,
        ["title"] = $"Product {id}",
        ["handle"] = $"product-{id}",
        ["product_type"] = ProductTypes[id % ProductTypes.Length],
        ["vendor"] = id % 2 == 0 ? "Acme" : "Summit",
        ["status"] = id % 15 == 0 ? "archived" : id % 10 == 0 ? "draft" : "active",
        ["created_at"] = Date(Epoch.AddHours(id)),
        ["updated_at"] = Date(Epoch.AddDays(id)),
        ["variants"] = new JsonArray(new JsonObject { ["id"] = id, ["product_id"] = id, ["sku"] = $"SKU-{id:D5}", ["price"] = (id * 1.5m).ToString("0.00", CultureInfo.InvariantCulture) }),
    })];

    // Orders are updated from 2024-09-15 one a day, so the test instance's updated_at_min (1 October) keeps most of them.
    private List<JsonObject> Orders() => [.. Enumerable.Range(1, _orderCount).Select(id => new JsonObject
    {
        ["id"] = (long)id,
        ["name"] = $"#{1000 + id}",
        ["status"] = id % 5 == 0 ? "closed" : "open",
        ["financial_status"] = id % 3 == 0 ? "pending" : "paid",
        ["fulfillment_status"] = id % 4 == 0 ? "shipped" : "unshipped",
        ["total_price"] = (id * 10.25m).ToString("0.00", CultureInfo.InvariantCulture),
        ["created_at"] = Date(Epoch.AddDays(200 + id)),
        ["updated_at"] = Date(new DateTimeOffset(2024, 9, 15, 0, 0, 0, TimeSpan.Zero).AddDays(id)),
    })];

    private List<JsonObject> Customers() => [.. Enumerable.Range(1, _customerCount).Select(id => new JsonObject
    {
        ["id"] = (long)id,
        ["email"] = $"customer{id}@example.com",
        ["first_name"] = "Customer",
        ["last_name"] = $"{id}",
        ["state"] = "enabled",
        ["verified_email"] = true,
        ["tags"] = "",
        ["currency"] = "GBP",
        ["orders_count"] = id % 4,
        ["total_spent"] = "0.00",
        ["created_at"] = Date(Epoch.AddHours(id)),
        ["updated_at"] = Date(Epoch.AddDays(id % 300)),
    })];

    private IResult CreateProduct(JsonObject? body)
    {
        if (body?["product"] is not JsonObject product || product["title"] is null)
        {
            return Results.Json(new { errors = new { title = new[] { "can't be blank" } } }, statusCode: 422);
        }
        product = (JsonObject)product.DeepClone();
        product["id"] = Interlocked.Increment(ref _nextCreatedId);
        product["created_at"] = Date(_time.GetUtcNow());
        return Results.Text(new JsonObject { ["product"] = product }.ToJsonString(JsonText.Options), "application/json; charset=utf-8", Encoding.UTF8, 201);
    }

    // --- GraphQL -----------------------------------------------------------------------------------------------

    /// <summary>
    /// The Admin GraphQL endpoint, enough for productVariants(first, after). Like Shopify it answers GraphQL errors
    /// with HTTP 200 and an errors array; only a bad token is an HTTP error. It does not use the REST bucket.
    /// </summary>
    private async Task<IResult> GraphQl(HttpContext context)
    {
        if (!Authorised(context))
        {
            return InvalidToken();
        }
        var request = await RequestFields.ReadJsonAsync(context.Request) as JsonObject;
        var query = request?["query"]?.GetValue<string>();
        if (query is null)
        {
            return GraphQlError("Parse error: no query");
        }
        if (!query.Contains("productVariants", StringComparison.Ordinal))
        {
            return GraphQlError("Only productVariants is served by this test API");
        }
        // Variables are an object, or JSON text of one (the sample's body parameter is a string).
        var variables = request!["variables"] switch
        {
            JsonObject o => o,
            JsonValue v when v.TryGetValue<string>(out var text) => JsonNode.Parse(text) as JsonObject,
            _ => null,
        } ?? [];
        var first = variables["first"]?.GetValue<int>() ?? 0;
        if (first is < 1 or > MaxLimit)
        {
            return GraphQlError($"The 'first' argument must be between 1 and {MaxLimit}");
        }
        var cost = first + 2;
        var bucket = _graphQlBuckets.GetOrAdd(context.Request.Host.Host, _ => new LeakyBucket(_graphQlBucketSize, _graphQlRestorePerSecond, _time));
        var (allowed, used, _) = bucket.TryTake(cost);
        var throttleStatus = new JsonObject
        {
            ["maximumAvailable"] = (double)_graphQlBucketSize,
            ["currentlyAvailable"] = _graphQlBucketSize - used,
            ["restoreRate"] = _graphQlRestorePerSecond,
        };
        if (!allowed)
        {
            // Shopify's throttled answer: HTTP 200, an errors array with code THROTTLED, and the cost extension.
            var throttled = new JsonObject
            {
                ["errors"] = new JsonArray(new JsonObject { ["message"] = "Throttled", ["extensions"] = new JsonObject { ["code"] = "THROTTLED", ["documentation"] = "https://shopify.dev/api/usage/rate-limits" } }),
                ["extensions"] = new JsonObject { ["cost"] = new JsonObject { ["requestedQueryCost"] = cost, ["actualQueryCost"] = null, ["throttleStatus"] = throttleStatus } },
            };
            return Results.Text(throttled.ToJsonString(JsonText.Options), "application/json; charset=utf-8");
        }
        // Shopify's pagination guide sends the first page without "after" (or with null) and later pages with the
        // endCursor it gave; a cursor it did not give is answered with HTTP 200 and "Invalid cursor for current
        // pagination sort." in errors, and no data. An empty string is not a cursor Shopify gave: this stand-in
        // answers it the same way (an assumption: the documented first page never sends one).
        var after = variables["after"] is JsonValue afterValue && afterValue.TryGetValue<string>(out var afterText) ? afterText : null;
        long anchor = 0;
        if (after is not null && !TryDecodeGraphQlCursor(after, out anchor))
        {
            return GraphQlError("Invalid cursor for current pagination sort.");
        }
        var ids = Enumerable.Range(1, _variantCount).Where(id => id > anchor).Take(first).ToList();
        var nodes = new JsonArray([.. ids.Select(id => (JsonNode)new JsonObject
        {
            ["id"] = $"gid://shopify/ProductVariant/{id}",
            ["sku"] = $"VAR-{id:D5}",
            ["title"] = $"Variant {id}",
            ["price"] = (id * 2.5m).ToString("0.00", CultureInfo.InvariantCulture),
            ["inventoryQuantity"] = id % 13,
            ["updatedAt"] = Date(Epoch.AddHours(id)),
            ["product"] = new JsonObject { ["id"] = $"gid://shopify/Product/{(id + 1) / 2}", ["title"] = $"Product {(id + 1) / 2}", ["handle"] = $"product-{(id + 1) / 2}" },
        })]);
        var last = ids.Count > 0 ? ids[^1] : anchor;
        var response = new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["productVariants"] = new JsonObject
                {
                    ["nodes"] = nodes,
                    ["pageInfo"] = new JsonObject
                    {
                        ["hasNextPage"] = last < _variantCount,
                        ["endCursor"] = ids.Count > 0 ? EncodeGraphQlCursor(last) : null,
                    },
                },
            },
            ["extensions"] = new JsonObject
            {
                ["cost"] = new JsonObject { ["requestedQueryCost"] = cost, ["actualQueryCost"] = cost, ["throttleStatus"] = throttleStatus },
            },
        };
        return Results.Text(response.ToJsonString(JsonText.Options), "application/json; charset=utf-8");
    }

    private static IResult GraphQlError(string message) => Results.Json(new { errors = new[] { new { message } } });

    // Shopify's cursors are Base64 JSON like {"last_id":123,"last_value":123}; clients must treat them as opaque.
    private static string EncodeGraphQlCursor(long id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"last_id\":{id},\"last_value\":{id}}}"));

    private static bool TryDecodeGraphQlCursor(string cursor, out long id)
    {
        id = 0;
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(cursor));
            return document.RootElement.TryGetProperty("last_id", out var value) && value.TryGetInt64(out id);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }
}
