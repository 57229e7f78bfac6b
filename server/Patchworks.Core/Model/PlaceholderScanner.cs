namespace Patchworks.Core.Model;

public enum PlaceholderKind
{
    /// <summary>{{key}}: a variable.</summary>
    Variable,
    /// <summary>[[pagination.name]] or [[meta.name]]: a value the platform supplies.</summary>
    Builtin,
}

/// <summary>
/// A placeholder found in a text. Offsets are indices into the scanned text. <see cref="Problem"/> says why a
/// placeholder is malformed; <see cref="IsUnclosed"/> marks an opening without its closing braces.
/// </summary>
public sealed record PlaceholderToken(PlaceholderKind Kind, int Start, int Length, string Name, int NameStart, int NameLength, string? Problem = null, bool IsUnclosed = false)
{
    public int End => Start + Length;

    /// <summary>For built-ins, the part before the dot: "pagination" or "meta".</summary>
    public string? Namespace => Kind == PlaceholderKind.Builtin && Name.IndexOf('.') is > 0 and var dot ? Name[..dot] : null;

    /// <summary>For built-ins, the part after the dot.</summary>
    public string? Member => Kind == PlaceholderKind.Builtin && Name.IndexOf('.') is > 0 and var dot ? Name[(dot + 1)..] : null;

    public string Text => Kind == PlaceholderKind.Variable ? $"{{{{{Name}}}}}" : $"[[{Name}]]";
}

/// <summary>Finds {{key}} and [[namespace.name]] placeholders in a text, including broken ones.</summary>
public static class PlaceholderScanner
{
    public static bool IsValidKey(ReadOnlySpan<char> key)
    {
        if (key.IsEmpty || !(char.IsAsciiLetter(key[0]) || key[0] == '_'))
        {
            return false;
        }
        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }
        return true;
    }

    public static List<PlaceholderToken> Scan(string text)
    {
        var result = new List<PlaceholderToken>();
        var i = 0;
        while (i < text.Length - 1)
        {
            var c = text[i];
            if (c == '{' && text[i + 1] == '{')
            {
                i = ScanVariable(text, i, result);
            }
            else if (c == '[' && text[i + 1] == '[' && LooksLikeBuiltin(text, i + 2))
            {
                i = ScanBuiltin(text, i, result);
            }
            else
            {
                i++;
            }
        }
        return result;
    }

    private static int ScanVariable(string text, int start, List<PlaceholderToken> result)
    {
        // "{{{key}}}" is a literal "{" then {{key}}: skip to the last of a run of braces.
        while (start + 2 < text.Length && text[start + 2] == '{')
        {
            start++;
        }
        var nameStart = start + 2;
        var close = text.IndexOf("}}", nameStart, StringComparison.Ordinal);
        var nextOpen = text.IndexOf("{{", nameStart, StringComparison.Ordinal);
        if (close < 0 || nextOpen >= 0 && nextOpen < close)
        {
            var end = nextOpen >= 0 ? nextOpen : LineEnd(text, nameStart);
            var name = text[nameStart..end].Trim();
            result.Add(new PlaceholderToken(PlaceholderKind.Variable, start, end - start, name, nameStart, end - nameStart, IsUnclosed: true));
            return Math.Max(end, start + 2);
        }

        var raw = text.AsSpan(nameStart, close - nameStart);
        var trimmed = raw.Trim();
        string? problem = null;
        if (trimmed.IsEmpty)
        {
            problem = "An empty placeholder '{{}}' refers to nothing: write a variable key between the braces.";
        }
        else if (!IsValidKey(trimmed))
        {
            problem = $"'{{{{{trimmed}}}}}' is not a valid placeholder: a key is letters, digits and underscores, not starting with a digit.";
        }
        else if (trimmed.Length != raw.Length)
        {
            problem = $"Spaces are not allowed inside a placeholder: write '{{{{{trimmed}}}}}'.";
        }
        var leading = raw.Length - raw.TrimStart().Length;
        result.Add(new PlaceholderToken(PlaceholderKind.Variable, start, close + 2 - start, trimmed.ToString(), nameStart + leading, trimmed.Length, problem));
        return close + 2;
    }

    private static bool LooksLikeBuiltin(string text, int at)
    {
        var i = at;
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }
        var wordStart = i;
        while (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == '_'))
        {
            i++;
        }
        return i > wordStart && i < text.Length && text[i] == '.';
    }

    private static int ScanBuiltin(string text, int start, List<PlaceholderToken> result)
    {
        var nameStart = start + 2;
        var close = text.IndexOf("]]", nameStart, StringComparison.Ordinal);
        var lineEnd = LineEnd(text, nameStart);
        if (close < 0 || close > lineEnd)
        {
            var name = text[nameStart..lineEnd].Trim();
            result.Add(new PlaceholderToken(PlaceholderKind.Builtin, start, lineEnd - start, name, nameStart, lineEnd - nameStart, IsUnclosed: true));
            return Math.Max(lineEnd, start + 2);
        }
        var raw = text.AsSpan(nameStart, close - nameStart);
        var trimmed = raw.Trim();
        var dot = trimmed.IndexOf('.');
        string? problem = null;
        if (dot <= 0 || !IsValidKey(trimmed[..dot]) || !IsValidKey(trimmed[(dot + 1)..]))
        {
            problem = $"'[[{trimmed}]]' is not a valid built-in: write [[pagination.name]] or [[meta.name]].";
        }
        else if (trimmed.Length != raw.Length)
        {
            problem = $"Spaces are not allowed inside a built-in: write '[[{trimmed}]]'.";
        }
        var leading = raw.Length - raw.TrimStart().Length;
        result.Add(new PlaceholderToken(PlaceholderKind.Builtin, start, close + 2 - start, trimmed.ToString(), nameStart + leading, trimmed.Length, problem));
        return close + 2;
    }

    private static int LineEnd(string text, int from)
    {
        var end = text.IndexOfAny(['\n', '\r'], from);
        return end < 0 ? text.Length : end;
    }
}
