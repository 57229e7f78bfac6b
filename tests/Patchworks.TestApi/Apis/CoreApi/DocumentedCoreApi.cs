using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Patchworks.TestApi.Hosting;

namespace Patchworks.TestApi.Apis;

/// <summary>A request the documented Core API stand-in answered: its method, path and query, body (null when empty) and status.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, string? Body, int Status);

/// <summary>
/// A strict, independent stand-in of the Patchworks Core API (core.wearepatchworks.com/api/v1) for the publisher's
/// tests, on <see cref="Host"/>. Built only from what Patchworks documents (the toolkit's guide, sections 10 and 15)
/// and, for what is not documented, the named assumptions A1–A6 of the publishing contract (notes/coreapi-contract.md);
/// it shares no code or guesses with the publisher.
/// DOCUMENTED and enforced: the API key raw in <c>Authorization</c> or a bearer token from
/// <c>POST /fabric/api/login</c> (<c>{token, expires_in}</c>); 401 for a bad key or an expired or revoked token; 413 over
/// 8 MB; Laravel 422 <c>{message, errors}</c> with "an empty string is missing"; lists with <c>filter[f]=a,b</c> (OR),
/// <c>page</c>, <c>per_page</c> ≤ 100 and <c>{data, meta, links}</c>; the system template fields, types and enums; ids
/// (never names) from the API's own lists; request option types url|header|body; logos png/jpg/gif/svg ≤ 10 MB whose
/// upload returns the <c>logo_url</c>; unknown fields ignored (never stored, never returned).
/// ASSUMED (A1–A5): the resource paths, the reference lists, the owner links, the other collections' fields, the logo
/// upload route. Choices where the contract is silent are listed in tests/Patchworks.TestApi/README.md.
/// </summary>
public sealed partial class DocumentedCoreApi : IFakeApi
{
    public const string Host = "core-documented.patchworks.test";
    public const string BaseUrl = "https://core-documented.patchworks.test/api/v1";
    public const string ApiKey = "pwk_doc_7f3a91c4e05b2d68a1f4c9e3b7d20a5e";
    public const string Username = "publisher@core-documented.test";
    public const string Password = "Doc-Core-Pa55!word";
    public const long MaxPayloadBytes = 8L * 1024 * 1024;
    public const long MaxLogoBytes = 10L * 1024 * 1024;

    /// <summary>The request size limit on the logo upload: larger than a logo, so that a logo over 10 MB gets its 422.</summary>
    public const long MaxLogoRequestBytes = 2 * MaxLogoBytes;

    private const string LogoRoute = CoreApiSchema.SystemTemplates + "/logo";

    private readonly Lock _lock = new();
    private readonly TimeSpan _tokenLifetime;
    private readonly TimeProvider _time;
    private readonly FixedWindowLimit? _burst;
    private readonly int _retryAfterSeconds;
    private readonly Dictionary<string, SortedDictionary<int, JsonObject>> _store = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _nextIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<int, (int Status, bool CarriedOut)> _faults = [];
    private readonly List<RecordedRequest?> _requests = [];
    private readonly Dictionary<string, byte[]> _logos = new(StringComparer.Ordinal);
    private int _writeAttempts;
    private int _writes;
    private int _logins;

    /// <param name="tokenLifetime">Life of a login token (documented: 86400 s).</param>
    /// <param name="time">The clock of token expiry, the burst window and timestamps.</param>
    /// <param name="burstLimit">Requests under /api/v1 allowed per <paramref name="burstWindow"/> (default: no limit).</param>
    /// <param name="burstWindow">The burst window (default 10 s).</param>
    /// <param name="retryAfterSeconds">The Retry-After of every 429 (burst limit and injected).</param>
    public DocumentedCoreApi(TimeSpan? tokenLifetime = null, TimeProvider? time = null, int? burstLimit = null, TimeSpan? burstWindow = null, int retryAfterSeconds = 1)
    {
        _tokenLifetime = tokenLifetime ?? TimeSpan.FromSeconds(86400);
        _time = time ?? TimeProvider.System;
        _burst = burstLimit is { } max ? new FixedWindowLimit(max, burstWindow ?? TimeSpan.FromSeconds(10), _time) : null;
        _retryAfterSeconds = retryAfterSeconds;
        foreach (var spec in CoreApiSchema.Collections)
        {
            _store[spec.Path] = [];
            _nextIds[spec.Path] = spec.FirstId;
        }
    }

    public IReadOnlyList<string> Hosts { get; } = [Host];

    public void Map(IEndpointRouteBuilder routes)
    {
        // One route for everything under /api/v1, so that 404 and 405 are this API's own (Laravel's) answers.
        routes.Map("/api/v1/{**rest}", (RequestDelegate)ApiAsync);
        routes.Map("/fabric/api/login", (RequestDelegate)LoginAsync);
        routes.MapGet("/storage/logos/{file}", (string file) =>
        {
            lock (_lock)
            {
                var url = $"https://{Host}/storage/logos/{file}";
                return _logos.TryGetValue(url, out var bytes)
                    ? Results.Bytes(bytes, CoreApiLogos.ContentTypes[Path.GetExtension(file).TrimStart('.')])
                    : Results.Json(new { message = "Not Found" }, statusCode: StatusCodes.Status404NotFound);
            }
        });
    }

    /// <summary>Answers write attempt <paramref name="attempt"/> (counted from 1) with <paramref name="status"/>; carried out: the write is made first.</summary>
    public void FailWrite(int attempt, int status, bool carriedOut = false)
    {
        lock (_lock)
        {
            _faults[attempt] = (status, carriedOut);
        }
    }

    /// <summary>Answers the next <paramref name="count"/> write attempts with <paramref name="status"/>.</summary>
    public void FailNextWrites(int count = 1, int status = 500, bool carriedOut = false)
    {
        lock (_lock)
        {
            for (var i = 1; i <= count; i++)
            {
                _faults[_writeAttempts + i] = (status, carriedOut);
            }
        }
    }

    /// <summary>Every POST and PATCH under /api/v1 so far, whatever its answer.</summary>
    public int WriteAttempts
    {
        get
        {
            lock (_lock)
            {
                return _writeAttempts;
            }
        }
    }

    /// <summary>Writes carried out: resources created or updated, logos stored.</summary>
    public int Writes
    {
        get
        {
            lock (_lock)
            {
                return _writes;
            }
        }
    }

    /// <summary>Successful logins (tokens issued).</summary>
    public int Logins
    {
        get
        {
            lock (_lock)
            {
                return _logins;
            }
        }
    }

    /// <summary>Every request under /api/v1 and to the login, in order of arrival (those still in flight left out).</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests.OfType<RecordedRequest>()];
            }
        }
    }

    public IReadOnlyDictionary<string, byte[]> Logos
    {
        get
        {
            lock (_lock)
            {
                return _logos.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
            }
        }
    }

    /// <summary>The stored resources of a collection ("endpoints", ...), as deep copies, in id order.</summary>
    public IReadOnlyList<JsonObject> All(string collection)
    {
        lock (_lock)
        {
            return _store.TryGetValue(collection, out var items)
                ? [.. items.Values.Select(i => (JsonObject)i.DeepClone())]
                : throw new ArgumentException($"no collection {collection}", nameof(collection));
        }
    }

    /// <summary>The id of a name in "system-types", "entity-types" or "authentication-types" (case-insensitive).</summary>
    public int IdOf(string list, string name) =>
        CoreApiReferenceLists.All.TryGetValue(list, out var entries)
            ? entries.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)) is { Name: not null } entry
                ? entry.Id
                : throw new KeyNotFoundException($"no {name} in {list}")
            : throw new ArgumentException($"no list {list}", nameof(list));

    /// <summary>Changes a stored resource behind the client's back (no timestamp is touched).</summary>
    public void Edit(string collection, string id, Action<JsonObject> edit)
    {
        lock (_lock)
        {
            if (!_store.TryGetValue(collection, out var items) || !int.TryParse(id, CultureInfo.InvariantCulture, out var key) || !items.TryGetValue(key, out var item))
            {
                throw new KeyNotFoundException($"no {collection}/{id}");
            }
            edit(item);
        }
    }

    /// <summary>Revokes every issued token: the next request with one is 401.</summary>
    public void RevokeTokens()
    {
        lock (_lock)
        {
            _tokens.Clear();
        }
    }

    private sealed record Reply(int Status, JsonNode? Body, IReadOnlyDictionary<string, string>? Headers = null);

    private async Task ApiAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var rest = context.Request.RouteValues["rest"] as string ?? "";
        var isWrite = HttpMethods.IsPost(method) || HttpMethods.IsPatch(method);
        int slot;
        (int Status, bool CarriedOut)? fault = null;
        lock (_lock)
        {
            slot = _requests.Count;
            _requests.Add(null);
            if (isWrite)
            {
                _writeAttempts++;
                if (_faults.Remove(_writeAttempts, out var planned))
                {
                    fault = planned;
                }
            }
        }
        var isLogo = rest == LogoRoute && HttpMethods.IsPost(method);
        var (body, tooLarge) = await ReadBodyAsync(context, isLogo ? MaxLogoRequestBytes : MaxPayloadBytes);
        Reply reply;
        if (fault is { CarriedOut: false } early)
        {
            reply = Injected(early.Status);
        }
        else if (tooLarge)
        {
            reply = new Reply(StatusCodes.Status413PayloadTooLarge, new JsonObject { ["message"] = "Payload Too Large" });
        }
        else
        {
            var upload = isLogo ? await ReadLogoAsync(context, body) : null;
            var input = isLogo ? null : JsonInput(context.Request, body);
            lock (_lock)
            {
                reply = Handle(context, method, rest, input, upload);
            }
            if (fault is { } late)
            {
                reply = Injected(late.Status);
            }
        }
        var recorded = isLogo
            ? $"[multipart/form-data, {body.Length} bytes]"
            : body.Length == 0 ? null : Encoding.UTF8.GetString(body);
        lock (_lock)
        {
            _requests[slot] = new RecordedRequest(method, context.Request.Path + context.Request.QueryString, recorded, reply.Status);
        }
        await WriteAsync(context, reply);
    }

    private async Task LoginAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var (body, tooLarge) = await ReadBodyAsync(context, MaxPayloadBytes);
        Reply reply;
        if (!HttpMethods.IsPost(method))
        {
            reply = MethodNotAllowed(method, "fabric/api/login", "POST");
        }
        else if (tooLarge)
        {
            reply = new Reply(StatusCodes.Status413PayloadTooLarge, new JsonObject { ["message"] = "Payload Too Large" });
        }
        else
        {
            var input = JsonInput(context.Request, body);
            var errors = new List<KeyValuePair<string, string>>();
            foreach (var field in new[] { "username", "password" })
            {
                if (input[field] is not JsonValue value || value.GetValueKind() != System.Text.Json.JsonValueKind.String || value.GetValue<string>().Length == 0)
                {
                    errors.Add(new(field, $"The {field} field is required."));
                }
            }
            if (errors.Count > 0)
            {
                reply = new Reply(StatusCodes.Status422UnprocessableEntity, CoreApiSchema.ErrorBody(errors));
            }
            else if (input["username"]!.GetValue<string>() != Username || input["password"]!.GetValue<string>() != Password)
            {
                reply = new Reply(StatusCodes.Status401Unauthorized, new JsonObject { ["message"] = "These credentials do not match our records." });
            }
            else
            {
                var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
                lock (_lock)
                {
                    _tokens[token] = _time.GetUtcNow() + _tokenLifetime;
                    _logins++;
                }
                reply = new Reply(StatusCodes.Status200OK, new JsonObject { ["token"] = token, ["expires_in"] = (long)_tokenLifetime.TotalSeconds });
            }
        }
        lock (_lock)
        {
            _requests.Add(new RecordedRequest(method, context.Request.Path + context.Request.QueryString, body.Length == 0 ? null : Encoding.UTF8.GetString(body), reply.Status));
        }
        await WriteAsync(context, reply);
    }

    /// <summary>Routing (404/405), then the burst limit (429), then authentication (401), then the resource: Laravel's order.</summary>
    private Reply Handle(HttpContext context, string method, string rest, JsonObject? input, LogoUpload? upload)
    {
        var route = Route(method, rest);
        if (route.Error is { } routeError)
        {
            return routeError;
        }
        if (_burst is not null)
        {
            var (allowed, remaining) = _burst.TryTake();
            if (!allowed)
            {
                return new Reply(StatusCodes.Status429TooManyRequests, new JsonObject { ["message"] = "Too Many Attempts." }, new Dictionary<string, string>
                {
                    ["Retry-After"] = _retryAfterSeconds.ToString(CultureInfo.InvariantCulture),
                    ["X-RateLimit-Limit"] = _burst.Max.ToString(CultureInfo.InvariantCulture),
                    ["X-RateLimit-Remaining"] = "0",
                });
            }
            _ = remaining;
        }
        if (!Authenticated(context.Request))
        {
            return new Reply(StatusCodes.Status401Unauthorized, new JsonObject { ["message"] = "Unauthenticated." });
        }
        return route.Kind switch
        {
            RouteKind.ReferenceList => List(context.Request, rest, ReferenceItems(rest), ["id", "name"]),
            RouteKind.Logo => StoreLogo(upload),
            RouteKind.List => List(context.Request, rest, [.. _store[route.Spec!.Path].Values], ["id", .. route.Spec.Fields.Select(f => f.Name)]),
            RouteKind.Create => Create(route.Spec!, input!),
            RouteKind.Show => _store[route.Spec!.Path].TryGetValue(route.Id, out var item)
                ? new Reply(StatusCodes.Status200OK, new JsonObject { ["data"] = item.DeepClone() })
                : NoSuchModel(route.Spec, route.Id),
            RouteKind.Update => Update(route.Spec!, route.Id, input!),
            _ => throw new InvalidOperationException("unrouted"),
        };
    }

    private bool Authenticated(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header == ApiKey)
        {
            return true;
        }
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }
        return _tokens.TryGetValue(header["Bearer ".Length..], out var expires) && _time.GetUtcNow() < expires;
    }

    private static Reply Injected(int status) =>
        new(status, new JsonObject
        {
            ["message"] = status switch
            {
                StatusCodes.Status401Unauthorized => "Unauthenticated.",
                StatusCodes.Status422UnprocessableEntity => "Injected failure.",
                StatusCodes.Status429TooManyRequests => "Too Many Attempts.",
                StatusCodes.Status500InternalServerError => "Server Error",
                _ => ReasonPhrases(status),
            },
            ["errors"] = status == StatusCodes.Status422UnprocessableEntity ? new JsonObject { ["fault"] = new JsonArray("Injected failure.") } : null,
        }, null);

    private static string ReasonPhrases(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";

    private async Task WriteAsync(HttpContext context, Reply reply)
    {
        var response = context.Response;
        response.StatusCode = reply.Status;
        if (reply.Status == StatusCodes.Status429TooManyRequests && reply.Headers is null)
        {
            response.Headers.RetryAfter = _retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }
        if (reply.Body is JsonObject body)
        {
            // An injected answer's "errors": null is left out, as Laravel leaves it out of non-validation errors.
            if (body.ContainsKey("errors") && body["errors"] is null)
            {
                body.Remove("errors");
            }
            response.ContentType = "application/json";
            await response.WriteAsync(body.ToJsonString(JsonText.Options), context.RequestAborted);
        }
    }

    /// <summary>The body, read up to <paramref name="limit"/> bytes: too large when Content-Length says so or more arrives.</summary>
    private static async Task<(byte[] Body, bool TooLarge)> ReadBodyAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            return ([], true);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return ([], true);
            }
            buffer.Write(chunk, 0, read);
        }
        return (buffer.ToArray(), false);
    }

    /// <summary>The JSON object of a JSON body; anything else (another content type, bad JSON, not an object) reads as no input, as in Laravel.</summary>
    private static JsonObject JsonInput(HttpRequest request, byte[] body)
    {
        if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true || body.Length == 0)
        {
            return [];
        }
        try
        {
            return JsonNode.Parse(body) is JsonObject parsed ? (JsonObject)parsed.DeepClone() : [];
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
        {
            return [];
        }
    }
}
