using Patchworks.Core.Syntax;

namespace Patchworks.Core.Editing;

/// <summary>
/// Reading the text around syntax nodes: whitespace, comments, line starts and indentation. Edits use it to
/// put new text where a person would have written it, so the rest of the file stays as it was.
/// </summary>
public static class JsonTrivia
{
    /// <summary>The first offset at or after <paramref name="offset"/> that is not whitespace or a comment.</summary>
    public static int SkipForward(string text, int offset)
    {
        while (offset < text.Length)
        {
            var c = text[offset];
            if (char.IsWhiteSpace(c))
            {
                offset++;
            }
            else if (c == '/' && offset + 1 < text.Length && text[offset + 1] == '/')
            {
                offset = LineContentEnd(text, offset);
            }
            else if (c == '/' && offset + 1 < text.Length && text[offset + 1] == '*')
            {
                var close = text.IndexOf("*/", offset + 2, StringComparison.Ordinal);
                offset = close < 0 ? text.Length : close + 2;
            }
            else
            {
                break;
            }
        }
        return offset;
    }

    public static int LineStart(string text, int offset)
    {
        var i = Math.Min(offset, text.Length);
        while (i > 0 && text[i - 1] is not ('\n' or '\r'))
        {
            i--;
        }
        return i;
    }

    /// <summary>Where the line holding the offset ends, before its line break.</summary>
    public static int LineContentEnd(string text, int offset)
    {
        var i = offset;
        while (i < text.Length && text[i] is not ('\n' or '\r'))
        {
            i++;
        }
        return i;
    }

    /// <summary>The offset just after the line break that ends the offset's line (the text's end on the last line).</summary>
    public static int NextLineStart(string text, int offset)
    {
        var i = LineContentEnd(text, offset);
        if (i < text.Length && text[i] == '\r') i++;
        if (i < text.Length && text[i] == '\n') i++;
        return i;
    }

    /// <summary>The whitespace a line starts with.</summary>
    public static string IndentationAt(string text, int offset)
    {
        var start = LineStart(text, offset);
        var end = start;
        while (end < text.Length && text[end] is ' ' or '\t')
        {
            end++;
        }
        return text[start..end];
    }

    /// <summary>True when only whitespace comes before the offset on its line.</summary>
    public static bool StartsLine(string text, int offset) => string.IsNullOrWhiteSpace(text[LineStart(text, offset)..offset]);

    /// <summary>True when only whitespace and comments come after the offset on its line.</summary>
    public static bool OnlyTriviaToLineEnd(string text, int offset) => SkipSameLine(text, offset) >= LineContentEnd(text, offset);

    /// <summary>True when only whitespace comes after the offset on its line.</summary>
    public static bool OnlyWhitespaceToLineEnd(string text, int offset) => string.IsNullOrWhiteSpace(text[offset..LineContentEnd(text, offset)]);

    private static int SkipSameLine(string text, int offset)
    {
        var lineEnd = LineContentEnd(text, offset);
        var i = offset;
        while (i < lineEnd)
        {
            if (text[i] is ' ' or '\t')
            {
                i++;
            }
            else if (text[i] == '/' && i + 1 < lineEnd && text[i + 1] == '/')
            {
                return lineEnd;
            }
            else if (text[i] == '/' && i + 1 < lineEnd && text[i + 1] == '*')
            {
                var close = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (close < 0 || close > lineEnd) return i;
                i = close + 2;
            }
            else
            {
                return i;
            }
        }
        return i;
    }

    /// <summary>The file's line break: \r\n when it uses them, else \n.</summary>
    public static string NewLine(string text) => text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    /// <summary>
    /// One level of indentation as the file writes it: the indentation of the root object's first property on
    /// its own line (two spaces when the file shows none).
    /// </summary>
    public static string IndentUnit(SyntaxTree tree)
    {
        if (tree.Root is ObjectSyntax root)
        {
            foreach (var property in root.Properties)
            {
                if (StartsLine(tree.Text, property.Span.Start))
                {
                    var indentation = IndentationAt(tree.Text, property.Span.Start);
                    var rootIndentation = IndentationAt(tree.Text, root.Span.Start);
                    if (indentation.Length > rootIndentation.Length && indentation.StartsWith(rootIndentation, StringComparison.Ordinal))
                    {
                        return indentation[rootIndentation.Length..];
                    }
                }
            }
        }
        return "  ";
    }
}
