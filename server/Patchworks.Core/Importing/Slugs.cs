using System.Text;

namespace Patchworks.Core.Importing;

/// <summary>Names the importer derives: file slugs and ids (lower-case, hyphens), variable keys, environment variable names.</summary>
public static class Slugs
{
    /// <summary>Lower-case ASCII letters and digits, runs of anything else as one hyphen; non-ASCII letters are folded where they can be (é → e).</summary>
    public static string Slug(string text, int maxLength = 64)
    {
        var slug = new StringBuilder();
        foreach (var c in Fold(text).ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        var result = slug.ToString().Trim('-');
        if (result.Length > maxLength)
        {
            result = result[..maxLength].TrimEnd('-');
        }
        return result;
    }

    /// <summary>A variable key: letters, digits and underscores, not starting with a digit, at most 64 characters.</summary>
    public static string VariableKey(string name)
    {
        var key = new StringBuilder();
        foreach (var c in Fold(name.Trim()))
        {
            key.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }
        var result = key.ToString();
        if (result.Length == 0 || char.IsAsciiDigit(result[0]))
        {
            result = "v_" + result;
        }
        return result.Length > 64 ? result[..64] : result;
    }

    /// <summary>An environment variable name: upper-case letters, digits and underscores.</summary>
    public static string EnvironmentName(string prefix, string key)
    {
        var name = new StringBuilder();
        foreach (var c in Fold(prefix + "_" + key).ToUpperInvariant())
        {
            name.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }
        var result = name.ToString().Trim('_');
        while (result.Contains("__", StringComparison.Ordinal))
        {
            result = result.Replace("__", "_", StringComparison.Ordinal);
        }
        return result.Length == 0 || char.IsAsciiDigit(result[0]) ? "PW_" + result : result;
    }

    /// <summary>A name made unique against <paramref name="taken"/> by a -2, -3... (or _2) suffix; the result is added to it.</summary>
    public static string Unique(string name, ISet<string> taken, string separator = "-", int maxLength = 128)
    {
        var candidate = name;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            var suffix = separator + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            candidate = (name.Length + suffix.Length > maxLength ? name[..(maxLength - suffix.Length)] : name) + suffix;
        }
        return candidate;
    }

    private static string Fold(string text)
    {
        var decomposed = text.Replace("ß", "ss", StringComparison.Ordinal).Replace("æ", "ae", StringComparison.Ordinal).Replace("Æ", "AE", StringComparison.Ordinal)
            .Replace("œ", "oe", StringComparison.Ordinal).Replace("ø", "o", StringComparison.Ordinal).Replace("Ø", "O", StringComparison.Ordinal)
            .Replace("ł", "l", StringComparison.Ordinal).Replace("Ł", "L", StringComparison.Ordinal).Replace("đ", "d", StringComparison.Ordinal)
            .Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                folded.Append(c);
            }
        }
        return folded.ToString();
    }
}
