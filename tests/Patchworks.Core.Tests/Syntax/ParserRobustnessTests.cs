using System.Text;
using Patchworks.Core.Resolution;
using Patchworks.Core.Rules;
using Patchworks.Core.Rules.Instances;
using Patchworks.Core.Syntax;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Tests.Syntax;

/// <summary>
/// The parser never throws and keeps every range inside the document, whatever the input: every sample cut
/// at every position, and random byte flips. The full analysis (model, index, rules, resolution) must
/// survive the same inputs.
/// </summary>
public sealed class ParserRobustnessTests
{
    public static TheoryData<string> SampleFiles => [.. SampleCorpus.JsonFiles().Select(SampleCorpus.Relative)];

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Every_truncation_parses_with_ranges_inside_the_document(string relative)
    {
        var text = File.ReadAllText(SampleCorpus.Absolute(relative));
        for (var length = 0; length <= text.Length; length++)
        {
            AssertWellFormed(text[..length]);
        }
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Random_byte_flips_parse_with_ranges_inside_the_document(string relative)
    {
        var bytes = File.ReadAllBytes(SampleCorpus.Absolute(relative));
        var random = new Random(relative.GetHashCode(StringComparison.Ordinal));
        for (var round = 0; round < 300; round++)
        {
            var copy = (byte[])bytes.Clone();
            var flips = random.Next(1, 8);
            for (var i = 0; i < flips; i++)
            {
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
            }
            AssertWellFormed(Encoding.UTF8.GetString(copy));
        }
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void The_whole_analysis_survives_truncations(string relative)
    {
        var path = SampleCorpus.Absolute(relative);
        var text = File.ReadAllText(path);
        // Every 13th cut (and the last 40 characters one by one) keeps the run short while covering every kind of break.
        var cuts = Enumerable.Range(0, text.Length / 13).Select(i => i * 13).Concat(Enumerable.Range(Math.Max(0, text.Length - 40), 41));
        foreach (var cut in cuts)
        {
            AnalyseEverything(path, text[..Math.Min(cut, text.Length)]);
        }
    }

    [Fact]
    public void Hostile_inputs_parse()
    {
        string[] inputs =
        [
            "\0\0\0", "\uFEFF{}", "{\"\\", "{\"a\":\"\\u", "[[[[[", "]]]]}}}}", "{,,,,}", "[,,,]", "{\"a\"::1}", "{:}", "-", "--1", "1e", "1e+",
            "{\"a\":tru}", "nul", "\"\\uD800\"", "{\"a\":\"b\"\r\n\"c\":1}", "/*/", "//", "{ \"a\": 1 } trailing", new string('{', 5000), new string('"', 5001),
            "{\"k\":\"" + new string('x', 1_000_000) + "\"}", "\u2028\u2029", "{\"😀\":\"😀\"}",
        ];
        foreach (var input in inputs)
        {
            AssertWellFormed(input);
            AnalyseEverything("/virtual/hostile.connector.json", input);
            AnalyseEverything("/virtual/hostile.instance.json", input);
        }
    }

    private static void AnalyseEverything(string path, string text)
    {
        var files = new InMemoryFileSystem();
        if (path.EndsWith(".instance.json", StringComparison.Ordinal))
        {
            var instance = InstanceDocument.Create(path, text);
            InstanceAnalyzer.Analyze(instance, p => null);
            return;
        }
        var document = ConnectorDocument.Create(path, text, files);
        var diagnostics = ConnectorAnalyzer.Analyze(document, files);
        foreach (var diagnostic in diagnostics.Where(d => d.FilePath == path))
        {
            Assert.InRange(diagnostic.Span.Start, 0, text.Length);
            Assert.InRange(diagnostic.Span.End, diagnostic.Span.Start, text.Length);
        }
        foreach (var endpoint in document.Model.Endpoints)
        {
            if (endpoint.Id is { } id && endpoint.Url is not null && endpoint.HttpMethod is not null)
            {
                RequestResolver.Resolve(document, id, null);
            }
        }
        for (var offset = 0; offset < text.Length; offset += 97)
        {
            PlaceholderLocator.At(document, offset);
        }
    }

    internal static void AssertWellFormed(string text)
    {
        var tree = JsonParser.Parse(text);
        foreach (var error in tree.Errors)
        {
            Assert.InRange(error.Span.Start, 0, text.Length);
            Assert.InRange(error.Span.End, error.Span.Start, text.Length);
        }
        if (tree.Root is { } root)
        {
            AssertNode(root, 0, text.Length, text);
        }
    }

    private static void AssertNode(SyntaxNode node, int min, int max, string text)
    {
        Assert.True(node.Span.Start >= min && node.Span.End <= max && node.Span.Length >= 0,
            $"{node.Kind} {node.Span} is outside its parent [{min}..{max}) in a document of {text.Length}");
        switch (node)
        {
            case ObjectSyntax o:
                foreach (var property in o.Properties)
                {
                    Assert.Same(o, property.Parent);
                    AssertNode(property, node.Span.Start, node.Span.End, text);
                }
                break;
            case ArraySyntax a:
                foreach (var item in a.Items)
                {
                    Assert.Same(a, item.Parent);
                    AssertNode(item, node.Span.Start, node.Span.End, text);
                }
                break;
            case PropertySyntax p:
                AssertNode(p.Key, node.Span.Start, node.Span.End, text);
                if (p.Value is { } value)
                {
                    AssertNode(value, node.Span.Start, node.Span.End, text);
                }
                break;
        }
    }
}
