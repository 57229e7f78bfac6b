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
/// Adobe Commerce / Magento 2 REST API as samples/magento2 uses it, on https://{store domain}/rest/{store code}/V1/,
/// written from Adobe's documentation (developer.adobe.com/commerce/webapi: "Token-based authentication", "OAuth-based authentication",
/// "Search using REST endpoints", the catalogProductRepositoryV1, salesOrderRepositoryV1 and
/// customerCustomerRepositoryV1 references):
/// <list type="bullet">
/// <item>a store code the store does not have → 404 <c>{"message"}</c> (the stand-in's choice of answer);</item>
/// <item>an integration's requests are signed with OAuth 1.0a ("OAuth-based authentication"): an
/// <c>Authorization: OAuth</c> header with the integration's consumer key and access token, HMAC-SHA256 (or
/// HMAC-SHA1), a timestamp within 10 minutes of the server's clock, a nonce the consumer has not used before and a
/// signature over the query and oauth_ parameters with the consumer secret and access token secret (verified by
/// <see cref="OAuth1Verifier"/>). Since 2.4.4 the access token alone as <c>Authorization: Bearer</c> is accepted only
/// where the store enables "Allow OAuth Access Tokens to be used as standalone Bearer tokens": here the staging store
/// (<see cref="BearerTokenStores"/>), not the live one, which keeps the default. Anything else → 401
/// <c>{"message": "The consumer isn't authorized to access %resources.", "parameters": {"resources": "..."}}</c> naming the
/// ACL resource of the call (the reason in an X-Test-Api-Reason header);</item>
/// <item>lists (<c>GET products</c>, <c>GET orders</c>, <c>GET customers/search</c>) need <c>searchCriteria</c> (none at
/// all → 400 <c>"%fieldName" is required</c>); <c>searchCriteria[currentPage]</c> (from 1) and
/// <c>searchCriteria[pageSize]</c>; filter groups (<c>searchCriteria[filter_groups][i][filters][j][field|value|condition_type]</c>:
/// filters of a group are ORed, groups ANDed; conditions eq, neq, gt, gteq, lt, lteq, like, in, nin, null, notnull),
/// <c>searchCriteria[sortOrders][k][field|direction]</c>; an unknown field, condition or direction, or a page
/// number or size that is not a positive integer → 400;</item>
/// <item>answers <c>{items, search_criteria, total_count}</c>; <b>a currentPage past the last page answers the last page
/// again</b> (Magento clamps the page to the collection's last one), so only total_count tells a client where to stop;
/// a search that matches nothing answers <c>items: []</c>, <c>total_count: 0</c>;</item>
/// <item>Magento has no hard page-size cap (a huge pageSize loads everything); the stand-in refuses a pageSize over
/// <see cref="MaxPageSize"/> with 400, as a guard a real store's operators often add;</item>
/// <item><c>PUT products/{sku}</c>: JSON only (else 415), the body wrapped as <c>{"product": {...}}</c> (else 400), a
/// <c>product.sku</c> that differs from the path → 400; an unknown SKU → 404 <c>"The product that was requested
/// doesn't exist. Verify the product and try again."</c>; price and <c>extension_attributes.stock_item</c>
/// (<c>qty</c>, <c>is_in_stock</c>) are checked and kept, and the answer is the product as saved.</item>
/// </list>
/// Dates are Magento's "yyyy-MM-dd HH:mm:ss" in UTC. Product, order and customer ids are 1..count.
/// </summary>
public sealed partial class Magento2Api : IFakeApi
{
    public const string TestStoreDomain = "staging.acme-outdoor.com";
    public const string TestAccessToken = "mg2test7d1f4k9p2x6w3q8z5r0t1v4y7b";
    public const string LiveStoreDomain = "www.acme-outdoor.com";
    public const string LiveAccessToken = "mg2live2c8e5h1j7m3n9s6u0w4y2a5d8g";
    // The rest of each store's integration: what OAuth 1.0a signs with beside the access token.
    public const string TestConsumerKey = "mg2testck4h8k2n6q0t4w8z2c6f0j4m8p";
    public const string TestConsumerSecret = "mg2testcs9b3e7h1l5p9s3v7y1b5e9h3k";
    public const string TestAccessTokenSecret = "mg2testts2f6j0m4q8u2x6a0d4g8k2n6r";
    public const string LiveConsumerKey = "mg2liveck7c1f5j9m3q7t1w5z9c3g7k1n";
    public const string LiveConsumerSecret = "mg2livecs3g7k1o5s9w3a7e1i5m9q3u7y";
    public const string LiveAccessTokenSecret = "mg2livets8d2h6l0p4t8x2b6f0j4n8r2v";
    /// <summary>How far oauth_timestamp may be from the server's clock (Magento's nonce check allows 600 seconds).</summary>
    public static readonly TimeSpan TimestampTolerance = TimeSpan.FromSeconds(600);
    /// <summary>Stores that enabled "Allow OAuth Access Tokens to be used as standalone Bearer tokens" (off by default since 2.4.4).</summary>
    public static readonly IReadOnlySet<string> BearerTokenStores = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "staging.acme-outdoor.com" };
    /// <summary>The store views each store has (the default one and an English one).</summary>
    public static readonly string[] StoreCodes = ["default", "en"];
    /// <summary>The product the test instance's update writes to.</summary>
    public const string SampleSku = "MT-00077";
    public const int MaxPageSize = 300;
    public const int DefaultPageSize = 20;

    public const string ProductsResource = "Magento_Catalog::products";
    public const string OrdersResource = "Magento_Sales::actions_view";
    public const string CustomersResource = "Magento_Customer::customer";

    private static readonly DateTimeOffset Epoch = new(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] OrderStatuses = ["pending", "processing", "complete", "canceled", "holded"];
    private static readonly string[] OrderStates = ["new", "processing", "complete", "canceled", "holded"];
    private static readonly string[] Conditions = ["eq", "neq", "gt", "gteq", "lt", "lteq", "like", "in", "nin", "null", "notnull"];

    private readonly int _productCount;
    private readonly int _orderCount;
    private readonly int _customerCount;
    private readonly TimeProvider _time;
    private readonly OAuth1Verifier _oauth;
    private readonly ConcurrentDictionary<(string Domain, int Id), JsonObject> _productEdits = new();

    /// <param name="adminTokenLifetime">How long an admin token of the SOAP API lives (Magento's default: 4 hours).</param>
    public Magento2Api(int productCount = 300, int orderCount = 250, int customerCount = 130, TimeProvider? time = null, TimeSpan? adminTokenLifetime = null)
    {
        _productCount = productCount;
        _orderCount = orderCount;
        _customerCount = customerCount;
        _time = time ?? TimeProvider.System;
        _oauth = new OAuth1Verifier(_time, TimestampTolerance);
        _adminTokens = new TokenIssuer(_time, "mg2admin");
        _adminTokenLifetime = adminTokenLifetime ?? DefaultAdminTokenLifetime;
    }

    public IReadOnlyList<string> Hosts { get; } = ["*.acme-outdoor.com"];

    public static IReadOnlyDictionary<string, string> Tokens { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [TestStoreDomain] = TestAccessToken,
        [LiveStoreDomain] = LiveAccessToken,
    };

    /// <summary>Each store's integration as OAuth 1.0a signs with it (the access token is the same one).</summary>
    public static IReadOnlyDictionary<string, OAuth1Verifier.Credentials> Integrations { get; } = new Dictionary<string, OAuth1Verifier.Credentials>(StringComparer.OrdinalIgnoreCase)
    {
        [TestStoreDomain] = new(TestConsumerKey, TestConsumerSecret, TestAccessToken, TestAccessTokenSecret),
        [LiveStoreDomain] = new(LiveConsumerKey, LiveConsumerSecret, LiveAccessToken, LiveAccessTokenSecret),
    };

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/rest/{store}/V1/products", (HttpContext context, string store) => Call(context, store, ProductsResource, domain =>
            Search(context, Enumerable.Range(1, _productCount).Select(n => Product(domain, n)), ProductFields)));
        routes.MapGet("/rest/{store}/V1/orders", (HttpContext context, string store) => Call(context, store, OrdersResource, _ =>
            Search(context, Enumerable.Range(1, _orderCount).Select(Order), OrderFields)));
        routes.MapGet("/rest/{store}/V1/customers/search", (HttpContext context, string store) => Call(context, store, CustomersResource, _ =>
            Search(context, Enumerable.Range(1, _customerCount).Select(Customer), CustomerFields)));
        routes.MapPut("/rest/{store}/V1/products/{sku}", AsyncHandler.Of(async context =>
        {
            var store = context.Request.RouteValues["store"]!.ToString()!;
            var isJson = context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
            JsonNode? body = null;
            var parsed = true;
            if (isJson)
            {
                try
                {
                    body = await RequestFields.ReadJsonAsync(context.Request);
                }
                catch (System.Text.Json.JsonException)
                {
                    parsed = false;
                }
            }
            return await Call(context, store, ProductsResource, domain => UpdateProduct(domain, context.Request.RouteValues["sku"]!.ToString()!, isJson, parsed, body));
        }));
        MapSoap(routes);
    }

    // --- The gate: store code, OAuth 1.0a signature or bearer token ----------------------------------------------

    private async Task<IResult> Call(HttpContext context, string store, string resource, Func<string, IResult> handle)
    {
        var domain = context.Request.Host.Host;
        if (!Integrations.TryGetValue(domain, out var integration))
        {
            return Error(404, "Request does not match any route.");
        }
        if (!StoreCodes.Contains(store, StringComparer.Ordinal))
        {
            return Error(404, "The store that was requested wasn't found. Verify the store and try again.");
        }
        var authorization = context.Request.Headers.Authorization.ToString();
        var reason = authorization.StartsWith("Bearer ", StringComparison.Ordinal)
            ? !BearerTokenStores.Contains(domain) ? "the store does not allow access tokens as standalone bearer tokens (the default since 2.4.4): sign with OAuth 1.0a"
                : authorization != "Bearer " + integration.Token ? "unknown bearer token"
                : null
            : await _oauth.RejectionAsync(context, integration, realm: null, methods: ["HMAC-SHA256", "HMAC-SHA1"]);
        if (reason is not null)
        {
            context.Response.Headers["X-Test-Api-Reason"] = reason;
            return Error(401, "The consumer isn't authorized to access %resources.", new JsonObject { ["resources"] = resource });
        }
        return handle(domain);
    }

    private static IResult Error(int status, string message, JsonObject? parameters = null)
    {
        var body = new JsonObject { ["message"] = message };
        if (parameters is not null)
        {
            body["parameters"] = parameters;
        }
        return Json(body, status);
    }

    private static IResult Json(JsonNode body, int status = 200) =>
        Results.Text(body.ToJsonString(JsonText.Options), "application/json; charset=utf-8", Encoding.UTF8, status);

    // --- searchCriteria ---------------------------------------------------------------------------------------

    private static readonly string[] ProductFields = ["entity_id", "sku", "name", "price", "status", "visibility", "type_id", "created_at", "updated_at"];
    private static readonly string[] OrderFields = ["entity_id", "increment_id", "status", "state", "customer_email", "customer_id", "grand_total", "created_at", "updated_at"];
    private static readonly string[] CustomerFields = ["entity_id", "email", "firstname", "lastname", "group_id", "created_at", "updated_at"];

    private static readonly Regex FilterKey = new(@"^searchCriteria\[filter_groups\]\[(\d+)\]\[filters\]\[(\d+)\]\[(field|value|condition_type|conditionType)\]$", RegexOptions.CultureInvariant);
    private static readonly Regex SortKey = new(@"^searchCriteria\[sortOrders\]\[(\d+)\]\[(field|direction)\]$", RegexOptions.CultureInvariant);

    private sealed record Filter(string Field, string Value, string Condition);

    private static IResult Search(HttpContext context, IEnumerable<JsonObject> all, string[] fields)
    {
        var query = context.Request.Query;
        if (!query.Keys.Any(k => k.StartsWith("searchCriteria", StringComparison.Ordinal)))
        {
            return Error(400, "\"%fieldName\" is required. Enter and try again.", new JsonObject { ["fieldName"] = "searchCriteria" });
        }
        int? pageSize = null;
        int? currentPage = null;
        if (query.ContainsKey("searchCriteria[pageSize]"))
        {
            if (!int.TryParse(query["searchCriteria[pageSize]"], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1)
            {
                return Error(400, "The \"%value\" value's type is invalid. The \"%type\" type was expected. Verify and try again.", new JsonObject { ["value"] = query["searchCriteria[pageSize]"].ToString(), ["type"] = "int" });
            }
            if (size > MaxPageSize)
            {
                return Error(400, "Maximum SearchCriteria pageSize is %max", new JsonObject { ["max"] = MaxPageSize });
            }
            pageSize = size;
        }
        if (query.ContainsKey("searchCriteria[currentPage]"))
        {
            if (!int.TryParse(query["searchCriteria[currentPage]"], NumberStyles.None, CultureInfo.InvariantCulture, out var pageNumber) || pageNumber < 1)
            {
                return Error(400, "The \"%value\" value's type is invalid. The \"%type\" type was expected. Verify and try again.", new JsonObject { ["value"] = query["searchCriteria[currentPage]"].ToString(), ["type"] = "int" });
            }
            currentPage = pageNumber;
        }

        // Filter groups: group → filter → its parts.
        var groups = new SortedDictionary<int, SortedDictionary<int, Dictionary<string, string>>>();
        var sorts = new SortedDictionary<int, Dictionary<string, string>>();
        foreach (var key in query.Keys)
        {
            if (FilterKey.Match(key) is { Success: true } f)
            {
                var g = int.Parse(f.Groups[1].Value, CultureInfo.InvariantCulture);
                var i = int.Parse(f.Groups[2].Value, CultureInfo.InvariantCulture);
                var part = f.Groups[3].Value == "conditionType" ? "condition_type" : f.Groups[3].Value;
                var group = groups.TryGetValue(g, out var existing) ? existing : groups[g] = [];
                var filter = group.TryGetValue(i, out var parts) ? parts : group[i] = new Dictionary<string, string>(StringComparer.Ordinal);
                filter[part] = query[key].ToString();
            }
            else if (SortKey.Match(key) is { Success: true } s)
            {
                var k = int.Parse(s.Groups[1].Value, CultureInfo.InvariantCulture);
                var sort = sorts.TryGetValue(k, out var existing) ? existing : sorts[k] = new Dictionary<string, string>(StringComparer.Ordinal);
                sort[s.Groups[2].Value] = query[key].ToString();
            }
            else if (key.StartsWith("searchCriteria[", StringComparison.Ordinal) && key is not ("searchCriteria[pageSize]" or "searchCriteria[currentPage]"))
            {
                return Error(400, "Invalid search criteria parameter: %name.", new JsonObject { ["name"] = key });
            }
        }

        var filterGroups = new List<List<Filter>>();
        foreach (var group in groups.Values)
        {
            var filters = new List<Filter>();
            foreach (var parts in group.Values)
            {
                var field = parts.GetValueOrDefault("field") ?? "";
                var condition = parts.GetValueOrDefault("condition_type") ?? "eq";
                if (!fields.Contains(field, StringComparer.Ordinal))
                {
                    return Error(400, "\"%fieldName\" is not a field that can be filtered on.", new JsonObject { ["fieldName"] = field });
                }
                if (!Conditions.Contains(condition, StringComparer.Ordinal))
                {
                    return Error(400, "Invalid condition type: %condition.", new JsonObject { ["condition"] = condition });
                }
                if (!parts.ContainsKey("value") && condition is not ("null" or "notnull"))
                {
                    return Error(400, "\"%fieldName\" is required. Enter and try again.", new JsonObject { ["fieldName"] = "value" });
                }
                filters.Add(new Filter(field, parts.GetValueOrDefault("value") ?? "", condition));
            }
            filterGroups.Add(filters);
        }

        var matching = all.Where(record => filterGroups.All(group => group.Any(filter => Matches(record, filter)))).ToList();
        foreach (var sort in sorts.Values.Reverse())
        {
            var field = sort.GetValueOrDefault("field") ?? "";
            var direction = (sort.GetValueOrDefault("direction") ?? "ASC").ToUpperInvariant();
            if (!fields.Contains(field, StringComparer.Ordinal) || direction is not ("ASC" or "DESC"))
            {
                return Error(400, "Invalid sort order: %field %direction.", new JsonObject { ["field"] = field, ["direction"] = direction });
            }
            // Stable sorts applied last-key-first give the first sort order precedence.
            matching = direction == "ASC"
                ? [.. matching.OrderBy(r => SortText(Field(r, field)), StringComparer.Ordinal)]
                : [.. matching.OrderByDescending(r => SortText(Field(r, field)), StringComparer.Ordinal)];
        }

        var total = matching.Count;
        IEnumerable<JsonObject> page = matching;
        if (pageSize is { } sizeValue)
        {
            var lastPage = Math.Max(1, (total + sizeValue - 1) / sizeValue);
            // Magento's quirk: a page past the end is the last page again, never an empty one.
            var served = Math.Min(currentPage ?? 1, lastPage);
            page = matching.Skip((served - 1) * sizeValue).Take(sizeValue);
        }

        var echo = new JsonObject
        {
            ["filter_groups"] = new JsonArray([.. filterGroups.Select(g => (JsonNode)new JsonObject
            {
                ["filters"] = new JsonArray([.. g.Select(f => (JsonNode)new JsonObject { ["field"] = f.Field, ["value"] = f.Value, ["condition_type"] = f.Condition })]),
            })]),
        };
        if (sorts.Count > 0)
        {
            echo["sort_orders"] = new JsonArray([.. sorts.Values.Select(s => (JsonNode)new JsonObject { ["field"] = s.GetValueOrDefault("field"), ["direction"] = (s.GetValueOrDefault("direction") ?? "ASC").ToUpperInvariant() })]);
        }
        if (pageSize is { } echoedSize)
        {
            echo["page_size"] = echoedSize;
        }
        if (currentPage is { } echoedPage)
        {
            echo["current_page"] = echoedPage;
        }
        return Json(new JsonObject
        {
            ["items"] = new JsonArray([.. page.Select(r => (JsonNode)r.DeepClone())]),
            ["search_criteria"] = echo,
            ["total_count"] = total,
        });
    }

    /// <summary>A record's field by its searchCriteria name (entity_id is the record's id).</summary>
    private static JsonNode? Field(JsonObject record, string field) =>
        field == "entity_id" ? record["entity_id"] ?? record["id"] : record[field];

    private static bool Matches(JsonObject record, Filter filter)
    {
        var value = Field(record, filter.Field);
        var text = value is JsonValue v ? (v.TryGetValue<string>(out var s) ? s : v.ToJsonString()) : null;
        switch (filter.Condition)
        {
            case "null": return text is null;
            case "notnull": return text is not null;
            case "in": return text is not null && filter.Value.Split(',').Select(x => x.Trim()).Contains(text);
            case "nin": return text is null || !filter.Value.Split(',').Select(x => x.Trim()).Contains(text);
            case "like":
                var pattern = "^" + Regex.Escape(filter.Value).Replace("%", ".*", StringComparison.Ordinal) + "$";
                return text is not null && Regex.IsMatch(text, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }
        if (text is null)
        {
            return false;
        }
        var order = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) && double.TryParse(filter.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
            ? a.CompareTo(b)
            : string.CompareOrdinal(text, filter.Value);
        return filter.Condition switch
        {
            "eq" => order == 0,
            "neq" => order != 0,
            "gt" => order > 0,
            "gteq" => order >= 0,
            "lt" => order < 0,
            _ => order <= 0,
        };
    }

    private static string SortText(JsonNode? value) =>
        value is JsonValue v && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number.ToString("000000000000.0000", CultureInfo.InvariantCulture)
            : value is JsonValue t && t.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "";

    // --- PUT products/{sku} -----------------------------------------------------------------------------------

    private static readonly string[] WritableProductFields = ["sku", "name", "price", "status", "visibility", "weight", "type_id", "attribute_set_id", "extension_attributes", "custom_attributes"];

    private IResult UpdateProduct(string domain, string sku, bool isJson, bool parsed, JsonNode? body)
    {
        var id = Enumerable.Range(1, _productCount).FirstOrDefault(n => Sku(n) == sku);
        if (id == 0)
        {
            return Error(404, "The product that was requested doesn't exist. Verify the product and try again.");
        }
        if (!isJson)
        {
            return Error(415, "Server cannot understand Content-Type HTTP header media type %1", new JsonObject { ["1"] = "Content-Type: application/json" });
        }
        if (!parsed || body is not JsonObject root)
        {
            return Error(400, "Decoding error: the request body is not a JSON object.");
        }
        if (root["product"] is not JsonObject product)
        {
            return Error(400, "\"%fieldName\" is required. Enter and try again.", new JsonObject { ["fieldName"] = "product" });
        }
        if (product.ContainsKey("sku") && (product["sku"] is not JsonValue skuValue || !skuValue.TryGetValue<string>(out var bodySku) || bodySku != sku))
        {
            return Error(400, "The sku in the request body (%bodySku) doesn't match the sku in the URL (%sku).", new JsonObject { ["bodySku"] = product["sku"]?.ToJsonString(), ["sku"] = sku });
        }
        foreach (var (name, value) in product)
        {
            if (!WritableProductFields.Contains(name, StringComparer.Ordinal))
            {
                return Error(400, "Property \"%property\" does not have accessor method in class \"%class\".", new JsonObject { ["property"] = name, ["class"] = "Magento\\Catalog\\Api\\Data\\ProductInterface" });
            }
            var problem = name switch
            {
                "price" or "weight" => value is JsonValue v && v.TryGetValue<double>(out var d) && d >= 0 ? null : $"{name} must be a number of 0 or more",
                "name" => value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? null : "name must be a non-empty string",
                "status" => value is JsonValue v && v.TryGetValue<int>(out var st) && st is 1 or 2 ? null : "status must be 1 (enabled) or 2 (disabled)",
                "visibility" => value is JsonValue v && v.TryGetValue<int>(out var vi) && vi is >= 1 and <= 4 ? null : "visibility must be 1 to 4",
                "extension_attributes" => StockProblem(value),
                _ => null,
            };
            if (problem is not null)
            {
                return Error(400, "The value of \"%fieldName\" is invalid: %problem.", new JsonObject { ["fieldName"] = name, ["problem"] = problem });
            }
        }
        var edits = _productEdits.GetOrAdd((domain, id), _ => []);
        lock (edits)
        {
            foreach (var (name, value) in product)
            {
                if (name == "extension_attributes" && value?["stock_item"] is JsonObject stock)
                {
                    foreach (var (field, fieldValue) in stock)
                    {
                        edits["stock_item." + field] = fieldValue?.DeepClone();
                    }
                }
                else if (name is not ("sku" or "extension_attributes"))
                {
                    edits[name] = value?.DeepClone();
                }
            }
            edits["updated_at"] = Date(_time.GetUtcNow());
        }
        return Json(Product(domain, id));
    }

    private static string? StockProblem(JsonNode? value)
    {
        if (value is not JsonObject attributes)
        {
            return "extension_attributes must be an object";
        }
        foreach (var (name, node) in attributes)
        {
            if (name != "stock_item")
            {
                continue;
            }
            if (node is not JsonObject stock)
            {
                return "stock_item must be an object";
            }
            foreach (var (field, fieldValue) in stock)
            {
                var problem = field switch
                {
                    "qty" => fieldValue is JsonValue v && v.TryGetValue<double>(out _) ? null : "stock_item.qty must be a number",
                    "is_in_stock" => fieldValue is JsonValue v && v.TryGetValue<bool>(out _) ? null : "stock_item.is_in_stock must be a boolean",
                    "manage_stock" => fieldValue is JsonValue v && v.TryGetValue<bool>(out _) ? null : "stock_item.manage_stock must be a boolean",
                    _ => null,
                };
                if (problem is not null)
                {
                    return problem;
                }
            }
        }
        return null;
    }

    // --- Data -------------------------------------------------------------------------------------------------

    private static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Sku(int n) => $"MT-{n:D5}";

    private JsonObject Product(string domain, int n)
    {
        var stock = new JsonObject
        {
            ["item_id"] = n,
            ["product_id"] = n,
            ["stock_id"] = 1,
            ["qty"] = (double)(n % 37),
            ["is_in_stock"] = n % 37 != 0,
            ["manage_stock"] = true,
        };
        var product = new JsonObject
        {
            ["id"] = n,
            ["sku"] = Sku(n),
            ["name"] = $"Trail Product {n}",
            ["attribute_set_id"] = 4,
            ["price"] = Math.Round(n * 1.25 + 5, 2),
            ["status"] = n % 13 == 0 ? 2 : 1,
            ["visibility"] = 4,
            ["type_id"] = "simple",
            ["created_at"] = Date(Epoch.AddHours(n)),
            ["updated_at"] = Date(Epoch.AddDays(n % 200)),
            ["weight"] = n % 5 + 0.5,
            ["extension_attributes"] = new JsonObject
            {
                ["website_ids"] = new JsonArray(1),
                ["stock_item"] = stock,
            },
            ["custom_attributes"] = new JsonArray(
                new JsonObject { ["attribute_code"] = "url_key", ["value"] = $"trail-product-{n}" },
                new JsonObject { ["attribute_code"] = "tax_class_id", ["value"] = "2" }),
        };
        if (_productEdits.TryGetValue((domain, n), out var edits))
        {
            lock (edits)
            {
                foreach (var (name, value) in edits)
                {
                    if (name.StartsWith("stock_item.", StringComparison.Ordinal))
                    {
                        stock[name["stock_item.".Length..]] = value?.DeepClone();
                    }
                    else
                    {
                        product[name] = value?.DeepClone();
                    }
                }
            }
        }
        return product;
    }

    private static JsonObject Order(int n)
    {
        var qty = 1 + n % 3;
        var price = Math.Round(n % 300 * 1.25 + 5, 2);
        var subtotal = Math.Round(price * qty, 2);
        var customer = n % 130 + 1;
        var guest = n % 6 == 0;
        return new JsonObject
        {
            ["entity_id"] = n,
            ["increment_id"] = $"{n:D9}",
            ["state"] = OrderStates[n % OrderStates.Length],
            ["status"] = OrderStatuses[n % OrderStatuses.Length],
            ["store_id"] = 1,
            ["customer_id"] = guest ? null : customer,
            ["customer_is_guest"] = guest ? 1 : 0,
            ["customer_email"] = $"shopper{customer}@example.com",
            ["customer_firstname"] = "Shopper",
            ["customer_lastname"] = $"{customer}",
            ["base_currency_code"] = "GBP",
            ["order_currency_code"] = "GBP",
            ["subtotal"] = subtotal,
            ["shipping_amount"] = 4.95,
            ["tax_amount"] = Math.Round(subtotal * 0.2, 2),
            ["grand_total"] = Math.Round(subtotal * 1.2 + 4.95, 2),
            ["total_qty_ordered"] = (double)qty,
            ["created_at"] = Date(Epoch.AddHours(n * 2)),
            ["updated_at"] = Date(Epoch.AddHours(n * 2 + 1)),
            ["items"] = new JsonArray(new JsonObject
            {
                ["item_id"] = n,
                ["order_id"] = n,
                ["sku"] = Sku(n % 300 + 1),
                ["name"] = $"Trail Product {n % 300 + 1}",
                ["product_type"] = "simple",
                ["qty_ordered"] = (double)qty,
                ["price"] = price,
                ["row_total"] = subtotal,
            }),
            ["billing_address"] = new JsonObject
            {
                ["address_type"] = "billing",
                ["firstname"] = "Shopper",
                ["lastname"] = $"{customer}",
                ["street"] = new JsonArray($"{n} High Street"),
                ["city"] = "Leeds",
                ["postcode"] = "LS1 4AP",
                ["country_id"] = "GB",
                ["telephone"] = $"0113 496 {n % 10000:D4}",
                ["email"] = $"shopper{customer}@example.com",
            },
            ["payment"] = new JsonObject { ["method"] = n % 4 == 0 ? "checkmo" : "braintree" },
        };
    }

    private static JsonObject Customer(int n) => new()
    {
        ["id"] = n,
        ["group_id"] = n % 5 == 0 ? 2 : 1,
        ["email"] = $"shopper{n}@example.com",
        ["firstname"] = "Shopper",
        ["lastname"] = $"{n}",
        ["created_at"] = Date(Epoch.AddHours(n * 3)),
        ["updated_at"] = Date(Epoch.AddDays(n % 90)),
        ["created_in"] = "Default Store View",
        ["store_id"] = 1,
        ["website_id"] = 1,
        ["disable_auto_group_change"] = 0,
        ["addresses"] = new JsonArray(),
    };
}
