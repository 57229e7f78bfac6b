using System.Text;
using Patchworks.Core.Editing;
using Patchworks.Core.Syntax;
using Patchworks.Core.Text;

namespace Patchworks.Core.Formatting;

/// <summary>How to format: the editor's indentation settings and the width a one-line object or array may take.</summary>
public sealed record FormattingSettings(int TabSize = 2, bool InsertSpaces = true, int MaxLineLength = 120);

/// <summary>
/// Formats JSONC by rewriting only the whitespace between tokens: strings, numbers and comments are never
/// touched, so values cannot change. Objects and arrays written on one line stay on one line when they fit
/// in the width; all others get one member per line. Comments stay on the line they were on, next to the same
/// tokens; trailing commas stay; a blank line between members is kept (runs of them become one).
/// </summary>
public static class JsoncFormatter
{
    private sealed record Frame(bool Inline, bool Padded);

    /// <summary>
    /// The edits that format the document, one per run of whitespace that changes; empty when the document is
    /// formatted already or has syntax errors (formatting broken text could move text to where it means something else).
    /// </summary>
    public static IReadOnlyList<TextEdit> Format(string text, FormattingSettings settings) => Format(text, settings, null);

    /// <summary>The edits that fall in a span (touching it counts): formatting a selection.</summary>
    public static IReadOnlyList<TextEdit> Format(string text, FormattingSettings settings, TextSpan? range)
    {
        // A duplicate property is an error of meaning, not of structure: such a file formats safely.
        if (JsonParser.Parse(text).Errors.Any(e => e.Descriptor != Diagnostics.DiagnosticCatalog.DuplicateProperty)
            || FormatTokens.Read(text) is not { Count: > 0 } tokens)
        {
            return [];
        }
        var edits = new Formatter(text, tokens, settings).Run();
        return range is { } r ? [.. edits.Where(e => e.Span.End >= r.Start && e.Span.Start <= r.End)] : edits;
    }

    /// <summary>The formatted text.</summary>
    public static string FormatText(string text, FormattingSettings settings) => TextEdit.Apply(text, Format(text, settings));

    private sealed class Formatter(string text, List<FormatToken> tokens, FormattingSettings settings)
    {
        private readonly string _newLine = JsonTrivia.NewLine(text);
        private readonly string _indent = settings.InsertSpaces ? new string(' ', Math.Max(1, settings.TabSize)) : "\t";
        private readonly Stack<Frame> _frames = new();
        private readonly Dictionary<int, int> _closeOf = MatchBrackets(tokens);
        private readonly LineIndex _lines = new(text);
        private int _column;

        public List<TextEdit> Run()
        {
            var edits = new List<TextEdit>();
            var leadingEnd = tokens[0].Start;
            var bom = text.Length > 0 && text[0] == '\uFEFF' ? "\uFEFF" : "";
            Replace(edits, 0, leadingEnd, bom);
            for (var i = 0; i < tokens.Count; i++)
            {
                var token = tokens[i];
                if (i > 0)
                {
                    var gap = Gap(i, _frames.Count == 0 ? null : _frames.Peek(), _frames.Count);
                    Replace(edits, tokens[i - 1].End, token.Start, gap);
                    Advance(gap);
                }
                if (token.IsOpen)
                {
                    // Inside a container kept on one line, everything is on that line already and fits.
                    var inline = _frames.TryPeek(out var parent) && parent.Inline
                        || IsOneLine(i) && _column + InlineWidth(i) <= settings.MaxLineLength;
                    _frames.Push(new Frame(inline, IsPadded(i)));
                }
                else if (token.IsClose && _frames.Count > 0)
                {
                    _frames.Pop();
                }
                Advance(text[token.Start..token.End]);
            }
            var trailingStart = tokens[^1].End;
            Replace(edits, trailingStart, text.Length, text.AsSpan(trailingStart).ContainsAny('\n', '\r') ? _newLine : "");
            return edits;
        }

        private void Replace(List<TextEdit> edits, int start, int end, string replacement)
        {
            if (!text.AsSpan(start, end - start).SequenceEqual(replacement))
            {
                edits.Add(new TextEdit(TextSpan.FromBounds(start, end), replacement));
            }
        }

        /// <summary>The whitespace to write before token i, inside the container described by frame at depth.</summary>
        private string Gap(int i, Frame? frame, int depth)
        {
            var previous = tokens[i - 1];
            var current = tokens[i];
            var original = text.AsSpan(previous.End, current.Start - previous.End);
            var lineBreaks = CountLineBreaks(original);
            var level = current.IsClose ? depth - 1 : depth;
            var keepBlank = lineBreaks >= 2 && !current.IsClose;

            if (previous.Kind == FormatTokenKind.LineComment)
            {
                return NewLine(level, keepBlank);
            }
            if (current.IsComment || previous.Kind == FormatTokenKind.BlockComment)
            {
                // A comment stays on its line, or on a line of its own; so does whatever follows a block comment.
                return lineBreaks > 0 ? NewLine(level, keepBlank) : original.Length == 0 && !current.IsComment ? "" : " ";
            }
            if (current.Kind is FormatTokenKind.Comma or FormatTokenKind.Colon)
            {
                return "";
            }
            if (previous.Kind == FormatTokenKind.Colon)
            {
                return " ";
            }
            var inline = frame?.Inline ?? false;
            if (previous.IsOpen && current.IsClose)
            {
                return "";
            }
            if (previous.IsOpen || current.IsClose)
            {
                return inline ? (frame!.Padded ? " " : "") : NewLine(level, false);
            }
            if (previous.Kind == FormatTokenKind.Comma)
            {
                return inline ? " " : NewLine(level, keepBlank);
            }
            return " ";
        }

        private string NewLine(int level, bool blankLine)
        {
            var builder = new StringBuilder();
            if (blankLine)
            {
                builder.Append(_newLine);
            }
            builder.Append(_newLine);
            for (var i = 0; i < level; i++)
            {
                builder.Append(_indent);
            }
            return builder.ToString();
        }

        private static int CountLineBreaks(ReadOnlySpan<char> whitespace)
        {
            var count = 0;
            for (var i = 0; i < whitespace.Length; i++)
            {
                if (whitespace[i] == '\n' || (whitespace[i] == '\r' && (i + 1 >= whitespace.Length || whitespace[i + 1] != '\n')))
                {
                    count++;
                }
            }
            return count;
        }

        /// <summary>True when the container opened by token i is written on one line.</summary>
        private bool IsOneLine(int open) =>
            _closeOf.TryGetValue(open, out var close) && _lines.GetPosition(tokens[open].Start).Line == _lines.GetPosition(tokens[close].Start).Line;

        /// <summary>"{ a }" rather than "{a}": kept as the container was written.</summary>
        private bool IsPadded(int open) => tokens[open].End < text.Length && text[tokens[open].End] is ' ' or '\t';

        /// <summary>The width of the container opened by token i written on one line, and the comma after it.</summary>
        private int InlineWidth(int open)
        {
            var close = _closeOf[open];
            var frames = new Stack<Frame>();
            var width = 0;
            for (var j = open; j <= close; j++)
            {
                if (j > open)
                {
                    width += Gap(j, frames.Peek(), 0).Length;
                }
                var token = tokens[j];
                if (token.IsOpen)
                {
                    frames.Push(new Frame(true, IsPadded(j)));
                }
                else if (token.IsClose)
                {
                    frames.Pop();
                }
                width += token.End - token.Start;
            }
            return width + (close + 1 < tokens.Count && tokens[close + 1].Kind == FormatTokenKind.Comma ? 1 : 0);
        }

        private void Advance(string written)
        {
            var lineBreak = written.LastIndexOfAny(['\n', '\r']);
            if (lineBreak >= 0)
            {
                _column = 0;
                written = written[(lineBreak + 1)..];
            }
            foreach (var c in written)
            {
                _column += c == '\t' ? Math.Max(1, settings.TabSize) : 1;
            }
        }

        private static Dictionary<int, int> MatchBrackets(List<FormatToken> tokens)
        {
            var result = new Dictionary<int, int>();
            var open = new Stack<int>();
            for (var i = 0; i < tokens.Count; i++)
            {
                if (tokens[i].IsOpen)
                {
                    open.Push(i);
                }
                else if (tokens[i].IsClose && open.Count > 0)
                {
                    result[open.Pop()] = i;
                }
            }
            return result;
        }
    }
}
