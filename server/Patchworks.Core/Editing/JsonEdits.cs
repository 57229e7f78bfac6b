using System.Text.Encodings.Web;
using System.Text.Json;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Editing;

/// <summary>
/// Edits to a JSONC document that touch only what they change: a property added after the last one (on its own
/// line, indented like its siblings, when they are on their own lines), an item appended to an array, a property
/// removed with its comma. Comments and the formatting of everything else stay byte for byte.
/// </summary>
public static class JsonEdits
{
    private static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A string as a JSON literal, quotes included.</summary>
    public static string Quote(string value) => JsonSerializer.Serialize(value, QuoteOptions);

    /// <summary>Adds "name": value as the object's last property. <paramref name="valueText"/> is JSON text on one line.</summary>
    public static IReadOnlyList<TextEdit> AddProperty(SyntaxTree tree, ObjectSyntax target, string name, string valueText) =>
        AddMember(tree, target.Span, target.IsClosed, [.. target.Properties], $"{Quote(name)}: {valueText}");

    /// <summary>Adds members already written ("a": 1,\n  "b": 2) after the object's last property, as <see cref="AddProperty"/> places one.</summary>
    internal static IReadOnlyList<TextEdit> AddMemberText(SyntaxTree tree, ObjectSyntax target, string membersText) =>
        AddMember(tree, target.Span, target.IsClosed, [.. target.Properties], membersText);

    /// <summary>Appends an item (JSON text on one line) to the array.</summary>
    public static IReadOnlyList<TextEdit> AddItem(SyntaxTree tree, ArraySyntax target, string itemText) =>
        AddMember(tree, target.Span, target.IsClosed, [.. target.Items], itemText);

    private static IReadOnlyList<TextEdit> AddMember(SyntaxTree tree, Text.TextSpan containerSpan, bool closed, IReadOnlyList<SyntaxNode> members, string memberText)
    {
        var text = tree.Text;
        var newLine = JsonTrivia.NewLine(text);
        if (members.Count == 0)
        {
            var open = containerSpan.Start;
            var close = closed ? containerSpan.End - 1 : containerSpan.End;
            if (text.AsSpan(open, close - open).ContainsAny('\n', '\r'))
            {
                // An empty container over several lines: the member goes on a line of its own, after any
                // comments inside, one level deeper than the line that opens the container.
                var indentation = JsonTrivia.IndentationAt(text, open) + JsonTrivia.IndentUnit(tree);
                var closeLineStart = JsonTrivia.LineStart(text, close);
                var at = closed && JsonTrivia.StartsLine(text, close) && closeLineStart > open + 1
                    ? JsonTrivia.LineContentEnd(text, JsonTrivia.LineStart(text, closeLineStart - 1))
                    : open + 1;
                return [TextEdit.Insert(Math.Max(at, open + 1), newLine + indentation + memberText)];
            }
            return [new TextEdit(Text.TextSpan.FromBounds(open + 1, close), $" {memberText} ")];
        }

        var last = members[^1];
        var lastEnd = last.Span.End;
        var next = JsonTrivia.SkipForward(text, lastEnd);
        var trailingComma = next < text.Length && text[next] == ',';
        if (!JsonTrivia.StartsLine(text, last.Span.Start))
        {
            // Members written on one line: the new one joins them there.
            return trailingComma
                ? [TextEdit.Insert(next + 1, $" {memberText},")]
                : [TextEdit.Insert(lastEnd, $", {memberText}")];
        }

        var indentationOfLast = JsonTrivia.IndentationAt(text, last.Span.Start);
        var afterComma = trailingComma ? next + 1 : lastEnd;
        // A comment after the last member stays on its line: the new member starts on the next one.
        var insertAt = JsonTrivia.OnlyTriviaToLineEnd(text, afterComma) ? JsonTrivia.LineContentEnd(text, afterComma) : afterComma;
        var line = newLine + indentationOfLast + memberText + (trailingComma ? "," : "");
        if (trailingComma)
        {
            return [TextEdit.Insert(insertAt, line)];
        }
        return insertAt == lastEnd
            ? [TextEdit.Insert(lastEnd, "," + line)]
            : [TextEdit.Insert(lastEnd, ","), TextEdit.Insert(insertAt, line)];
    }

    /// <summary>Removes a property and its comma; a line left empty goes too.</summary>
    public static IReadOnlyList<TextEdit> RemoveProperty(SyntaxTree tree, PropertySyntax property)
    {
        var text = tree.Text;
        var owner = (ObjectSyntax)property.Parent!;
        var index = owner.Properties.IndexOf(property);
        var start = property.Span.Start;
        var end = property.Span.End;
        var next = JsonTrivia.SkipForward(text, end);
        if (next < text.Length && text[next] == ',')
        {
            // Remove through the comma, and the whole line when nothing else is on it.
            var removeEnd = next + 1;
            if (JsonTrivia.StartsLine(text, start) && JsonTrivia.OnlyWhitespaceToLineEnd(text, removeEnd))
            {
                return [TextEdit.Delete(JsonTrivia.LineStart(text, start), JsonTrivia.NextLineStart(text, removeEnd))];
            }
            var afterSpaces = removeEnd;
            while (afterSpaces < text.Length && text[afterSpaces] is ' ' or '\t')
            {
                afterSpaces++;
            }
            return [TextEdit.Delete(start, afterSpaces)];
        }

        // The last property: the comma before it goes too.
        var comma = index > 0 ? JsonTrivia.SkipForward(text, owner.Properties[index - 1].Span.End) : -1;
        var hasComma = comma >= 0 && comma < start && text[comma] == ',';
        if (JsonTrivia.StartsLine(text, start) && JsonTrivia.OnlyWhitespaceToLineEnd(text, end))
        {
            // Alone on its line: the line goes, from the end of the line before.
            var lineStart = JsonTrivia.LineStart(text, start);
            var previousLineEnd = JsonTrivia.LineContentEnd(text, Math.Max(0, lineStart - (lineStart >= 2 && text[lineStart - 2] == '\r' ? 2 : 1)));
            var edits = new List<TextEdit>();
            if (hasComma)
            {
                edits.Add(TextEdit.Delete(comma, comma + 1));
            }
            edits.Add(TextEdit.Delete(Math.Max(previousLineEnd, hasComma ? comma + 1 : 0), JsonTrivia.LineContentEnd(text, end)));
            return edits;
        }
        if (hasComma && string.IsNullOrWhiteSpace(text[(comma + 1)..start]))
        {
            return [TextEdit.Delete(comma, end)];
        }
        var removeStart = start;
        if (index == 0)
        {
            // The only property on a line with its braces: "{ "a": 1 }" becomes "{ }".
            while (removeStart > 0 && text[removeStart - 1] is ' ' or '\t')
            {
                removeStart--;
            }
        }
        return hasComma ? [TextEdit.Delete(comma, comma + 1), TextEdit.Delete(removeStart, end)] : [TextEdit.Delete(removeStart, end)];
    }

    /// <summary>Replaces a node's text.</summary>
    public static TextEdit Replace(SyntaxNode node, string newText) => new(node.Span, newText);
}
