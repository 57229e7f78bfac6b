using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Patchworks.TestApi.Hosting;

namespace Patchworks.TestApi.Apis;

/// <summary>
/// Shopware 6 Admin API as samples/shopware6 uses it, on *.acme-outdoor.de and shopware.test. /api/oauth/token
/// grants client_credentials (an integration's key and secret), password (the "administration" client, with a
/// refresh token) and refresh_token; access tokens expire after <c>tokenLifetime</c> and are tied to the shop
/// that issued them. Lists answer JSON:API (links.next, meta.total) when asked for application/vnd.api+json and
/// the plain shape ({ total, data }) otherwise; total-count-mode decides whether a next link can appear.
/// Ids are 32-digit hexadecimal numbers that increase with the record, so order can be checked.
/// </summary>
public sealed class ShopwareApi : IFakeApi
{
    public const string AccessKeyId = "SWIAQUNNRS1PVVREVDBPUI1MSVZF";
    public const string SecretAccessKey = "c2hvcHdhcmUtdGVzdC1zZWNyZXQtYWNjZXNzLWtleQ";
    public const string AdminClientId = "administration";
    public const string AdminUsername = "patchworks";
    public const string AdminPassword = "Shopware-Test-1!";
    /// <summary>The product id the staging sample instance patches; it exists beside the listed products.</summary>
    public const string SampleProductId = "0190b3f8a7c47d2e9b6f1a2c3d4e5f60";
    public const int DefaultLimit = 500;

    private static readonly DateTimeOffset Epoch = new(2024, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly int _productCount;
    private readonly int _orderCount;
    private readonly TimeSpan _tokenLifetime;
    private readonly TokenIssuer _accessTokens;
    private readonly TokenIssuer _refreshTokens;
    private readonly ConcurrentDictionary<string, bool> _createdProducts = new(StringComparer.Ordinal);

    /// <param name="tokenLifetime">Access token lifetime, expires_in (Shopware: 600 s).</param>
    public ShopwareApi(int productCount = 250, int orderCount = 120, TimeSpan? tokenLifetime = null, TimeProvider? time = null)
    {
        _productCount = productCount;
        _orderCount = orderCount;
        _tokenLifetime = tokenLifetime ?? TimeSpan.FromMinutes(10);
        _accessTokens = new TokenIssuer(time ?? TimeProvider.System, "sw_at_");
        _refreshTokens = new TokenIssuer(time ?? TimeProvider.System, "sw_rt_");
    }

    public IReadOnlyList<string> Hosts { get; } = ["*.acme-outdoor.de", "shopware.test"];

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/oauth/token", AsyncHandler.Of(Token));
        routes.MapGet("/api/product", (HttpContext context) => Api(context, () => List(context, "product", _productCount, Product)));
        routes.MapGet("/api/order", (HttpContext context) => Api(context, () => List(context, "order", _orderCount, Order)));
        routes.MapPost("/api/product", AsyncHandler.Of(async context =>
        {
            var fields = await RequestFields.ReadAsync(context.Request);
            return Api(context, () => CreateProduct(context, fields.Get("id")));
        }));
        routes.MapMethods("/api/product/{id}", ["PATCH"], (HttpContext context, string id) => Api(context, () =>
            Exists(id) ? Results.NoContent() : Error(404, "FRAMEWORK__ENTITY_NOT_FOUND", "Not Found", $"Could not find entity for \"product\" with id \"{id}\".")));
    }

    // --- Token endpoint --------------------------------------------------------------------------------------

    private async Task<IResult> Token(HttpContext context)
    {
        var fields = WithBasicClient(context.Request, await RequestFields.ReadAsync(context.Request));
        var shop = context.Request.Host.Host;
        switch (fields.Get("grant_type"))
        {
            case "client_credentials":
                if (fields.Get("client_id") != AccessKeyId || fields.Get("client_secret") != SecretAccessKey)
                {
                    return ClientAuthenticationFailed();
                }
                return Issue(shop, withRefresh: false);
            case "password":
                if (fields.Get("client_id") != AdminClientId)
                {
                    return ClientAuthenticationFailed();
                }
                if (fields.Get("username") != AdminUsername || fields.Get("password") != AdminPassword)
                {
                    return Error(400, "6", "The user credentials were incorrect.", "The user credentials were incorrect.");
                }
                return Issue(shop, withRefresh: true);
            case "refresh_token":
                var refresh = _refreshTokens.Find(fields.Get("refresh_token"));
                if (fields.Get("client_id") != AdminClientId || refresh is null || refresh.Subject != shop)
                {
                    return Error(401, "8", "The refresh token is invalid.", "Token has been revoked");
                }
                _refreshTokens.Revoke(refresh.Value); // Refresh tokens rotate: each is good for one use.
                return Issue(shop, withRefresh: true);
            default:
                return Error(400, "2", "The authorization grant type is not supported by the authorization server.", "Check that all required parameters have been provided");
        }
    }

    /// <summary>
    /// The OAuth server behind Shopware (league/oauth2-server) also takes the client id and secret as HTTP Basic;
    /// body fields win when both are sent. A Bearer header (the auth method's own header, still empty) is ignored.
    /// </summary>
    private static IReadOnlyDictionary<string, string> WithBasicClient(HttpRequest request, IReadOnlyDictionary<string, string> fields)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return fields;
        }
        string pair;
        try
        {
            pair = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return fields;
        }
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        var merged = fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        merged.TryAdd("client_id", Uri.UnescapeDataString(colon < 0 ? pair : pair[..colon]));
        if (colon >= 0)
        {
            merged.TryAdd("client_secret", Uri.UnescapeDataString(pair[(colon + 1)..]));
        }
        return merged;
    }

    private IResult Issue(string shop, bool withRefresh)
    {
        var access = _accessTokens.Issue(shop, _tokenLifetime);
        var body = new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)Math.Ceiling(_tokenLifetime.TotalSeconds),
            ["access_token"] = access.Value,
        };
        if (withRefresh)
        {
            body["refresh_token"] = _refreshTokens.Issue(shop, TimeSpan.FromDays(7)).Value;
        }
        return Results.Text(body.ToJsonString(JsonText.Options), "application/json");
    }

    private static IResult ClientAuthenticationFailed() => Error(401, "4", "Client authentication failed", "Client authentication failed");

    /// <summary>Shopware's error body (league/oauth2-server codes for auth errors).</summary>
    private static IResult Error(int status, string code, string title, string detail) => Results.Json(
        new { errors = new[] { new { code, status = status.ToString(CultureInfo.InvariantCulture), title, detail } } }, statusCode: status);

    private IResult Api(HttpContext context, Func<IResult> handle)
    {
        var token = _accessTokens.Find(TokenIssuer.BearerOf(context.Request));
        return token is not null && token.Subject == context.Request.Host.Host
            ? handle()
            : Error(401, "9", "Unauthorized", "Access token could not be verified.");
    }

    // --- Lists -----------------------------------------------------------------------------------------------

    private IResult List(HttpContext context, string entity, int count, Func<int, JsonObject> make)
    {
        var query = context.Request.Query;
        var limit = query.ContainsKey("limit") ? (int.TryParse(query["limit"], out var l) ? l : -1) : DefaultLimit;
        var page = query.ContainsKey("page") ? (int.TryParse(query["page"], out var p) ? p : -1) : 1;
        if (limit < 1 || page < 1)
        {
            return Error(400, "FRAMEWORK__INVALID_CRITERIA_PARAMETERS", "Bad Request", "The limit and page parameters must be positive integers.");
        }
        var matching = Enumerable.Range(1, count).Select(make).Where(r => MatchesTerm(r, query["term"].ToString())).ToList();
        if (query["sort"].ToString().StartsWith('-'))
        {
            matching.Reverse();
        }
        var offset = (page - 1) * limit;
        var rows = matching.Skip(offset).Take(limit).ToList();
        // total-count-mode: 0 (default) counts only this page, so no next link can be worked out; 1 is exact;
        // 2 looks at most five pages ahead.
        var total = query["total-count-mode"].ToString() switch
        {
            "1" => matching.Count,
            "2" => offset + Math.Min(matching.Count - offset, limit * 5 + 1),
            _ => rows.Count,
        };
        var jsonApi = context.Request.Headers.Accept.ToString().Contains("application/vnd.api+json", StringComparison.OrdinalIgnoreCase);
        if (!jsonApi)
        {
            var plain = new JsonObject
            {
                ["total"] = total,
                ["data"] = new JsonArray([.. rows.Select(r => (JsonNode)Flatten(r, entity))]),
                ["aggregations"] = new JsonArray(),
            };
            return Results.Text(plain.ToJsonString(JsonText.Options), "application/json");
        }
        var links = new JsonObject
        {
            ["first"] = PageUrl(context, 1),
            ["last"] = PageUrl(context, Math.Max(1, (total + limit - 1) / limit)),
            ["self"] = PageUrl(context, page),
        };
        if (total > page * limit)
        {
            links["next"] = PageUrl(context, page + 1);
        }
        if (page > 1)
        {
            links["prev"] = PageUrl(context, page - 1);
        }
        var document = new JsonObject
        {
            ["data"] = new JsonArray([.. rows.Select(r => (JsonNode)Resource(context, r, entity))]),
            ["included"] = new JsonArray(),
            ["links"] = links,
            ["meta"] = new JsonObject { ["totalCountMode"] = int.TryParse(query["total-count-mode"], out var mode) ? mode : 0, ["total"] = total },
            ["aggregations"] = new JsonArray(),
        };
        return Results.Text(document.ToJsonString(JsonText.Options), "application/vnd.api+json");
    }

    private static bool MatchesTerm(JsonObject record, string term) =>
        string.IsNullOrEmpty(term) || (record["name"]?.GetValue<string>().Contains(term, StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>The same request with another page: Shopware keeps every other parameter in its links.</summary>
    private static string PageUrl(HttpContext context, int page)
    {
        var parameters = context.Request.Query.Where(q => q.Key != "page").Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString())).ToList();
        parameters.Add(new("page", page.ToString(CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString($"https://{context.Request.Host}{context.Request.Path}", parameters);
    }

    private static JsonObject Resource(HttpContext context, JsonObject record, string entity)
    {
        var id = record["id"]!.GetValue<string>();
        var attributes = (JsonObject)record.DeepClone();
        attributes.Remove("id");
        return new JsonObject
        {
            ["id"] = id,
            ["type"] = entity,
            ["attributes"] = attributes,
            ["links"] = new JsonObject { ["self"] = $"https://{context.Request.Host}/api/{entity}/{id}" },
            ["relationships"] = new JsonObject(),
            ["meta"] = null,
        };
    }

    private static JsonObject Flatten(JsonObject record, string entity)
    {
        var copy = (JsonObject)record.DeepClone();
        copy["apiAlias"] = entity;
        return copy;
    }

    private static string HexId(int number) => number.ToString("x32", CultureInfo.InvariantCulture);

    private static string Date(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    // Every third product is a merino one, so the staging instance's term=merino has something to page through.
    private static JsonObject Product(int number) => new()
    {
        ["id"] = HexId(number),
        ["productNumber"] = $"SW{number:D5}",
        ["name"] = number % 3 == 0 ? $"Merino socks {number}" : $"Trail boots {number}",
        ["stock"] = number % 17,
        ["active"] = true,
        ["parentId"] = null,
        ["price"] = new JsonArray(new JsonObject { ["currencyId"] = "b7d2554b0ce847cd82f3ac9bd1c0dfca", ["gross"] = number * 2.0, ["net"] = Math.Round(number * 2.0 / 1.19, 2), ["linked"] = true }),
        ["createdAt"] = Date(Epoch.AddHours(number)),
        ["updatedAt"] = null,
    };

    private static JsonObject Order(int number) => new()
    {
        ["id"] = HexId(number),
        ["orderNumber"] = (10000 + number).ToString(CultureInfo.InvariantCulture),
        ["orderDateTime"] = Date(Epoch.AddHours(number * 3)),
        ["amountTotal"] = number * 12.5,
        ["amountNet"] = Math.Round(number * 12.5 / 1.19, 2),
        ["shippingTotal"] = 4.95,
        ["taxStatus"] = "gross",
        ["customerComment"] = null,
        ["createdAt"] = Date(Epoch.AddHours(number * 3)),
        ["updatedAt"] = null,
    };

    private bool Exists(string id) =>
        id == SampleProductId || _createdProducts.ContainsKey(id)
        || (id.Length == 32 && int.TryParse(id, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= _productCount);

    private IResult CreateProduct(HttpContext context, string? requestedId)
    {
        var id = requestedId ?? Guid.NewGuid().ToString("N");
        _createdProducts[id] = true;
        context.Response.Headers.Location = $"https://{context.Request.Host}/api/product/{id}";
        return Results.NoContent();
    }
}
