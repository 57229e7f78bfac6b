using Patchworks.Core.Diagnostics;
using Patchworks.Core.Text;

namespace Patchworks.Core.Syntax;

/// <summary>A syntax problem: what, and where.</summary>
public sealed record SyntaxError(DiagnosticDescriptor Descriptor, TextSpan Span, string Message);

/// <summary>
/// A fault-tolerant JSONC parser. It never throws: for any text it returns a tree, as complete as the text
/// allows, and the syntax errors it met. Comments and trailing commas are JSONC and no errors.
/// Recovery follows what a person is probably in the middle of typing: a property without a value yet,
/// a missing comma between two properties on separate lines, an unclosed brace at the end of the file.
/// </summary>
public static class JsonParser
{
    /// <summary>Deeper nesting is skipped rather than recursed into, so hostile input cannot overflow the stack.</summary>
    public const int MaxDepth = 256;

    public static SyntaxTree Parse(string text)
    {
        var errors = new List<SyntaxError>();
        var comments = new List<TextSpan>();
        var parser = new Parser(text, errors, comments);
        var root = parser.ParseDocument();
        return new SyntaxTree(text, root, errors, comments);
    }

    /// <summary>
    /// Parses one value of a document on its own (<see cref="IncrementalParser"/>): the text is the value's region, and
    /// <paramref name="depth"/> how many objects and arrays hold it, so the nesting limit falls where a full parse puts it.
    /// </summary>
    internal static SyntaxTree ParseRegion(string text, int depth)
    {
        var errors = new List<SyntaxError>();
        var comments = new List<TextSpan>();
        var parser = new Parser(text, errors, comments, depth);
        var root = parser.ParseDocument();
        return new SyntaxTree(text, root, errors, comments);
    }

    private sealed class Parser(string text, List<SyntaxError> errors, List<TextSpan> comments, int depth = 0)
    {
        private readonly JsonScanner _scanner = new(text, errors, comments);
        private readonly Stack<List<PropertySyntax>> _propertyLists = new();
        private readonly Stack<List<SyntaxNode>> _itemLists = new();
        private int _depth = depth;
        private int _lastTokenEnd;

        public SyntaxNode? ParseDocument()
        {
            Advance();
            if (_scanner.Kind == TokenKind.EndOfFile)
            {
                Error(DiagnosticCatalog.EmptyDocument, new TextSpan(0, 0));
                return null;
            }
            var root = ParseValue();
            if (root is null)
            {
                Error(DiagnosticCatalog.ValueExpected, _scanner.TokenSpan, "");
                Advance();
            }
            if (_scanner.Kind != TokenKind.EndOfFile)
            {
                Error(DiagnosticCatalog.EndOfFileExpected, _scanner.TokenSpan);
                // Keep going: a second value after the first (or junk) must not stop the scan for errors,
                // but it cannot become part of the tree.
                while (_scanner.Kind != TokenKind.EndOfFile)
                {
                    Advance();
                }
            }
            return root;
        }

        private void Advance()
        {
            _lastTokenEnd = _scanner.TokenEnd;
            _scanner.Next();
        }

        private void Error(DiagnosticDescriptor descriptor, TextSpan span, params object?[] args)
        {
            // One error per place: cascades at the same spot only confuse.
            if (errors.Count > 0 && errors[^1].Span.Start == span.Start)
            {
                return;
            }
            errors.Add(new SyntaxError(descriptor, span, descriptor.Format(args)));
        }

        private SyntaxNode? ParseValue()
        {
            switch (_scanner.Kind)
            {
                case TokenKind.OpenBrace:
                    return _depth >= MaxDepth ? SkipTooDeep() : ParseObject();
                case TokenKind.OpenBracket:
                    return _depth >= MaxDepth ? SkipTooDeep() : ParseArray();
                case TokenKind.String:
                    {
                        var node = new StringSyntax(_scanner.TokenSpan, _scanner.StringValue, _scanner.StringTerminated, _scanner.StringHasEscapes);
                        Advance();
                        return node;
                    }
                case TokenKind.Number:
                    {
                        var node = new NumberSyntax(_scanner.TokenSpan, _scanner.NumberValue, _scanner.NumberIsInteger);
                        Advance();
                        return node;
                    }
                case TokenKind.True:
                case TokenKind.False:
                    {
                        var node = new BooleanSyntax(_scanner.TokenSpan, _scanner.Kind == TokenKind.True);
                        Advance();
                        return node;
                    }
                case TokenKind.Null:
                    {
                        var node = new NullSyntax(_scanner.TokenSpan);
                        Advance();
                        return node;
                    }
                default:
                    return null;
            }
        }

        /// <summary>Skips a value nested beyond <see cref="MaxDepth"/> without recursion.</summary>
        private NullSyntax SkipTooDeep()
        {
            var start = _scanner.TokenStart;
            Error(DiagnosticCatalog.NestingTooDeep, _scanner.TokenSpan, MaxDepth);
            var level = 0;
            do
            {
                if (_scanner.Kind is TokenKind.OpenBrace or TokenKind.OpenBracket)
                {
                    level++;
                }
                else if (_scanner.Kind is TokenKind.CloseBrace or TokenKind.CloseBracket)
                {
                    level--;
                }
                Advance();
            }
            while (level > 0 && _scanner.Kind != TokenKind.EndOfFile);
            return new NullSyntax(TextSpan.FromBounds(start, _lastTokenEnd));
        }

        private ObjectSyntax ParseObject()
        {
            var node = new ObjectSyntax(_scanner.TokenSpan);
            var openSpan = _scanner.TokenSpan;
            var existing = _propertyLists.Count > 0 ? _propertyLists.Pop() : [];
            _depth++;
            Advance(); // {
            HashSet<string>? seen = null;
            var needComma = false;

            while (true)
            {
                var kind = _scanner.Kind;
                if (kind == TokenKind.CloseBrace)
                {
                    node.IsClosed = true;
                    Advance();
                    break;
                }
                if (kind == TokenKind.EndOfFile)
                {
                    Error(DiagnosticCatalog.Unclosed, openSpan, "object", "}");
                    break;
                }
                if (kind == TokenKind.Comma)
                {
                    if (!needComma)
                    {
                        Error(DiagnosticCatalog.PropertyNameExpected, _scanner.TokenSpan, "Expected a property name before this comma.");
                    }
                    needComma = false;
                    Advance();
                    continue;
                }
                if (kind is TokenKind.CloseBracket)
                {
                    // "]" inside an object: most likely the object's "}" was forgotten before an array closes.
                    Error(DiagnosticCatalog.Unclosed, openSpan, "object", "}");
                    break;
                }
                if (needComma)
                {
                    if (kind == TokenKind.Unknown && !_scanner.LineBreakBefore)
                    {
                        Error(DiagnosticCatalog.UnexpectedToken, _scanner.TokenSpan, Describe());
                        Advance();
                        continue;
                    }
                    Error(DiagnosticCatalog.MissingComma, new TextSpan(_lastTokenEnd, 0), "property");
                }

                var property = ParseProperty();
                if (property is null)
                {
                    // Not a property: skip the token so the loop always advances.
                    Error(DiagnosticCatalog.PropertyNameExpected, _scanner.TokenSpan, $"Expected a property name in double quotes, found {Describe()}.");
                    if (_scanner.Kind is TokenKind.OpenBrace or TokenKind.OpenBracket)
                    {
                        ParseValue();
                    }
                    else
                    {
                        Advance();
                    }
                    needComma = false;
                    continue;
                }

                var name = property.Name;
                if (existing.Count > 0)
                {
                    if (existing.Count < 8 && seen is null)
                    {
                        for (var i = 0; i < existing.Count; i++)
                        {
                            if (existing[i].Name == name)
                            {
                                Error(DiagnosticCatalog.DuplicateProperty, property.Key.Span, name);
                                break;
                            }
                        }
                    }
                    else
                    {
                        if (seen is null)
                        {
                            seen = new HashSet<string>(existing.Count * 2, StringComparer.Ordinal);
                            for (var i = 0; i < existing.Count; i++)
                            {
                                seen.Add(existing[i].Name);
                            }
                        }
                        if (!seen.Add(name))
                        {
                            Error(DiagnosticCatalog.DuplicateProperty, property.Key.Span, name);
                        }
                    }
                }
                else
                {
                    seen?.Add(name);
                }
                property.Parent = node;
                existing.Add(property);
                needComma = true;
            }

            _depth--;
            node.SetProperties(existing);
            existing.Clear();
            _propertyLists.Push(existing);
            node.Span = TextSpan.FromBounds(node.Span.Start, _lastTokenEnd);
            return node;
        }

        private PropertySyntax? ParseProperty()
        {
            StringSyntax key;
            if (_scanner.Kind == TokenKind.String)
            {
                key = new StringSyntax(_scanner.TokenSpan, _scanner.StringValue, _scanner.StringTerminated, _scanner.StringHasEscapes);
            }
            else if (_scanner.Kind == TokenKind.Unknown && char.IsAsciiLetter(text[_scanner.TokenStart]) || _scanner.Kind is TokenKind.True or TokenKind.False or TokenKind.Null)
            {
                // An unquoted key: keep it as a key so completion and the outline still see it.
                Error(DiagnosticCatalog.PropertyNameExpected, _scanner.TokenSpan, "Property names must be in double quotes.");
                key = new StringSyntax(_scanner.TokenSpan, _scanner.TokenText, true, false);
            }
            else
            {
                return null;
            }

            var property = new PropertySyntax(key);
            Advance();

            if (_scanner.Kind == TokenKind.Colon)
            {
                property.ColonOffset = _scanner.TokenStart;
                Advance();
            }
            else
            {
                Error(DiagnosticCatalog.MissingColon, new TextSpan(_lastTokenEnd, 0), key.Value);
                // Without a colon, take a value only if it follows on the same line ("name" "x");
                // on the next line it is probably the next property.
                if (_scanner.LineBreakBefore || _scanner.Kind == TokenKind.String && LooksLikeNextProperty())
                {
                    property.Span = key.Span;
                    return property;
                }
            }

            var value = ParseValue();
            if (value is null)
            {
                var where = _scanner.Kind == TokenKind.EndOfFile ? new TextSpan(_lastTokenEnd, 0) : _scanner.TokenSpan;
                if (_scanner.Kind == TokenKind.Unknown)
                {
                    Error(DiagnosticCatalog.ValueExpected, where, $" for \"{key.Value}\", found {Describe()} (strings need double quotes)");
                    Advance();
                }
                else
                {
                    Error(DiagnosticCatalog.ValueExpected, where, $" for \"{key.Value}\"");
                }
                property.Span = TextSpan.FromBounds(key.Span.Start, _lastTokenEnd);
                return property;
            }
            property.SetValue(value);
            property.Span = TextSpan.FromBounds(key.Span.Start, value.Span.End);
            return property;
        }

        /// <summary>A string followed by a colon is the next property's key, not a value.</summary>
        private bool LooksLikeNextProperty()
        {
            var i = _scanner.TokenEnd;
            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }
            return i < text.Length && text[i] == ':';
        }

        private ArraySyntax ParseArray()
        {
            var node = new ArraySyntax(_scanner.TokenSpan);
            var openSpan = _scanner.TokenSpan;
            var items = _itemLists.Count > 0 ? _itemLists.Pop() : [];
            _depth++;
            Advance(); // [
            var needComma = false;

            while (true)
            {
                var kind = _scanner.Kind;
                if (kind == TokenKind.CloseBracket)
                {
                    node.IsClosed = true;
                    Advance();
                    break;
                }
                if (kind == TokenKind.EndOfFile)
                {
                    Error(DiagnosticCatalog.Unclosed, openSpan, "array", "]");
                    break;
                }
                if (kind == TokenKind.Comma)
                {
                    if (!needComma)
                    {
                        Error(DiagnosticCatalog.ValueExpected, _scanner.TokenSpan, " before this comma");
                    }
                    needComma = false;
                    Advance();
                    continue;
                }
                if (kind is TokenKind.CloseBrace or TokenKind.Colon)
                {
                    if (kind == TokenKind.CloseBrace)
                    {
                        // "}" inside an array: the array's "]" was probably forgotten before its object closes.
                        Error(DiagnosticCatalog.Unclosed, openSpan, "array", "]");
                        break;
                    }
                    Error(DiagnosticCatalog.UnexpectedToken, _scanner.TokenSpan, Describe());
                    Advance();
                    continue;
                }
                if (needComma)
                {
                    Error(DiagnosticCatalog.MissingComma, new TextSpan(_lastTokenEnd, 0), "value");
                }
                var item = ParseValue();
                if (item is null)
                {
                    Error(DiagnosticCatalog.UnexpectedToken, _scanner.TokenSpan, Describe() + " (strings need double quotes)");
                    Advance();
                    needComma = false;
                    continue;
                }
                item.Parent = node;
                items.Add(item);
                needComma = true;
            }

            _depth--;
            node.SetItems(items);
            items.Clear();
            _itemLists.Push(items);
            node.Span = TextSpan.FromBounds(node.Span.Start, _lastTokenEnd);
            return node;
        }

        private string Describe() => _scanner.Kind switch
        {
            TokenKind.EndOfFile => "the end of the file",
            TokenKind.OpenBrace => "'{'",
            TokenKind.CloseBrace => "'}'",
            TokenKind.OpenBracket => "'['",
            TokenKind.CloseBracket => "']'",
            TokenKind.Colon => "':'",
            TokenKind.Comma => "','",
            TokenKind.String => "a string",
            TokenKind.Number => "a number",
            _ => $"'{JsonScanner.Truncate(_scanner.TokenText)}'",
        };

    }
}
