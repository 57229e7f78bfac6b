using System.Text.RegularExpressions;

namespace Patchworks.Core.Importing;

/// <summary>
/// What counts as a secret: names of headers, parameters, fields and variables (Authorization, Cookie, X-Api-Key,
/// anything with token, secret, key, password...), and values that look like credentials (JWTs, "Bearer ...",
/// well-known key prefixes). A secret is never written: it becomes a secret variable and the instance an env: reference.
/// </summary>
public static partial class SecretRules
{
    private static readonly string[] SecretWords =
        ["token", "secret", "password", "passwd", "pwd", "apikey", "api_key", "api-key", "auth", "cookie", "credential", "signature", "session", "private", "passphrase", "bearer"];

    /// <summary>Names that contain "key" but are not credentials.</summary>
    private static readonly HashSet<string> NotSecretKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "key", "keys", "idempotency-key", "idempotency_key", "idempotencykey", "sort_key", "sortkey", "primary_key", "partition_key", "keyword", "keywords", "monkey", "turkey", "hockey", "jockey",
        "cache-control", "content-type", "accept", "consumer_key_id",
    };

    /// <summary>Whether a header, parameter, field or variable of this name holds a credential.</summary>
    public static bool IsSecretName(string name)
    {
        var lower = name.Trim().ToLowerInvariant();
        if (lower.Length == 0 || NotSecretKeys.Contains(lower) || lower.Contains("idempotency", StringComparison.Ordinal))
        {
            return false;
        }
        if (lower is "authorization" or "proxy-authorization" or "cookie" or "set-cookie")
        {
            return true;
        }
        // What describes a credential rather than holding it: authType, token_type, tokenUrl, sessionExpiry...
        if (NotACredential().IsMatch(lower))
        {
            return false;
        }
        if (SecretWords.Any(w => lower.Contains(w, StringComparison.Ordinal)))
        {
            // author, authority: not credentials.
            return !(lower.Contains("author", StringComparison.Ordinal) && !lower.Contains("authoriz", StringComparison.Ordinal));
        }
        // A camelCase name whose last word is Key names a credential only after a credential's word (accessKey,
        // consumerKey): commercetools calls its own identifiers productKey, shippingMethodKey, customerKey, and an
        // import of its OpenAPI made shippingMethodKey a secret and replaced its example value everywhere.
        if (WordBeforeCamelCaseKey(name.Trim()) is { } before)
        {
            return CredentialKeyPrefixes.Contains(before.ToLowerInvariant());
        }
        // "key" as a word of the name: x-api-key, consumer_key, access_key, client_key, ...
        return KeyWord().IsMatch(lower) || lower.EndsWith("key", StringComparison.Ordinal) && lower.Length > 3 && !NotSecretKeys.Contains(lower);
    }

    /// <summary>Whether a value looks like a credential whatever its name: a JWT, an HTTP credential, a well-known key prefix.</summary>
    public static bool LooksLikeSecret(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length < 8 || !HasLiteral(trimmed))
        {
            return false;
        }
        return Jwt().IsMatch(trimmed) || HttpCredential().IsMatch(trimmed) || KnownPrefix().IsMatch(trimmed);
    }

    /// <summary>
    /// The values documentation puts in its examples where a credential goes ("admin", "password", "secret", "string",
    /// "changeme"...). The field holding one still becomes a secret variable, but the value is no one's credential and
    /// must not be hunted down elsewhere in the file: Akeneo's published token example is username "admin", password
    /// "admin", grant_type "password", and replacing every "admin" and "password" made all three {{password}}.
    /// </summary>
    private static readonly HashSet<string> ExampleValues = new(StringComparer.OrdinalIgnoreCase)
    {
        "admin", "administrator", "password", "passw0rd", "pass", "secret", "string", "test", "testing", "user", "username",
        "changeme", "change_me", "example", "demo", "guest", "root", "xxx", "xxxx", "xxxxx", "xxxxxx", "xxxxxxxx", "***", "****",
        "*****", "******", "********", "123456", "12345678", "1234", "abc", "abc123", "foo", "bar", "foobar", "qwerty", "letmein",
        "your_password", "yourpassword", "your-password", "<password>", "your_secret", "your_token", "your_api_key", "mypassword",
        "null", "none", "true", "false",
    };

    /// <summary>Whether a credential's value is one documentation uses as an example (<see cref="ExampleValues"/>).
    /// An all-capitals name ("ACCESS_TOKEN", "YOUR_API_KEY", Square's examples) stands for a value too.</summary>
    public static bool IsExampleValue(string value) => ExampleValues.Contains(value.Trim()) || UpperName().IsMatch(value.Trim());

    [GeneratedRegex("^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UpperName();

    /// <summary>Whether the text is nothing but {{placeholders}} (and spaces): no literal to hide.</summary>
    public static bool IsOnlyPlaceholders(string value) => Placeholders.Pattern().Replace(value, "").Trim().Length == 0 && value.Contains("{{", StringComparison.Ordinal);

    /// <summary>Whether the text has a literal part beside its placeholders (a scheme such as "Bearer " does not count).</summary>
    public static bool HasLiteral(string value)
    {
        var withoutPlaceholders = Placeholders.Pattern().Replace(value, "").Trim();
        return withoutPlaceholders.Length > 0 && !SchemeOnly().IsMatch(withoutPlaceholders);
    }

    /// <summary>Splits "Bearer abc" into ("Bearer ", "abc"); a value without a scheme has an empty prefix.</summary>
    public static (string Prefix, string Secret) SplitScheme(string value)
    {
        var match = SchemePrefix().Match(value);
        return match.Success ? (match.Value, value[match.Length..]) : ("", value);
    }

    /// <summary>The words before "Key" that make a camelCase name a credential's.</summary>
    private static readonly HashSet<string> CredentialKeyPrefixes = new(StringComparer.Ordinal)
    {
        "api", "access", "secret", "private", "client", "consumer", "license", "licence", "auth", "master", "signing", "shared",
        "subscription", "encryption", "app", "application", "developer", "partner", "integration", "merchant", "store", "account", "user",
    };

    /// <summary>For a camelCase or PascalCase name ending in Key, the word before it (shippingMethodKey: Method); else null.</summary>
    private static string? WordBeforeCamelCaseKey(string name)
    {
        if (name.Length <= 3 || !name.EndsWith("Key", StringComparison.Ordinal) || !name.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }
        var rest = name[..^3];
        var start = rest.Length - 1;
        while (start > 0 && !char.IsAsciiLetterUpper(rest[start]))
        {
            start--;
        }
        return rest[start..];
    }

    [GeneratedRegex(@"(^|[^a-z])key([^a-z]|$)|(api|access|secret|private|client|consumer|license|licence|auth|master|signing|shared|subscription)_?-?key", RegexOptions.CultureInvariant)]
    private static partial Regex KeyWord();

    [GeneratedRegex(@"(type|types|method|methods|url|uri|endpoint|mode|scheme|status|expiry|expires|expiresin|expires_in|expires_at|enabled|required|length|count|format|name|names|hint|policy|provider|location|header|param|parameter|field)$", RegexOptions.CultureInvariant)]
    private static partial Regex NotACredential();

    [GeneratedRegex(@"^eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Jwt();

    [GeneratedRegex(@"^(Bearer|Basic|Token|Digest|ApiKey|OAuth)\s+\S{6,}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex HttpCredential();

    [GeneratedRegex(@"^(sk_(live|test)_|rk_(live|test)_|pk_live_|ghp_|gho_|github_pat_|xox[abpr]-|shpat_|shpca_|shppa_|shpss_|AKIA[0-9A-Z]{12}|AIza|ck_[0-9a-f]{20}|cs_[0-9a-f]{20}|glpat-|SG\.)", RegexOptions.CultureInvariant)]
    private static partial Regex KnownPrefix();

    [GeneratedRegex(@"^(Bearer|Basic|Token|Digest|ApiKey|OAuth)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SchemeOnly();

    [GeneratedRegex(@"^(Bearer|Basic|Token|Digest|ApiKey|OAuth)\s+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SchemePrefix();
}

/// <summary>{{name}} placeholders in source text.</summary>
public static partial class Placeholders
{
    [GeneratedRegex(@"\{\{\s*([^{}]+?)\s*\}\}", RegexOptions.CultureInvariant)]
    public static partial Regex Pattern();

    /// <summary>The names of the placeholders in a text, in order.</summary>
    public static IEnumerable<string> Names(string? text) =>
        text is null ? [] : Pattern().Matches(text).Select(m => m.Groups[1].Value);

    /// <summary>Replaces every placeholder's name through <paramref name="rename"/>.</summary>
    public static string Rename(string text, Func<string, string> rename) =>
        Pattern().Replace(text, m => "{{" + rename(m.Groups[1].Value) + "}}");
}
