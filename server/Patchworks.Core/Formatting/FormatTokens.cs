namespace Patchworks.Core.Formatting;

internal enum FormatTokenKind
{
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Comma,
    Colon,
    /// <summary>A string, number, true, false or null: copied as written.</summary>
    Value,
    LineComment,
    BlockComment,
}

internal readonly record struct FormatToken(FormatTokenKind Kind, int Start, int End)
{
    public bool IsOpen => Kind is FormatTokenKind.OpenBrace or FormatTokenKind.OpenBracket;
    public bool IsClose => Kind is FormatTokenKind.CloseBrace or FormatTokenKind.CloseBracket;
    public bool IsComment => Kind is FormatTokenKind.LineComment or FormatTokenKind.BlockComment;
}

/// <summary>
/// Splits a document that parsed without errors into the tokens the formatter keeps as they are. Comments are
/// tokens too, so that everything between two tokens is whitespace, the only text the formatter rewrites.
/// </summary>
internal static class FormatTokens
{
    /// <summary>The tokens, or null when the text holds something the formatter does not understand.</summary>
    public static List<FormatToken>? Read(string text)
    {
        var tokens = new List<FormatToken>();
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var start = i;
            FormatTokenKind kind;
            switch (c)
            {
                case '{': kind = FormatTokenKind.OpenBrace; i++; break;
                case '}': kind = FormatTokenKind.CloseBrace; i++; break;
                case '[': kind = FormatTokenKind.OpenBracket; i++; break;
                case ']': kind = FormatTokenKind.CloseBracket; i++; break;
                case ',': kind = FormatTokenKind.Comma; i++; break;
                case ':': kind = FormatTokenKind.Colon; i++; break;
                case '"':
                    kind = FormatTokenKind.Value;
                    i++;
                    while (i < text.Length && text[i] != '"')
                    {
                        i += text[i] == '\\' ? 2 : 1;
                    }
                    if (i >= text.Length)
                    {
                        return null;
                    }
                    i++;
                    break;
                case '/' when i + 1 < text.Length && text[i + 1] == '/':
                    kind = FormatTokenKind.LineComment;
                    while (i < text.Length && text[i] is not ('\n' or '\r'))
                    {
                        i++;
                    }
                    break;
                case '/' when i + 1 < text.Length && text[i + 1] == '*':
                    kind = FormatTokenKind.BlockComment;
                    var close = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    if (close < 0)
                    {
                        return null;
                    }
                    i = close + 2;
                    break;
                default:
                    if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '+' or '.'))
                    {
                        return null;
                    }
                    kind = FormatTokenKind.Value;
                    while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '-' or '+' or '.'))
                    {
                        i++;
                    }
                    break;
            }
            tokens.Add(new FormatToken(kind, start, i));
        }
        return tokens;
    }
}
