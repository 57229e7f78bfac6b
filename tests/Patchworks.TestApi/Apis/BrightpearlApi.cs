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
/// Brightpearl's REST API as samples/brightpearl uses it, on https://{data centre}.brightpearlconnect.com/public-api/{account}/,
/// written from Brightpearl's API documentation (api-docs.brightpearl.com and its concept pages: private apps,
/// structure of JSON responses, resource search, ID sets, the empty list response code, request throttling, HTTP
/// status codes):
/// <list type="bullet">
/// <item>a private (staff) app sends <c>brightpearl-app-ref</c> and <c>brightpearl-account-token</c>; a missing or wrong
/// pair, or another account's → 401; an account not on this data centre's host → 404; errors are
/// <c>{"errors": [{"code", "message"}]}</c> (codes and wording are the stand-in's);</item>
/// <item>every answer to an account carries <c>brightpearl-requests-remaining</c> and
/// <c>brightpearl-next-throttle-period</c> (milliseconds until the period ends); past <see cref="RequestsPerMinute"/>
/// requests in the period → 503 with the same headers and no <c>Retry-After</c>;</item>
/// <item>resource searches (<c>product-service/product-search</c>, <c>order-service/order-search</c>) answer
/// <c>{"response": {"metaData": {resultsAvailable, resultsReturned, firstResult, lastResult, morePagesAvailable,
/// columns, sorting}, "results": [[column values], ...]}}</c>: each result is an array of values in the order of
/// <c>metaData.columns</c>, not an object; <c>firstResult</c> is 1-based (default 1), <c>pageSize</c> at most
/// <see cref="MaxPageSize"/> (default 500; more, or a value that is not a positive number → 400); a
/// <c>firstResult</c> past the end answers no results; <c>sort=column.ASC|DESC</c> (default the id ascending);
/// <c>columns</c> picks and orders the columns; filters are columns by name: ids and numbers exact, text exact, dates
/// a range <c>from/to</c> with either end left out (ISO 8601); an unknown column, parameter or sort → 400;</item>
/// <item>GET by ID set (<c>product-service/product/1001-1100</c>, <c>1001,1005</c>) answers the products that exist
/// in <c>{"response": [...]}</c>; <b>none of them → 404</b>, Brightpearl's empty-list response code; more than
/// <see cref="MaxIdSet"/> ids → 400;</item>
/// <item><c>POST order-service/sales-order</c>: JSON only; <c>customer.id</c> of a known contact, <c>currency.code</c>
/// (3 letters), rows of a known <c>productId</c> and a positive <c>quantity</c> (optional); <c>placedOn</c>, when
/// sent, ISO 8601; answers <c>{"response": new order id}</c>; later searches show the order.</item>
/// </list>
/// Dates are ISO 8601 with an offset ("2024-03-01T10:00:00.000+00:00").
/// </summary>
public sealed class BrightpearlApi : IFakeApi
{
    public const string TestHost = "euw1.brightpearlconnect.com";
    public const string TestAccount = "acmeoutdoorsandbox";
    public const string TestAppRef = TestAccount + "_patchworks";
    public const string TestAccountToken = "bp7Kd2Qx9Lm4Wr8Zt1Vc6Nh3Yp0Sg5Fj";
    public const string LiveHost = "euw1.brightpearlconnect.com";
    public const string LiveAccount = "acmeoutdoor";
    public const string LiveAppRef = LiveAccount + "_patchworks";
    public const string LiveAccountToken = "bp3Hs8Lq1Xe6Rt9Ma4Kw7Dz2Vn5Bc0Uy";
    public const int MaxPageSize = 500;
    public const int MaxIdSet = 500;
    public const int RequestsPerMinute = 200;
    public const int FirstProductId = 1001;
    /// <summary>Contacts 200..299 are customers.</summary>
    public const int FirstContactId = 200;
    public const int ContactCount = 100;

    private static readonly DateTimeOffset Epoch = new(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly int _productCount;
    private readonly int _orderCount;
    private readonly int _requestsPerMinute;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, FixedWindowLimit> _windows = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, JsonObject>> _createdOrders = new(StringComparer.Ordinal);
    private readonly Lock _orderIds = new();

    public BrightpearlApi(int productCount = 620, int orderCount = 700, int requestsPerMinute = RequestsPerMinute, TimeProvider? time = null)
    {
        _productCount = productCount;
        _orderCount = orderCount;
        _requestsPerMinute = requestsPerMinute;
        _time = time ?? TimeProvider.System;
    }

    public IReadOnlyList<string> Hosts { get; } = ["euw1.brightpearlconnect.com", "use1.brightpearlconnect.com", "usw1.brightpearlconnect.com"];

    private sealed record Account(string Host, string Code, string AppRef, string Token);

    private static readonly Account[] Accounts =
    [
        new(TestHost, TestAccount, TestAppRef, TestAccountToken),
        new(LiveHost, LiveAccount, LiveAppRef, LiveAccountToken),
    ];

    public static string Sku(int n) => $"BP-{n:D5}";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/public-api/{account}/product-service/product-search", (HttpContext context, string account) =>
            Call(context, account, _ => Search(context, ProductColumns, Enumerable.Range(1, _productCount).Select(ProductRow), "productId")));
        routes.MapGet("/public-api/{account}/order-service/order-search", (HttpContext context, string account) =>
            Call(context, account, code => Search(context, OrderColumns, Enumerable.Range(1, _orderCount).Select(OrderRow).Concat(Created(code).Values.OrderBy(o => o["id"]!.GetValue<int>()).Select(CreatedRow)), "orderId")));
        routes.MapGet("/public-api/{account}/product-service/product/{idset}", (HttpContext context, string account, string idset) =>
            Call(context, account, _ => Products(idset)));
        routes.MapPost("/public-api/{account}/order-service/sales-order", AsyncHandler.Of(async context =>
        {
            var isJson = context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
            var body = isJson ? await RequestFields.ReadJsonAsync(context.Request) : null;
            return Call(context, context.Request.RouteValues["account"]!.ToString()!, code => CreateSalesOrder(code, isJson, body));
        }));
    }

    // --- The gate: account on this host, the private app's headers, throttling ----------------------------------

    private IResult Call(HttpContext context, string accountCode, Func<string, IResult> handle)
    {
        var host = context.Request.Host.Host;
        var account = Accounts.FirstOrDefault(a => a.Host.Equals(host, StringComparison.OrdinalIgnoreCase) && a.Code == accountCode);
        if (account is null)
        {
            return Error(404, "GWYC-002", $"Account {accountCode} was not found on this data centre.");
        }
        var appRef = context.Request.Headers["brightpearl-app-ref"].ToString();
        var token = context.Request.Headers["brightpearl-account-token"].ToString();
        if (appRef.Length == 0 || token.Length == 0)
        {
            return Error(401, "GWYC-001", "Missing brightpearl-app-ref or brightpearl-account-token header.");
        }
        if (appRef != account.AppRef || token != account.Token)
        {
            return Error(401, "GWYC-001", "The app reference and account token are not valid for this account.");
        }
        var (allowed, remaining, reset) = _windows.GetOrAdd(account.Code, _ => new FixedWindowLimit(_requestsPerMinute, TimeSpan.FromMinutes(1), _time)).TryTakeWithReset();
        var headers = context.Response.Headers;
        headers["brightpearl-requests-remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["brightpearl-next-throttle-period"] = ((long)Math.Ceiling(reset.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        if (!allowed)
        {
            return Error(503, "GWYB-001", "Too busy: the account's request cap for this period has been reached.");
        }
        return handle(account.Code);
    }

    private static IResult Error(int status, string code, string message) =>
        Json(new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = message }) }, status);

    private static IResult Json(JsonNode body, int status = 200) =>
        Results.Text(body.ToJsonString(JsonText.Options), "application/json", Encoding.UTF8, status);

    private static string Iso(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    // --- Resource search ----------------------------------------------------------------------------------------

    private sealed record Column(string Name, string Type);

    private static readonly Column[] ProductColumns =
    [
        new("productId", "IDSET"), new("SKU", "STRING"), new("productName", "STRING"), new("productGroupId", "IDSET"),
        new("brandId", "IDSET"), new("productTypeId", "IDSET"), new("productStatus", "STRING"), new("stockTracked", "BOOLEAN"),
        new("createdOn", "PERIOD"), new("updatedOn", "PERIOD"),
    ];

    private static readonly Column[] OrderColumns =
    [
        new("orderId", "IDSET"), new("orderTypeId", "IDSET"), new("contactId", "IDSET"), new("orderStatusId", "IDSET"),
        new("orderPaymentStatusId", "IDSET"), new("customerRef", "STRING"), new("currencyCode", "STRING"), new("createdOn", "PERIOD"),
        new("updatedOn", "PERIOD"),
    ];

    private static readonly string[] Reserved = ["pageSize", "firstResult", "sort", "columns"];

    private static Dictionary<string, JsonNode?> ProductRow(int n) => new(StringComparer.Ordinal)
    {
        ["productId"] = FirstProductId - 1 + n,
        ["SKU"] = Sku(n),
        ["productName"] = $"Trail jacket {n}",
        ["productGroupId"] = n % 5 + 1,
        ["brandId"] = n % 3 + 1,
        ["productTypeId"] = 1,
        ["productStatus"] = n % 17 == 0 ? "DISCONTINUED" : "LIVE",
        ["stockTracked"] = true,
        ["createdOn"] = Iso(Epoch.AddMinutes(n)),
        ["updatedOn"] = Iso(Epoch.AddHours(n)),
    };

    /// <summary>Order n: a sales order (type 1), except every fifth, a purchase order (type 2); updated n × 2 hours after the epoch.</summary>
    private static Dictionary<string, JsonNode?> OrderRow(int n) => new(StringComparer.Ordinal)
    {
        ["orderId"] = n,
        ["orderTypeId"] = n % 5 == 0 ? 2 : 1,
        ["contactId"] = FirstContactId + n % ContactCount,
        ["orderStatusId"] = n % 4 + 1,
        ["orderPaymentStatusId"] = n % 3 + 1,
        ["customerRef"] = $"WEB-{n:D6}",
        ["currencyCode"] = "GBP",
        ["createdOn"] = Iso(Epoch.AddHours(n)),
        ["updatedOn"] = Iso(Epoch.AddHours(2 * n)),
    };

    private Dictionary<string, JsonNode?> CreatedRow(JsonObject order) => new(StringComparer.Ordinal)
    {
        ["orderId"] = order["id"]!.GetValue<int>(),
        ["orderTypeId"] = 1,
        ["contactId"] = order["customer"]!["id"]!.GetValue<int>(),
        ["orderStatusId"] = order["statusId"]?.GetValue<int>() ?? 1,
        ["orderPaymentStatusId"] = 1,
        ["customerRef"] = order["ref"]?.GetValue<string>() ?? "",
        ["currencyCode"] = order["currency"]!["code"]!.GetValue<string>(),
        ["createdOn"] = Iso(_time.GetUtcNow()),
        ["updatedOn"] = Iso(_time.GetUtcNow()),
    };

    private static IResult Search(HttpContext context, Column[] columns, IEnumerable<Dictionary<string, JsonNode?>> rows, string idColumn)
    {
        var query = context.Request.Query;
        var pageSize = MaxPageSize;
        var firstResult = 1;
        if (query.ContainsKey("pageSize") && (!int.TryParse(query["pageSize"], NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1))
        {
            return Error(400, "SRCC-003", $"pageSize must be a positive number: '{query["pageSize"]}'.");
        }
        if (pageSize > MaxPageSize)
        {
            return Error(400, "SRCC-004", $"pageSize can not be larger than {MaxPageSize}.");
        }
        if (query.ContainsKey("firstResult") && (!int.TryParse(query["firstResult"], NumberStyles.None, CultureInfo.InvariantCulture, out firstResult) || firstResult < 1))
        {
            return Error(400, "SRCC-005", $"firstResult must be a number from 1: '{query["firstResult"]}'.");
        }
        var byName = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);

        var selected = columns;
        if (query.ContainsKey("columns"))
        {
            var names = query["columns"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (names.FirstOrDefault(n => !byName.ContainsKey(n)) is { } unknown)
            {
                return Error(400, "SRCC-001", $"{unknown} is not a column of this search.");
            }
            selected = [.. names.Select(n => byName[n])];
        }

        var matching = rows.ToList();
        foreach (var key in query.Keys.Where(k => !Reserved.Contains(k, StringComparer.Ordinal)))
        {
            if (!byName.TryGetValue(key, out var column))
            {
                return Error(400, "SRCC-002", $"{key} is not a filter of this search.");
            }
            var value = query[key].ToString();
            if (column.Type == "PERIOD")
            {
                var parts = value.Split('/');
                if (parts.Length > 2 || !TryDate(parts[0], out var from) || !TryDate(parts.Length == 2 ? parts[1] : "", out var to) || (parts.Length == 1 && from is null))
                {
                    return Error(400, "SRCC-006", $"{key} must be a date range from/to in ISO 8601: '{value}'.");
                }
                // A single date is that moment; from/ and /to leave the other end open.
                var until = parts.Length == 1 ? from : to;
                matching = [.. matching.Where(r =>
                {
                    var at = DateTimeOffset.Parse(r[key]!.GetValue<string>(), CultureInfo.InvariantCulture);
                    return (from is null || at >= from) && (until is null || at <= until);
                })];
            }
            else
            {
                var wanted = value.Split(',');
                matching = [.. matching.Where(r => wanted.Contains(Text(r[key]), StringComparer.Ordinal))];
            }
        }

        var sortColumn = idColumn;
        var descending = false;
        if (query.ContainsKey("sort"))
        {
            var sort = query["sort"].ToString();
            var dot = sort.LastIndexOf('.');
            var direction = dot < 0 ? "" : sort[(dot + 1)..];
            if (dot < 0 || !byName.ContainsKey(sort[..dot]) || direction is not ("ASC" or "DESC"))
            {
                return Error(400, "SRCC-007", $"Invalid sort: '{sort}'.");
            }
            (sortColumn, descending) = (sort[..dot], direction == "DESC");
        }
        IEnumerable<Dictionary<string, JsonNode?>> ordered = descending
            ? matching.OrderByDescending(r => SortKey(r[sortColumn]), StringComparer.Ordinal).ThenBy(r => r[idColumn]!.GetValue<int>())
            : matching.OrderBy(r => SortKey(r[sortColumn]), StringComparer.Ordinal).ThenBy(r => r[idColumn]!.GetValue<int>());

        var page = ordered.Skip(firstResult - 1).Take(pageSize).ToList();
        var results = new JsonArray([.. page.Select(r => (JsonNode)new JsonArray([.. selected.Select(c => r[c.Name]?.DeepClone())]))]);
        var columnMeta = new JsonArray([.. selected.Select(c => (JsonNode)ColumnMeta(c))]);
        var meta = new JsonObject
        {
            ["resultsAvailable"] = matching.Count,
            ["resultsReturned"] = page.Count,
            ["firstResult"] = firstResult,
            ["lastResult"] = firstResult + page.Count - 1,
            ["morePagesAvailable"] = firstResult - 1 + page.Count < matching.Count,
            ["columns"] = columnMeta,
            ["sorting"] = new JsonArray(new JsonObject { ["filterable"] = ColumnMeta(byName[sortColumn]), ["direction"] = descending ? "DESC" : "ASC" }),
        };
        return Json(new JsonObject { ["response"] = new JsonObject { ["metaData"] = meta, ["results"] = results }, ["reference"] = new JsonObject() });
    }

    private static JsonObject ColumnMeta(Column column) => new()
    {
        ["name"] = column.Name,
        ["sortable"] = true,
        ["filterable"] = true,
        ["reportDataType"] = column.Type,
        ["required"] = false,
    };

    private static bool TryDate(string text, out DateTimeOffset? value)
    {
        value = null;
        if (text.Length == 0)
        {
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }
        return false;
    }

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";

    private static string SortKey(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<int>(out var number) ? number.ToString("D12", CultureInfo.InvariantCulture) : Text(node);

    // --- Products by ID set -------------------------------------------------------------------------------------

    private IResult Products(string idset)
    {
        var ids = new SortedSet<int>();
        foreach (var part in idset.Split(','))
        {
            var range = part.Split('-');
            if (range.Length is < 1 or > 2 || !int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var low)
                || !int.TryParse(range[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var high) || low < 1 || high < low)
            {
                return Error(400, "CMNC-010", $"'{idset}' is not a valid ID set: single ids, ascending ranges (1-10) and lists (1,5,9).");
            }
            if (high - low + 1 + ids.Count > MaxIdSet)
            {
                return Error(400, "CMNC-011", $"An ID set can name at most {MaxIdSet} resources.");
            }
            for (var id = low; id <= high; id++)
            {
                ids.Add(id);
            }
        }
        var found = ids.Where(id => id >= FirstProductId && id < FirstProductId + _productCount).Select(id => (JsonNode)Product(id - FirstProductId + 1)).ToList();
        // Brightpearl's empty-list response code: a request for resources of which none exist is a 404.
        return found.Count == 0
            ? Error(404, "PRDC-001", "No products were found for the ID set.")
            : Json(new JsonObject { ["response"] = new JsonArray([.. found]), ["reference"] = new JsonObject() });
    }

    public static JsonObject Product(int n) => new()
    {
        ["id"] = FirstProductId - 1 + n,
        ["brandId"] = n % 3 + 1,
        ["productTypeId"] = 1,
        ["identity"] = new JsonObject { ["sku"] = Sku(n), ["ean"] = $"50600{n:D8}", ["barcode"] = $"50600{n:D8}" },
        ["productGroupId"] = n % 5 + 1,
        ["stock"] = new JsonObject { ["stockTracked"] = true, ["weight"] = new JsonObject { ["magnitude"] = 0.5 + n % 4 * 0.25 } },
        ["financialDetails"] = new JsonObject { ["taxable"] = true, ["taxCode"] = new JsonObject { ["id"] = 1, ["code"] = "T20" } },
        ["salesChannels"] = new JsonArray(new JsonObject { ["salesChannelName"] = "Brightpearl", ["productName"] = $"Trail jacket {n}", ["productCondition"] = "new" }),
        ["status"] = n % 17 == 0 ? "DISCONTINUED" : "LIVE",
        ["createdOn"] = Iso(Epoch.AddMinutes(n)),
        ["updatedOn"] = Iso(Epoch.AddHours(n)),
    };

    // --- Sales order POST ---------------------------------------------------------------------------------------

    private ConcurrentDictionary<int, JsonObject> Created(string account) => _createdOrders.GetOrAdd(account, _ => new ConcurrentDictionary<int, JsonObject>());

    private IResult CreateSalesOrder(string account, bool isJson, JsonNode? body)
    {
        if (!isJson)
        {
            return Error(415, "CMNC-415", "The request body must be JSON (Content-Type: application/json).");
        }
        if (body is not JsonObject order)
        {
            return Error(400, "ORDC-001", "The request body must be a sales order object.");
        }
        if (order["customer"]?["id"] is not JsonValue c || !c.TryGetValue<int>(out var customer) || customer < FirstContactId || customer >= FirstContactId + ContactCount)
        {
            return Error(400, "ORDC-002", "customer.id must be the id of an existing contact.");
        }
        if (order["currency"]?["code"] is not JsonValue cur || !cur.TryGetValue<string>(out var currency) || currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            return Error(400, "ORDC-003", "currency.code must be a three-letter ISO 4217 code.");
        }
        if (order["placedOn"] is { } placed && (placed is not JsonValue p || !p.TryGetValue<string>(out var placedText)
            || !DateTimeOffset.TryParseExact(placedText, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.fffK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
        {
            return Error(400, "ORDC-004", "placedOn must be an ISO 8601 date with an offset.");
        }
        if (order["ref"] is { } reference && (reference is not JsonValue r || !r.TryGetValue<string>(out var refText) || refText.Length > 64))
        {
            return Error(400, "ORDC-005", "ref must be text of at most 64 characters.");
        }
        if (order["statusId"] is { } status && (status is not JsonValue s || !s.TryGetValue<int>(out var statusId) || statusId is < 1 or > 4))
        {
            return Error(400, "ORDC-006", "statusId must be the id of a sales order status.");
        }
        if (order["rows"] is { } rows)
        {
            if (rows is not JsonArray rowArray)
            {
                return Error(400, "ORDC-007", "rows must be an array.");
            }
            foreach (var row in rowArray)
            {
                if (row?["productId"] is not JsonValue pid || !pid.TryGetValue<int>(out var productId) || productId < FirstProductId || productId >= FirstProductId + _productCount)
                {
                    return Error(400, "ORDC-008", "Each row's productId must be the id of an existing product.");
                }
                if (row["quantity"] is not JsonValue q || !q.TryGetValue<decimal>(out var quantity) || quantity <= 0)
                {
                    return Error(400, "ORDC-009", "Each row's quantity must be a positive number.");
                }
            }
        }
        int id;
        lock (_orderIds)
        {
            var created = Created(account);
            id = _orderCount + created.Count + 1;
            var saved = (JsonObject)order.DeepClone();
            saved["id"] = id;
            created[id] = saved;
        }
        return Json(new JsonObject { ["response"] = id });
    }
}
