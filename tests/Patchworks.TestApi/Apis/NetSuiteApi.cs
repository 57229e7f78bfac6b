using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Patchworks.TestApi.Hosting;

namespace Patchworks.TestApi.Apis;

/// <summary>
/// NetSuite SuiteTalk REST as samples/netsuite uses it, on {account}.suitetalk.api.netsuite.com for any account.
/// Every request must carry an OAuth 1.0a (TBA) Authorization header signed with HMAC-SHA256 or HMAC-SHA1 over the
/// query, form body and oauth_ parameters (RFC 5849, verified by <see cref="OAuth1Verifier"/>), with the realm of
/// the host's account (1234567-sb1 → 1234567_SB1), a fresh timestamp and a nonce never used before; anything else is
/// NetSuite's 401 INVALID_LOGIN. Lists page with limit (at most 1000) and offset (a multiple of limit) and answer
/// count, hasMore, offset, totalResults and items. Customer ids are 1..count, so order can be checked.
/// </summary>
public sealed partial class NetSuiteApi : IFakeApi
{
    public const string ConsumerKey = "ns-test-consumer-key-6a1f0c3e9b7d4e2a8c5f1b0d3e7a9c2f";
    public const string ConsumerSecret = "ns-test-consumer-secret-2d9e7c1a5b3f8e0d4c6a9b1e7f3d5a0c";
    public const string TokenId = "ns-test-token-id-8f2a4c6e0b1d3f5a7c9e2b4d6f8a0c1e";
    public const string TokenSecret = "ns-test-token-secret-4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a";
    public const int MaxLimit = 1000;
    /// <summary>SuiteQL stops at 100,000 rows over all pages, whatever the query.</summary>
    public const int SuiteQlRowLimit = 100_000;

    private static readonly DateTimeOffset Epoch = new(2022, 1, 3, 14, 0, 0, TimeSpan.Zero);

    private readonly int _customerCount;
    private readonly OAuth1Verifier _oauth;
    private int _nextCustomerId = 1_000_000;

    /// <param name="timestampTolerance">How far oauth_timestamp may be from the server's clock (5 minutes).</param>
    public NetSuiteApi(int customerCount = 2345, TimeSpan? timestampTolerance = null, TimeProvider? time = null)
    {
        _customerCount = customerCount;
        _oauth = new OAuth1Verifier(time ?? TimeProvider.System, timestampTolerance ?? TimeSpan.FromMinutes(5));
    }

    public IReadOnlyList<string> Hosts { get; } = ["*.suitetalk.api.netsuite.com"];

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/services/rest/record/v1/customer", AsyncHandler.Of(context => Signed(context, () => ListCustomers(context))));
        routes.MapGet("/services/rest/record/v1/customer/{id}", AsyncHandler.Of((context, id) => Signed(context, () => GetCustomer(context, id))));
        routes.MapPost("/services/rest/record/v1/customer", AsyncHandler.Of(context => Signed(context, () => CreateCustomer(context))));
        routes.MapPost("/services/rest/query/v1/suiteql", AsyncHandler.Of(async context =>
        {
            var body = await RequestFields.ReadJsonAsync(context.Request);
            return await Signed(context, () => SuiteQl(context, body?["q"]?.GetValue<string>()));
        }));
    }

    /// <summary>The account's realm as NetSuite writes it: the host's account id upper-cased, hyphen to underscore.</summary>
    public static string RealmOf(string host) => host.Split('.')[0].ToUpperInvariant().Replace('-', '_');

    // --- OAuth 1.0a verification ---------------------------------------------------------------------------------

    private async Task<IResult> Signed(HttpContext context, Func<IResult> handle)
    {
        var reason = await RejectionAsync(context);
        if (reason is not null)
        {
            // NetSuite says only INVALID_LOGIN (the reason is in its Login Audit Trail); the header helps debugging.
            context.Response.Headers["X-Test-Api-Reason"] = reason;
            return Error(401, "Unauthorized", "INVALID_LOGIN",
                "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.");
        }
        return handle();
    }

    /// <summary>Why the request's signature is refused, or null when it is good (the nonce is then spent).</summary>
    private Task<string?> RejectionAsync(HttpContext context) =>
        _oauth.RejectionAsync(context, new(ConsumerKey, ConsumerSecret, TokenId, TokenSecret), realm: RealmOf(context.Request.Host.Host));

    /// <summary>NetSuite's REST error body (RFC 9457 problem details with o:errorDetails).</summary>
    private static IResult Error(int status, string title, string code, string detail) => Results.Text(new JsonObject
    {
        ["type"] = status == 401 ? "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2" : "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1",
        ["title"] = title,
        ["status"] = status,
        ["o:errorDetails"] = new JsonArray(new JsonObject { ["detail"] = detail, ["o:errorCode"] = code }),
    }.ToJsonString(JsonText.Options), "application/vnd.oracle.resource+json; type=error; charset=UTF-8", statusCode: status);

    // --- Paging ----------------------------------------------------------------------------------------------------

    private static (int Limit, int Offset, IResult? Error) Paging(HttpContext context)
    {
        var query = context.Request.Query;
        var limit = MaxLimit;
        var offset = 0;
        if (query.ContainsKey("limit") && (!int.TryParse(query["limit"], out limit) || limit < 1 || limit > MaxLimit))
        {
            return (0, 0, Error(400, "Bad Request", "INVALID_PARAMETER", $"Invalid value for the parameter 'limit'. Provide a value between 1 and {MaxLimit}."));
        }
        if (query.ContainsKey("offset") && (!int.TryParse(query["offset"], out offset) || offset < 0 || offset % limit != 0))
        {
            return (0, 0, Error(400, "Bad Request", "INVALID_PARAMETER", "Invalid value for the parameter 'offset'. The offset must be a non-negative multiple of the limit."));
        }
        return (limit, offset, null);
    }

    private static JsonObject Page(HttpContext context, int limit, int offset, int total, IEnumerable<JsonObject> items)
    {
        var list = items.ToList();
        var url = $"https://{context.Request.Host}{context.Request.Path}";
        // The links keep the request's other parameters (such as q) and set limit and offset.
        var kept = context.Request.Query.Where(q => q.Key is not ("limit" or "offset"))
            .Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString())).ToList();
        JsonObject Link(string rel, int at) => new()
        {
            ["rel"] = rel,
            ["href"] = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(url, kept.Append(new("limit", limit.ToString(CultureInfo.InvariantCulture))).Append(new("offset", at.ToString(CultureInfo.InvariantCulture)))),
        };
        var links = new JsonArray();
        if (offset > 0)
        {
            links.Add(Link("previous", Math.Max(0, offset - limit)));
            links.Add(Link("first", 0));
        }
        var hasMore = offset + list.Count < total;
        if (hasMore)
        {
            links.Add(Link("next", offset + limit));
            links.Add(Link("last", Math.Max(0, (total - 1) / limit * limit)));
        }
        links.Add(Link("self", offset));
        return new JsonObject
        {
            ["links"] = links,
            ["count"] = list.Count,
            ["hasMore"] = hasMore,
            ["items"] = new JsonArray([.. list]),
            ["offset"] = offset,
            ["totalResults"] = total,
        };
    }

    // --- Records ---------------------------------------------------------------------------------------------------

    private IResult ListCustomers(HttpContext context)
    {
        var (limit, offset, error) = Paging(context);
        if (error is not null)
        {
            return error;
        }
        var url = $"https://{context.Request.Host}/services/rest/record/v1/customer";
        var items = Enumerable.Range(offset + 1, Math.Max(0, Math.Min(limit, _customerCount - offset))).Select(id => new JsonObject
        {
            ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = $"{url}/{id}" }),
            ["id"] = id.ToString(CultureInfo.InvariantCulture),
        });
        return Json(Page(context, limit, offset, _customerCount, items));
    }

    private IResult GetCustomer(HttpContext context, string id)
    {
        if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1 || number > _customerCount)
        {
            return Error(404, "Not Found", "NONEXISTENT_ID", "The record instance does not exist. Provide a valid record instance ID.");
        }
        return Json(new JsonObject
        {
            ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = $"https://{context.Request.Host}/services/rest/record/v1/customer/{number}" }),
            ["id"] = id,
            ["entityId"] = $"CUST{number:D5}",
            ["companyName"] = $"Customer {number} Ltd",
            ["email"] = $"customer{number}@example.com",
            ["isInactive"] = false,
            ["dateCreated"] = Epoch.AddHours(number).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["lastModifiedDate"] = Epoch.AddDays(number % 700).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        }, "singular-resource");
    }

    private IResult CreateCustomer(HttpContext context)
    {
        var id = Interlocked.Increment(ref _nextCustomerId);
        context.Response.Headers.Location = $"https://{context.Request.Host}/services/rest/record/v1/customer/{id}";
        return Results.NoContent();
    }

    /// <summary>
    /// SuiteQL over the customer table: the selected columns come back lower-case (all of them for *), paged like
    /// the record API. It needs Prefer: transient, as NetSuite does.
    /// </summary>
    private IResult SuiteQl(HttpContext context, string? q)
    {
        if (!context.Request.Headers["Prefer"].ToString().Contains("transient", StringComparison.OrdinalIgnoreCase))
        {
            return Error(400, "Bad Request", "INVALID_HEADER", "Invalid Prefer header. The SuiteQL resource requires the header Prefer: transient.");
        }
        if (string.IsNullOrWhiteSpace(q) || SelectColumns().Match(q) is not { Success: true } select)
        {
            return Error(400, "Bad Request", "INVALID_PARAMETER", "Invalid search query. Provide a valid query in the 'q' field of the request body.");
        }
        var (limit, offset, error) = Paging(context);
        if (error is not null)
        {
            return error;
        }
        var columns = select.Groups[1].Value.Split(',').Select(c => c.Trim().ToLowerInvariant()).ToList();
        var total = Math.Min(_customerCount, SuiteQlRowLimit);
        var rows = Enumerable.Range(offset + 1, Math.Max(0, Math.Min(limit, total - offset))).Select(id =>
        {
            var all = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["id"] = id.ToString(CultureInfo.InvariantCulture),
                ["entityid"] = $"CUST{id:D5}",
                ["companyname"] = $"Customer {id} Ltd",
                ["email"] = $"customer{id}@example.com",
                ["phone"] = $"555-{id % 10000:D4}",
                ["datecreated"] = Epoch.AddHours(id).ToString("d/M/yyyy", CultureInfo.InvariantCulture),
                ["lastmodifieddate"] = Epoch.AddDays(id % 700).ToString("d/M/yyyy", CultureInfo.InvariantCulture),
            };
            var row = new JsonObject { ["links"] = new JsonArray() };
            foreach (var column in columns.Contains("*") ? all.Keys.ToList() : columns)
            {
                if (all.TryGetValue(column, out var value))
                {
                    row[column] = value;
                }
            }
            return row;
        });
        return Json(Page(context, limit, offset, total, rows));
    }

    private static IResult Json(JsonObject body, string type = "collection") =>
        Results.Text(body.ToJsonString(JsonText.Options), $"application/vnd.oracle.resource+json; type={type}; charset=UTF-8");

    [GeneratedRegex(@"^\s*select\s+(.+?)\s+from\s", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex SelectColumns();
}
