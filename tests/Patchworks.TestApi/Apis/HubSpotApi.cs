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
/// HubSpot as samples/hubspot uses it. app.hubspot.com/oauth/authorize stands for the user's consent: it checks the
/// app, redirect URI and scopes and redirects 302 straight back with code and state. api.hubapi.com/oauth/v1/token
/// exchanges the code (single use, checked against client id and secret, redirect URI and the PKCE S256 challenge)
/// for an access token that expires and a refresh token that does not, and refreshes. The CRM v3 object lists page
/// with limit (at most 100) and paging.next.after; they take an OAuth access token or a private app token, and
/// count against a fixed window (110 requests in 10 s) reported in X-HubSpot-RateLimit-* headers, 429 beyond it.
/// Record ids are 1..count (as strings, like HubSpot's), so order can be checked.
/// </summary>
public sealed class HubSpotApi : IFakeApi
{
    /// <summary>The production sample instance's client id.</summary>
    public const string ClientId = "7fd1c0b2-3a4e-4c55-9d1e-0b8a6f2e9c31";
    public const string ClientSecret = "hs-test-client-secret-5d8e2b71";
    public const string PrivateAppToken = "pat-na1-11111111-2222-3333-4444-555555555555";
    public const string RedirectUri = "https://app.wearepatchworks.com/oauth/authenticate";
    public const string StagingRedirectUri = "https://stage.app.wearepatchworks.com/oauth/authenticate";
    /// <summary>The app's required scopes, as the sample asks for them; HubSpot refuses an install that asks for others.</summary>
    public const string RequiredScopes = "crm.objects.contacts.read crm.objects.contacts.write crm.objects.companies.read crm.objects.deals.read";
    public const int MaxLimit = 100;
    public const int ArchivedCount = 5;

    private static readonly DateTimeOffset Epoch = new(2023, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, int> _counts;
    private readonly TimeSpan _accessTokenLifetime;
    private readonly IReadOnlyList<string> _redirectUris;
    private readonly bool _allowLoopbackRedirects;
    private readonly TimeProvider _time;
    private readonly TokenIssuer _accessTokens;
    private readonly TokenIssuer _refreshTokens;
    private readonly FixedWindowLimit _rateLimit;
    private readonly ConcurrentDictionary<string, PendingCode> _codes = new(StringComparer.Ordinal);
    private int _nextContactId = 1_000_000;

    private sealed record PendingCode(string RedirectUri, string? Challenge, DateTimeOffset ExpiresAt);

    /// <param name="accessTokenLifetime">Access token lifetime, expires_in (HubSpot: 1800 s).</param>
    /// <param name="redirectUris">The app's registered redirect URIs (default: Patchworks production and staging).</param>
    /// <param name="allowLoopbackRedirects">Also accept any http://127.0.0.1 or http://localhost redirect, for a CLI sign-in.</param>
    /// <param name="rateLimitMax">API requests allowed per <paramref name="rateLimitInterval"/> (public apps: 110 per 10 s).</param>
    public HubSpotApi(int contactCount = 230, int companyCount = 120, int dealCount = 75, TimeSpan? accessTokenLifetime = null,
        IReadOnlyList<string>? redirectUris = null, bool allowLoopbackRedirects = true, int rateLimitMax = 110, TimeSpan? rateLimitInterval = null,
        TimeProvider? time = null)
    {
        _counts = new(StringComparer.Ordinal) { ["contacts"] = contactCount, ["companies"] = companyCount, ["deals"] = dealCount };
        _accessTokenLifetime = accessTokenLifetime ?? TimeSpan.FromMinutes(30);
        _redirectUris = redirectUris ?? [RedirectUri, StagingRedirectUri];
        _allowLoopbackRedirects = allowLoopbackRedirects;
        _time = time ?? TimeProvider.System;
        _accessTokens = new TokenIssuer(_time, "hs_at_");
        _refreshTokens = new TokenIssuer(_time, "hs_rt_");
        _rateLimit = new FixedWindowLimit(rateLimitMax, rateLimitInterval ?? TimeSpan.FromSeconds(10), _time);
    }

    public IReadOnlyList<string> Hosts { get; } = ["api.hubapi.com", "app.hubspot.com"];

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/oauth/authorize", Authorize).RequireHost("app.hubspot.com");
        routes.MapPost("/oauth/v1/token", AsyncHandler.Of(Token)).RequireHost("api.hubapi.com");
        routes.MapGet("/crm/v3/objects/{type}", (HttpContext context, string type) => Api(context, () => List(context, type))).RequireHost("api.hubapi.com");
        routes.MapPost("/crm/v3/objects/contacts", AsyncHandler.Of(async context =>
        {
            var body = await RequestFields.ReadJsonAsync(context.Request);
            return Api(context, () => CreateContact(body));
        })).RequireHost("api.hubapi.com");
    }

    // --- OAuth -------------------------------------------------------------------------------------------------

    private bool RedirectAllowed(string? uri) =>
        uri is not null && (_redirectUris.Contains(uri)
            || (_allowLoopbackRedirects && Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme == "http" && parsed.IsLoopback));

    /// <summary>The consent screen, consented: errors a user would see on HubSpot's page come back as 400 text.</summary>
    private IResult Authorize(HttpContext context)
    {
        var query = context.Request.Query;
        if (query["client_id"] != ClientId)
        {
            return Results.Text("Authorization failed because this application is misconfigured: unknown client_id.", statusCode: 400);
        }
        var redirect = query["redirect_uri"].ToString();
        if (!RedirectAllowed(redirect))
        {
            return Results.Text("Authorization failed because the redirect URL doesn't match the app's redirect URLs.", statusCode: 400);
        }
        var asked = query["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        if (!asked.SetEquals(RequiredScopes.Split(' ')))
        {
            return Results.Text("Authorization failed because the scopes in the install URL don't match the app's required scopes.", statusCode: 400);
        }
        var challenge = query["code_challenge"].ToString();
        if (challenge.Length > 0 && query["code_challenge_method"] != "S256")
        {
            return Results.Text("Authorization failed: code_challenge_method must be S256.", statusCode: 400);
        }
        var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _codes[code] = new PendingCode(redirect, challenge.Length > 0 ? challenge : null, _time.GetUtcNow().AddMinutes(10));
        var parameters = new Dictionary<string, string?> { ["code"] = code };
        if (!string.IsNullOrEmpty(query["state"]))
        {
            parameters["state"] = query["state"];
        }
        return Results.Redirect(QueryHelpers.AddQueryString(redirect, parameters));
    }

    private async Task<IResult> Token(HttpContext context)
    {
        var fields = await RequestFields.ReadAsync(context.Request);
        if (fields.Get("client_id") != ClientId)
        {
            return OAuthError("BAD_CLIENT_ID", "missing or unknown client id");
        }
        if (fields.Get("client_secret") != ClientSecret)
        {
            return OAuthError("BAD_CLIENT_SECRET", "missing or invalid client secret");
        }
        switch (fields.Get("grant_type"))
        {
            case "authorization_code":
                // A code is good for one exchange, right or wrong, as with HubSpot.
                if (fields.Get("code") is not { } code || !_codes.TryRemove(code, out var pending) || _time.GetUtcNow() >= pending.ExpiresAt)
                {
                    return OAuthError("BAD_AUTH_CODE", "missing or unknown auth code");
                }
                if (fields.Get("redirect_uri") != pending.RedirectUri)
                {
                    return OAuthError("BAD_REDIRECT_URI", "redirect_uri does not match the one the code was issued for");
                }
                if (pending.Challenge is not null && Pkce.ChallengeOf(fields.Get("code_verifier")) != pending.Challenge)
                {
                    return OAuthError("BAD_AUTH_CODE", "code_verifier does not match the code_challenge");
                }
                return Issue(_refreshTokens.Issue(ClientId, TimeSpan.FromDays(3650)).Value);
            case "refresh_token":
                // HubSpot's refresh tokens do not rotate: the same one comes back with every new access token.
                return _refreshTokens.Find(fields.Get("refresh_token")) is { } refresh
                    ? Issue(refresh.Value)
                    : OAuthError("BAD_REFRESH_TOKEN", "missing or unknown refresh token");
            default:
                return OAuthError("BAD_GRANT_TYPE", "grant_type must be authorization_code or refresh_token");
        }
    }

    private IResult Issue(string refreshToken) => Results.Json(new
    {
        token_type = "bearer",
        refresh_token = refreshToken,
        access_token = _accessTokens.Issue(ClientId, _accessTokenLifetime).Value,
        expires_in = (int)Math.Ceiling(_accessTokenLifetime.TotalSeconds),
    });

    private static IResult OAuthError(string status, string message) =>
        Results.Json(new { status, message, correlationId = Guid.NewGuid() }, statusCode: 400);

    private IResult Api(HttpContext context, Func<IResult> handle)
    {
        var token = TokenIssuer.BearerOf(context.Request);
        if (token == PrivateAppToken || _accessTokens.Find(token) is not null)
        {
            // HubSpot reports the window on every answer and sends no Retry-After when it is used up.
            var (allowed, remaining) = _rateLimit.TryTake();
            context.Response.Headers["X-HubSpot-RateLimit-Max"] = _rateLimit.Max.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["X-HubSpot-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["X-HubSpot-RateLimit-Interval-Milliseconds"] = ((long)_rateLimit.Interval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            return allowed
                ? handle()
                : Results.Json(new { status = "error", message = "You have reached your ten_secondly_rolling limit.", errorType = "RATE_LIMIT", correlationId = Guid.NewGuid(), policyName = "TEN_SECONDLY_ROLLING" }, statusCode: 429);
        }
        return _accessTokens.ExpiredFor(token) is { } ago
            ? ApiError(401, "EXPIRED_AUTHENTICATION", $"The OAuth token used to make this call expired {(int)ago.TotalSeconds} second(s) ago.")
            : ApiError(401, "INVALID_AUTHENTICATION", "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview");
    }

    private static IResult ApiError(int status, string category, string message) =>
        Results.Json(new { status = "error", message, correlationId = Guid.NewGuid(), category }, statusCode: status);

    // --- CRM objects -------------------------------------------------------------------------------------------

    private IResult List(HttpContext context, string type)
    {
        if (!_counts.TryGetValue(type, out var count))
        {
            return ApiError(400, "VALIDATION_ERROR", $"Unable to infer object type from: {type}");
        }
        var query = context.Request.Query;
        var limit = 10;
        if (query.ContainsKey("limit") && (!int.TryParse(query["limit"], out limit) || limit < 1 || limit > MaxLimit))
        {
            return ApiError(400, "VALIDATION_ERROR", $"limit must be between 1 and {MaxLimit}");
        }
        var after = 0;
        if (query.ContainsKey("after") && !int.TryParse(query["after"], out after))
        {
            return ApiError(400, "VALIDATION_ERROR", "Invalid input JSON: after is not a valid paging cursor");
        }
        // Archived records are a separate list above the live ones, as archived=true lists only them.
        var archived = query["archived"] == "true";
        var (first, last) = archived ? (count + 1, count + ArchivedCount) : (1, count);
        var start = Math.Max(first, after);
        var ids = Enumerable.Range(start, Math.Max(0, Math.Min(limit, last - start + 1))).ToList();
        var properties = query["properties"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        var associations = query["associations"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        var body = new JsonObject
        {
            ["results"] = new JsonArray([.. ids.Select(id => (JsonNode)Record(type, id, properties, associations, archived))]),
        };
        if (ids.Count > 0 && ids[^1] < last)
        {
            var next = (ids[^1] + 1).ToString(CultureInfo.InvariantCulture);
            var parameters = query.Where(q => q.Key != "after").Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString())).Append(new("after", next));
            body["paging"] = new JsonObject
            {
                ["next"] = new JsonObject { ["after"] = next, ["link"] = QueryHelpers.AddQueryString($"https://api.hubapi.com{context.Request.Path}", parameters) },
            };
        }
        return Results.Text(body.ToJsonString(JsonText.Options), "application/json;charset=utf-8");
    }

    private static JsonObject Record(string type, int id, string[] requested, string[] associations, bool archived)
    {
        var known = type switch
        {
            "contacts" => new Dictionary<string, string?> { ["email"] = $"contact{id}@example.com", ["firstname"] = "Contact", ["lastname"] = $"{id}", ["phone"] = $"+44 20 7946 {id % 10000:D4}", ["company"] = $"Company {id % 50 + 1}", ["lifecyclestage"] = id % 3 == 0 ? "customer" : "lead" },
            "companies" => new Dictionary<string, string?> { ["name"] = $"Company {id}", ["domain"] = $"company{id}.example.com", ["industry"] = "RETAIL", ["phone"] = null, ["city"] = "London", ["country"] = "United Kingdom" },
            _ => new Dictionary<string, string?> { ["dealname"] = $"Deal {id}", ["amount"] = (id * 100).ToString(CultureInfo.InvariantCulture), ["dealstage"] = "appointmentscheduled", ["pipeline"] = "default", ["closedate"] = Date(Epoch.AddDays(30 + id)) },
        };
        var defaults = type switch
        {
            "contacts" => new[] { "email", "firstname", "lastname" },
            "companies" => ["name", "domain"],
            _ => ["dealname", "amount", "dealstage", "pipeline", "closedate"],
        };
        var properties = new JsonObject
        {
            ["createdate"] = Date(Epoch.AddHours(id)),
            ["hs_lastmodifieddate"] = Date(Epoch.AddDays(id)),
            ["hs_object_id"] = id.ToString(CultureInfo.InvariantCulture),
        };
        // HubSpot returns every asked property, null when unset or unknown, and every value as a string.
        foreach (var name in requested.Length > 0 ? requested : defaults)
        {
            properties[name] = name == "hs_lastmodifieddate" ? Date(Epoch.AddDays(id)) : known.GetValueOrDefault(name);
        }
        var record = new JsonObject
        {
            ["id"] = id.ToString(CultureInfo.InvariantCulture),
            ["properties"] = properties,
            ["createdAt"] = Date(Epoch.AddHours(id)),
            ["updatedAt"] = Date(Epoch.AddDays(id)),
            ["archived"] = archived,
        };
        if (associations.Length > 0)
        {
            var links = new JsonObject();
            foreach (var other in associations)
            {
                var singular = other.TrimEnd('s').Replace("companie", "company", StringComparison.Ordinal);
                links[other] = new JsonObject
                {
                    ["results"] = new JsonArray(new JsonObject { ["id"] = (id % 50 + 1).ToString(CultureInfo.InvariantCulture), ["type"] = $"{type.TrimEnd('s')}_to_{singular}" }),
                };
            }
            record["associations"] = links;
        }
        return record;
    }

    private static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private IResult CreateContact(JsonNode? body)
    {
        var email = body?["properties"]?["email"]?.GetValue<string>();
        var match = email is null ? null : System.Text.RegularExpressions.Regex.Match(email, "^contact(\\d+)@example\\.com$");
        if (match is { Success: true } && int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) is var existing && existing >= 1 && existing <= _counts["contacts"])
        {
            return ApiError(409, "CONFLICT", $"Contact already exists. Existing ID: {existing}");
        }
        var id = Interlocked.Increment(ref _nextContactId).ToString(CultureInfo.InvariantCulture);
        var now = Date(_time.GetUtcNow());
        return Results.Json(new { id, properties = body?["properties"], createdAt = now, updatedAt = now, archived = false }, statusCode: 201);
    }
}
