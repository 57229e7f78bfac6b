using System.Text;
using System.Text.Json;
using Patchworks.Core.Resolution;

namespace Patchworks.Core.Running.Results;

/// <summary>
/// Knows every secret value of a run (credentials from the instance, tokens obtained on the way) and replaces
/// each, in every form it may take on the wire (URL-encoded, form-encoded, JSON-escaped, Base64 in a Basic
/// header), with the mask. Everything a run shows or saves passes through it: URLs, headers, bodies, errors, logs.
/// </summary>
/// <param name="observer">Told of every secret value as it is registered (a recorder replaces them with stand-ins).</param>
public sealed class Redactor(Action<RunSecret>? observer = null)
{
    private static readonly string[] AlwaysSecretHeaders = ["Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie"];
    private readonly Lock _gate = new();
    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);
    private string[] _ordered = [];

    public void Add(string? secret, SecretKind kind = SecretKind.Value, string? name = null)
    {
        if (string.IsNullOrEmpty(secret) || secret == RequestResolver.Mask)
        {
            return;
        }
        observer?.Invoke(new RunSecret(secret, kind, name));
        lock (_gate)
        {
            var added = false;
            foreach (var form in FormsOf(secret))
            {
                added |= form.Length > 0 && _secrets.Add(form);
            }
            if (added)
            {
                // Longest first, so a secret that contains another is replaced whole.
                _ordered = [.. _secrets.OrderByDescending(s => s.Length)];
            }
        }
    }

    /// <summary>Every secret placeholder value a resolution used (the resolver was asked to reveal them).</summary>
    public void AddAll(IEnumerable<PlaceholderValue> values)
    {
        foreach (var value in values)
        {
            if (value.IsSecret && value.Source != ValueSourceKind.Missing)
            {
                Add(value.DisplayValue, value.Source == ValueSourceKind.Runtime ? SecretKind.Token : SecretKind.Variable, KeyOf(value.Placeholder));
            }
        }
    }

    /// <summary>"{{key}}" → "key".</summary>
    private static string KeyOf(string placeholder) =>
        placeholder.StartsWith("{{", StringComparison.Ordinal) && placeholder.EndsWith("}}", StringComparison.Ordinal) && placeholder.Length > 4 ? placeholder[2..^2] : placeholder;

    /// <summary>Whether the text holds a secret of the run (in any of its forms).</summary>
    public bool Holds(string text) => !ReferenceEquals(Redact(text), text);

    public string Redact(string text)
    {
        var secrets = _ordered;
        if (text.Length == 0 || secrets.Length == 0)
        {
            return text;
        }
        StringBuilder? builder = null;
        foreach (var secret in secrets)
        {
            if ((builder?.ToString() ?? text).Contains(secret, StringComparison.Ordinal))
            {
                builder ??= new StringBuilder(text);
                builder.Replace(secret, RequestResolver.Mask);
            }
        }
        return builder?.ToString() ?? text;
    }

    /// <summary>
    /// Redacts a body that was streamed to a file, in place, a chunk at a time: a secret that straddles two chunks
    /// is carried over whole into the next, so none slips through at a boundary.
    /// </summary>
    public void RedactFile(string path)
    {
        var secrets = _ordered;
        if (secrets.Length == 0)
        {
            return;
        }
        var longest = secrets.Max(s => s.Length);
        // Beside the file, as private as it (owner-only, created new under an unpredictable name).
        var temporary = $"{path}.{System.Security.Cryptography.RandomNumberGenerator.GetHexString(16, lowercase: true)}.redacting";
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var reader = new StreamReader(path, Encoding.UTF8))
        using (var writer = new StreamWriter(new FileStream(temporary, create), new UTF8Encoding(false)))
        {
            var chunk = new char[1 << 20];
            var carry = "";
            int read;
            while ((read = reader.Read(chunk, 0, chunk.Length)) > 0)
            {
                var text = carry + new string(chunk, 0, read);
                var cut = Math.Max(0, text.Length - (longest - 1));
                // An occurrence that starts before the cut and ends after it goes into the carry, whole; moving the
                // cut may make another one straddle it, so repeat until none does.
                for (var moved = true; moved;)
                {
                    moved = false;
                    foreach (var secret in secrets)
                    {
                        var at = text.IndexOf(secret, Math.Max(0, cut - secret.Length + 1), StringComparison.Ordinal);
                        if (at >= 0 && at < cut && at + secret.Length > cut)
                        {
                            cut = at;
                            moved = true;
                        }
                    }
                }
                writer.Write(Redact(text[..cut]));
                carry = text[cut..];
            }
            writer.Write(Redact(carry));
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>A header as shown: credentials headers always masked after their scheme, other values redacted.</summary>
    public KeyValuePair<string, string> RedactHeader(KeyValuePair<string, string> header)
    {
        if (AlwaysSecretHeaders.Any(h => h.Equals(header.Key, StringComparison.OrdinalIgnoreCase)))
        {
            var scheme = header.Value.Split(' ', 2);
            var shown = header.Key.EndsWith("Authorization", StringComparison.OrdinalIgnoreCase) && scheme.Length == 2
                ? $"{scheme[0]} {RequestResolver.Mask}"
                : RequestResolver.Mask;
            return new(header.Key, shown);
        }
        return new(header.Key, Redact(header.Value));
    }

    private static IEnumerable<string> FormsOf(string secret)
    {
        yield return secret;
        yield return Uri.EscapeDataString(secret);
        yield return Uri.EscapeDataString(secret).Replace("%20", "+", StringComparison.Ordinal);
        // As JSON writers escape it: .NET's default (\u0022 for a quote), relaxed and most others (\" and \/).
        yield return JsonEncodedText.Encode(secret).ToString();
        yield return JsonEncodedText.Encode(secret, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
        yield return JsonEncodedText.Encode(secret, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString().Replace("/", "\\/", StringComparison.Ordinal);
        yield return System.Security.SecurityElement.Escape(secret);
    }
}
