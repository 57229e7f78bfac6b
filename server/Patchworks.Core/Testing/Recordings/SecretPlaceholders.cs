using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Patchworks.Core.Running.Results;

namespace Patchworks.Core.Testing.Recordings;

/// <summary>
/// The stand-ins a recording holds instead of a run's secrets: a secret variable's value becomes
/// <c>~secret.KEY~</c>, a token the run obtained <c>~access-token.1~</c>, <c>~refresh-token.1~</c>, <c>~session.1~</c>,
/// <c>~cookie.1~</c> (numbered by kind in the order the run met them), in every form the value takes on the wire
/// (URL-encoded, form-encoded, JSON- and XML-escaped: a stand-in's characters survive all of them unchanged; Base64 as
/// the Base64 of the stand-in; Basic credentials decoded, replaced and encoded again). A replayed run sends the
/// stand-ins themselves, so a recorded request and its replay compare equal.
/// </summary>
public sealed partial class SecretPlaceholders
{
    /// <summary>Cookie values shorter than this are replaced in cookie headers only, not in every text (a "consent=1" would hit every 1).</summary>
    public const int MinCookieLengthInText = 8;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _byValue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private int _order;
    private Regex? _pattern;
    private Dictionary<string, string> _replacements = new(StringComparer.Ordinal);
    private bool _dirty;

    private sealed record Entry(string Value, int Rank, string Placeholder, int Order);

    /// <summary>Whether a text is one of the stand-ins (a replayed run registers them as its secrets).</summary>
    public static bool IsPlaceholder(string text) => PlaceholderPattern().IsMatch(text);

    /// <summary>Every stand-in in a text.</summary>
    public static IEnumerable<string> PlaceholdersIn(string text) => PlaceholderSearch().Matches(text).Select(m => m.Value);

    /// <summary>The stand-in of a secret variable: what a replayed run's secret provider answers for it.</summary>
    public static string ForVariable(string key) => $"~secret.{Sanitize(key)}~";

    /// <summary>Learns a secret the run registered; a value met again under a more telling kind takes that kind's stand-in.</summary>
    public void Observe(RunSecret secret)
    {
        // A replayed run registers the stand-ins it was given and values composed of them ("Bearer ~access-token.1~",
        // a SOAP field "client,~session.1~"): replacing those would make its requests differ from the recorded ones.
        if (string.IsNullOrEmpty(secret.Value) || PlaceholderSearch().IsMatch(secret.Value))
        {
            return;
        }
        Add(secret.Value, RankOf(secret.Kind), secret.Kind switch
        {
            SecretKind.Variable when secret.Name is { Length: > 0 } name => ForVariable(name),
            SecretKind.Variable => "secret",
            SecretKind.AccessToken => "access-token",
            SecretKind.RefreshToken => "refresh-token",
            SecretKind.Session => "session",
            SecretKind.Token => "token",
            SecretKind.Signature => "signature",
            _ => "hidden",
        });
    }

    /// <summary>A cookie's value (cookies carry sessions): its stand-in.</summary>
    public string Cookie(string value)
    {
        if (value.Length == 0 || IsPlaceholder(value))
        {
            return value;
        }
        Add(value, CookieRank, "cookie");
        lock (_gate)
        {
            return _byValue[value].Placeholder;
        }
    }

    /// <summary>Every value known, for the last check that none is left in a recording.</summary>
    public IReadOnlyList<string> Values
    {
        get
        {
            lock (_gate)
            {
                return [.. _byValue.Values.Where(e => e.Rank != CookieRank || e.Value.Length >= MinCookieLengthInText).Select(e => e.Value)];
            }
        }
    }

    /// <summary>The text with every known secret, in each of its forms, replaced by the same form of its stand-in.</summary>
    public string Scrub(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }
        var (pattern, replacements) = Current();
        return pattern is null ? text : pattern.Replace(text, m => replacements[m.Value]);
    }

    /// <summary>
    /// A header as recorded: cookies by their stand-ins, Basic credentials decoded, scrubbed and encoded again, and an
    /// Authorization value that still holds no stand-in after scrubbing (a credential the run never registered) masked whole.
    /// </summary>
    public string ScrubHeader(string name, string value)
    {
        if (name.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
        {
            return string.Join("; ", value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(pair =>
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                return equals < 0 ? Cookie(pair) : $"{pair[..equals]}={Cookie(pair[(equals + 1)..])}";
            }));
        }
        if (name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
        {
            var end = value.IndexOf(';', StringComparison.Ordinal);
            var first = end < 0 ? value : value[..end];
            var equals = first.IndexOf('=', StringComparison.Ordinal);
            var pair = equals < 0 ? Cookie(first.Trim()) : $"{first[..equals]}={Cookie(first[(equals + 1)..].Trim())}";
            return pair + (end < 0 ? "" : Scrub(value[end..]));
        }
        if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase))
        {
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            var scheme = space < 0 ? "" : value[..space];
            var credential = space < 0 ? value : value[(space + 1)..].Trim();
            if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && Base64Text(credential) is { } decoded
                && Scrub(decoded) is var inner && PlaceholdersIn(inner).Any())
            {
                return $"{scheme} {Convert.ToBase64String(Encoding.UTF8.GetBytes(inner))}";
            }
            var scrubbed = Scrub(credential);
            if (credential.Length > 0 && !PlaceholdersIn(scrubbed).Any())
            {
                scrubbed = "~credentials~";
            }
            return space < 0 ? scrubbed : $"{scheme} {scrubbed}";
        }
        return Scrub(value);
    }

    private static string? Base64Text(string text)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(text));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return null;
        }
    }

    private const int CookieRank = 4;

    /// <summary>Lower is more telling: a token met first as a composed header value keeps its token name.</summary>
    private static int RankOf(SecretKind kind) => kind switch
    {
        SecretKind.AccessToken or SecretKind.RefreshToken or SecretKind.Session => 1,
        SecretKind.Variable => 2,
        SecretKind.Token => 3,
        SecretKind.Signature => 5,
        _ => 6,
    };

    private void Add(string value, int rank, string kindOrPlaceholder)
    {
        lock (_gate)
        {
            if (_byValue.TryGetValue(value, out var known) && known.Rank <= rank)
            {
                return;
            }
            string placeholder;
            if (kindOrPlaceholder.StartsWith('~'))
            {
                placeholder = kindOrPlaceholder;
            }
            else
            {
                var count = _counts.GetValueOrDefault(kindOrPlaceholder) + 1;
                _counts[kindOrPlaceholder] = count;
                placeholder = $"~{kindOrPlaceholder}.{count}~";
            }
            _byValue[value] = new Entry(value, rank, placeholder, known?.Order ?? _order++);
            _dirty = true;
        }
    }

    private (Regex? Pattern, Dictionary<string, string> Replacements) Current()
    {
        lock (_gate)
        {
            if (!_dirty)
            {
                return (_pattern, _replacements);
            }
            var entries = _byValue.Values.ToList();
            var replacements = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in entries.OrderBy(e => e.Rank).ThenBy(e => e.Order))
            {
                if (entry.Rank == CookieRank && entry.Value.Length < MinCookieLengthInText)
                {
                    continue;
                }
                // A composed value (a "Bearer …" header, a SOAP field "client,session") is replaced through its parts,
                // so the token inside keeps its own name.
                if (entry.Rank >= 5 && entries.Any(o => o.Rank < entry.Rank && o.Value.Length < entry.Value.Length && entry.Value.Contains(o.Value, StringComparison.Ordinal)))
                {
                    continue;
                }
                foreach (var (form, stand) in FormsOf(entry.Value, entry.Placeholder))
                {
                    replacements.TryAdd(form, stand);
                }
            }
            _replacements = replacements;
            _pattern = replacements.Count == 0 ? null : new Regex(
                string.Join('|', replacements.Keys.OrderByDescending(k => k.Length).ThenBy(k => k, StringComparer.Ordinal).Select(Regex.Escape)),
                RegexOptions.CultureInvariant);
            _dirty = false;
            return (_pattern, _replacements);
        }
    }

    private static IEnumerable<(string Form, string Placeholder)> FormsOf(string secret, string placeholder)
    {
        yield return (secret, placeholder);
        yield return (Uri.EscapeDataString(secret), placeholder);
        yield return (Uri.EscapeDataString(secret).Replace("%20", "+", StringComparison.Ordinal), placeholder);
        yield return (JsonEncodedText.Encode(secret).ToString(), placeholder);
        var relaxed = JsonEncodedText.Encode(secret, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
        yield return (relaxed, placeholder);
        yield return (relaxed.Replace("/", "\\/", StringComparison.Ordinal), placeholder);
        yield return (System.Security.SecurityElement.Escape(secret), placeholder);
        if (secret.Length >= 6)
        {
            yield return (Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), Convert.ToBase64String(Encoding.UTF8.GetBytes(placeholder)));
        }
    }

    private static string Sanitize(string key) => new([.. key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_')]);

    [GeneratedRegex(@"^~[a-z-]+\.[A-Za-z0-9_.-]+~$", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"~[a-z-]+\.[A-Za-z0-9_.-]+~|~credentials~", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderSearch();
}
