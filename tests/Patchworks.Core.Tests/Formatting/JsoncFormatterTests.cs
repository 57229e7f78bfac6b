using Patchworks.Core.Editing;
using Patchworks.Core.Formatting;
using Patchworks.Core.Syntax;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Text;

namespace Patchworks.Core.Tests.Formatting;

/// <summary>The formatter rewrites whitespace only: exact results on small cases, and safety on every sample.</summary>
public sealed class JsoncFormatterTests
{
    private static readonly FormattingSettings TwoSpaces = new(2, true);

    public static TheoryData<string> SampleFiles => [.. Directory.GetFiles(SampleCorpus.SamplesFolder, "*.json", SearchOption.AllDirectories)
        .Where(f => f.EndsWith(".connector.json", StringComparison.Ordinal) || f.EndsWith(".instance.json", StringComparison.Ordinal))
        .Select(SampleCorpus.Relative)];

    [Theory]
    [InlineData("{\"a\":1,\"b\":[1,2]}", "{\"a\": 1, \"b\": [1, 2]}")]
    [InlineData("{\n\"a\":   1,\n      \"b\": { \"c\": true }\n}\n", "{\n  \"a\": 1,\n  \"b\": { \"c\": true }\n}\n")]
    [InlineData("{\n  \"a\": 1,\n\n\n  \"b\": 2,\n}", "{\n  \"a\": 1,\n\n  \"b\": 2,\n}")]
    [InlineData("{ \"a\": [ ],\"b\":{} }", "{ \"a\": [], \"b\": {} }")]
    [InlineData("{\r\n    \"a\": 1\r\n}", "{\r\n  \"a\": 1\r\n}")]
    public void Whitespace_is_normalised_and_one_line_containers_that_fit_stay_on_one_line(string before, string after) =>
        Assert.Equal(after, JsoncFormatter.FormatText(before, TwoSpaces));

    [Fact]
    public void Comments_stay_beside_the_tokens_they_were_beside()
    {
        var before = "// head\n{ /* open */\n\"a\": 1, // after a\n    // own line\n\"b\": /* inline */ 2 /* before comma */,\n\"c\": [\n1 // one\n]\n  // last\n}";
        var after = "// head\n{ /* open */\n  \"a\": 1, // after a\n  // own line\n  \"b\": /* inline */ 2 /* before comma */,\n  \"c\": [\n    1 // one\n  ]\n  // last\n}";
        Assert.Equal(after, JsoncFormatter.FormatText(before, TwoSpaces));
    }

    [Fact]
    public void A_one_line_object_too_wide_for_the_line_gets_one_property_per_line()
    {
        var wide = "{ \"items\": [ { \"key\": \"" + new string('a', 60) + "\", \"displayName\": \"" + new string('b', 60) + "\" } ] }";
        var expected = "{\n\t\"items\": [\n\t\t{\n\t\t\t\"key\": \"" + new string('a', 60) + "\",\n\t\t\t\"displayName\": \"" + new string('b', 60) + "\"\n\t\t}\n\t]\n}";
        Assert.Equal(expected, JsoncFormatter.FormatText(wide, new FormattingSettings(4, false)));
    }

    [Fact]
    public void Strings_are_never_changed()
    {
        var text = "{\n\"a\":\"  x  \\\"  // not a comment  \",\"b\":\"line\\nbreak\"}";
        Assert.Equal("{\n  \"a\": \"  x  \\\"  // not a comment  \",\n  \"b\": \"line\\nbreak\"\n}", JsoncFormatter.FormatText(text, TwoSpaces));
    }

    [Theory]
    [InlineData("{\"a\": 1,, }")]
    [InlineData("{\"a\": 1")]
    [InlineData("{\"a\": 1 /* open")]
    [InlineData("")]
    public void A_document_with_syntax_errors_is_not_formatted(string text) =>
        Assert.Empty(JsoncFormatter.Format(text, TwoSpaces));

    [Fact]
    public void A_duplicate_property_does_not_stop_formatting() =>
        Assert.Equal("{\n  \"a\": 1,\n  \"a\": 2\n}", JsoncFormatter.FormatText("{\n\"a\":1,\n\"a\":2\n}", TwoSpaces));

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Every_sample_squeezed_onto_as_few_lines_as_possible_formats_back_safely_and_stably(string relative)
    {
        var text = Squeeze(File.ReadAllText(SampleCorpus.Absolute(relative)));
        var formatted = JsoncFormatter.FormatText(text, TwoSpaces);
        var before = JsonParser.Parse(text);
        var after = JsonParser.Parse(formatted);
        Assert.Empty(before.Errors);
        Assert.Equal(SyntaxJsonWriter.Write(before.Root!), SyntaxJsonWriter.Write(after.Root!));
        Assert.Equal(before.Comments.Select(c => text.Substring(c.Start, c.Length)), after.Comments.Select(c => formatted.Substring(c.Start, c.Length)));
        Assert.Empty(JsoncFormatter.Format(formatted, TwoSpaces));
        // One-line objects fit in the width; a comment after one may run past it.
        Assert.All(formatted.Split('\n'), line => Assert.True(line.Length <= 120 || !line.TrimStart().StartsWith('{') || line.Contains("//", StringComparison.Ordinal), line));
    }

    /// <summary>Every whitespace outside strings and comments removed, except the line break a line comment needs.</summary>
    private static string Squeeze(string text)
    {
        var output = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                var end = i + 1;
                while (text[end] != '"')
                {
                    end += text[end] == '\\' ? 2 : 1;
                }
                output.Append(text, i, end + 1 - i);
                i = end;
            }
            else if (c == '/' && text[i + 1] == '/')
            {
                var end = text.IndexOf('\n', i);
                output.Append(text, i, end - i).Append('\n');
                i = end;
            }
            else if (c == '/' && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i, StringComparison.Ordinal) + 2;
                output.Append(text, i, end - i);
                i = end - 1;
            }
            else if (!char.IsWhiteSpace(c))
            {
                output.Append(c);
            }
        }
        return output.ToString();
    }

    [Fact]
    public void Range_formatting_changes_only_the_whitespace_that_touches_the_range()
    {
        var text = "{\n\"a\":1,\n\"b\":2\n}";
        var start = text.IndexOf("\"b\"", StringComparison.Ordinal);
        var formatted = TextEdit.Apply(text, JsoncFormatter.Format(text, TwoSpaces, new TextSpan(start, 5)));
        Assert.Equal("{\n\"a\":1,\n  \"b\": 2\n}", formatted);
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Every_sample_formats_to_the_same_values_and_comments_and_formatting_again_changes_nothing(string relative)
    {
        var text = File.ReadAllText(SampleCorpus.Absolute(relative));
        foreach (var settings in new[] { TwoSpaces, new FormattingSettings(4, false) })
        {
            var formatted = JsoncFormatter.FormatText(text, settings);
            var before = JsonParser.Parse(text);
            var after = JsonParser.Parse(formatted);
            Assert.Empty(after.Errors);
            Assert.Equal(SyntaxJsonWriter.Write(before.Root!), SyntaxJsonWriter.Write(after.Root!));
            Assert.Equal(before.Comments.Select(c => text.Substring(c.Start, c.Length)), after.Comments.Select(c => formatted.Substring(c.Start, c.Length)));
            Assert.Empty(JsoncFormatter.Format(formatted, settings));
        }
    }
}
