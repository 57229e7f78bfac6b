using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Patchworks.TestApi.Hosting;

namespace Patchworks.TestApi.Apis;

/// <summary>
/// Mirakl seller (shop) API as samples/mirakl uses it, on any *.mirakl.net instance: the shop API key alone in the
/// Authorization header (no Bearer), lists paged with max (10 by default, at most 100) and offset and counted by
/// total_count, an optional shop_id that must be one of the key's shops, and 204 for OR21 and OR23.
/// Offer ids are 1..count and order ids ACME-0000001-A upwards, so order can be checked.
/// </summary>
public sealed partial class MiraklApi : IFakeApi
{
    public const string ApiKey = "6c1e2f9a-0b7d-4e3c-9a5f-mirakl-test-key";
    public const int DefaultShopId = 2041;
    public const int OtherShopId = 2042;
    /// <summary>The order the preprod sample instance accepts; it waits for acceptance beside the listed ones.</summary>
    public const string SampleOrderId = "ACME-1234567-A";
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 10;

    private static readonly DateTimeOffset Epoch = new(2024, 2, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly string[] OrderStates = ["WAITING_ACCEPTANCE", "SHIPPING", "SHIPPED", "RECEIVED"];

    private readonly int _offerCount;
    private readonly int _orderCount;

    public MiraklApi(int offerCount = 345, int orderCount = 150)
    {
        _offerCount = offerCount;
        _orderCount = orderCount;
    }

    public IReadOnlyList<string> Hosts { get; } = ["*.mirakl.net"];

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/account", (HttpContext context) => Api(context, shop => Results.Json(new { shop_id = shop, shop_name = $"Acme Outdoor ({shop})", shop_state = "OPEN", currency_iso_code = "EUR" })));
        routes.MapGet("/api/offers", (HttpContext context) => Api(context, shop => List(context, "offers", _offerCount, n => Offer(n, shop), Filter(context, "sku", "shop_sku"), Filter(context, "offer_state_codes", "state_code"))));
        routes.MapGet("/api/orders", (HttpContext context) => Api(context, shop => List(context, "orders", _orderCount, n => Order(n, shop), Filter(context, "order_state_codes", "order_state"), Filter(context, "order_ids", "order_id"))));
        routes.MapPut("/api/orders/{orderId}/accept", (HttpContext context, string orderId) => Api(context, _ => OrderExists(orderId) ? Results.NoContent() : NotFound(orderId)));
        routes.MapPut("/api/orders/{orderId}/tracking", (HttpContext context, string orderId) => Api(context, _ => OrderExists(orderId) ? Results.NoContent() : NotFound(orderId)));
    }

    private static IResult Error(int status, string message) => Results.Json(new { message, status }, statusCode: status);

    private static IResult NotFound(string orderId) => Error(404, $"Order with id {orderId} not found");

    /// <summary>The key (alone, as Mirakl wants it), then the shop: an empty shop_id counts as none given.</summary>
    private static IResult Api(HttpContext context, Func<int, IResult> handle)
    {
        if (context.Request.Headers.Authorization != ApiKey)
        {
            return Error(401, "Unauthorized");
        }
        var shopText = context.Request.Query["shop_id"].ToString();
        if (shopText.Length == 0)
        {
            return handle(DefaultShopId);
        }
        return int.TryParse(shopText, out var shop) && shop is DefaultShopId or OtherShopId
            ? handle(shop)
            : Error(403, $"Shop {shopText} is not one of the shops of this API key");
    }

    private static Func<JsonObject, bool> Filter(HttpContext context, string parameter, string field)
    {
        var wanted = context.Request.Query[parameter].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        return record => wanted.Length == 0 || wanted.Contains(record[field]?.ToString());
    }

    private static IResult List(HttpContext context, string name, int count, Func<int, JsonObject> make, params Func<JsonObject, bool>[] filters)
    {
        var query = context.Request.Query;
        var max = DefaultPageSize;
        var offset = 0;
        if (query.ContainsKey("max") && (!int.TryParse(query["max"], out max) || max < 1 || max > MaxPageSize))
        {
            return Error(400, $"max must be between 1 and {MaxPageSize}");
        }
        if (query.ContainsKey("offset") && (!int.TryParse(query["offset"], out offset) || offset < 0))
        {
            return Error(400, "offset must be a positive number");
        }
        var matching = Enumerable.Range(1, count).Select(make).Where(r => filters.All(f => f(r))).ToList();
        var body = new JsonObject
        {
            [name] = new JsonArray([.. matching.Skip(offset).Take(max)]),
            ["total_count"] = matching.Count,
        };
        return Results.Text(body.ToJsonString(JsonText.Options), "application/json");
    }

    private static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonObject Offer(int n, int shop) => new()
    {
        ["offer_id"] = n,
        ["shop_id"] = shop,
        ["shop_sku"] = $"SKU-{n:D5}",
        ["product_sku"] = $"MKP-{n:D6}",
        ["product_title"] = $"Product {n}",
        ["state_code"] = n % 5 == 0 ? "1" : "11",
        ["quantity"] = n % 23,
        ["price"] = n * 1.5,
        ["total_price"] = n * 1.5 + 4.9,
        ["currency_iso_code"] = "EUR",
        ["active"] = true,
        ["leadtime_to_ship"] = 2,
        ["last_updated_date"] = Date(Epoch.AddHours(n)),
        ["product_references"] = new JsonArray(new JsonObject { ["reference_type"] = "EAN", ["reference"] = $"40{n:D11}" }),
    };

    private static string OrderId(int n) => $"ACME-{n:D7}-A";

    private static JsonObject Order(int n, int shop) => new()
    {
        ["order_id"] = OrderId(n),
        ["shop_id"] = shop,
        ["order_state"] = OrderStates[n % OrderStates.Length],
        ["created_date"] = Date(Epoch.AddHours(n * 2)),
        ["last_updated_date"] = Date(Epoch.AddHours(n * 2 + 1)),
        ["currency_iso_code"] = "EUR",
        ["total_price"] = n * 9.5,
        ["order_lines"] = new JsonArray(new JsonObject
        {
            ["order_line_id"] = $"{OrderId(n)}-1",
            ["offer_sku"] = $"SKU-{n % 345 + 1:D5}",
            ["quantity"] = 1 + n % 3,
            ["price"] = n * 9.5,
            ["order_line_state"] = OrderStates[n % OrderStates.Length],
        }),
    };

    private bool OrderExists(string orderId) =>
        orderId == SampleOrderId || (OrderNumber().Match(orderId) is { Success: true } m && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) is var n && n >= 1 && n <= _orderCount);

    [GeneratedRegex("^ACME-(\\d{7})-A$")]
    private static partial Regex OrderNumber();
}
