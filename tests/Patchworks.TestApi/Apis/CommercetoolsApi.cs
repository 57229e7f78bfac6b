using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Patchworks.TestApi.Hosting;

namespace Patchworks.TestApi.Apis;

/// <summary>
/// The commercetools Composable Commerce HTTP API as samples/commercetools uses it, written from commercetools'
/// documentation (docs.commercetools.com: General concepts (hosts, pagination, query predicates, sorting),
/// Authorization (client credentials flow, scopes), Errors, Limits, and the Product Projections, Customers, Orders and
/// Inventory references; commercetools-api-reference's OpenAPI for the scopes each endpoint wants):
/// <list type="bullet">
/// <item>region hosts: <c>https://auth.{region}.commercetools.com/oauth/token</c> and
/// <c>https://api.{region}.commercetools.com/{projectKey}/...</c>, the regions <see cref="Regions"/>; a project lives in
/// one region;</item>
/// <item><c>POST /oauth/token</c>: the API client's id and secret as HTTP Basic, <c>grant_type=client_credentials</c>
/// and an optional space-separated <c>scope</c> (form body or query string). Answers <c>{access_token, token_type:
/// "Bearer", expires_in: 172800, scope}</c>. Refusals have <c>{statusCode, message, errors: [{code, message}], error,
/// error_description}</c>: 401 <c>invalid_client</c>, 400 <c>invalid_scope</c> (a scope the client was not given),
/// 400 <c>unsupported_grant_type</c>;</item>
/// <item>the API takes <c>Authorization: Bearer</c>; missing, unknown or expired → 401 <c>invalid_token</c>; a token
/// whose scopes do not cover the endpoint (or another project's) → 403 <c>insufficient_scope</c>.
/// <c>manage_project:{key}</c> covers everything, <c>manage_x</c> covers <c>view_x</c>;</item>
/// <item>queries answer <c>{limit, offset, count, total?, results}</c>: <c>limit</c> 20 by default, at most 500;
/// <c>offset</c> at most 10,000 (beyond either: 400 <c>InvalidInput</c>); <c>withTotal=false</c> leaves
/// <c>total</c> out; <c>sort</c> (repeatable) on id, createdAt, lastModifiedAt, asc or desc; <c>where</c>
/// (repeatable, joined with and) as query predicates — of the grammar only comparisons of id, createdAt and
/// lastModifiedAt with a string literal, joined with <c>and</c>; anything else is a 400 <c>InvalidInput</c> (a
/// stand-in limit, named in its message). Without a sort the order is unspecified: here creation order;</item>
/// <item><c>POST /{projectKey}/inventory/{id}</c>: <c>{version, actions: [...]}</c> with the update actions
/// <c>changeQuantity</c>, <c>addQuantity</c>, <c>removeQuantity</c>; 200 with the entry at its next version; a version
/// other than the current one → 409 <c>ConcurrentModification</c> with <c>currentVersion</c>; an unknown id → 404
/// <c>ResourceNotFound</c>; a body without version or actions, or an unknown action → 400 <c>InvalidJsonInput</c>
/// (<c>detailedErrorMessage</c>); more than 500 actions → 400 <c>InvalidInput</c>;</item>
/// <item><c>POST /{projectKey}/customers</c> (<c>manage_customers</c>) with a CustomerDraft: 201
/// <c>{customer}</c> (version 1; a password only hashed), listed afterwards; no email or an unknown field → 400 <c>InvalidJsonInput</c>; no
/// password with the default authenticationMode Password → 400 <c>InvalidOperation</c>; an email another customer has
/// (case-insensitively) → 400 <c>DuplicateField</c> with <c>field</c> and <c>duplicateValue</c>.</item>
/// </list>
/// commercetools publishes no general request-rate limit for this API (it asks clients to ramp up and retry 502/503),
/// so the stand-in has none. Ids are UUIDs made from a hash of the record's number: sorted by id they come in an order
/// other than creation's.
/// </summary>
public sealed class CommercetoolsApi : IFakeApi
{
    public static readonly IReadOnlyList<string> Regions = ["us-central1.gcp", "us-east-2.aws", "europe-west1.gcp", "eu-central-1.aws", "australia-southeast1.gcp"];
    public const string TestRegion = "europe-west1.gcp";
    public const string TestProjectKey = "acme-staging";
    public const string TestClientId = "Xq3vN8kLw2bR5tY7uJ0pA1sD";
    public const string TestClientSecret = "ct-test-secret-7Hf2kLp9Qw4zXc6Vb1Nm3Rt8";
    public const string LiveRegion = "eu-central-1.aws";
    public const string LiveProjectKey = "acme";
    public const string LiveClientId = "Lm4pQ7rS2tU9vW1xY3zA5bC6";
    public const string LiveClientSecret = "ct-live-secret-3Gh8jKl1Zx5cVb7Nm9Qw2Er4";
    /// <summary>The scopes each project's API client was created with (Merchant Center: Settings > Developer settings).</summary>
    public static readonly IReadOnlyList<string> ClientScopes = ["view_products", "manage_products", "view_customers", "manage_customers", "view_orders"];
    public const int DefaultLimit = 20;
    public const int MaxLimit = 500;
    public const int MaxOffset = 10_000;
    public const int MaxUpdateActions = 500;
    public static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(172_800);

    private static readonly DateTimeOffset Epoch = new(2024, 1, 15, 9, 0, 0, TimeSpan.Zero);

    private readonly int _productCount;
    private readonly int _customerCount;
    private readonly int _orderCount;
    private readonly int _inventoryCount;
    private readonly TimeSpan _tokenLifetime;
    private readonly TimeProvider _time;
    private readonly TokenIssuer _tokens;
    // Customers created by POST, by project, in creation order.
    private readonly ConcurrentDictionary<string, List<JsonObject>> _customers = new(StringComparer.Ordinal);
    // Inventory entries changed by update actions, by project and id.
    private readonly ConcurrentDictionary<(string Project, string Id), JsonObject> _inventory = new();

    /// <param name="tokenLifetime">expires_in of an access token (commercetools: 172,800 s, two days).</param>
    public CommercetoolsApi(int productCount = 120, int customerCount = 150, int orderCount = 300, int inventoryCount = 130, TimeSpan? tokenLifetime = null, TimeProvider? time = null)
    {
        _productCount = productCount;
        _customerCount = customerCount;
        _orderCount = orderCount;
        _inventoryCount = inventoryCount;
        _tokenLifetime = tokenLifetime ?? DefaultTokenLifetime;
        _time = time ?? TimeProvider.System;
        _tokens = new TokenIssuer(_time, "ct_");
    }

    public IReadOnlyList<string> Hosts { get; } = ["*.commercetools.com"];

    private sealed record Project(string Region, string Key, string ClientId, string Secret);

    private static readonly Project[] Projects =
    [
        new(TestRegion, TestProjectKey, TestClientId, TestClientSecret),
        new(LiveRegion, LiveProjectKey, LiveClientId, LiveClientSecret),
    ];

    /// <summary>The id of record n of a kind ("product", "customer", "order", "inventory"): a UUID from a hash, so ids do not sort in creation order.</summary>
    public static string IdOf(string kind, int n) => new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}-{n}")).AsSpan(0, 16)).ToString("D");

    public static string Sku(int n) => $"CT-{n:D5}";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/oauth/token", AsyncHandler.Of(Token));
        routes.MapGet("/{projectKey}/product-projections", (HttpContext c, string projectKey) =>
            Api(c, projectKey, ["view_products", "view_published_products"], p => Query(c, Enumerable.Range(1, _productCount).Select(Product))));
        routes.MapGet("/{projectKey}/customers", (HttpContext c, string projectKey) =>
            Api(c, projectKey, ["view_customers"], p => Query(c, Enumerable.Range(1, _customerCount).Select(Customer).Concat(Created(p)))));
        routes.MapGet("/{projectKey}/orders", (HttpContext c, string projectKey) =>
            Api(c, projectKey, ["view_orders"], p => Query(c, Enumerable.Range(1, _orderCount).Select(Order))));
        routes.MapGet("/{projectKey}/inventory", (HttpContext c, string projectKey) =>
            Api(c, projectKey, ["view_products"], p => Query(c, Enumerable.Range(1, _inventoryCount).Select(n => Inventory(p, n)))));
        routes.MapPost("/{projectKey}/inventory/{id}", AsyncHandler.Of(async context =>
        {
            var body = await RequestFields.ReadJsonAsync(context.Request);
            var projectKey = context.Request.RouteValues["projectKey"]!.ToString()!;
            return Api(context, projectKey, ["manage_products"], p => UpdateInventory(p, context.Request.RouteValues["id"]!.ToString()!, body));
        }));
        routes.MapPost("/{projectKey}/customers", AsyncHandler.Of(async context =>
        {
            var body = await RequestFields.ReadJsonAsync(context.Request);
            var projectKey = context.Request.RouteValues["projectKey"]!.ToString()!;
            return Api(context, projectKey, ["manage_customers"], p => CreateCustomer(p, body));
        }));
    }

    // --- Errors -------------------------------------------------------------------------------------------------

    private static IResult Json(JsonNode body, int status = 200) =>
        Results.Text(body.ToJsonString(JsonText.Options), "application/json; charset=utf-8", Encoding.UTF8, status);

    /// <summary>commercetools' error shape: {statusCode, message, errors: [{code, message, ...}]}.</summary>
    private static IResult Error(int status, string code, string message, JsonObject? extra = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        foreach (var (key, value) in extra ?? [])
        {
            error[key] = value?.DeepClone();
        }
        return Json(new JsonObject { ["statusCode"] = status, ["message"] = message, ["errors"] = new JsonArray(error) }, status);
    }

    /// <summary>The auth errors add OAuth's error and error_description to the same shape.</summary>
    private static IResult AuthError(int status, string code, string message) => Json(new JsonObject
    {
        ["statusCode"] = status,
        ["message"] = message,
        ["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = message }),
        ["error"] = code,
        ["error_description"] = message,
    }, status);

    // --- Token ------------------------------------------------------------------------------------------------

    private static (string? Region, string Label) RegionOf(string host)
    {
        foreach (var label in new[] { "auth", "api" })
        {
            var prefix = label + ".";
            if (host.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && host.EndsWith(".commercetools.com", StringComparison.OrdinalIgnoreCase))
            {
                var region = host[prefix.Length..^".commercetools.com".Length].ToLowerInvariant();
                return (Regions.Contains(region) ? region : null, label);
            }
        }
        return (null, "");
    }

    private async Task<IResult> Token(HttpContext context)
    {
        var (region, label) = RegionOf(context.Request.Host.Host);
        if (region is null || label != "auth")
        {
            return Results.NotFound();
        }
        var fields = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync(context.RequestAborted)).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in context.Request.Query)
        {
            fields.TryAdd(key, value.ToString());
        }
        var (clientId, secret) = BasicCredentials.Of(context.Request);
        var project = Projects.FirstOrDefault(p => p.Region == region && p.ClientId == clientId && p.Secret == secret);
        if (project is null)
        {
            return AuthError(401, "invalid_client", "Please provide valid client credentials using HTTP Basic Authentication.");
        }
        if (fields.Get("grant_type") != "client_credentials")
        {
            return AuthError(400, "unsupported_grant_type", $"Invalid grant type: '{fields.Get("grant_type")}'.");
        }
        var given = ClientScopes.Select(s => $"{s}:{project.Key}").ToList();
        var requested = (fields.Get("scope") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (requested.FirstOrDefault(s => !given.Contains(s)) is { } refused)
        {
            return AuthError(400, "invalid_scope", $"Invalid scopes: {refused}.");
        }
        var scopes = requested.Length > 0 ? requested.Distinct().ToList() : given;
        var scope = string.Join(' ', scopes);
        var token = _tokens.Issue($"{project.Key}|{scope}", _tokenLifetime);
        return Json(new JsonObject
        {
            ["access_token"] = token.Value,
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)_tokenLifetime.TotalSeconds,
            ["scope"] = scope,
        });
    }

    // --- The gate: token and scopes -------------------------------------------------------------------------------

    /// <param name="anyOf">the scopes (without the project key) of which the endpoint wants one.</param>
    private IResult Api(HttpContext context, string projectKey, string[] anyOf, Func<string, IResult> handle)
    {
        var (region, label) = RegionOf(context.Request.Host.Host);
        if (region is null || label != "api")
        {
            return Results.NotFound();
        }
        var bearer = TokenIssuer.BearerOf(context.Request);
        if (_tokens.Find(bearer) is not { } token)
        {
            return AuthError(401, "invalid_token", bearer is null ? "Missing authorization header." : "The token is invalid or has expired.");
        }
        var separator = token.Subject.IndexOf('|', StringComparison.Ordinal);
        var tokenProject = token.Subject[..separator];
        var scopes = token.Subject[(separator + 1)..].Split(' ');
        bool Has(string scope) => scopes.Contains($"{scope}:{projectKey}");
        var covered = tokenProject == projectKey && Projects.Any(p => p.Key == projectKey && p.Region == region)
            && (Has("manage_project") || anyOf.Any(s => Has(s) || (s.StartsWith("view_", StringComparison.Ordinal) && Has("manage_" + s["view_".Length..]))));
        if (!covered)
        {
            return AuthError(403, "insufficient_scope", $"Insufficient scope. One of the following scopes is missing: {string.Join(", ", anyOf.Select(s => $"{s}:{projectKey}"))}");
        }
        return handle(projectKey);
    }

    // --- Queries ----------------------------------------------------------------------------------------------

    private static readonly string[] Fields = ["id", "createdAt", "lastModifiedAt"];

    private IResult Query(HttpContext context, IEnumerable<JsonObject> all)
    {
        var query = context.Request.Query;
        var limit = DefaultLimit;
        var offset = 0;
        if (query["limit"].ToString() is { Length: > 0 } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit > MaxLimit))
        {
            return Error(400, "InvalidInput", $"The query parameter 'limit' must be an integer between 0 and {MaxLimit}, '{limitText}' given.");
        }
        if (query["offset"].ToString() is { Length: > 0 } offsetText
            && (!int.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > MaxOffset))
        {
            return Error(400, "InvalidInput", $"The query parameter 'offset' must be an integer between 0 and {MaxOffset}, '{offsetText}' given.");
        }
        var withTotal = query["withTotal"].ToString() switch
        {
            "" or "true" => (bool?)true,
            "false" => false,
            _ => null,
        };
        if (withTotal is null)
        {
            return Error(400, "InvalidInput", $"The query parameter 'withTotal' must be true or false, '{query["withTotal"]}' given.");
        }
        var staged = query["staged"].ToString();
        if (staged is not ("" or "true" or "false"))
        {
            return Error(400, "InvalidInput", $"The query parameter 'staged' must be true or false, '{staged}' given.");
        }

        var tests = new List<Func<JsonObject, bool>>();
        foreach (var where in query["where"])
        {
            if (ParsePredicate(where ?? "", out var refusal) is not { } test)
            {
                return Error(400, "InvalidInput", $"Malformed parameter: where: {refusal}");
            }
            tests.Add(test);
        }
        IEnumerable<JsonObject> records = all.Where(r => tests.All(t => t(r)));

        IOrderedEnumerable<JsonObject>? ordered = null;
        foreach (var sort in query["sort"])
        {
            var parts = (sort ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !Fields.Contains(parts[0]) || parts[1] is not ("asc" or "desc"))
            {
                return Error(400, "InvalidInput", $"Malformed parameter: sort: '{sort}' is not a field path followed by asc or desc (this stand-in sorts on {string.Join(", ", Fields)}).");
            }
            Func<JsonObject, string> key = r => r[parts[0]]!.GetValue<string>();
            ordered = (ordered, parts[1]) switch
            {
                (null, "asc") => records.OrderBy(key, StringComparer.Ordinal),
                (null, _) => records.OrderByDescending(key, StringComparer.Ordinal),
                (_, "asc") => ordered.ThenBy(key, StringComparer.Ordinal),
                _ => ordered.ThenByDescending(key, StringComparer.Ordinal),
            };
        }
        var list = (ordered ?? records).ToList();
        var page = list.Skip(offset).Take(limit).ToList();
        var body = new JsonObject { ["limit"] = limit, ["offset"] = offset, ["count"] = page.Count };
        if (withTotal == true)
        {
            body["total"] = list.Count;
        }
        body["results"] = new JsonArray([.. page]);
        return Json(body);
    }

    // A comparison of a field with a string literal: id > "…", lastModifiedAt >= "2024-03-01T00:00:00.000Z".
    private static readonly Regex Comparison = new("""^\s*(?<field>[A-Za-z]+)\s*(?<op>>=|<=|!=|<>|=|>|<)\s*"(?<value>(?:[^"\\]|\\.)*)"\s*$""", RegexOptions.CultureInvariant);
    private static readonly Regex And = new(@"\s+and\s+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>A where predicate of the forms the sample sends, or null with the reason.</summary>
    public static Func<JsonObject, bool>? ParsePredicate(string where, out string refusal)
    {
        refusal = "";
        var tests = new List<Func<JsonObject, bool>>();
        foreach (var part in And.Split(where))
        {
            var match = Comparison.Match(part);
            if (!match.Success)
            {
                refusal = $"Syntax error while parsing 'where'. Invalid input '{part.Trim()}', expected a comparison of a field with a string literal (this stand-in reads only those, joined with and).";
                return null;
            }
            var field = match.Groups["field"].Value;
            var op = match.Groups["op"].Value;
            var value = Regex.Unescape(match.Groups["value"].Value);
            if (!Fields.Contains(field))
            {
                refusal = $"Unknown field '{field}' (this stand-in filters on {string.Join(", ", Fields)}).";
                return null;
            }
            Func<JsonObject, int> compare;
            if (field == "id")
            {
                compare = r => string.CompareOrdinal(r["id"]!.GetValue<string>(), value);
            }
            else
            {
                if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) || !value.Contains('T', StringComparison.Ordinal))
                {
                    refusal = $"'{value}' is not a valid DateTime for field '{field}' (ISO 8601, such as 2024-03-01T00:00:00.000Z).";
                    return null;
                }
                compare = r => DateTimeOffset.Parse(r[field]!.GetValue<string>(), CultureInfo.InvariantCulture).CompareTo(at);
            }
            tests.Add(op switch
            {
                ">" => r => compare(r) > 0,
                ">=" => r => compare(r) >= 0,
                "<" => r => compare(r) < 0,
                "<=" => r => compare(r) <= 0,
                "=" => r => compare(r) == 0,
                _ => r => compare(r) != 0,
            });
        }
        return r => tests.All(t => t(r));
    }

    // --- Inventory updates ------------------------------------------------------------------------------------

    /// <summary>A whole number of a record, whether it was made from an int or a long.</summary>
    private static long Number(JsonNode? node) => long.Parse(node!.ToJsonString(), CultureInfo.InvariantCulture);

    private static IResult InvalidJson(string detail) =>
        Error(400, "InvalidJsonInput", "Request body does not contain valid JSON.", new JsonObject { ["detailedErrorMessage"] = detail });

    private IResult UpdateInventory(string project, string id, JsonNode? body)
    {
        var n = Enumerable.Range(1, _inventoryCount).FirstOrDefault(i => IdOf("inventory", i) == id);
        if (n == 0)
        {
            return Error(404, "ResourceNotFound", $"The Resource with ID '{id}' was not found.");
        }
        if (body is not JsonObject update)
        {
            return InvalidJson("The request body is not a JSON object.");
        }
        if (update["version"] is not JsonValue versionValue || !versionValue.TryGetValue<long>(out var version))
        {
            return InvalidJson("version: Missing required value");
        }
        if (update["actions"] is not JsonArray actions)
        {
            return InvalidJson("actions: Missing required value");
        }
        if (actions.Count > MaxUpdateActions)
        {
            return Error(400, "InvalidInput", $"The number of update actions ({actions.Count}) exceeds the maximum of {MaxUpdateActions}.");
        }
        var entry = _inventory.GetOrAdd((project, id), _ => Inventory(project, n));
        lock (entry)
        {
            var current = Number(entry["version"]);
            if (version != current)
            {
                return Error(409, "ConcurrentModification", $"Object {id} has a different version than expected. Expected: {version} - Actual: {current}.", new JsonObject { ["currentVersion"] = current });
            }
            var stock = Number(entry["quantityOnStock"]);
            var reserved = stock - Number(entry["availableQuantity"]);
            foreach (var action in actions)
            {
                var name = action?["action"]?.GetValue<string>();
                if (name is not ("changeQuantity" or "addQuantity" or "removeQuantity"))
                {
                    return InvalidJson($"actions -> action: Unknown action '{name}' (this stand-in knows changeQuantity, addQuantity and removeQuantity).");
                }
                if (action!["quantity"] is not JsonValue q || !q.TryGetValue<long>(out var quantity))
                {
                    return InvalidJson("actions -> quantity: Missing required value");
                }
                stock = name switch
                {
                    "changeQuantity" => quantity,
                    "addQuantity" => stock + quantity,
                    _ => stock - quantity,
                };
            }
            entry["quantityOnStock"] = stock;
            entry["availableQuantity"] = stock - reserved;
            entry["version"] = current + 1;
            entry["lastModifiedAt"] = Iso(_time.GetUtcNow());
            return Json(entry.DeepClone());
        }
    }

    // --- Customer creation ------------------------------------------------------------------------------------

    private static readonly HashSet<string> CustomerDraftFields = ["key", "customerNumber", "externalId", "email", "password", "firstName", "lastName", "middleName", "title", "salutation", "dateOfBirth", "companyName", "vatId", "addresses", "defaultShippingAddress", "defaultBillingAddress", "isEmailVerified", "locale", "stores", "authenticationMode", "custom"];

    private IEnumerable<JsonObject> Created(string project)
    {
        var created = _customers.GetOrAdd(project, _ => []);
        lock (created)
        {
            return [.. created.Select(c => (JsonObject)c.DeepClone())];
        }
    }

    /// <summary>POST /customers with a CustomerDraft: 201 {customer}; an email in use → 400 DuplicateField.</summary>
    private IResult CreateCustomer(string project, JsonNode? body)
    {
        if (body is not JsonObject draft)
        {
            return InvalidJson("The request body is not a JSON object.");
        }
        if (draft.Select(p => p.Key).FirstOrDefault(k => !CustomerDraftFields.Contains(k)) is { } unknown)
        {
            return InvalidJson($"{unknown}: Unknown field.");
        }
        if (draft["email"] is not JsonValue e || !e.TryGetValue<string>(out var email) || email.Length == 0)
        {
            return InvalidJson("email: Missing required value");
        }
        var mode = draft["authenticationMode"]?.ToString() ?? "Password";
        if (mode == "Password" && draft["password"] is not JsonValue)
        {
            return Error(400, "InvalidOperation", "Password is required for authenticationMode 'Password'.");
        }
        var created = _customers.GetOrAdd(project, _ => []);
        lock (created)
        {
            // Emails are unique per project (case-insensitively), for customers of no store.
            if (Enumerable.Range(1, _customerCount).Select(Customer).Concat(created)
                .Any(c => string.Equals(c["email"]!.GetValue<string>(), email, StringComparison.OrdinalIgnoreCase)))
            {
                return Error(400, "DuplicateField", $"There is already an existing customer with the provided email.",
                    new JsonObject { ["field"] = "email", ["duplicateValue"] = email });
            }
            var now = Iso(_time.GetUtcNow());
            var customer = new JsonObject
            {
                ["id"] = IdOf("created-customer", created.Count + 1),
                ["version"] = 1,
                ["email"] = email,
            };
            foreach (var (key, value) in draft)
            {
                if (key is not ("email" or "password"))
                {
                    customer[key] = value?.DeepClone();
                }
            }
            if (mode == "Password")
            {
                // The Customer has a password only in this mode, and only hashed.
                customer["password"] = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(draft["password"]!.ToString())));
            }
            customer["addresses"] ??= new JsonArray();
            customer["isEmailVerified"] ??= false;
            customer["authenticationMode"] = mode;
            customer["stores"] ??= new JsonArray();
            customer["createdAt"] = now;
            customer["lastModifiedAt"] = now;
            created.Add(customer);
            return Json(new JsonObject { ["customer"] = customer.DeepClone() }, 201);
        }
    }

    // --- Data -------------------------------------------------------------------------------------------------

    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static JsonObject Money(long cents) => new() { ["type"] = "centPrecision", ["currencyCode"] = "EUR", ["centAmount"] = cents, ["fractionDigits"] = 2 };

    private static JsonObject Product(int n) => new()
    {
        ["id"] = IdOf("product", n),
        ["version"] = 1 + n % 4,
        ["key"] = $"product-{n:D5}",
        ["productType"] = new JsonObject { ["typeId"] = "product-type", ["id"] = IdOf("product-type", n % 3 + 1) },
        ["name"] = new JsonObject { ["en-GB"] = $"Trail shoe {n}", ["de-DE"] = $"Trailschuh {n}" },
        ["slug"] = new JsonObject { ["en-GB"] = $"trail-shoe-{n}", ["de-DE"] = $"trailschuh-{n}" },
        ["categories"] = new JsonArray(new JsonObject { ["typeId"] = "category", ["id"] = IdOf("category", n % 7 + 1) }),
        ["masterVariant"] = new JsonObject
        {
            ["id"] = 1,
            ["sku"] = Sku(n),
            ["prices"] = new JsonArray(new JsonObject { ["id"] = IdOf("price", n), ["value"] = Money(4000 + n * 50) }),
            ["attributes"] = new JsonArray(),
            ["images"] = new JsonArray(),
        },
        ["variants"] = new JsonArray(),
        ["published"] = true,
        ["hasStagedChanges"] = false,
        ["createdAt"] = Iso(Epoch.AddHours(n)),
        ["lastModifiedAt"] = Iso(Epoch.AddDays(n % 90).AddHours(n % 24)),
    };

    private static JsonObject Customer(int n) => new()
    {
        ["id"] = IdOf("customer", n),
        ["version"] = 1 + n % 3,
        ["customerNumber"] = $"C{n:D6}",
        ["email"] = $"customer{n}@example.com",
        ["firstName"] = $"Alex{n}",
        ["lastName"] = "Example",
        ["addresses"] = new JsonArray(new JsonObject { ["id"] = $"addr{n}", ["country"] = n % 2 == 0 ? "DE" : "GB", ["city"] = n % 2 == 0 ? "Berlin" : "London" }),
        ["isEmailVerified"] = n % 5 != 0,
        ["authenticationMode"] = "Password",
        ["stores"] = new JsonArray(),
        ["createdAt"] = Iso(Epoch.AddHours(n * 2)),
        ["lastModifiedAt"] = Iso(Epoch.AddDays(n % 60)),
    };

    /// <summary>Order n was created n hours after the epoch and last modified n % 120 days after it.</summary>
    public static DateTimeOffset OrderModifiedAt(int n) => Epoch.AddDays(n % 120).AddMinutes(n % 60);

    private static JsonObject Order(int n) => new()
    {
        ["id"] = IdOf("order", n),
        ["version"] = 1 + n % 5,
        ["orderNumber"] = $"ORD-{n:D6}",
        ["customerId"] = IdOf("customer", n % 50 + 1),
        ["customerEmail"] = $"customer{n % 50 + 1}@example.com",
        ["orderState"] = (n % 3) switch { 0 => "Open", 1 => "Confirmed", _ => "Complete" },
        ["totalPrice"] = Money(2500 + n * 75),
        ["lineItems"] = new JsonArray(new JsonObject
        {
            ["id"] = IdOf("line-item", n),
            ["productId"] = IdOf("product", n % 100 + 1),
            ["variant"] = new JsonObject { ["id"] = 1, ["sku"] = Sku(n % 100 + 1) },
            ["quantity"] = n % 4 + 1,
            ["totalPrice"] = Money((n % 4 + 1) * 2500L),
        }),
        ["origin"] = "Customer",
        ["createdAt"] = Iso(Epoch.AddHours(n)),
        ["lastModifiedAt"] = Iso(OrderModifiedAt(n)),
    };

    /// <summary>Inventory entry n: SKU CT-n, at version 1 + n % 3 until an update action moves it on.</summary>
    private JsonObject Inventory(string project, int n)
    {
        if (_inventory.TryGetValue((project, IdOf("inventory", n)), out var changed))
        {
            lock (changed)
            {
                return (JsonObject)changed.DeepClone();
            }
        }
        return new JsonObject
        {
            ["id"] = IdOf("inventory", n),
            ["version"] = 1 + n % 3,
            ["sku"] = Sku(n),
            ["quantityOnStock"] = n * 3 % 200,
            ["availableQuantity"] = n * 3 % 200 - Math.Min(n * 3 % 200, n % 4),
            ["createdAt"] = Iso(Epoch.AddHours(n)),
            ["lastModifiedAt"] = Iso(Epoch.AddDays(n % 30)),
        };
    }
}
