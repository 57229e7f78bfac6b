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
/// Sitoo's REST API v2 as samples/sitoo uses it, on https://{api host}/v2/accounts/{account no}/, written from Sitoo's
/// developer documentation (developer.sitoo.com: authentication, collections, products, orders, warehouses and
/// warehouse transactions; the operations and shapes as its API reference lists them):
/// <list type="bullet">
/// <item>HTTP Basic with an API user's id (<c>{account no}-{n}</c>, "API id") and password; each account lives on
/// one API host (a data centre: <c>api.mysitoo.com</c>, the sandbox <c>api-sandbox.mysitoo.com</c>); a missing or
/// wrong pair, or an API user of another account → 401 <c>{"statuscode": 401, "errortext": "..."}</c> with
/// <c>WWW-Authenticate: Basic</c>; an account not on this host, a site or warehouse the account does not have → 404 in
/// the same shape;</item>
/// <item>collections page with <c>start</c> (0-based offset, default 0) and <c>num</c> (default 10, at most
/// <see cref="MaxNum"/>) and answer <c>{"totalcount": n, "items": [...]}</c>; a <c>num</c> over the maximum, or a
/// <c>start</c>/<c>num</c> that is not a number → 400; a <c>start</c> at or past the end → <c>items: []</c> with the
/// total; <c>fields</c> (comma-separated) limits each item to those fields, an unknown one → 400;</item>
/// <item><c>GET orders.json</c> (account level; the site-level list is deprecated) filters by <c>eshopid</c>,
/// <c>orderdatefrom</c>/<c>orderdateto</c> (Unix seconds, inclusive), <c>orderstate</c> (0 open, 10 closed, 20
/// cancelled; comma-separated) and sorts by <c>sort</c>
/// (<c>orderid</c>, <c>-orderid</c>, <c>orderdate</c>, <c>-orderdate</c>); <b>without <c>sort</c> the newest order
/// comes first</b>, so pages shift while orders arrive;</item>
/// <item><c>POST sites/{site}/warehousetransactions.json</c>: a JSON array of transactions (<c>warehouseid</c>,
/// <c>transactiontype</c>, <c>items</c> of <c>sku</c> and <c>decimalquantity</c>), at most
/// <see cref="MaxTransactionItems"/> items in one request; manual in (10) and out (20) only (sales, refunds and
/// stocktaking are written by the POS); one transaction answers its new id, several a batch envelope
/// <c>[{"statuscode": 200, "return": id}]</c>; the stock of each SKU moves by the quantity;</item>
/// <item>too many requests in a second for one account → 429 in the error shape (Sitoo documents the 429 but no
/// number: the stand-in's quota is <see cref="DefaultRequestsPerSecond"/> a second unless a test sets another).</item>
/// </list>
/// Dates are Unix timestamps in seconds; money and quantities are decimal strings ("99.00", "5.000").
/// </summary>
public sealed class SitooApi : IFakeApi
{
    public const string TestHost = "api-sandbox.mysitoo.com";
    public const string TestAccountNo = "91827";
    public const string TestApiId = TestAccountNo + "-14";
    public const string TestPassword = "st9Qe4Wn7Rb2Xc8Vz5Lk1Hp6Jd3Fa0Gm";
    public const string LiveHost = "api.mysitoo.com";
    public const string LiveAccountNo = "20417";
    public const string LiveApiId = LiveAccountNo + "-3";
    public const string LivePassword = "st4Tr8Yu1Io6Pa3Sd9Fg2Hj7Kl5Zx0Cv";
    public const int MaxNum = 100;
    public const int DefaultNum = 10;
    public const int MaxTransactionItems = 1000;
    public const int DefaultRequestsPerSecond = 25;
    /// <summary>The sites each account has (its web shop and its stores' site).</summary>
    public static readonly int[] SiteIds = [1, 2];
    /// <summary>The warehouses of site 1.</summary>
    public static readonly int[] WarehouseIds = [1, 2];
    public const int StockedWarehouseId = 1;

    /// <summary>2024-03-01 09:00 UTC.</summary>
    public const long Epoch = 1709283600;

    private readonly int _productCount;
    private readonly int _orderCount;
    private readonly int _requestsPerSecond;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, FixedWindowLimit> _limits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Account, int Warehouse, string Sku), decimal> _stockMoves = new();
    private int _nextTransactionId = 500;

    public SitooApi(int productCount = 250, int orderCount = 230, int requestsPerSecond = DefaultRequestsPerSecond, TimeProvider? time = null)
    {
        _productCount = productCount;
        _orderCount = orderCount;
        _requestsPerSecond = requestsPerSecond;
        _time = time ?? TimeProvider.System;
    }

    public IReadOnlyList<string> Hosts { get; } = [TestHost, LiveHost];

    private sealed record Account(string Host, string AccountNo, string ApiId, string Password);

    private static readonly Account[] Accounts =
    [
        new(TestHost, TestAccountNo, TestApiId, TestPassword),
        new(LiveHost, LiveAccountNo, LiveApiId, LivePassword),
    ];

    public static string Sku(int n) => $"SK-{n:D5}";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v2/accounts/{account}/sites/{site}.json", (HttpContext context, string account, string site) =>
            Call(context, account, site, (_, siteId) => Json(new JsonObject { ["eshopid"] = siteId, ["eshopname"] = siteId == 1 ? "Webshop" : "Stores", ["currencycode"] = "SEK" })));
        routes.MapGet("/v2/accounts/{account}/sites/{site}/products.json", (HttpContext context, string account, string site) =>
            Call(context, account, site, (_, _) => Collection(context, Enumerable.Range(1, _productCount).Select(Product))));
        routes.MapGet("/v2/accounts/{account}/orders.json", (HttpContext context, string account) =>
            Call(context, account, null, (_, _) => Orders(context)));
        routes.MapGet("/v2/accounts/{account}/sites/{site}/warehouses/{warehouse}/warehouseitems.json", (HttpContext context, string account, string site, string warehouse) =>
            Call(context, account, site, (acc, _) => !TryWarehouse(warehouse, out var id)
                ? Error(404, "Resource not found")
                : WarehouseItems(context, Enumerable.Range(1, _productCount).Select(n => WarehouseItem(acc, id, n)))));
        routes.MapPost("/v2/accounts/{account}/sites/{site}/warehousetransactions.json", AsyncHandler.Of(async context =>
        {
            var isJson = context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
            var body = isJson ? await RequestFields.ReadJsonAsync(context.Request) : null;
            var values = context.Request.RouteValues;
            return Call(context, values["account"]!.ToString()!, values["site"]!.ToString()!, (acc, _) => AddTransactions(acc, isJson, body));
        }));
    }

    // --- The gate: host and account, Basic credentials, site, rate limit ----------------------------------------

    private IResult Call(HttpContext context, string accountNo, string? site, Func<string, int, IResult> handle)
    {
        var host = context.Request.Host.Host;
        var account = Accounts.FirstOrDefault(a => a.Host.Equals(host, StringComparison.OrdinalIgnoreCase) && a.AccountNo == accountNo);
        if (account is null)
        {
            return Error(404, "Resource not found");
        }
        if (!BasicCredentials(context.Request, out var id, out var password) || id != account.ApiId || password != account.Password)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"Sitoo\"";
            return Error(401, "Unauthorized");
        }
        var siteId = 1;
        if (site is not null && (!int.TryParse(site, NumberStyles.None, CultureInfo.InvariantCulture, out siteId) || !SiteIds.Contains(siteId)))
        {
            return Error(404, "Resource not found");
        }
        var (allowed, _) = _limits.GetOrAdd(account.AccountNo, _ => new FixedWindowLimit(_requestsPerSecond, TimeSpan.FromSeconds(1), _time)).TryTake();
        if (!allowed)
        {
            return Error(429, "Too Many Requests");
        }
        return handle(account.AccountNo, siteId);
    }

    private static bool BasicCredentials(HttpRequest request, out string id, out string password)
    {
        id = password = "";
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }
            (id, password) = (pair[..colon], pair[(colon + 1)..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static IResult Error(int status, string text) =>
        Json(new JsonObject { ["statuscode"] = status, ["errortext"] = text }, status);

    private static IResult Json(JsonNode body, int status = 200) =>
        Results.Text(body.ToJsonString(JsonText.Options), "application/json", Encoding.UTF8, status);

    // --- Collections --------------------------------------------------------------------------------------------

    private static IResult Collection(HttpContext context, IEnumerable<JsonObject> all)
    {
        var query = context.Request.Query;
        var start = 0;
        var num = DefaultNum;
        if (query.ContainsKey("start") && !int.TryParse(query["start"], NumberStyles.None, CultureInfo.InvariantCulture, out start))
        {
            return Error(400, $"Invalid value for start: '{query["start"]}'");
        }
        if (query.ContainsKey("num"))
        {
            if (!int.TryParse(query["num"], NumberStyles.None, CultureInfo.InvariantCulture, out num) || num < 1)
            {
                return Error(400, $"Invalid value for num: '{query["num"]}'");
            }
            if (num > MaxNum)
            {
                return Error(400, $"num can not be larger than {MaxNum}");
            }
        }
        var records = all.ToList();
        string[]? fields = null;
        if (query.ContainsKey("fields"))
        {
            fields = query["fields"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var known = records.Count > 0 ? records[0].Select(p => p.Key).ToHashSet(StringComparer.Ordinal) : [];
            if (records.Count > 0 && fields.FirstOrDefault(f => !known.Contains(f)) is { } unknown)
            {
                return Error(400, $"Invalid field: '{unknown}'");
            }
        }
        var page = records.Skip(start).Take(num).Select(r => (JsonNode)(fields is null ? r : Only(r, fields)));
        return Json(new JsonObject { ["totalcount"] = records.Count, ["items"] = new JsonArray([.. page]) });
    }

    private static JsonObject Only(JsonObject record, string[] fields)
    {
        var result = new JsonObject();
        foreach (var field in fields)
        {
            result[field] = record[field]?.DeepClone();
        }
        return result;
    }

    private static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Quantity(decimal value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    public static JsonObject Product(int n) => new()
    {
        ["productid"] = n,
        ["sku"] = Sku(n),
        ["title"] = $"Linen shirt {n}",
        ["descriptionshort"] = "",
        ["moneyprice"] = Money(299 + n % 7 * 50),
        ["moneypricein"] = Money(120 + n % 7 * 20),
        ["vatid"] = 1,
        ["activepos"] = n % 13 != 0,
        ["stockcountenable"] = true,
        ["variantparentid"] = null,
        ["barcode"] = $"735000{n:D7}",
        ["datecreated"] = Epoch + n * 60,
        ["datelastmodified"] = Epoch + n * 3600,
    };

    private JsonObject WarehouseItem(string account, int warehouse, int n)
    {
        var total = (warehouse == StockedWarehouseId ? n % 40 : n % 5) + _stockMoves.GetValueOrDefault((account, warehouse, Sku(n)));
        var reserved = n % 9 == 0 ? 1m : 0m;
        return new JsonObject
        {
            ["warehouseitemid"] = (warehouse - 1) * 100000 + n,
            ["warehouseid"] = warehouse,
            ["sku"] = Sku(n),
            ["binlocation"] = $"A{n % 20 + 1}:S{n % 6 + 1}",
            ["decimalthreshold"] = Quantity(3),
            ["decimaltotal"] = Quantity(total),
            ["moneytotal"] = Money(total * (120 + n % 7 * 20)),
            ["datelastmodified"] = Epoch + n * 600,
            ["datelaststocktaking"] = Epoch,
            ["decimalreserved"] = Quantity(reserved),
            ["decimalavailable"] = Quantity(total - reserved),
        };
    }

    /// <summary>Warehouse items, filtered by <c>sku</c> (comma-separated) and <c>datelastmodifiedfrom</c>/<c>datelastmodifiedto</c> (Unix seconds).</summary>
    private static IResult WarehouseItems(HttpContext context, IEnumerable<JsonObject> items)
    {
        var query = context.Request.Query;
        if (query.ContainsKey("sku"))
        {
            var skus = query["sku"].ToString().Split(',', StringSplitOptions.TrimEntries);
            items = items.Where(i => skus.Contains(i["sku"]!.GetValue<string>(), StringComparer.Ordinal));
        }
        foreach (var (key, keep) in new (string, Func<long, long, bool>)[] { ("datelastmodifiedfrom", (d, v) => d >= v), ("datelastmodifiedto", (d, v) => d <= v) })
        {
            if (!query.ContainsKey(key))
            {
                continue;
            }
            if (!long.TryParse(query[key], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound))
            {
                return Error(400, $"Invalid value for {key}: '{query[key]}'");
            }
            items = items.Where(i => keep(i["datelastmodified"]!.GetValue<long>(), bound)).ToList();
        }
        return Collection(context, items);
    }

    private static bool TryWarehouse(string text, out int id) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && WarehouseIds.Contains(id);

    // --- Orders -------------------------------------------------------------------------------------------------

    /// <summary>Order n: placed at Epoch + n hours, on site 1 (web) for odd n and site 2 (stores) for even n.</summary>
    public static JsonObject Order(int n)
    {
        var quantity = n % 3 + 1;
        var price = 299 + n % 7 * 50;
        var gross = quantity * price;
        return new JsonObject
        {
            ["orderid"] = 10000 + n,
            ["eshopid"] = n % 2 == 1 ? 1 : 2,
            ["externalid"] = n % 2 == 1 ? $"WEB-{n:D6}" : null,
            ["email"] = $"customer{n % 90 + 1}@example.com",
            ["namefirst"] = "Alex",
            ["namelast"] = $"Berg {n % 90 + 1}",
            ["orderdate"] = OrderDate(n),
            ["orderstateid"] = n % 11 == 0 ? 20 : n % 7 == 0 ? 0 : 10,
            ["paymentstateid"] = 20,
            ["ordertypeid"] = 10,
            ["currencycode"] = "SEK",
            ["moneytotal_gross_all"] = Money(gross),
            ["moneyfinal_net"] = Money(gross * 0.8m),
            ["moneyfinal_vat"] = Money(gross * 0.2m),
            ["orderitems"] = new JsonArray(new JsonObject
            {
                ["orderitemtype"] = 10,
                ["productid"] = n % 50 + 1,
                ["sku"] = Sku(n % 50 + 1),
                ["productname"] = $"Linen shirt {n % 50 + 1}",
                ["quantity"] = quantity,
                ["decimalquantitytotal"] = Quantity(quantity),
                ["moneynetpriceperunit"] = Money(price * 0.8m),
                ["vatvalue"] = 25,
            }),
        };
    }

    public static long OrderDate(int n) => Epoch + n * 3600L;

    private IResult Orders(HttpContext context)
    {
        var query = context.Request.Query;
        var orders = Enumerable.Range(1, _orderCount).Select(Order);
        if (query.ContainsKey("eshopid"))
        {
            var shops = new List<int>();
            foreach (var part in query["eshopid"].ToString().Split(','))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var shop))
                {
                    return Error(400, $"Invalid value for eshopid: '{query["eshopid"]}'");
                }
                shops.Add(shop);
            }
            orders = orders.Where(o => shops.Contains(o["eshopid"]!.GetValue<int>()));
        }
        if (query.ContainsKey("orderstate"))
        {
            var states = new List<int>();
            foreach (var part in query["orderstate"].ToString().Split(','))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var state) || state is not (0 or 10 or 20))
                {
                    return Error(400, $"Invalid value for orderstate: '{query["orderstate"]}'");
                }
                states.Add(state);
            }
            orders = orders.Where(o => states.Contains(o["orderstateid"]!.GetValue<int>())).ToList();
        }
        foreach (var (key, keep) in new (string, Func<long, long, bool>)[] { ("orderdatefrom", (d, v) => d >= v), ("orderdateto", (d, v) => d <= v) })
        {
            if (!query.ContainsKey(key))
            {
                continue;
            }
            if (!long.TryParse(query[key], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound))
            {
                return Error(400, $"Invalid value for {key}: '{query[key]}'");
            }
            orders = orders.Where(o => keep(o["orderdate"]!.GetValue<long>(), bound)).ToList();
        }
        var sort = query.ContainsKey("sort") ? query["sort"].ToString() : "-orderid";
        Func<JsonObject, long> key2 = sort.TrimStart('-') switch
        {
            "orderid" => o => o["orderid"]!.GetValue<int>(),
            "orderdate" => o => o["orderdate"]!.GetValue<long>(),
            _ => null!,
        };
        if (key2 is null)
        {
            return Error(400, $"Invalid sort: '{sort}'");
        }
        var sorted = sort.StartsWith('-') ? orders.OrderByDescending(key2) : orders.OrderBy(key2);
        return Collection(context, sorted);
    }

    // --- Warehouse transactions ---------------------------------------------------------------------------------

    private IResult AddTransactions(string account, bool isJson, JsonNode? body)
    {
        if (!isJson)
        {
            return Error(400, "Content-Type must be application/json");
        }
        if (body is not JsonArray transactions || transactions.Count == 0)
        {
            return Error(400, "Expected a non-empty array of warehousetransaction");
        }
        if (transactions.Sum(t => (t?["items"] as JsonArray)?.Count ?? 0) > MaxTransactionItems)
        {
            return Error(400, $"Too many items: at most {MaxTransactionItems} items are allowed in one request");
        }
        // Check every transaction before any is written: a bad one refuses the request.
        var moves = new List<(int Warehouse, List<(string Sku, decimal Quantity)> Items)>();
        foreach (var node in transactions)
        {
            if (node is not JsonObject transaction)
            {
                return Error(400, "Expected a non-empty array of warehousetransaction");
            }
            if (transaction["warehouseid"] is not JsonValue w || !w.TryGetValue<int>(out var warehouse) || !WarehouseIds.Contains(warehouse))
            {
                return Error(400, "Invalid warehouseid");
            }
            if (transaction["transactiontype"] is not JsonValue t || !t.TryGetValue<int>(out var type))
            {
                return Error(400, "Missing required field: transactiontype");
            }
            if (type is not (10 or 20))
            {
                return Error(400, $"Invalid transactiontype: {type}");
            }
            if (transaction["items"] is not JsonArray items || items.Count == 0)
            {
                return Error(400, "Missing required field: items");
            }
            var lines = new List<(string, decimal)>();
            foreach (var item in items)
            {
                var sku = item?["sku"] is JsonValue s && s.TryGetValue<string>(out var text) ? text : null;
                var number = sku is not null && sku.StartsWith("SK-", StringComparison.Ordinal) && int.TryParse(sku[3..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
                if (number < 1 || number > _productCount || sku != Sku(number))
                {
                    return Error(400, $"Invalid sku: '{sku}'");
                }
                var quantityText = item!["decimalquantity"] is JsonValue q ? (q.TryGetValue<string>(out var qs) ? qs : q.ToJsonString()) : null;
                if (!decimal.TryParse(quantityText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var quantity) || quantity == 0)
                {
                    return Error(400, $"Invalid decimalquantity: '{quantityText}'");
                }
                // A move in adds stock, a move out takes it: the sign must agree with the type.
                if ((type == 10) != (quantity > 0))
                {
                    return Error(400, $"Invalid decimalquantity for transactiontype {type}: '{quantityText}'");
                }
                lines.Add((sku, quantity));
            }
            moves.Add((warehouse, lines));
        }
        var ids = new List<int>();
        foreach (var (warehouse, lines) in moves)
        {
            foreach (var (sku, quantity) in lines)
            {
                _stockMoves.AddOrUpdate((account, warehouse, sku), quantity, (_, old) => old + quantity);
            }
            ids.Add(Interlocked.Increment(ref _nextTransactionId));
        }
        return ids.Count == 1
            ? Json(JsonValue.Create(ids[0]))
            : Json(new JsonArray([.. ids.Select(id => (JsonNode)new JsonObject { ["statuscode"] = 200, ["return"] = id })]));
    }
}
