using Patchworks.Core.Syntax;
using Patchworks.Core.Text;

namespace Patchworks.Core.Completion;

/// <summary>
/// Finds what the cursor is in the middle of, in text that is usually broken while typing: an unquoted or
/// unterminated key, a property with a colon and no value yet, an object whose closing brace is missing.
/// The fault-tolerant parser keeps such trees; this reads them with the raw text beside.
/// </summary>
public static class CursorLocator
{
    public static CursorPosition Locate(SyntaxTree tree, int offset)
    {
        var text = tree.Text;
        if (tree.Root is null || offset < 0 || offset > text.Length || InComment(tree, offset))
        {
            return CursorPosition.Nowhere;
        }
        if (tree.FindNodeAt(offset) is { } node && AtScalar(text, node, offset) is { } scalar)
        {
            return scalar;
        }
        return Innermost(tree.Root, offset, text.Length) switch
        {
            ObjectSyntax o => InObject(text, o, offset),
            ArraySyntax a => new CursorPosition(CursorPlace.ArrayItem, WordAt(text, offset)) { Array = a },
            _ => CursorPosition.Nowhere,
        };
    }

    /// <summary>A line comment holds the cursor up to its end; a block comment only before its closing "*/".</summary>
    private static bool InComment(SyntaxTree tree, int offset)
    {
        foreach (var comment in tree.Comments)
        {
            var isLine = tree.Text.AsSpan(comment.Start).StartsWith("//");
            if (offset > comment.Start && (isLine ? offset <= comment.End : offset < comment.End))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The cursor inside a string, on an unquoted key, or on a literal (true, 12): what it is part of.</summary>
    private static CursorPosition? AtScalar(string text, SyntaxNode node, int offset)
    {
        var span = node.Span;
        switch (node)
        {
            case StringSyntax s when IsQuoted(text, s):
                var inside = offset > span.Start && (s.IsTerminated ? offset < span.End : offset <= span.End);
                // An unterminated string runs to the end of the line: replace only what was typed of it.
                var replace = s.IsTerminated ? span : TextSpan.FromBounds(span.Start, WordAt(text, offset).End);
                return inside ? Around(s, replace, s) : null;
            case StringSyntax unquoted when offset >= span.Start && offset <= span.End:
                return Around(unquoted, span, null);
            case BooleanSyntax or NumberSyntax or NullSyntax when offset >= span.Start && offset <= span.End:
                return Around(node, span, null);
            default:
                return null;
        }
    }

    private static CursorPosition? Around(SyntaxNode node, TextSpan replace, StringSyntax? inString) => node.Parent switch
    {
        PropertySyntax p when ReferenceEquals(p.Key, node) => new CursorPosition(CursorPlace.PropertyName, replace) { Object = p.Parent as ObjectSyntax, Property = p, String = inString },
        PropertySyntax p => new CursorPosition(CursorPlace.PropertyValue, replace) { Object = p.Parent as ObjectSyntax, Property = p, String = inString },
        ArraySyntax a => new CursorPosition(CursorPlace.ArrayItem, replace) { Array = a, String = inString },
        _ => null,
    };

    private static bool IsQuoted(string text, StringSyntax s) => s.Span.Length > 0 && text[s.Span.Start] == '"';

    /// <summary>
    /// The innermost object or array that holds the cursor. An unclosed one (its brace not typed yet) reaches
    /// as far as its parent lets it: the cursor after its last property is still inside it.
    /// </summary>
    private static SyntaxNode? Innermost(SyntaxNode node, int offset, int limit)
    {
        var closed = node switch { ObjectSyntax o => o.IsClosed, ArraySyntax a => a.IsClosed, _ => true };
        var end = closed ? node.Span.End - 1 : limit;
        if (node is not (ObjectSyntax or ArraySyntax) || offset <= node.Span.Start || offset > end)
        {
            return null;
        }
        var children = node is ObjectSyntax obj
            ? obj.Properties.Select(p => p.Value).OfType<SyntaxNode>().ToList()
            : [.. ((ArraySyntax)node).Items];
        for (var i = 0; i < children.Count; i++)
        {
            var child = children[i];
            if (offset <= child.Span.Start)
            {
                break;
            }
            // Children are in text order: the one that can hold the cursor is the last that starts before it.
            var childLimit = i + 1 < children.Count ? children[i + 1].Span.Start : end;
            if (offset <= childLimit && Innermost(child, offset, childLimit) is { } found)
            {
                return found;
            }
        }
        return node;
    }

    private static CursorPosition InObject(string text, ObjectSyntax obj, int offset)
    {
        // After "key": with nothing but a partial bare word before the cursor, it is that key's value.
        foreach (var property in obj.Properties)
        {
            if (property.ColonOffset < 0 || offset <= property.ColonOffset)
            {
                continue;
            }
            if (property.Value is { } value && offset > value.Span.Start)
            {
                continue;
            }
            var between = text.AsSpan(property.ColonOffset + 1, offset - property.ColonOffset - 1).TrimStart();
            if (IsWord(between))
            {
                return new CursorPosition(CursorPlace.PropertyValue, WordAt(text, offset)) { Object = obj, Property = property };
            }
        }
        return new CursorPosition(CursorPlace.PropertyName, WordAt(text, offset)) { Object = obj };
    }

    private static bool IsWord(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!IsWordChar(c))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '$';

    /// <summary>The bare word around the cursor (empty at the cursor when there is none).</summary>
    public static TextSpan WordAt(string text, int offset)
    {
        var start = offset;
        while (start > 0 && IsWordChar(text[start - 1]))
        {
            start--;
        }
        var end = offset;
        while (end < text.Length && IsWordChar(text[end]))
        {
            end++;
        }
        return TextSpan.FromBounds(start, end);
    }
}
