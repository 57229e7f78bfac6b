using System.Text;
using Patchworks.Core.Syntax;
using Patchworks.Core.Tests.Infrastructure;

namespace Patchworks.Core.Tests.Syntax;

/// <summary>
/// The incremental parser against the full parser: after every edit, the tree it updated in place must be the tree a
/// full parse of the new text gives (every node's kind, span, value, parent; the errors; the comments).
/// </summary>
public sealed class IncrementalParserTests
{
    [Fact]
    public void Typing_in_a_string_value_re_parses_that_string_only()
    {
        const string text = "{\n  \"a\": {\"b\": \"receive\"},\n  \"c\": [1, 2]\n}";
        var tree = JsonParser.Parse(text);
        var root = (ObjectSyntax)tree.Root!;
        var inner = root["a"];
        var array = root["c"];
        var at = text.IndexOf("receive", StringComparison.Ordinal);
        var newText = text[..at] + "send" + text[(at + "receive".Length)..];

        var updated = IncrementalParser.TryApply(tree, newText, new TextChange(at, "receive".Length, "send".Length));

        Assert.NotNull(updated);
        Assert.Same(root, updated.Root);
        Assert.Same(inner, root["a"]); // the object holding the string is the same node, the string is new
        Assert.Same(array, root["c"]);
        Assert.Equal("send", ((StringSyntax)((ObjectSyntax)inner!)["b"]!).Value);
        Assert.Equal(newText.IndexOf('[', StringComparison.Ordinal), array!.Span.Start);
        AssertSameTree(JsonParser.Parse(newText), updated);
    }

    [Fact]
    public void An_edit_that_closes_a_string_early_falls_back_to_the_enclosing_object_or_a_full_parse()
    {
        const string text = "{\"a\": {\"b\": \"xy\"}, \"c\": 1}";
        var tree = JsonParser.Parse(text);
        var at = text.IndexOf("xy", StringComparison.Ordinal) + 1;
        var newText = text[..at] + "\"" + text[at..]; // "x"y": the string ends early, the object around it breaks

        var updated = IncrementalParser.Apply(tree, newText, new TextChange(at, 0, 1));

        AssertSameTree(JsonParser.Parse(newText), updated);
        Assert.NotEmpty(updated.Errors);
    }

    [Fact]
    public void An_edit_of_the_roots_own_brace_is_refused()
    {
        const string text = "{\"a\": 1}";
        var tree = JsonParser.Parse(text);
        Assert.Null(IncrementalParser.TryApply(tree, "[\"a\": 1}", new TextChange(0, 1, 1)));
        Assert.Null(IncrementalParser.TryApply(tree, "{\"a\": 1}x", new TextChange(8, 0, 1)));
    }

    [Fact]
    public void A_change_that_does_not_match_the_texts_is_refused()
    {
        var tree = JsonParser.Parse("{\"a\": \"b\"}");
        Assert.Null(IncrementalParser.TryApply(tree, "{\"a\": \"bc\"}", new TextChange(7, 0, 2)));
        Assert.Null(IncrementalParser.TryApply(tree, "{\"a\": \"bc\"}", new TextChange(70, 0, 1)));
        Assert.Null(IncrementalParser.TryApply(tree, "{\"a\": \"bc\"}", new TextChange(7, -1, 0)));
    }

    [Fact]
    public void Errors_and_comments_outside_the_edit_are_kept_and_moved()
    {
        const string text = "{\n  // one\n  \"a\": {\"b\": \"xy\" /* two */},\n  \"c\": [1 2], /* three */\n  \"d\": tru\n}";
        var tree = JsonParser.Parse(text);
        Assert.NotEmpty(tree.Errors);
        var at = text.IndexOf("xy", StringComparison.Ordinal) + 1;
        var newText = text[..at] + "longer" + text[at..];

        var updated = IncrementalParser.TryApply(tree, newText, new TextChange(at, 0, "longer".Length));

        Assert.NotNull(updated);
        AssertSameTree(JsonParser.Parse(newText), updated);
        Assert.Equal(3, updated.Comments.Count);
    }

    [Fact]
    public void Nesting_past_the_limit_is_reported_where_a_full_parse_reports_it()
    {
        var deep = new string('[', JsonParser.MaxDepth + 3) + "\"x\"" + new string(']', JsonParser.MaxDepth + 3);
        var text = "{\"a\": " + deep + "}";
        var tree = JsonParser.Parse(text);
        var at = text.IndexOf('x', StringComparison.Ordinal);
        var newText = text[..at] + "y" + text[(at + 1)..];

        var updated = IncrementalParser.Apply(tree, newText, new TextChange(at, 1, 1));

        AssertSameTree(JsonParser.Parse(newText), updated);
    }

    /// <summary>
    /// Thousands of random edits of every sample connector, each applied to the tree the previous edit left: typing,
    /// deleting, pasting JSON punctuation, quotes, comment starts and line breaks, anywhere, in runs of ten.
    /// </summary>
    [Fact]
    public void Random_edits_of_the_samples_give_the_tree_a_full_parse_gives()
    {
        var random = new Random(20261207);
        var incremental = 0;
        var edits = 0;
        foreach (var file in SampleCorpus.ConnectorFiles())
        {
            var original = File.ReadAllText(file);
            var text = original;
            var tree = JsonParser.Parse(text);
            for (var i = 0; i < 400; i++)
            {
                if (i % 10 == 0)
                {
                    // Runs of ten edits from the file as written: a file edited at random for long is mostly broken.
                    (text, tree) = (original, JsonParser.Parse(original));
                }
                var change = RandomEdit(random, text, out var newText);
                var updated = IncrementalParser.TryApply(tree, newText, change);
                if (updated is not null)
                {
                    incremental++;
                }
                else
                {
                    updated = JsonParser.Parse(newText);
                }
                AssertSameTree(JsonParser.Parse(newText), updated, $"{SampleCorpus.Relative(file)}, edit {i} {change}");
                (text, tree) = (newText, updated);
                edits++;
            }
        }
        // Most edits land inside a string or a small object: they must not all fall back to a full parse.
        Assert.True(incremental > edits / 3, $"{incremental} of {edits} edits were incremental");
    }

    private static readonly string[] Insertions =
    [
        "x", "send", "1", "\"", "\\", "\\\"", "{", "}", "[", "]", ",", ":", " ", "\n", "//", "/*", "*/", "null", "true",
        "\"k\": 1,", "{\"a\": [1, 2]}", "\u00e9", "\ud83d\ude00",
    ];

    private static TextChange RandomEdit(Random random, string text, out string newText)
    {
        // Half the edits inside a string's content, as typing mostly is; the rest anywhere.
        int start;
        if (random.Next(2) == 0 && FindQuoted(random, text) is { } inside)
        {
            start = inside;
        }
        else
        {
            start = random.Next(text.Length + 1);
        }
        var removed = random.Next(4) == 0 ? Math.Min(random.Next(1, 12), text.Length - start) : 0;
        var inserted = random.Next(5) == 0 ? "" : Insertions[random.Next(Insertions.Length)];
        if (removed == 0 && inserted.Length == 0)
        {
            inserted = "z";
        }
        newText = string.Concat(text.AsSpan(0, start), inserted, text.AsSpan(start + removed));
        return new TextChange(start, removed, inserted.Length);
    }

    private static int? FindQuoted(Random random, string text)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var at = random.Next(text.Length);
            var quote = text.IndexOf('"', at);
            var close = quote < 0 ? -1 : text.IndexOf('"', quote + 1);
            if (close > quote + 1)
            {
                return random.Next(quote + 1, close);
            }
        }
        return null;
    }

    private static void AssertSameTree(SyntaxTree expected, SyntaxTree actual, string where = "")
    {
        Assert.Equal(expected.Text, actual.Text);
        var expectedDump = Dump(expected.Root, null);
        var actualDump = Dump(actual.Root, null);
        if (expectedDump != actualDump)
        {
            var at = 0;
            while (at < expectedDump.Length && at < actualDump.Length && expectedDump[at] == actualDump[at])
            {
                at++;
            }
            Assert.Fail($"{where}: trees differ at dump offset {at}:\nfull: …{Slice(expectedDump, at)}\nincremental: …{Slice(actualDump, at)}");
        }
        Assert.Equal(Errors(expected), Errors(actual));
        Assert.Equal(expected.Comments, actual.Comments);
    }

    private static string Slice(string dump, int at) => dump.Substring(Math.Max(0, at - 200), Math.Min(400, dump.Length - Math.Max(0, at - 200)));

    private static List<string> Errors(SyntaxTree tree) =>
        [.. tree.Errors.Select(e => $"{e.Descriptor.Code} {e.Span} {e.Message}").Order(StringComparer.Ordinal)];

    private static string Dump(SyntaxNode? node, SyntaxNode? parent)
    {
        var builder = new StringBuilder();
        Write(builder, node, parent);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, SyntaxNode? node, SyntaxNode? parent)
    {
        if (node is null)
        {
            builder.Append("none;");
            return;
        }
        if (!ReferenceEquals(node.Parent, parent))
        {
            builder.Append("WRONG-PARENT ");
        }
        builder.Append(node.Kind).Append(node.Span);
        switch (node)
        {
            case ObjectSyntax o:
                builder.Append(o.IsClosed ? '{' : '<');
                foreach (var property in o.Properties)
                {
                    Write(builder, property, o);
                }
                builder.Append('}');
                break;
            case ArraySyntax a:
                builder.Append(a.IsClosed ? '[' : '<');
                foreach (var item in a.Items)
                {
                    Write(builder, item, a);
                }
                builder.Append(']');
                break;
            case PropertySyntax p:
                builder.Append(" colon ").Append(p.ColonOffset).Append(' ');
                Write(builder, p.Key, p);
                Write(builder, p.Value, p);
                break;
            case StringSyntax s:
                builder.Append(s.IsTerminated).Append(s.HasEscapes).Append(s.Value.Length).Append(':').Append(s.Value);
                break;
            case NumberSyntax n:
                builder.Append(n.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append(n.IsInteger);
                break;
            case BooleanSyntax b:
                builder.Append(b.Value);
                break;
        }
        builder.Append(';');
    }
}
