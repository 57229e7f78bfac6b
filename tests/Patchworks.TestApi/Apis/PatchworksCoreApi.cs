using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Patchworks.TestApi.Hosting;

namespace Patchworks.TestApi.Apis;

/// <summary>
/// The Patchworks Core API as `patchworks publish` uses it, on core.patchworks.test (never the real host):
/// API-key auth (the raw key in Authorization) and POST /fabric/api/login for a bearer token with expires_in;
/// JSON:API-style lists (filter[field]=a,b, page, per_page ≤ 100, data/meta/links); GET, POST (201) and PATCH
/// of system templates, authentication implementations, endpoints, variables and request options. Validation is
/// Laravel's shape (422 { message, errors: { field: [messages] } }) with the documented required fields, types and
/// enums, and it is stricter than the real API in one way: an unknown field is refused, so a payload that drifts
/// from the documented fields fails here. Over 8 MB → 413; a bad key or an expired token → 401.
/// Knobs: token lifetime, a burst limit (429 with Retry-After), writes that fail with 500 (by number).
/// </summary>
public sealed class PatchworksCoreApi : IFakeApi
{
    public const string Host = "core.patchworks.test";
    public const string BaseUrl = "https://core.patchworks.test/api/v1";
    public const string ApiKey = "pw_test_key_5b1f0e7c9a2d4e6f8a0c2e4b6d8f0a1c";
    public const string Username = "publisher@acme-outdoor.test";
    public const string Password = "correct-horse-battery-staple-47";
    public const long MaxPayloadBytes = 8L * 1024 * 1024;

    public static readonly string[] Colours = ["blue", "cyan", "gray", "green", "orange", "pink", "purple", "red", "yellow",
        "blue_inverted", "cyan_inverted", "gray_inverted", "green_inverted", "orange_inverted", "pink_inverted", "purple_inverted", "red_inverted", "yellow_inverted"];
    public static readonly string[] SystemTypes = ["Accounting", "CRM", "eCommerce", "ERP", "Marketplaces", "Other", "PIM", "POS", "3PL", "WMS", "Database"];
    public static readonly string[] Protocols = ["HTTP", "FTP", "SFTP", "FTPS", "S3", "MySQL", "PGSQL", "SQLSRV"];
    public static readonly string[] RateUnits = ["second", "minute", "hour", "day"];
    public static readonly string[] AuthTypes = ["Basic", "Token", "API Key", "OAuth 2 (Client Credentials)", "OAuth 2 (Authorisation Code)", "OAuth 1", "SOAP", "None"];
    public static readonly string[] HttpMethods = ["CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE"];
    public static readonly string[] EntityTypes = ["orders", "products", "customers", "inventory", "shipments", "fulfilments", "refunds", "companies", "deals", "contacts", "invoices", "payments", "stock"];
    public static readonly string[] DataTypes = ["csv", "json", "txt", "xml"];
    public static readonly string[] PaginationMethods = ["default", "Custom relative URI", "GraphQL Cursor", "Limit offset", "Link Header", "Next page token", "Next Page URL",
        "Page number parameter", "Script", "PeopleVox", "NetSuite SOAP", "Database limit offset"];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedDictionary<int, JsonObject>> _store = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly TimeSpan _tokenLifetime;
    private readonly TimeProvider _time;
    private readonly FixedWindowLimit? _burst;
    private readonly int _retryAfterSeconds;
    private readonly HashSet<int> _failingWrites;
    private readonly HashSet<int> _throttledWrites;
    private int _nextId = 100;
    private int _writeAttempts;

    /// <param name="tokenLifetime">Login tokens' life (expires_in); default 24 h as documented.</param>
    /// <param name="burstLimit">Requests allowed per <paramref name="burstWindow"/>; more get 429 with Retry-After. Null: no limit.</param>
    /// <param name="failWrites">Write attempts (POST/PATCH, counted from 1, retries included) answered 500 without being carried out.</param>
    /// <param name="throttleWrites">Write attempts (counted the same way) answered 429 with Retry-After
    /// <paramref name="retryAfterSeconds"/>, not carried out: a publish that waits at a known step, to be cancelled there.</param>
    public PatchworksCoreApi(TimeSpan? tokenLifetime = null, TimeProvider? time = null, int? burstLimit = null, TimeSpan? burstWindow = null,
        int retryAfterSeconds = 1, IEnumerable<int>? failWrites = null, IEnumerable<int>? throttleWrites = null)
    {
        _tokenLifetime = tokenLifetime ?? TimeSpan.FromHours(24);
        _time = time ?? TimeProvider.System;
        _burst = burstLimit is { } max ? new FixedWindowLimit(max, burstWindow ?? TimeSpan.FromSeconds(10), _time) : null;
        _retryAfterSeconds = retryAfterSeconds;
        _failingWrites = [.. failWrites ?? []];
        _throttledWrites = [.. throttleWrites ?? []];
        foreach (var collection in Collections.Keys)
        {
            _store[collection] = [];
        }
    }

    public IReadOnlyList<string> Hosts { get; } = [Host];

    /// <summary>Writes carried out (POST and PATCH answered 2xx).</summary>
    public int Writes { get; private set; }

    public int Logins { get; private set; }

    /// <summary>Every resource of a collection ("patchworks/system-templates", "endpoints"...), as stored.</summary>
    public IReadOnlyList<JsonObject> All(string collection)
    {
        lock (_lock)
        {
            return [.. _store[collection].Values.Select(v => (JsonObject)v.DeepClone())];
        }
    }

    /// <summary>Makes every login token invalid, as a revocation would: the next request with one gets 401.</summary>
    public void RevokeTokens()
    {
        lock (_lock)
        {
            _tokens.Clear();
        }
    }

    /// <summary>Answers the next <paramref name="count"/> write attempts with 500, without carrying them out.</summary>
    public void FailNextWrites(int count = 1)
    {
        lock (_lock)
        {
            for (var i = 1; i <= count; i++)
            {
                _failingWrites.Add(_writeAttempts + i);
            }
        }
    }

    /// <summary>Changes a stored resource behind the client's back (someone publishing from elsewhere).</summary>
    public void Edit(string collection, string id, Action<JsonObject> edit)
    {
        lock (_lock)
        {
            edit(_store[collection][int.Parse(id, CultureInfo.InvariantCulture)]);
        }
    }

    /// <summary>Per collection: field → rule. A rule returns an error message, or null when the value is fine.</summary>
    private static readonly Dictionary<string, Dictionary<string, Rule>> Collections = new(StringComparer.Ordinal)
    {
        ["patchworks/system-templates"] = new(StringComparer.Ordinal)
        {
            ["name"] = Rule.String(255),
            ["label"] = Rule.String(255, required: true),
            ["colour"] = Rule.Enum(Colours, required: true),
            ["logo_url"] = Rule.Uri(required: true),
            ["version"] = Rule.Integer(required: true),
            ["version_name"] = Rule.String(255, required: true),
            ["rate_limit_unit"] = Rule.Enum(RateUnits, required: true),
            ["rate_limit_duration"] = Rule.Integer(required: true),
            ["system_type"] = Rule.Enum(SystemTypes),
            ["protocol"] = Rule.Enum(Protocols),
            ["date_format"] = Rule.String(64),
            ["help_link"] = Rule.Uri(),
        },
        ["authentication-implementations"] = new(StringComparer.Ordinal)
        {
            ["system_template_id"] = Rule.Reference("patchworks/system-templates"),
            ["name"] = Rule.String(255, required: true),
            ["authentication_type"] = Rule.Enum(AuthTypes, required: true),
            ["url"] = Rule.String(2048),
        },
        ["endpoints"] = new(StringComparer.Ordinal)
        {
            ["authentication_implementation_id"] = Rule.Reference("authentication-implementations"),
            ["name"] = Rule.String(255, required: true),
            // Entity types are a reference list in Patchworks (entity_type_id); these are the ones the samples use and a few more.
            ["entity_type"] = Rule.Enum(EntityTypes),
            ["direction"] = Rule.Enum(["Send", "Receive"], required: true),
            ["http_method"] = Rule.Enum(HttpMethods, required: true),
            ["endpoint"] = Rule.String(255, required: true),
            ["data_type"] = Rule.Enum(DataTypes, required: true),
            ["pagination_method"] = Rule.Enum(PaginationMethods),
        },
        ["variables"] = new(StringComparer.Ordinal)
        {
            ["model_type"] = Rule.Enum(["system_template", "authentication_implementation", "endpoint"], required: true, immutable: true),
            ["model_id"] = Rule.Polymorphic("model_type"),
            ["key"] = Rule.String(255, required: true),
            ["label"] = Rule.String(255),
            ["alias"] = Rule.String(255),
            ["value"] = Rule.String(1024),
            ["required"] = Rule.Boolean(),
            ["configurable"] = Rule.Boolean(),
            ["locked"] = Rule.Boolean(),
            ["secret"] = Rule.Boolean(),
        },
        ["request-options"] = new(StringComparer.Ordinal)
        {
            ["requestable_type"] = Rule.Enum(["authentication_implementation", "endpoint"], required: true, immutable: true),
            ["requestable_id"] = Rule.Polymorphic("requestable_type"),
            ["type"] = Rule.Enum(["query", "header", "body"], required: true),
            ["key"] = Rule.String(255, required: true),
            ["value"] = Rule.String(4096),
            ["alias"] = Rule.String(255),
            ["required"] = Rule.Boolean(),
            ["configurable"] = Rule.Boolean(),
            ["locked"] = Rule.Boolean(),
        },
    };

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/fabric/api/login", AsyncHandler.Of(LoginAsync));
        routes.MapGet("/api/v1/{**path}", AsyncHandler.Of((context, path) => HandleAsync(context, path)));
        routes.MapPost("/api/v1/{**path}", AsyncHandler.Of((context, path) => HandleAsync(context, path)));
        routes.MapPatch("/api/v1/{**path}", AsyncHandler.Of((context, path) => HandleAsync(context, path)));
    }

    private async Task<IResult> LoginAsync(HttpContext context)
    {
        var body = await ReadJsonAsync(context);
        if (body?["username"]?.ToString() != Username || body["password"]?.ToString() != Password)
        {
            return Results.Json(new { message = "These credentials do not match our records." }, statusCode: 401);
        }
        var token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        lock (_lock)
        {
            _tokens[token] = _time.GetUtcNow() + _tokenLifetime;
            Logins++;
        }
        return Results.Json(new { token, expires_in = (int)_tokenLifetime.TotalSeconds });
    }

    private async Task<IResult> HandleAsync(HttpContext context, string path)
    {
        if (_burst is not null && !_burst.TryTake().Allowed)
        {
            context.Response.Headers.RetryAfter = _retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Results.Json(new { message = "Too Many Attempts." }, statusCode: 429);
        }
        if (!Authorised(context.Request.Headers.Authorization.ToString()))
        {
            return Results.Json(new { message = "Unauthenticated." }, statusCode: 401);
        }
        if (context.Request.ContentLength > MaxPayloadBytes)
        {
            return Results.Json(new { message = "Payload Too Large" }, statusCode: 413);
        }
        var (collection, id) = Route(path);
        if (collection is null)
        {
            return Results.Json(new { message = $"The route api/v1/{path} could not be found." }, statusCode: 404);
        }
        var method = context.Request.Method;
        if (method == "GET")
        {
            return id is null ? List(context, collection) : Show(collection, id.Value);
        }
        if ((method == "POST") != (id is null))
        {
            return Results.Json(new { message = $"The {method} method is not supported for route api/v1/{path}." }, statusCode: 405);
        }
        int attempt;
        lock (_lock)
        {
            attempt = ++_writeAttempts;
        }
        if (_failingWrites.Contains(attempt))
        {
            return Results.Json(new { message = "Server Error" }, statusCode: 500);
        }
        if (_throttledWrites.Contains(attempt))
        {
            context.Response.Headers.RetryAfter = _retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Results.Json(new { message = "Too Many Attempts." }, statusCode: 429);
        }
        var body = await ReadJsonAsync(context);
        if (body is not JsonObject fields)
        {
            return Invalid(new() { ["body"] = ["The request body must be a JSON object."] });
        }
        lock (_lock)
        {
            var existing = id is { } i ? _store[collection].GetValueOrDefault(i) : null;
            if (id is not null && existing is null)
            {
                return Results.Json(new { message = "No query results for model." }, statusCode: 404);
            }
            var errors = Validate(collection, fields, existing);
            if (errors.Count > 0)
            {
                return Invalid(errors);
            }
            var now = _time.GetUtcNow().ToString("o", CultureInfo.InvariantCulture);
            if (existing is null)
            {
                var newId = ++_nextId;
                var created = new JsonObject { ["id"] = newId.ToString(CultureInfo.InvariantCulture) };
                foreach (var rule in Collections[collection].Keys)
                {
                    created[rule] = fields[rule]?.DeepClone();
                }
                created["created_at"] = now;
                created["updated_at"] = now;
                _store[collection][newId] = created;
                Writes++;
                return Results.Json(new { data = created }, statusCode: 201);
            }
            foreach (var (name, value) in fields)
            {
                existing[name] = value?.DeepClone();
            }
            existing["updated_at"] = now;
            Writes++;
            return Results.Json(new { data = existing });
        }
    }

    private bool Authorised(string authorization)
    {
        if (authorization == ApiKey)
        {
            return true;
        }
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }
        lock (_lock)
        {
            return _tokens.TryGetValue(authorization["Bearer ".Length..], out var expires) && _time.GetUtcNow() < expires;
        }
    }

    private static (string? Collection, int? Id) Route(string path)
    {
        var trimmed = path.Trim('/');
        foreach (var collection in Collections.Keys)
        {
            if (trimmed == collection)
            {
                return (collection, null);
            }
            if (trimmed.StartsWith(collection + "/", StringComparison.Ordinal) && int.TryParse(trimmed[(collection.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return (collection, id);
            }
        }
        return (null, null);
    }

    private IResult Show(string collection, int id)
    {
        lock (_lock)
        {
            return _store[collection].TryGetValue(id, out var item)
                ? Results.Json(new { data = item.DeepClone() })
                : Results.Json(new { message = "No query results for model." }, statusCode: 404);
        }
    }

    private IResult List(HttpContext context, string collection)
    {
        var query = context.Request.Query;
        var page = int.TryParse(query["page"], out var p) ? p : 1;
        var perPage = int.TryParse(query["per_page"], out var pp) ? pp : 15;
        if (perPage is < 1 or > 100 || page < 1)
        {
            return Invalid(new() { [perPage is < 1 or > 100 ? "per_page" : "page"] = [perPage is < 1 or > 100 ? "The per page field must be between 1 and 100." : "The page field must be at least 1."] });
        }
        var filters = query.Where(q => q.Key.StartsWith("filter[", StringComparison.Ordinal) && q.Key.EndsWith(']'))
            .Select(q => (Field: q.Key[7..^1], Values: q.Value.ToString().Split(','))).ToList();
        foreach (var (field, _) in filters)
        {
            if (!Collections[collection].ContainsKey(field))
            {
                return Results.Json(new { message = $"Requested filter(s) `{field}` are not allowed." }, statusCode: 400);
            }
        }
        List<JsonObject> matching;
        lock (_lock)
        {
            matching = [.. _store[collection].Values.Where(item => filters.All(f => f.Values.Contains(item[f.Field]?.ToString() ?? ""))).Select(i => (JsonObject)i.DeepClone())];
        }
        var lastPage = Math.Max(1, (matching.Count + perPage - 1) / perPage);
        var url = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}";
        string PageUrl(int n) => $"{url}?{string.Join("&", query.Where(q => q.Key != "page").Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}").Append($"page={n}"))}";
        return Results.Json(new JsonObject
        {
            ["data"] = new JsonArray([.. matching.Skip((page - 1) * perPage).Take(perPage)]),
            ["meta"] = new JsonObject { ["current_page"] = page, ["last_page"] = lastPage, ["per_page"] = perPage, ["total"] = matching.Count },
            ["links"] = new JsonObject
            {
                ["first"] = PageUrl(1),
                ["last"] = PageUrl(lastPage),
                ["prev"] = page > 1 ? PageUrl(page - 1) : null,
                ["next"] = page < lastPage ? PageUrl(page + 1) : null,
            },
        });
    }

    private Dictionary<string, string[]> Validate(string collection, JsonObject fields, JsonObject? existing)
    {
        var rules = Collections[collection];
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            if (!rules.TryGetValue(name, out var rule))
            {
                errors[name] = [$"The {name} field is not allowed."];
            }
            else if (existing is not null && rule.Immutable && !JsonNode.DeepEquals(existing[name], value))
            {
                errors[name] = [$"The {name} field cannot be changed."];
            }
            else if (rule.Check(name, value, fields, existing, this) is { } message)
            {
                errors[name] = [message];
            }
        }
        if (existing is null)
        {
            foreach (var (name, rule) in rules)
            {
                if ((rule.Required || rule.Parent) && fields[name] is null && !errors.ContainsKey(name))
                {
                    errors[name] = [$"The {name.Replace('_', ' ')} field is required."];
                }
            }
        }
        return errors;
    }

    private bool Exists(string collection, string? id) =>
        int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && _store[collection].ContainsKey(n);

    private static IResult Invalid(Dictionary<string, string[]> errors) =>
        Results.Json(new { message = $"{errors.First().Value[0]}{(errors.Count > 1 ? $" (and {errors.Count - 1} more error{(errors.Count > 2 ? "s" : "")})" : "")}", errors }, statusCode: 422);

    private static async Task<JsonNode?> ReadJsonAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A field's validation: required, type, length or enum, or a reference to an existing resource.</summary>
    private sealed class Rule
    {
        public bool Required { get; private init; }
        public bool Parent { get; private init; }
        public bool Immutable { get; private init; }
        private Func<string, JsonNode, JsonObject, JsonObject?, PatchworksCoreApi, string?> _check = (_, _, _, _, _) => null;

        public string? Check(string name, JsonNode? value, JsonObject fields, JsonObject? existing, PatchworksCoreApi api) =>
            value is null ? (Required || Parent ? $"The {name.Replace('_', ' ')} field is required." : null) : _check(name, value, fields, existing, api);

        private static string Label(string name) => name.Replace('_', ' ');

        public static Rule String(int max, bool required = false) => new()
        {
            Required = required,
            _check = (name, value, _, _, _) => value.GetValueKind() != JsonValueKind.String ? $"The {Label(name)} field must be a string."
                : value.GetValue<string>().Length > max ? $"The {Label(name)} field must not be greater than {max} characters."
                : required && value.GetValue<string>().Length == 0 ? $"The {Label(name)} field is required." : null,
        };

        public static Rule Integer(bool required = false) => new()
        {
            Required = required,
            _check = (name, value, _, _, _) => value.GetValueKind() != JsonValueKind.Number || !value.AsValue().TryGetValue<int>(out var n) ? $"The {Label(name)} field must be an integer."
                : n < 1 ? $"The {Label(name)} field must be at least 1." : null,
        };

        public static Rule Boolean() => new()
        {
            _check = (name, value, _, _, _) => value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? null : $"The {Label(name)} field must be true or false.",
        };

        public static Rule Enum(string[] allowed, bool required = false, bool immutable = false) => new()
        {
            Required = required,
            Immutable = immutable,
            _check = (name, value, _, _, _) => value.GetValueKind() == JsonValueKind.String && allowed.Contains(value.GetValue<string>()) ? null : $"The selected {Label(name)} is invalid.",
        };

        public static Rule Uri(bool required = false) => new()
        {
            Required = required,
            _check = (name, value, _, _, _) => value.GetValueKind() == JsonValueKind.String && System.Uri.TryCreate(value.GetValue<string>(), UriKind.Absolute, out var uri)
                && (uri.Scheme is "http" or "https" || value.GetValue<string>().StartsWith("data:image/", StringComparison.Ordinal))
                ? null
                : $"The {Label(name)} field must be a valid URL.",
        };

        public static Rule Reference(string collection) => new()
        {
            Parent = true,
            Immutable = true,
            _check = (name, value, _, _, api) => api.Exists(collection, value.ToString()) ? null : $"The selected {Label(name)} is invalid.",
        };

        /// <summary>An owner id whose collection the type field names (model_type, requestable_type).</summary>
        public static Rule Polymorphic(string typeField) => new()
        {
            Parent = true,
            Immutable = true,
            _check = (name, value, fields, existing, api) =>
            {
                var type = (fields[typeField] ?? existing?[typeField])?.ToString();
                var collection = type switch
                {
                    "system_template" => "patchworks/system-templates",
                    "authentication_implementation" => "authentication-implementations",
                    "endpoint" => "endpoints",
                    _ => null,
                };
                return collection is not null && api.Exists(collection, value.ToString()) ? null : $"The selected {Label(name)} is invalid.";
            },
        };
    }
}
