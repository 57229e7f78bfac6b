using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Patchworks.TestApi.Hosting;

namespace Patchworks.TestApi.Apis;

/// <summary>
/// BigCommerce REST Management API as samples/bigcommerce uses it, on api.bigcommerce.com/stores/{store_hash}/,
/// written from BigCommerce's documentation (developer.bigcommerce.com: "About our API", "API rate limits", the
/// Catalog v3, Customers v3 and Orders v2 references):
/// <list type="bullet">
/// <item>a store hash the API does not know → 404; a missing or wrong <c>X-Auth-Token</c> (a store-level API
/// account's access token, valid for its own store only) → 401; an <c>Accept</c> that allows no JSON → 406;</item>
/// <item>every authenticated answer carries <c>X-Rate-Limit-Time-Window-Ms</c>, <c>X-Rate-Limit-Time-Reset-Ms</c>,
/// <c>X-Rate-Limit-Requests-Quota</c> and <c>X-Rate-Limit-Requests-Left</c> (a fixed window per store, 150 requests
/// in 30 s as on the Standard plan); past the quota → 429 with the same headers and <c>X-Retry-After</c> (seconds),
/// and no <c>Retry-After</c>;</item>
/// <item>v3 (<c>catalog/products</c>, <c>customers</c>): <c>page</c> (from 1) and <c>limit</c> (default 50, at most
/// 250: more → 422), <c>{data, meta: {pagination: {total, count, per_page, current_page, total_pages, links:
/// {previous, current, next}}}}</c> with links that are query strings holding only page and limit, as the
/// documentation shows them; errors <c>{status, title, type, errors}</c>;</item>
/// <item>v2 (<c>orders</c>): <c>page</c> and <c>limit</c> (default 50; the v2 reference names no maximum, the stand-in
/// serves at most 250), a bare JSON array, ids ascending (the documented default sort), RFC 2822 dates, and
/// <c>204 No Content</c> with no body past the last page; errors as an array <c>[{status, message}]</c>.</item>
/// </list>
/// Product, customer and order ids are 1..count, so a client can check that every record arrives once and in order.
/// The GraphQL Storefront API of each store is in BigCommerceApi.Storefront.cs.
/// </summary>
public sealed partial class BigCommerceApi : IFakeApi
{
    /// <summary>The store of the sample's test instance and its API account's access token.</summary>
    public const string TestStoreHash = "x7k2m9qd4t";
    public const string TestAccessToken = "bc_test_7g4k2p9w1x6z3m8q5r0t2v7y4b9n1c";
    /// <summary>The store of the sample's live instance and its token (each token works on its own store only).</summary>
    public const string LiveStoreHash = "a1b2c3d4e5";
    public const string LiveAccessToken = "bc_live_3f8h1k6m0p4s9u2w7y5a1c8e3g6j0l";
    /// <summary>The product the test instance's stock update writes to.</summary>
    public const int SampleProductId = 77;
    public const int MaxLimit = 250;
    public const int DefaultLimit = 50;
    public const string ErrorType = "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes";

    private static readonly DateTimeOffset Epoch = new(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] OrderStatuses = ["Pending", "Shipped", "Awaiting Fulfillment", "Completed", "Cancelled"];
    private static readonly int[] OrderStatusIds = [1, 2, 11, 10, 5];

    private readonly int _productCount;
    private readonly int _customerCount;
    private readonly int _orderCount;
    private readonly int _quota;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, FixedWindowLimit> _windows = new(StringComparer.Ordinal);
    // Writes made through PUT, by store and product id, so that a later GET shows them.
    private readonly ConcurrentDictionary<(string Store, int Id), JsonObject> _productEdits = new();

    /// <param name="quota">Requests a store's window allows (Standard and Plus plans: 150 in 30 s; Pro 450).</param>
    /// <param name="window">The window's length (30 s).</param>
    public BigCommerceApi(int productCount = 300, int customerCount = 130, int orderCount = 500, int quota = 150, TimeSpan? window = null, TimeProvider? time = null)
    {
        _productCount = productCount;
        _customerCount = customerCount;
        _orderCount = orderCount;
        _quota = quota;
        _window = window ?? TimeSpan.FromSeconds(30);
        _time = time ?? TimeProvider.System;
    }

    public IReadOnlyList<string> Hosts { get; } = ["api.bigcommerce.com", "*.mybigcommerce.com"];

    public static IReadOnlyDictionary<string, string> Tokens { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [TestStoreHash] = TestAccessToken,
        [LiveStoreHash] = LiveAccessToken,
    };

    public void Map(IEndpointRouteBuilder routes)
    {
        // The GraphQL Storefront API on each store's storefront host (BigCommerceApi.Storefront.cs); the REST API on api.bigcommerce.com only.
        MapStorefront(routes.MapGroup("").RequireHost("*.mybigcommerce.com"));
        routes = routes.MapGroup("").RequireHost("api.bigcommerce.com");
        routes.MapGet("/stores/{store}/v3/catalog/summary", (HttpContext context, string store) => Call(context, store, v3: true, () => Json(new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["inventory_count"] = Enumerable.Range(1, _productCount).Sum(n => Product(store, n)["inventory_level"]!.GetValue<int>()),
                ["variant_count"] = _productCount,
                ["primary_category_id"] = 23,
                ["primary_category_name"] = "Shop All",
            },
            ["meta"] = new JsonObject(),
        })));
        routes.MapGet("/stores/{store}/v3/catalog/products", (HttpContext context, string store) => Call(context, store, v3: true, () =>
            SortedProducts(context, store) is { } products
                ? V3List(context, products, ProductFilter(context))
                : Error(true, 422, "Invalid sort or direction", new JsonObject { ["sort"] = $"sort must be one of {string.Join(", ", ProductSorts)}; direction asc or desc" })));
        routes.MapPut("/stores/{store}/v3/catalog/products/{id}", AsyncHandler.Of(async context =>
        {
            var store = context.Request.RouteValues["store"]!.ToString()!;
            var isJson = context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
            var body = isJson ? await RequestFields.ReadJsonAsync(context.Request) : null;
            return Call(context, store, v3: true, () => UpdateProduct(store, context.Request.RouteValues["id"]!.ToString()!, isJson, body));
        }));
        routes.MapGet("/stores/{store}/v3/customers", (HttpContext context, string store) => Call(context, store, v3: true, () =>
            V3List(context, Enumerable.Range(1, _customerCount).Select(Customer), CustomerFilter(context))));
        routes.MapGet("/stores/{store}/v2/orders", (HttpContext context, string store) => Call(context, store, v3: false, () => V2Orders(context, store)));
    }

    // --- The gate every call goes through: store, token, Accept, rate limit ---------------------------------

    private IResult Call(HttpContext context, string store, bool v3, Func<IResult> handle)
    {
        if (!Tokens.TryGetValue(store, out var token))
        {
            return Error(v3, 404, "Store not found. Check the store hash in the API path.");
        }
        var sent = context.Request.Headers["X-Auth-Token"].ToString();
        if (sent != token)
        {
            return Error(v3, 401, sent.Length > 0 ? "The access token is not valid for this store." : "No valid credentials were found in this request (X-Auth-Token).");
        }
        var accept = context.Request.Headers.Accept.ToString();
        if (accept.Length > 0 && !accept.Contains("json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("*/*", StringComparison.Ordinal))
        {
            return Error(v3, 406, $"The Accept header {accept} is not supported: send Accept: application/json.");
        }
        var (allowed, left, reset) = _windows.GetOrAdd(store, _ => new FixedWindowLimit(_quota, _window, _time)).TryTakeWithReset();
        var headers = context.Response.Headers;
        headers["X-Rate-Limit-Time-Window-Ms"] = ((long)_window.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        headers["X-Rate-Limit-Time-Reset-Ms"] = ((long)Math.Ceiling(reset.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        headers["X-Rate-Limit-Requests-Quota"] = _quota.ToString(CultureInfo.InvariantCulture);
        headers["X-Rate-Limit-Requests-Left"] = left.ToString(CultureInfo.InvariantCulture);
        if (!allowed)
        {
            headers["X-Retry-After"] = ((long)Math.Ceiling(reset.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Error(v3, 429, "Too many requests: the rate limit of this store's API account is exhausted for the current window.");
        }
        return handle();
    }

    /// <summary>v3's {status, title, type, errors} or v2's [{status, message}].</summary>
    private static IResult Error(bool v3, int status, string message, JsonObject? errors = null) => v3
        ? Json(new JsonObject { ["status"] = status, ["title"] = message, ["type"] = ErrorType, ["errors"] = errors ?? [] }, status)
        : Json(new JsonArray(new JsonObject { ["status"] = status, ["message"] = message }), status);

    private static IResult Json(JsonNode body, int status = 200) =>
        Results.Text(body.ToJsonString(JsonText.Options), "application/json", Encoding.UTF8, status);

    // --- v3 lists ---------------------------------------------------------------------------------------------

    private static IResult V3List(HttpContext context, IEnumerable<JsonObject> all, Func<JsonObject, bool> filter)
    {
        var query = context.Request.Query;
        var limit = DefaultLimit;
        var page = 1;
        if (query.ContainsKey("limit") && (!int.TryParse(query["limit"], out limit) || limit is < 1 or > MaxLimit))
        {
            return Error(true, 422, "Invalid limit", new JsonObject { ["limit"] = $"limit must be an integer between 1 and {MaxLimit}" });
        }
        if (query.ContainsKey("page") && (!int.TryParse(query["page"], out page) || page < 1))
        {
            return Error(true, 422, "Invalid page", new JsonObject { ["page"] = "page must be a positive integer" });
        }
        var matching = all.Where(filter).ToList();
        var totalPages = (matching.Count + limit - 1) / limit;
        var data = matching.Skip((page - 1) * limit).Take(limit).ToList();
        var links = new JsonObject();
        if (page > 1)
        {
            links["previous"] = $"?page={page - 1}&limit={limit}";
        }
        links["current"] = $"?page={page}&limit={limit}";
        if (page < totalPages)
        {
            links["next"] = $"?page={page + 1}&limit={limit}";
        }
        return Json(new JsonObject
        {
            ["data"] = new JsonArray([.. data]),
            ["meta"] = new JsonObject
            {
                ["pagination"] = new JsonObject
                {
                    ["total"] = matching.Count,
                    ["count"] = data.Count,
                    ["per_page"] = limit,
                    ["current_page"] = page,
                    ["total_pages"] = totalPages,
                    ["links"] = links,
                },
            },
        });
    }

    /// <summary>The sort keys the Catalog reference documents for products.</summary>
    public static readonly string[] ProductSorts = ["id", "name", "sku", "price", "date_modified", "date_last_imported", "inventory_level", "is_visible", "total_sold", "calculated_price"];

    /// <summary>The products in the order sort and direction ask for (id ascending by default), or null when either is not documented.</summary>
    private List<JsonObject>? SortedProducts(HttpContext context, string store)
    {
        var sort = context.Request.Query["sort"].ToString();
        var direction = context.Request.Query["direction"].ToString();
        if ((sort.Length > 0 && !ProductSorts.Contains(sort)) || direction is not ("" or "asc" or "desc"))
        {
            return null;
        }
        var variants = Includes(context).Contains("variants");
        var products = Enumerable.Range(1, _productCount).Select(n => Product(store, n, variants)).ToList();
        var key = sort.Length == 0 ? "id" : sort;
        // Ties keep id order; fields this stand-in does not hold (total_sold, date_last_imported) sort as equal.
        var ordered = products.OrderBy(p => SortText(p[key]), StringComparer.Ordinal).ThenBy(p => p["id"]!.GetValue<int>()).ToList();
        if (direction == "desc")
        {
            ordered.Reverse();
        }
        return ordered;
    }

    /// <summary>A field as text that sorts like the value: numbers padded, so that 77 comes before 100.</summary>
    private static string SortText(JsonNode? value) =>
        value is JsonValue v && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number.ToString("000000000000.0000", CultureInfo.InvariantCulture)
            : value?.ToJsonString() ?? "";

    private static HashSet<string> Includes(HttpContext context) =>
        [.. context.Request.Query["include"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static Func<JsonObject, bool> ProductFilter(HttpContext context)
    {
        var query = context.Request.Query;
        var ids = query["id:in"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var sku = query["sku"].ToString();
        var visible = query["is_visible"].ToString();
        var modifiedMin = Date(query["date_modified:min"].ToString());
        return p => (ids.Count == 0 || ids.Contains(p["id"]!.ToString()))
            && (sku.Length == 0 || p["sku"]!.GetValue<string>() == sku)
            && (visible.Length == 0 || p["is_visible"]!.GetValue<bool>().ToString().Equals(visible, StringComparison.OrdinalIgnoreCase))
            && (modifiedMin is null || DateTimeOffset.Parse(p["date_modified"]!.GetValue<string>(), CultureInfo.InvariantCulture) >= modifiedMin);
    }

    private static Func<JsonObject, bool> CustomerFilter(HttpContext context)
    {
        var query = context.Request.Query;
        var emails = query["email:in"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var modifiedMin = Date(query["date_modified:min"].ToString());
        return c => (emails.Count == 0 || emails.Contains(c["email"]!.GetValue<string>()))
            && (modifiedMin is null || DateTimeOffset.Parse(c["date_modified"]!.GetValue<string>(), CultureInfo.InvariantCulture) >= modifiedMin);
    }

    private static DateTimeOffset? Date(string text) =>
        text.Length > 0 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;

    // --- v3 product update --------------------------------------------------------------------------------------

    private IResult UpdateProduct(string store, string idText, bool isJson, JsonNode? body)
    {
        if (!int.TryParse(idText, out var id) || id < 1 || id > _productCount)
        {
            return Error(true, 404, "The requested product was not found.");
        }
        if (!isJson)
        {
            return Error(true, 415, "The request body must be JSON: send Content-Type: application/json.");
        }
        if (body is not JsonObject fields)
        {
            return Error(true, 400, "The request body is not a JSON object.");
        }
        var errors = new JsonObject();
        foreach (var (name, value) in fields)
        {
            var problem = name switch
            {
                "name" or "sku" => value is JsonValue v && v.TryGetValue<string>(out var s) && (name != "name" || s.Length > 0) ? null : $"{name} must be a non-empty string",
                "price" or "sale_price" or "weight" => value is JsonValue v && v.TryGetValue<double>(out var d) && d >= 0 ? null : $"{name} must be a number of 0 or more",
                "inventory_level" or "inventory_warning_level" => value is JsonValue v && v.TryGetValue<int>(out var i) && i >= 0 ? null : $"{name} must be an integer of 0 or more",
                "inventory_tracking" => value is JsonValue v && v.TryGetValue<string>(out var t) && t is "none" or "product" or "variant" ? null : "inventory_tracking must be none, product or variant",
                "is_visible" => value is JsonValue v && v.TryGetValue<bool>(out _) ? null : "is_visible must be a boolean",
                // Read-only fields are documented as such: BigCommerce ignores them in an update.
                "id" or "date_created" or "date_modified" or "calculated_price" or "base_variant_id" => null,
                _ => null,
            };
            if (problem is not null)
            {
                errors[name] = problem;
            }
        }
        if (errors.Count > 0)
        {
            return Error(true, 422, "JSON data is missing or invalid", errors);
        }
        var edits = _productEdits.GetOrAdd((store, id), _ => []);
        lock (edits)
        {
            foreach (var (name, value) in fields)
            {
                if (name is not ("id" or "date_created" or "date_modified" or "calculated_price" or "base_variant_id"))
                {
                    edits[name] = value?.DeepClone();
                }
            }
            edits["date_modified"] = Iso(_time.GetUtcNow());
        }
        return Json(new JsonObject { ["data"] = Product(store, id), ["meta"] = new JsonObject() });
    }

    // --- v2 orders ----------------------------------------------------------------------------------------------

    private IResult V2Orders(HttpContext context, string store)
    {
        var query = context.Request.Query;
        var limit = DefaultLimit;
        var page = 1;
        if (query.ContainsKey("limit") && (!int.TryParse(query["limit"], out limit) || limit < 1))
        {
            return Error(false, 400, "The field 'limit' is invalid: it must be a positive integer.");
        }
        if (query.ContainsKey("page") && (!int.TryParse(query["page"], out page) || page < 1))
        {
            return Error(false, 400, "The field 'page' is invalid: it must be a positive integer.");
        }
        limit = Math.Min(limit, MaxLimit);
        var statusId = query["status_id"].ToString();
        var minModified = Date(query["min_date_modified"].ToString());
        var minId = int.TryParse(query["min_id"], out var min) ? min : 0;
        var orders = Enumerable.Range(1, _orderCount).Select(n => Order(store, n))
            .Where(o => statusId.Length == 0 || o["status_id"]!.ToString() == statusId)
            .Where(o => o["id"]!.GetValue<int>() >= minId)
            .Where(o => minModified is null || DateTimeOffset.Parse(o["date_modified"]!.GetValue<string>(), CultureInfo.InvariantCulture) >= minModified)
            .Skip((page - 1) * limit).Take(limit).ToList();
        // v2 answers a page past the last one (or a filter that matches nothing) with 204 and no body, not [].
        return orders.Count == 0 ? Results.NoContent() : Json(new JsonArray([.. orders]));
    }

    // --- Data ---------------------------------------------------------------------------------------------------

    private static string Iso(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    // v2 writes dates as RFC 2822: "Tue, 05 Mar 2024 10:00:00 +0000".
    private static string Rfc2822(DateTimeOffset value) => value.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    private JsonObject Product(string store, int n, bool variants = false)
    {
        var product = new JsonObject
        {
            ["id"] = n,
            ["name"] = $"Trail Product {n}",
            ["type"] = n % 9 == 0 ? "digital" : "physical",
            ["sku"] = $"BC-{n:D5}",
            ["price"] = Math.Round(n * 1.25 + 5, 2),
            ["sale_price"] = 0,
            ["calculated_price"] = Math.Round(n * 1.25 + 5, 2),
            ["weight"] = n % 5 + 0.5,
            ["inventory_level"] = n % 37,
            ["inventory_tracking"] = n % 9 == 0 ? "none" : "product",
            ["is_visible"] = n % 11 != 0,
            ["categories"] = new JsonArray(23, 18 + n % 4),
            ["brand_id"] = n % 3 == 0 ? 0 : 36 + n % 3,
            ["base_variant_id"] = 1000 + n,
            ["date_created"] = Iso(Epoch.AddHours(n)),
            ["date_modified"] = Iso(Epoch.AddDays(n % 200)),
            ["custom_url"] = new JsonObject { ["url"] = $"/trail-product-{n}/", ["is_customized"] = false },
        };
        if (_productEdits.TryGetValue((store, n), out var edits))
        {
            lock (edits)
            {
                foreach (var (name, value) in edits)
                {
                    product[name] = value?.DeepClone();
                }
            }
        }
        if (variants)
        {
            product["variants"] = new JsonArray(new JsonObject
            {
                ["id"] = 1000 + n,
                ["product_id"] = n,
                ["sku"] = product["sku"]!.DeepClone(),
                ["price"] = null,
                ["calculated_price"] = product["calculated_price"]!.DeepClone(),
                ["inventory_level"] = product["inventory_level"]!.DeepClone(),
                ["option_values"] = new JsonArray(),
            });
        }
        return product;
    }

    private static JsonObject Customer(int n) => new()
    {
        ["id"] = n,
        ["email"] = $"shopper{n}@example.com",
        ["first_name"] = "Shopper",
        ["last_name"] = $"{n}",
        ["company"] = n % 4 == 0 ? $"Company {n}" : "",
        ["phone"] = $"+44 20 7946 {n % 10000:D4}",
        ["customer_group_id"] = n % 5 == 0 ? 2 : 0,
        ["notes"] = "",
        ["tax_exempt_category"] = "",
        ["accepts_product_review_abandoned_cart_emails"] = n % 2 == 0,
        ["origin_channel_id"] = 1,
        ["channel_ids"] = null,
        ["registration_ip_address"] = "",
        ["date_created"] = Iso(Epoch.AddHours(n * 3)),
        ["date_modified"] = Iso(Epoch.AddDays(n % 90)),
    };

    private static JsonObject Order(string store, int n)
    {
        var subtotal = (n * 12.5m).ToString("0.0000", CultureInfo.InvariantCulture);
        var total = (n * 12.5m * 1.2m).ToString("0.0000", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["id"] = n,
            ["customer_id"] = n % 6 == 0 ? 0 : n % 130 + 1,
            ["date_created"] = Rfc2822(Epoch.AddHours(n * 2)),
            ["date_modified"] = Rfc2822(Epoch.AddHours(n * 2 + 1)),
            ["date_shipped"] = n % 5 == 1 ? Rfc2822(Epoch.AddHours(n * 2 + 20)) : "",
            ["status_id"] = OrderStatusIds[n % OrderStatusIds.Length],
            ["status"] = OrderStatuses[n % OrderStatuses.Length],
            ["subtotal_ex_tax"] = subtotal,
            ["subtotal_inc_tax"] = total,
            ["total_ex_tax"] = subtotal,
            ["total_inc_tax"] = total,
            ["items_total"] = 1 + n % 3,
            ["currency_code"] = "GBP",
            ["payment_method"] = n % 4 == 0 ? "PayPal" : "Credit Card",
            ["channel_id"] = 1,
            ["billing_address"] = new JsonObject
            {
                ["first_name"] = "Shopper",
                ["last_name"] = $"{n % 130 + 1}",
                ["company"] = "",
                ["street_1"] = $"{n} High Street",
                ["city"] = "Leeds",
                ["zip"] = "LS1 4AP",
                ["country"] = "United Kingdom",
                ["country_iso2"] = "GB",
                ["email"] = $"shopper{n % 130 + 1}@example.com",
            },
            // v2 links sub-resources instead of embedding them (include=consignments changes that; not modelled).
            ["products"] = new JsonObject { ["url"] = $"https://api.bigcommerce.com/stores/{store}/v2/orders/{n}/products", ["resource"] = $"/orders/{n}/products" },
        };
    }
}
