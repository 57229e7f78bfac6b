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
/// Freshdesk API v2 as samples/freshdesk uses it, on https://{domain}.freshdesk.com/api/v2/, written from Freshdesk's
/// API documentation (developers.freshdesk.com/api: Authentication, Rate limit, Pagination, Tickets, Contacts,
/// Companies, Error handling):
/// <list type="bullet">
/// <item>HTTP Basic with the agent's API key as the user name and any password ("X"); a missing or wrong key → 401
/// <c>{"code": "invalid_credentials", "message": ...}</c>; an account the API does not know → 404;</item>
/// <item>lists page with <c>page</c> (from 1) and <c>per_page</c> (default 30, at most 100); <b>the next page's URL is
/// in the <c>Link</c> header</b> (<c>&lt;...&gt;; rel="next"</c>, the request's own query with the page moved on), and
/// the header is left out on the last page; a <c>per_page</c> or <c>page</c> that is not a positive whole number, or
/// over 100 → 400 <c>{"description": "Validation failed", "errors": [{"field", "message", "code": "invalid_value"}]}</c>;</item>
/// <item>tickets: without <c>updated_since</c> only those created in the last 30 days; <c>updated_since</c> (ISO 8601),
/// <c>order_by</c> (created_at, due_by, updated_at, status; default created_at) and <c>order_type</c> (asc, desc;
/// default desc); at most 300 pages (a page past 300 → 400);</item>
/// <item>every answer carries <c>X-Ratelimit-Total</c>, <c>X-Ratelimit-Remaining</c> and
/// <c>X-Ratelimit-Used-CurrentRequest</c> (a per-minute window per account, 200 as on the Growth plan); past it, 429
/// with <c>Retry-After</c> in seconds;</item>
/// <item><c>POST tickets</c>: JSON only (else 415 <c>invalid_content_type</c>), with a requester (<c>email</c>),
/// <c>subject</c>, <c>description</c>, <c>status</c> (2..5) and <c>priority</c> (1..4) → 201 with the ticket; a missing
/// or bad field → 400 Validation failed naming it.</item>
/// </list>
/// Ticket, contact and company ids are 1..count; ticket n was created <see cref="Epoch"/> + n hours and updated an
/// hour after.
/// </summary>
public sealed class FreshdeskApi : IFakeApi
{
    public const string TestDomain = "acmesupport-test";
    public const string TestApiKey = "fdtestK7q2w9e4r1t6y3u8i5o0";
    public const string LiveDomain = "acmesupport";
    public const string LiveApiKey = "fdliveP3s8d1f6g2h7j4k9l0z5";
    public const int MaxPerPage = 100;
    public const int DefaultPerPage = 30;
    public const int MaxTicketPages = 300;
    public static readonly DateTimeOffset Epoch = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly string[] TicketOrders = ["created_at", "due_by", "updated_at", "status"];

    private readonly int _ticketCount;
    private readonly int _contactCount;
    private readonly int _companyCount;
    private readonly int _perMinute;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, FixedWindowLimit> _limits = new(StringComparer.Ordinal);
    private int _nextTicketId;

    /// <param name="perMinute">Requests an account may make a minute (Growth 200, Pro 400, Enterprise 700).</param>
    public FreshdeskApi(int ticketCount = 250, int contactCount = 180, int companyCount = 40, int perMinute = 200, TimeProvider? time = null)
    {
        _ticketCount = ticketCount;
        _contactCount = contactCount;
        _companyCount = companyCount;
        _perMinute = perMinute;
        _time = time ?? TimeProvider.System;
        _nextTicketId = ticketCount;
    }

    public IReadOnlyList<string> Hosts { get; } = ["*.freshdesk.com"];

    public static IReadOnlyDictionary<string, string> ApiKeys { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [TestDomain] = TestApiKey,
        [LiveDomain] = LiveApiKey,
    };

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v2/tickets", (HttpContext context) => Call(context, () => Tickets(context)));
        routes.MapGet("/api/v2/contacts", (HttpContext context) => Call(context, () => Page(context, Enumerable.Range(1, _contactCount).Select(Contact).ToList(), null)));
        routes.MapGet("/api/v2/companies", (HttpContext context) => Call(context, () => Page(context, Enumerable.Range(1, _companyCount).Select(Company).ToList(), null)));
        routes.MapPost("/api/v2/tickets", AsyncHandler.Of(async context =>
        {
            var isJson = context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
            JsonNode? body = null;
            if (isJson)
            {
                try
                {
                    body = await RequestFields.ReadJsonAsync(context.Request);
                }
                catch (System.Text.Json.JsonException)
                {
                    body = null;
                }
            }
            return Call(context, () => CreateTicket(context, isJson, body));
        }));
    }

    // --- The gate: account, API key, rate limit ------------------------------------------------------------------

    private IResult Call(HttpContext context, Func<IResult> handle)
    {
        var host = context.Request.Host.Host;
        var domain = host.EndsWith(".freshdesk.com", StringComparison.Ordinal) ? host[..^".freshdesk.com".Length] : "";
        if (!ApiKeys.TryGetValue(domain, out var key))
        {
            return Results.NotFound();
        }
        var authorization = context.Request.Headers.Authorization.ToString();
        string? user = null;
        if (authorization.StartsWith("Basic ", StringComparison.Ordinal))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..]));
                user = pair.Split(':', 2)[0];
            }
            catch (FormatException)
            {
                user = null;
            }
        }
        if (user != key)
        {
            return Json(new JsonObject { ["code"] = "invalid_credentials", ["message"] = "You have to be logged in to perform this action." }, 401);
        }
        var limit = _limits.GetOrAdd(domain, _ => new FixedWindowLimit(_perMinute, TimeSpan.FromMinutes(1), _time));
        var (allowed, remaining) = limit.TryTake();
        var headers = context.Response.Headers;
        headers["X-Ratelimit-Total"] = _perMinute.ToString(CultureInfo.InvariantCulture);
        headers["X-Ratelimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-Ratelimit-Used-CurrentRequest"] = "1";
        if (!allowed)
        {
            headers["Retry-After"] = "60";
            return Json(new JsonObject { ["code"] = "rate_limit_exceeded", ["message"] = "You have exceeded the limit of requests per minute" }, 429);
        }
        return handle();
    }

    private static IResult Json(JsonNode body, int status = 200) =>
        Results.Text(body.ToJsonString(JsonText.Options), "application/json; charset=utf-8", Encoding.UTF8, status);

    private static IResult Invalid(string field, string message) => Json(new JsonObject
    {
        ["description"] = "Validation failed",
        ["errors"] = new JsonArray(new JsonObject { ["field"] = field, ["message"] = message, ["code"] = "invalid_value" }),
    }, 400);

    // --- Lists and the Link header -------------------------------------------------------------------------------

    private IResult Tickets(HttpContext context)
    {
        var query = context.Request.Query;
        var orderBy = query["order_by"].ToString() is { Length: > 0 } o ? o : "created_at";
        var orderType = query["order_type"].ToString() is { Length: > 0 } t ? t : "desc";
        if (!TicketOrders.Contains(orderBy, StringComparer.Ordinal))
        {
            return Invalid("order_by", $"It should be one of these values: '{string.Join(",", TicketOrders)}'");
        }
        if (orderType is not ("asc" or "desc"))
        {
            return Invalid("order_type", "It should be one of these values: 'asc,desc'");
        }
        IEnumerable<int> ids = Enumerable.Range(1, _ticketCount);
        if (query["updated_since"].ToString() is { Length: > 0 } since)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sinceTime))
            {
                return Invalid("updated_since", "It should be a valid date in the 'yyyy-mm-ddThh:mm:ssZ' format");
            }
            ids = ids.Where(n => TicketUpdated(n) >= sinceTime);
        }
        else
        {
            // Without updated_since, only tickets created in the last 30 days.
            var from = _time.GetUtcNow().AddDays(-30);
            ids = ids.Where(n => TicketCreated(n) >= from);
        }
        // created_at, updated_at and ids rise together here, so every order but status is by id.
        var ordered = orderBy == "status" ? ids.OrderBy(n => TicketStatus(n)).ThenBy(n => n) : ids.OrderBy(n => n);
        var list = (orderType == "desc" ? ordered.Reverse() : ordered).Select(Ticket).ToList();
        return Page(context, list, MaxTicketPages);
    }

    /// <summary>
    /// One page of a list as Freshdesk serves it: a bare JSON array, and a Link header naming the next page while
    /// there are more records (the request's query kept, page moved on), none on the last page.
    /// </summary>
    private static IResult Page(HttpContext context, List<JsonObject> records, int? maxPages)
    {
        var query = context.Request.Query;
        var page = 1;
        var perPage = DefaultPerPage;
        if (query.ContainsKey("page") && (!int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            return Invalid("page", "It should be a Positive Integer");
        }
        if (query.ContainsKey("per_page") && (!int.TryParse(query["per_page"], NumberStyles.None, CultureInfo.InvariantCulture, out perPage) || perPage < 1 || perPage > MaxPerPage))
        {
            return Invalid("per_page", $"It should be a Positive Integer less than or equal to {MaxPerPage}");
        }
        if (maxPages is { } max && page > max)
        {
            return Invalid("page", $"You cannot access tickets beyond the {max}th page. Please provide a smaller page number.");
        }
        var items = records.Skip((page - 1) * perPage).Take(perPage).ToList();
        if (records.Count > page * perPage && (maxPages is null || page < maxPages))
        {
            var next = string.Join('&', query.Where(p => p.Key != "page").Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value.ToString())}").Append($"page={page + 1}"));
            context.Response.Headers["Link"] = $"<https://{context.Request.Host.Host}{context.Request.Path}?{next}>; rel=\"next\"";
        }
        return Json(new JsonArray([.. items]));
    }

    // --- Records -------------------------------------------------------------------------------------------------

    public static DateTimeOffset TicketCreated(int n) => Epoch.AddHours(n);

    public static DateTimeOffset TicketUpdated(int n) => Epoch.AddHours(n + 1);

    private static int TicketStatus(int n) => 2 + n % 4; // 2 open, 3 pending, 4 resolved, 5 closed

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private JsonObject Ticket(int n) => new()
    {
        ["id"] = n,
        ["subject"] = $"Order WEB-{100000 + n} has not arrived",
        ["status"] = TicketStatus(n),
        ["priority"] = 1 + n % 4,
        ["source"] = n % 3 == 0 ? 2 : 1,
        ["type"] = n % 5 == 0 ? "Refund" : "Question",
        ["requester_id"] = n % _contactCount + 1,
        ["company_id"] = n % 4 == 0 ? null : n % _companyCount + 1,
        ["responder_id"] = n % 2 == 0 ? 7000 + n % 5 : null,
        ["group_id"] = null,
        ["tags"] = new JsonArray(n % 7 == 0 ? "vip" : "web"),
        ["custom_fields"] = new JsonObject { ["cf_order_number"] = $"WEB-{100000 + n}" },
        ["due_by"] = Iso(TicketCreated(n).AddDays(3)),
        ["fr_due_by"] = Iso(TicketCreated(n).AddDays(1)),
        ["created_at"] = Iso(TicketCreated(n)),
        ["updated_at"] = Iso(TicketUpdated(n)),
    };

    private JsonObject Contact(int n) => new()
    {
        ["id"] = n,
        ["name"] = $"Customer {n}",
        ["email"] = $"customer{n}@example.com",
        ["phone"] = n % 3 == 0 ? null : $"+44 113 496 {n % 10000:D4}",
        ["company_id"] = n % 4 == 0 ? null : n % _companyCount + 1,
        ["active"] = n % 10 != 0,
        ["unique_external_id"] = $"CUST{n:D5}",
        ["created_at"] = Iso(Epoch.AddHours(-n)),
        ["updated_at"] = Iso(Epoch.AddHours(n)),
    };

    private static JsonObject Company(int n) => new()
    {
        ["id"] = n,
        ["name"] = $"Trade Customer {n} Ltd",
        ["domains"] = new JsonArray($"trade{n}.example.com"),
        ["industry"] = n % 2 == 0 ? "Retail" : "Wholesale",
        ["account_tier"] = n % 5 == 0 ? "Premium" : "Basic",
        ["created_at"] = Iso(Epoch.AddDays(-n)),
        ["updated_at"] = Iso(Epoch.AddDays(n)),
    };

    private IResult CreateTicket(HttpContext context, bool isJson, JsonNode? body)
    {
        if (!isJson)
        {
            return Json(new JsonObject { ["code"] = "invalid_content_type", ["message"] = $"Content-Type header is set to {context.Request.ContentType}. It should be set to application/json" }, 415);
        }
        if (body is not JsonObject ticket)
        {
            return Json(new JsonObject { ["code"] = "invalid_json", ["message"] = "Request body has invalid json format" }, 400);
        }
        string? Text(string name) => ticket[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
        int? Number(string name) => ticket[name] is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;
        if (Text("email") is not { } email || !email.Contains('@', StringComparison.Ordinal))
        {
            return Invalid("requester_id", "Please fill at least 1 of requester_id, phone, email, twitter_id, facebook_id, unique_external_id fields");
        }
        if (Text("subject") is null)
        {
            return Invalid("subject", "It should be a/an String");
        }
        if (Text("description") is null)
        {
            return Invalid("description", "It should be a/an String");
        }
        if (Number("status") is not (>= 2 and <= 5))
        {
            return Invalid("status", "It should be one of these values: '2,3,4,5'");
        }
        if (Number("priority") is not (>= 1 and <= 4))
        {
            return Invalid("priority", "It should be one of these values: '1,2,3,4'");
        }
        var id = Interlocked.Increment(ref _nextTicketId);
        var now = Iso(_time.GetUtcNow());
        var created = new JsonObject
        {
            ["id"] = id,
            ["subject"] = Text("subject"),
            ["description"] = Text("description"),
            ["status"] = Number("status"),
            ["priority"] = Number("priority"),
            ["source"] = Number("source") ?? 2,
            ["requester_id"] = 900_000 + id,
            ["tags"] = ticket["tags"]?.DeepClone() ?? new JsonArray(),
            ["created_at"] = now,
            ["updated_at"] = now,
        };
        return Json(created, 201);
    }
}
