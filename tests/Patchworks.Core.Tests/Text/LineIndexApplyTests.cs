using Patchworks.Core.Syntax;
using Patchworks.Core.Text;

namespace Patchworks.Core.Tests.Text;

/// <summary>A line index brought up to date with an edit (<see cref="LineIndex.Apply"/>) equals one made from the new text.</summary>
public sealed class LineIndexApplyTests
{
    [Theory]
    // \r\n split and joined at the edges of the edit: the cases where a line start depends on a character the edit touched.
    [InlineData("ab\r\ncd", 3, 0, "x")]     // between \r and \n: the \r now ends a line alone, \n another
    [InlineData("ab\rcd", 3, 0, "\n")]      // after a lone \r: \r\n joined, the start moves by one
    [InlineData("ab\r\ncd", 2, 1, "")]      // the \r of \r\n deleted
    [InlineData("ab\r\ncd", 3, 1, "")]      // the \n of \r\n deleted: a lone \r still breaks
    [InlineData("ab\ncd", 0, 0, "\r\n\r")]  // at the start
    [InlineData("ab\ncd\r", 6, 0, "\n")]     // at the end, after a last \r
    [InlineData("ab\ncd\n", 0, 6, "")]      // everything deleted
    [InlineData("", 0, 0, "a\nb\rc\r\n")]   // into nothing
    [InlineData("a\r\n\r\n\rb", 2, 3, "\r")]
    public void Equals_a_fresh_index_at_line_break_edges(string before, int start, int oldLength, string inserted)
    {
        var after = string.Concat(before.AsSpan(0, start), inserted, before.AsSpan(start + oldLength));
        AssertSame(new LineIndex(after), LineIndex.Apply(new LineIndex(before), after, start, oldLength, inserted.Length));
    }

    [Fact]
    public void Equals_a_fresh_index_after_random_edits()
    {
        var random = new Random(20261208);
        const string alphabet = "ab\r\n\r\n{}";
        for (var round = 0; round < 2000; round++)
        {
            var text = RandomText(random, alphabet, random.Next(0, 40));
            var index = new LineIndex(text);
            for (var edit = 0; edit < 5; edit++)
            {
                var start = random.Next(0, text.Length + 1);
                var oldLength = random.Next(0, text.Length - start + 1);
                var inserted = RandomText(random, alphabet, random.Next(0, 6));
                var next = string.Concat(text.AsSpan(0, start), inserted, text.AsSpan(start + oldLength));
                index = LineIndex.Apply(index, next, start, oldLength, inserted.Length);
                AssertSame(new LineIndex(next), index, $"round {round}, edit {edit}: {Escape(text)} [{start}, +{oldLength}) <- {Escape(inserted)}");
                text = next;
            }
        }
    }

    [Fact]
    public void A_change_that_does_not_fit_the_old_text_indexes_the_new_text_whole()
    {
        var index = LineIndex.Apply(new LineIndex("a\nb"), "x\ny\nz", 1, 1, 1); // lengths disagree: 3 - 1 + 1 != 5
        AssertSame(new LineIndex("x\ny\nz"), index);
    }

    [Fact]
    public void A_tree_edited_in_place_brings_its_line_index_up_to_date()
    {
        var text = "{\r\n  \"a\": \"one\",\n  \"b\": [1,\r 2],\n  \"c\": \"a long enough value\"\n}\n";
        var tree = JsonParser.Parse(text);
        _ = tree.Lines; // indexed before the edit, as the server does for an open document
        var at = text.IndexOf(" 2]", StringComparison.Ordinal);
        var next = string.Concat(text.AsSpan(0, at), "\n 3,\r\n", text.AsSpan(at)); // line breaks into the array
        var edited = IncrementalParser.TryApply(tree, next, new TextChange(at, 0, 6));
        Assert.NotNull(edited);
        AssertSame(new LineIndex(next), edited.Lines);
    }

    private static void AssertSame(LineIndex expected, LineIndex actual, string? what = null)
    {
        Assert.True(expected.LineCount == actual.LineCount, $"{what}: {actual.LineCount} lines, expected {expected.LineCount}");
        Assert.Equal(expected.Length, actual.Length);
        for (var line = 0; line < expected.LineCount; line++)
        {
            Assert.True(expected.LineStart(line) == actual.LineStart(line), $"{what}: line {line} starts at {actual.LineStart(line)}, expected {expected.LineStart(line)}");
        }
    }

    private static string RandomText(Random random, string alphabet, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)])]);

    private static string Escape(string text) => text.Replace("\r", "\\r").Replace("\n", "\\n");
}
