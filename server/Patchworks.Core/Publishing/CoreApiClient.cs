using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.Core.Http;
using Patchworks.Core.Running.Results;

namespace Patchworks.Core.Publishing;

/// <summary>
/// The Patchworks Core API, for what publishing needs: JSON:API-style lists (filter[...], page, per_page ≤ 100,
/// following meta and links), reads, creates and updates. It authenticates with an API key (raw in
/// Authorization) or logs in for a bearer token, renewed before it expires or once on a 401. 429 waits for
/// Retry-After (bounded) and 5xx is retried (bounded; a create only on 503, which means it was not processed).
/// Requests go through the runner's <see cref="HttpSender"/>: RestSharp on one SocketsHttpHandler with the
/// --connect-to overrides and extra trusted roots.
/// </summary>
public sealed partial class CoreApiClient : IDisposable
{
    public const int MaxPerPage = 100;

    /// <summary>The documented payload limit (413 above it).</summary>
    public const long MaxPayloadBytes = 8L * 1024 * 1024;

    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly CoreApiOptions _options;
    private readonly HttpSender _sender;
    private readonly string _baseUrl;
    private readonly Redactor _redactor = new();
    private string? _token;
    private HttpClient? _binary;
    private DateTimeOffset _tokenExpires;

    public CoreApiClient(CoreApiOptions options)
    {
        _options = options;
        _sender = new HttpSender(options.Http);
        _baseUrl = options.BaseUrl.TrimEnd('/');
        foreach (var secret in options.Credentials.Secrets)
        {
            _redactor.Add(secret, SecretKind.Value);
        }
    }

    /// <summary>Writes (POST, PATCH) that the API accepted.</summary>
    public int Writes { get; private set; }

    /// <summary>Logins made (the first, and each renewal).</summary>
    public int Logins { get; private set; }

    /// <summary>Every item of a list, page by page (per_page 100).</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(string path, IReadOnlyDictionary<string, string> filters, CancellationToken cancellationToken)
    {
        var query = string.Join("&", filters.Select(f => $"filter[{Uri.EscapeDataString(f.Key)}]={Uri.EscapeDataString(f.Value)}"));
        string? url = $"{_baseUrl}{path}?{(query.Length > 0 ? query + "&" : "")}page=1&per_page={MaxPerPage}";
        var items = new List<JsonObject>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 1; url is not null; page++)
        {
            if (!seen.Add(url) || page > 1000)
            {
                throw new CoreApiException($"GET {path}: the list's pages lead back to a page already read ({url}).");
            }
            var json = await SendAsync("GET", url, null, cancellationToken).ConfigureAwait(false);
            if (json?["data"] is not JsonArray data)
            {
                throw new CoreApiException($"GET {path}: the answer has no \"data\" list.");
            }
            items.AddRange(data.OfType<JsonObject>());
            url = NextPage(json, url, page);
            if (url is not null && !Origin.Same(url, _baseUrl))
            {
                // The Core API never names another host: a link that does is not followed, so the key stays here.
                throw new CoreApiException($"GET {path}: the next page's link (links.next) leads to {Origin.Of(url)?.ToString() ?? url}, not to the Core API at {Origin.Of(_baseUrl)}: " +
                    "not followed, so the credentials are not sent to another origin.");
            }
        }
        return items;
    }

    /// <summary>One resource's data, or null when it does not exist (404).</summary>
    public async Task<JsonObject?> GetAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var json = await SendAsync("GET", _baseUrl + path, null, cancellationToken).ConfigureAwait(false);
            return json?["data"] as JsonObject ?? json as JsonObject;
        }
        catch (CoreApiException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public Task<JsonObject> CreateAsync(string path, JsonObject body, CancellationToken cancellationToken) => WriteAsync("POST", path, body, cancellationToken);

    public Task<JsonObject> UpdateAsync(string path, JsonObject body, CancellationToken cancellationToken) => WriteAsync("PATCH", path, body, cancellationToken);

    private async Task<JsonObject> WriteAsync(string method, string path, JsonObject body, CancellationToken cancellationToken)
    {
        var json = await SendAsync(method, _baseUrl + path, body.ToJsonString(), cancellationToken).ConfigureAwait(false);
        Writes++;
        return json?["data"] as JsonObject ?? json as JsonObject ?? [];
    }

    /// <summary>The largest logo the Core API takes (documented: 10 MB) and the largest one downloaded to compare.</summary>
    public const long MaxLogoBytes = 10L * 1024 * 1024;

    /// <summary>
    /// Uploads the icon (A5: multipart/form-data, the file in <see cref="CoreApiAssumptions.LogoUploadField"/>) and
    /// returns the logo_url the API gave it. Retried as a create is: on 429 and 503 only.
    /// </summary>
    public async Task<string> UploadLogoAsync(CoreApiAssumptions assumptions, IconFile icon, CancellationToken cancellationToken)
    {
        var url = _baseUrl + assumptions.LogoUploadPath;
        var path = new Uri(url).AbsolutePath;
        _binary ??= _sender.CreateBinaryClient();
        var renewed = false;
        for (var attempt = 0; ; attempt++)
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(icon.Bytes);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(icon.ContentType);
            form.Add(file, assumptions.LogoUploadField, icon.FileName);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = form };
            request.Headers.TryAddWithoutValidation("Accept", "application/json");
            request.Headers.TryAddWithoutValidation("Authorization", await AuthorizationAsync(cancellationToken).ConfigureAwait(false));
            HttpExchange exchange;
            try
            {
                var started = DateTimeOffset.UtcNow;
                using var response = await _binary.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                exchange = new HttpExchange
                {
                    Status = response.StatusCode,
                    ReasonPhrase = response.ReasonPhrase ?? "",
                    Headers = [.. response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v)))],
                    Body = text,
                    SizeBytes = text.Length,
                    TimeToHeaders = DateTimeOffset.UtcNow - started,
                    Elapsed = DateTimeOffset.UtcNow - started,
                };
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new CoreApiException($"POST {path}: {e.Message}", 0, null, e);
            }
            if (exchange.IsSuccess)
            {
                Writes++;
                var json = Parse(exchange.Body);
                var logo = json?["data"]?["logo_url"] ?? json?["logo_url"];
                return logo is JsonValue v && v.TryGetValue<string>(out var logoUrl) && Uri.TryCreate(logoUrl, UriKind.Absolute, out _)
                    ? logoUrl
                    : throw new CoreApiException($"POST {path}: the upload's answer has no absolute logo_url.", exchange.StatusCode);
            }
            if (exchange.StatusCode == 401 && _options.Credentials is CoreApiCredentials.Login && !renewed)
            {
                _options.Log?.Report("The Core API refused the token (401); logging in again.");
                _token = null;
                renewed = true;
                attempt--;
                continue;
            }
            if (attempt < _options.MaxRetries && RetryWait("POST", exchange, attempt) is { } wait)
            {
                _options.Log?.Report($"POST {path}: {exchange.StatusCode}; retrying in {wait.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s ({attempt + 1} of {_options.MaxRetries}).");
                await _options.Delay(wait, cancellationToken).ConfigureAwait(false);
                continue;
            }
            throw Refusal("POST", path, exchange, null, icon.Bytes.Length);
        }
    }

    /// <summary>
    /// The bytes at a logo_url, to compare with the icon when the sidecar has no record: GET without any
    /// credential (never the Authorization header), http(s) only, at most <see cref="MaxLogoBytes"/>, no redirect.
    /// Null when it cannot be had (then the icon counts as changed).
    /// </summary>
    public async Task<byte[]?> DownloadLogoAsync(string logoUrl, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(logoUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }
        _binary ??= _sender.CreateBinaryClient();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            using var response = await _binary.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxLogoBytes)
            {
                return null;
            }
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxLogoBytes)
                {
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            _options.Log?.Report($"The current logo ({uri.GetLeftPart(UriPartial.Path)}) could not be read ({e.Message}); the icon is uploaded again.");
            return null;
        }
    }

    /// <summary>links.next when the answer gives one; else meta.current_page/last_page; else none.</summary>
    private static string? NextPage(JsonNode json, string url, int page)
    {
        if (json["links"]?["next"] is JsonValue next && next.TryGetValue<string>(out var nextUrl) && nextUrl.Length > 0)
        {
            // A relative link resolves against the page it came on; one that does not parse stays as given (refused above).
            return Uri.TryCreate(new Uri(url), nextUrl, out var absolute) ? absolute.AbsoluteUri : nextUrl;
        }
        var meta = json["meta"];
        if (meta?["current_page"] is JsonValue current && meta["last_page"] is JsonValue last
            && current.TryGetValue<int>(out var currentPage) && last.TryGetValue<int>(out var lastPage) && currentPage < lastPage)
        {
            return url.Replace($"page={page}&", $"page={page + 1}&", StringComparison.Ordinal);
        }
        return null;
    }

    private async Task<JsonNode?> SendAsync(string method, string url, string? body, CancellationToken cancellationToken)
    {
        var pathForMessages = new Uri(url).AbsolutePath;
        var renewed = false;
        for (var attempt = 0; ; attempt++)
        {
            var headers = new List<KeyValuePair<string, string>>
            {
                new("Accept", "application/json"),
                new("Authorization", await AuthorizationAsync(cancellationToken).ConfigureAwait(false)),
            };
            var exchange = await ExchangeAsync(new OutgoingRequest(method, url, headers, body, body is null ? null : "application/json"), cancellationToken).ConfigureAwait(false);
            var status = exchange.StatusCode;
            if (exchange.IsSuccess)
            {
                return Parse(exchange.Body);
            }
            if (status == 401 && _options.Credentials is CoreApiCredentials.Login && !renewed)
            {
                // The token was refused before its time (revoked, or the clock disagrees): log in again, once.
                _options.Log?.Report("The Core API refused the token (401); logging in again.");
                _token = null;
                renewed = true;
                attempt--;
                continue;
            }
            if (attempt < _options.MaxRetries && RetryWait(method, exchange, attempt) is { } wait)
            {
                _options.Log?.Report($"{method} {pathForMessages}: {status}; retrying in {wait.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s ({attempt + 1} of {_options.MaxRetries}).");
                await _options.Delay(wait, cancellationToken).ConfigureAwait(false);
                continue;
            }
            throw Refusal(method, pathForMessages, exchange, body);
        }
    }

    private TimeSpan? RetryWait(string method, HttpExchange exchange, int attempt)
    {
        var status = exchange.StatusCode;
        if (status == 429)
        {
            var wait = RetryAfter.Parse(exchange.Header("Retry-After"), _options.Time.GetUtcNow()) ?? _options.ServerErrorBackoff * Math.Pow(2, attempt);
            return wait <= _options.MaxRetryAfter ? wait : null;
        }
        // A create answered 500 may have been made: retrying it could make a second one. 503 means it was not processed.
        var retriable = status == 503 || (status >= 500 && method != "POST");
        return retriable ? RetryAfter.Parse(exchange.Header("Retry-After"), _options.Time.GetUtcNow()) is { } asked && asked <= _options.MaxRetryAfter
            ? asked
            : _options.ServerErrorBackoff * Math.Pow(2, attempt) : null;
    }

    private async Task<HttpExchange> ExchangeAsync(OutgoingRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await _sender.SendAsync(request, cancellationToken, HoldsCredential).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new CoreApiException($"{request.Method} {new Uri(request.Url).AbsolutePath}: {e.Message}", 0, null, e);
        }
    }

    private CoreApiException Refusal(string method, string path, HttpExchange exchange, string? body, long? bodyBytes = null)
    {
        var status = exchange.StatusCode;
        var apiMessage = Parse(exchange.Body)?["message"] is JsonValue m && m.TryGetValue<string>(out var text) ? Scrub(text) : null;
        var what = $"{method} {path}";
        return status switch
        {
            401 => new CoreApiException(_options.Credentials is CoreApiCredentials.ApiKey
                ? $"{what}: the Core API refused the API key (401). Check {CoreApiCredentials.ApiKeyVariable}: the key may be wrong, revoked or deleted."
                : $"{what}: the Core API refused the login token (401) even after logging in again.", status),
            403 => new CoreApiException($"{what}: not allowed (403){(apiMessage is null ? "" : $": {apiMessage}")}. Publishing needs a manager or administrator.", status),
            413 => new CoreApiException($"{what}: the payload is too large (413): {(bodyBytes ?? Encoding.UTF8.GetByteCount(body ?? "")) / 1024.0 / 1024.0:0.0} MB, over the Core API's 8 MB limit. Make the largest value in the file smaller (a variable's value, a request body).", status),
            422 => new CoreApiException($"{what}: the Core API refused the data (422){(apiMessage is null ? "" : $": {apiMessage}")}", status, FieldErrors(exchange.Body)),
            429 => new CoreApiException($"{what}: too many requests (429), still refused after {_options.MaxRetries} retries{RetryAfterText(exchange)}. Try again later.", status),
            >= 500 => new CoreApiException($"{what}: the Core API failed ({status} {exchange.ReasonPhrase}){(method == "POST" && status != 503 ? "; a create is not retried, since it may have been made" : $" after {_options.MaxRetries} retries")}.", status),
            _ => new CoreApiException($"{what}: {status} {exchange.ReasonPhrase}{(apiMessage is null ? "" : $": {apiMessage}")}", status),
        };
    }

    private string RetryAfterText(HttpExchange exchange) => exchange.Header("Retry-After") is { } value
        ? RetryAfter.Parse(value, _options.Time.GetUtcNow()) is { } wait && wait > _options.MaxRetryAfter
            ? $" (it asked to wait {wait.TotalSeconds:0} s, more than the {_options.MaxRetryAfter.TotalSeconds:0} s this client waits)"
            : ""
        : "";

    /// <summary>Laravel's 422 shape: { message, errors: { field: [messages] } }.</summary>
    private List<FieldError> FieldErrors(string body)
    {
        var errors = new List<FieldError>();
        if (Parse(body)?["errors"] is JsonObject fields)
        {
            foreach (var (field, messages) in fields)
            {
                var list = messages is JsonArray array
                    ? array.Select(n => n?.GetValueKind() == JsonValueKind.String ? Scrub(n.GetValue<string>()) : n?.ToJsonString() ?? "").ToList()
                    : [Scrub(messages?.ToString() ?? "")];
                errors.Add(new FieldError(field, list));
            }
        }
        return errors;
    }

    /// <summary>An answer never carries our secrets back into a message: the runner's redactor, every form of each (the token once known).</summary>
    private string Scrub(string text) => _redactor.Redact(text);

    private static JsonNode? Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Whether a value holds the API key, the password or the token: a redirect to another origin drops it.</summary>
    private bool HoldsCredential(string text) => _options.Credentials switch
    {
        CoreApiCredentials.ApiKey key => key.Key.Length > 0 && text.Contains(key.Key, StringComparison.Ordinal),
        CoreApiCredentials.Login login => (login.Password.Length > 0 && text.Contains(login.Password, StringComparison.Ordinal))
            || (_token is { Length: > 0 } token && text.Contains(token, StringComparison.Ordinal)),
        _ => false,
    };

    private async Task<string> AuthorizationAsync(CancellationToken cancellationToken)
    {
        switch (_options.Credentials)
        {
            case CoreApiCredentials.ApiKey key:
                return key.Key;
            case CoreApiCredentials.Login login:
                if (_token is null || _options.Time.GetUtcNow() >= _tokenExpires - RenewBefore)
                {
                    await LoginAsync(login, cancellationToken).ConfigureAwait(false);
                }
                return "Bearer " + _token;
            default:
                throw new InvalidOperationException("Unknown credentials.");
        }
    }

    private async Task LoginAsync(CoreApiCredentials.Login login, CancellationToken cancellationToken)
    {
        var url = _options.ResolvedLoginUrl();
        var body = new JsonObject { ["username"] = login.Username, ["password"] = login.Password }.ToJsonString();
        var headers = new List<KeyValuePair<string, string>> { new("Accept", "application/json") };
        for (var attempt = 0; ; attempt++)
        {
            var exchange = await ExchangeAsync(new OutgoingRequest("POST", url, headers, body, "application/json"), cancellationToken).ConfigureAwait(false);
            if (exchange.IsSuccess && Parse(exchange.Body) is { } json && json["token"] is JsonValue token && token.TryGetValue<string>(out var value) && value.Length > 0)
            {
                _token = value;
                _redactor.Add(value, SecretKind.Token);
                var lifetime = json["expires_in"] is JsonValue e && e.TryGetValue<double>(out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromHours(24);
                _tokenExpires = _options.Time.GetUtcNow() + lifetime;
                Logins++;
                _options.Log?.Report($"Logged in to Patchworks (token valid for {lifetime.TotalHours:0.#} h).");
                return;
            }
            if (exchange.StatusCode is 429 or 503 && attempt < _options.MaxRetries)
            {
                await _options.Delay(RetryAfter.Parse(exchange.Header("Retry-After"), _options.Time.GetUtcNow()) is { } wait && wait <= _options.MaxRetryAfter ? wait : _options.ServerErrorBackoff, cancellationToken).ConfigureAwait(false);
                continue;
            }
            throw exchange.StatusCode is 401 or 422
                ? new CoreApiException($"POST {new Uri(url).AbsolutePath}: the login was refused ({exchange.StatusCode}). Check {CoreApiCredentials.UsernameVariable} and {CoreApiCredentials.PasswordVariable}.", 401)
                : new CoreApiException($"POST {new Uri(url).AbsolutePath}: the login failed ({exchange.StatusCode} {exchange.ReasonPhrase}); no token in the answer.", exchange.StatusCode);
        }
    }

    public void Dispose()
    {
        _sender.Dispose();
        _binary?.Dispose();
    }
}
