using System.Text.Json;

namespace Patchworks.Core.Testing.Recordings;

/// <summary>
/// Finds the recorded exchange for a request: the same method, URL (scheme, host, port, path), query (in any order;
/// OAuth 1's oauth_* parameters, with their nonce, timestamp and signature, left out) and body (JSON compared as
/// JSON, form bodies as sets of fields, other bodies as text). Each recorded exchange answers once; equal requests
/// take them in recorded order. When none matches, it names the nearest recorded request and what differs.
/// </summary>
public sealed class RequestMatcher
{
    private readonly Lock _gate = new();
    private readonly List<(RecordedExchange Exchange, RequestKey Key)> _recorded;
    private readonly bool[] _served;

    public RequestMatcher(IReadOnlyList<RecordedExchange> exchanges)
    {
        _recorded = [.. exchanges.Select(e => (e, RequestKey.Of(e.Request.Method, e.Request.Url, e.Request.Header("Content-Type"), e.Request.Body?.Text ?? "")))];
        _served = new bool[_recorded.Count];
    }

    /// <summary>The recorded exchange this request takes, or null with why none fits.</summary>
    public RecordedExchange? Take(string method, string url, string? contentType, string body, out string? mismatch)
    {
        var key = RequestKey.Of(method, url, contentType, body);
        lock (_gate)
        {
            for (var i = 0; i < _recorded.Count; i++)
            {
                if (!_served[i] && _recorded[i].Key.Differences(key).Count == 0)
                {
                    _served[i] = true;
                    mismatch = null;
                    return _recorded[i].Exchange;
                }
            }
            mismatch = Nearest(key);
            return null;
        }
    }

    /// <summary>Recorded exchanges no request took (the connector now makes fewer requests), in recorded order.</summary>
    public IReadOnlyList<RecordedExchange> Unserved()
    {
        lock (_gate)
        {
            return [.. _recorded.Where((_, i) => !_served[i]).Select(r => r.Exchange)];
        }
    }

    private string Nearest(RequestKey key)
    {
        var samePath = _recorded.Select((r, i) => (r.Exchange, r.Key, Index: i, Differences: r.Key.Differences(key)))
            .Where(r => r.Key.Method == key.Method && r.Key.Location == key.Location)
            .OrderBy(r => r.Differences.Count).ThenBy(r => _served[r.Index]).ThenBy(r => r.Index)
            .FirstOrDefault();
        if (samePath.Exchange is null)
        {
            var recorded = _recorded.Select(r => $"{r.Key.Method} {r.Key.Location}").Distinct().Take(5).ToList();
            return recorded.Count == 0
                ? "the recording holds no exchange"
                : $"no recorded request is a {key.Method} to {key.Location}; recorded: {string.Join(", ", recorded)}";
        }
        var nearest = $"nearest recorded: {samePath.Exchange.Request.Method} {samePath.Exchange.Request.Url} (exchange {samePath.Index + 1})";
        if (samePath.Differences.Count == 0)
        {
            return $"{nearest}, already answered: the connector now sends this request more often than when it was recorded";
        }
        var shown = samePath.Differences.Take(5).ToList();
        return $"{nearest}, which differs in {string.Join("; ", shown)}{(samePath.Differences.Count > shown.Count ? $"; and {samePath.Differences.Count - shown.Count} more" : "")}";
    }

    /// <summary>A request as compared: where it goes, and its query and body as fields.</summary>
    private sealed record RequestKey(string Method, string Location, ILookup<string, string> Query, BodyKind Kind, ILookup<string, string> Body, string Text)
    {
        public static RequestKey Of(string method, string url, string? contentType, string body)
        {
            var uri = new Uri(url);
            var location = $"{uri.Scheme}://{uri.Host.ToLowerInvariant()}{(uri.IsDefaultPort ? "" : ":" + uri.Port)}{uri.AbsolutePath}";
            var query = Pairs(uri.Query.TrimStart('?')).Where(p => !IsOAuth1(p.Key)).ToLookup(p => p.Key, p => p.Value, StringComparer.Ordinal);
            var kind = BodyKind.Text;
            ILookup<string, string> fields = Array.Empty<KeyValuePair<string, string>>().ToLookup(p => p.Key, p => p.Value);
            if (body.Length == 0)
            {
                kind = BodyKind.None;
            }
            else if (contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true && Parse(body) is { } json)
            {
                kind = BodyKind.Json;
                var leaves = new List<KeyValuePair<string, string>>();
                using (json)
                {
                    Flatten(json.RootElement, "$", leaves);
                }
                fields = leaves.ToLookup(p => p.Key, p => p.Value, StringComparer.Ordinal);
            }
            else if (contentType?.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
            {
                kind = BodyKind.Form;
                fields = Pairs(body).Where(p => !IsOAuth1(p.Key)).ToLookup(p => p.Key, p => p.Value, StringComparer.Ordinal);
            }
            return new RequestKey(method.ToUpperInvariant(), location, query, kind, fields, kind == BodyKind.Text ? body.ReplaceLineEndings("\n") : "");
        }

        /// <summary>What differs from another request with the same method and location, one entry per field.</summary>
        public IReadOnlyList<string> Differences(RequestKey sent)
        {
            var differences = new List<string>();
            if (Method != sent.Method || Location != sent.Location)
            {
                differences.Add($"{sent.Method} {sent.Location} (recorded: {Method} {Location})");
                return differences;
            }
            Compare("query", Query, sent.Query, differences);
            if (Kind != sent.Kind)
            {
                differences.Add($"the body (recorded: {Describe(Kind)}; sent: {Describe(sent.Kind)})");
            }
            else if (Kind == BodyKind.Text && Text != sent.Text)
            {
                differences.Add($"the body's text (recorded: {Shorten(Text)}; sent: {Shorten(sent.Text)})");
            }
            else if (Kind is BodyKind.Json or BodyKind.Form)
            {
                Compare(Kind == BodyKind.Json ? "body" : "form field", Body, sent.Body, differences);
            }
            return differences;
        }

        private static void Compare(string what, ILookup<string, string> recorded, ILookup<string, string> sent, List<string> differences)
        {
            foreach (var name in recorded.Select(g => g.Key).Union(sent.Select(g => g.Key)).Order(StringComparer.Ordinal))
            {
                var mine = recorded[name].Order(StringComparer.Ordinal).ToList();
                var theirs = sent[name].Order(StringComparer.Ordinal).ToList();
                if (mine.SequenceEqual(theirs))
                {
                    continue;
                }
                differences.Add(mine.Count == 0 ? $"{what} {name}={Shorten(string.Join(",", theirs))} was not recorded"
                    : theirs.Count == 0 ? $"{what} {name} (recorded {Shorten(string.Join(",", mine))}) is not sent"
                    : $"{what} {name}: sent {Shorten(string.Join(",", theirs))}, recorded {Shorten(string.Join(",", mine))}");
            }
        }

        private static string Describe(BodyKind kind) => kind switch
        {
            BodyKind.None => "none",
            BodyKind.Json => "JSON",
            BodyKind.Form => "a form",
            _ => "text",
        };
    }

    private enum BodyKind
    {
        None,
        Json,
        Form,
        Text,
    }

    private static bool IsOAuth1(string name) => name.StartsWith("oauth_", StringComparison.Ordinal);

    private static IEnumerable<KeyValuePair<string, string>> Pairs(string encoded)
    {
        foreach (var pair in encoded.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            yield return equals < 0 ? new(Decode(pair), "") : new(Decode(pair[..equals]), Decode(pair[(equals + 1)..]));
        }
    }

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    private static JsonDocument? Parse(string text)
    {
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 512 });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Every leaf by its path ($.filter[0].field = "name"): objects compare whatever their keys' order.</summary>
    private static void Flatten(JsonElement element, string path, List<KeyValuePair<string, string>> leaves)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when element.EnumerateObject().Any():
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, $"{path}.{property.Name}", leaves);
                }
                break;
            case JsonValueKind.Array when element.GetArrayLength() > 0:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, $"{path}[{index++}]", leaves);
                }
                break;
            case JsonValueKind.Object:
                leaves.Add(new(path, "{}"));
                break;
            case JsonValueKind.Array:
                leaves.Add(new(path, "[]"));
                break;
            case JsonValueKind.String:
                leaves.Add(new(path, JsonSerializer.Serialize(element.GetString())));
                break;
            default:
                leaves.Add(new(path, element.GetRawText()));
                break;
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
