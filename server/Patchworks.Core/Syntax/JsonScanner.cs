using System.Globalization;
using System.Text;
using Patchworks.Core.Diagnostics;
using Patchworks.Core.Text;

namespace Patchworks.Core.Syntax;

internal enum TokenKind
{
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Colon,
    Comma,
    String,
    Number,
    True,
    False,
    Null,
    /// <summary>A run of characters that is no JSON token, such as an unquoted word.</summary>
    Unknown,
    EndOfFile,
}

/// <summary>
/// Splits JSONC text into tokens. Comments are skipped and recorded; every problem is recorded as an
/// error and scanning goes on, so the parser always gets a token stream.
/// </summary>
internal sealed class JsonScanner(string text, List<SyntaxError> errors, List<TextSpan> comments)
{
    /// <summary>Strings up to this length are pooled: keys and short values repeat thousands of times in a large connector.</summary>
    private const int MaxPooledLength = 64;

    private readonly StringBuilder _buffer = new();
    private readonly HashSet<string> _pool = new(StringComparer.Ordinal);
    private HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _poolLookup;
    private bool _poolReady;
    private int _position;

    public TokenKind Kind { get; private set; }

    public int TokenStart { get; private set; }

    public int TokenEnd => _position;

    public TextSpan TokenSpan => TextSpan.FromBounds(TokenStart, _position);

    /// <summary>True when a line break lies between the previous token and this one.</summary>
    public bool LineBreakBefore { get; private set; }

    // String token details.
    public string StringValue { get; private set; } = "";
    public bool StringTerminated { get; private set; }
    public bool StringHasEscapes { get; private set; }

    // Number token details.
    public double NumberValue { get; private set; }
    public bool NumberIsInteger { get; private set; }

    public string TokenText => text.Substring(TokenStart, _position - TokenStart);

    public TokenKind Next()
    {
        LineBreakBefore = SkipTrivia();
        TokenStart = _position;
        if (_position >= text.Length)
        {
            return Kind = TokenKind.EndOfFile;
        }

        var c = text[_position];
        switch (c)
        {
            case '{': _position++; return Kind = TokenKind.OpenBrace;
            case '}': _position++; return Kind = TokenKind.CloseBrace;
            case '[': _position++; return Kind = TokenKind.OpenBracket;
            case ']': _position++; return Kind = TokenKind.CloseBracket;
            case ':': _position++; return Kind = TokenKind.Colon;
            case ',': _position++; return Kind = TokenKind.Comma;
            case '"': ScanString(); return Kind = TokenKind.String;
        }

        if (c == '-' || char.IsAsciiDigit(c))
        {
            ScanNumber();
            return Kind = TokenKind.Number;
        }

        // A word: true, false, null, or something that is not JSON (an unquoted key, a typo).
        var start = _position;
        while (_position < text.Length && IsWordChar(text[_position]))
        {
            _position++;
        }
        if (_position == start)
        {
            // A single stray character such as ';' or '=': one token, so the parser always advances.
            _position += char.IsHighSurrogate(c) && _position + 1 < text.Length ? 2 : 1;
            return Kind = TokenKind.Unknown;
        }
        var word = text.AsSpan(start, _position - start);
        return Kind = word switch
        {
            "true" => TokenKind.True,
            "false" => TokenKind.False,
            "null" => TokenKind.Null,
            _ => TokenKind.Unknown,
        };
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' or '-' or '.' || c > 127 && !char.IsWhiteSpace(c);

    /// <summary>Skips whitespace and comments; returns whether a line break was crossed.</summary>
    private bool SkipTrivia()
    {
        var lineBreak = false;
        while (_position < text.Length)
        {
            var c = text[_position];
            if (c is '\n' or '\r')
            {
                lineBreak = true;
                _position++;
            }
            else if (c is ' ' or '\t' or '\uFEFF' || char.IsWhiteSpace(c))
            {
                _position++;
            }
            else if (c == '/' && _position + 1 < text.Length && text[_position + 1] == '/')
            {
                var start = _position;
                while (_position < text.Length && text[_position] is not ('\n' or '\r'))
                {
                    _position++;
                }
                comments.Add(TextSpan.FromBounds(start, _position));
            }
            else if (c == '/' && _position + 1 < text.Length && text[_position + 1] == '*')
            {
                var start = _position;
                var end = text.IndexOf("*/", _position + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    _position = text.Length;
                    errors.Add(new SyntaxError(DiagnosticCatalog.UnterminatedComment, TextSpan.FromBounds(start, Math.Min(start + 2, text.Length)), DiagnosticCatalog.UnterminatedComment.Format()));
                }
                else
                {
                    _position = end + 2;
                }
                if (text.AsSpan(start, _position - start).IndexOfAny('\n', '\r') >= 0)
                {
                    lineBreak = true;
                }
                comments.Add(TextSpan.FromBounds(start, _position));
            }
            else
            {
                break;
            }
        }
        return lineBreak;
    }

    private void ScanString()
    {
        var start = _position;
        _position++; // opening quote
        var contentStart = _position;
        StringHasEscapes = false;
        StringTerminated = false;

        // Fast path: no escapes, so the value is a slice of the text.
        while (_position < text.Length)
        {
            var c = text[_position];
            if (c == '"')
            {
                StringValue = Pooled(text.AsSpan(contentStart, _position - contentStart));
                _position++;
                StringTerminated = true;
                return;
            }
            if (c == '\\' || c < 0x20)
            {
                break;
            }
            _position++;
        }

        _buffer.Clear();
        _buffer.Append(text, contentStart, _position - contentStart);
        while (_position < text.Length)
        {
            var c = text[_position];
            if (c == '"')
            {
                _position++;
                StringTerminated = true;
                break;
            }
            if (c is '\n' or '\r')
            {
                // A string never spans lines: the quote was probably forgotten.
                break;
            }
            if (c < 0x20)
            {
                errors.Add(new SyntaxError(DiagnosticCatalog.InvalidStringContent, new TextSpan(_position, 1),
                    string.Create(CultureInfo.InvariantCulture, $"Control character U+{(int)c:X4} must be escaped in a string.")));
                _buffer.Append(c);
                _position++;
                continue;
            }
            if (c != '\\')
            {
                _buffer.Append(c);
                _position++;
                continue;
            }

            StringHasEscapes = true;
            var escapeStart = _position;
            _position++;
            if (_position >= text.Length)
            {
                break;
            }
            var e = text[_position++];
            switch (e)
            {
                case '"': _buffer.Append('"'); break;
                case '\\': _buffer.Append('\\'); break;
                case '/': _buffer.Append('/'); break;
                case 'b': _buffer.Append('\b'); break;
                case 'f': _buffer.Append('\f'); break;
                case 'n': _buffer.Append('\n'); break;
                case 'r': _buffer.Append('\r'); break;
                case 't': _buffer.Append('\t'); break;
                case 'u':
                    if (_position + 4 <= text.Length && int.TryParse(text.AsSpan(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        _buffer.Append((char)code);
                        _position += 4;
                    }
                    else
                    {
                        errors.Add(new SyntaxError(DiagnosticCatalog.InvalidStringContent, TextSpan.FromBounds(escapeStart, Math.Min(_position, text.Length)),
                            "A \\u escape needs four hexadecimal digits."));
                    }
                    break;
                default:
                    if (e is '\n' or '\r')
                    {
                        _position--;
                    }
                    errors.Add(new SyntaxError(DiagnosticCatalog.InvalidStringContent, TextSpan.FromBounds(escapeStart, _position),
                        $"'\\{Printable(e)}' is not a valid escape sequence."));
                    _buffer.Append(e);
                    break;
            }
        }

        StringValue = _buffer.ToString();
        if (!StringTerminated)
        {
            errors.Add(new SyntaxError(DiagnosticCatalog.UnterminatedString, TextSpan.FromBounds(start, _position), DiagnosticCatalog.UnterminatedString.Format()));
        }
    }

    private string Pooled(ReadOnlySpan<char> value)
    {
        if (value.Length > MaxPooledLength)
        {
            return value.ToString();
        }
        if (!_poolReady)
        {
            _poolLookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();
            _poolReady = true;
        }
        if (_poolLookup.TryGetValue(value, out var pooled))
        {
            return pooled;
        }
        var created = value.ToString();
        _pool.Add(created);
        return created;
    }

    private static string Printable(char c) => c < 0x20 ? $"U+{(int)c:X4}" : c.ToString();

    private void ScanNumber()
    {
        var start = _position;
        var valid = true;
        if (text[_position] == '-')
        {
            _position++;
        }
        var digitsStart = _position;
        while (_position < text.Length && char.IsAsciiDigit(text[_position]))
        {
            _position++;
        }
        if (_position == digitsStart || (_position - digitsStart > 1 && text[digitsStart] == '0'))
        {
            valid = false;
        }
        var isInteger = true;
        if (_position < text.Length && text[_position] == '.')
        {
            isInteger = false;
            _position++;
            var fractionStart = _position;
            while (_position < text.Length && char.IsAsciiDigit(text[_position]))
            {
                _position++;
            }
            valid &= _position > fractionStart;
        }
        if (_position < text.Length && text[_position] is 'e' or 'E')
        {
            isInteger = false;
            _position++;
            if (_position < text.Length && text[_position] is '+' or '-')
            {
                _position++;
            }
            var exponentStart = _position;
            while (_position < text.Length && char.IsAsciiDigit(text[_position]))
            {
                _position++;
            }
            valid &= _position > exponentStart;
        }
        // Letters glued to a number ("12abc") make it one bad token rather than two.
        while (_position < text.Length && IsWordChar(text[_position]))
        {
            _position++;
            valid = false;
        }

        var span = text.AsSpan(start, _position - start);
        if (valid && double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            NumberValue = value;
            NumberIsInteger = isInteger || (value == Math.Floor(value) && !double.IsInfinity(value));
        }
        else
        {
            NumberValue = 0;
            NumberIsInteger = false;
            errors.Add(new SyntaxError(DiagnosticCatalog.InvalidNumber, TextSpan.FromBounds(start, _position), DiagnosticCatalog.InvalidNumber.Format(Truncate(span.ToString()))));
        }
    }

    internal static string Truncate(string value, int max = 40) => value.Length <= max ? value : value[..max] + "…";
}
