using System.Text;
using System.Text.Json.Nodes;
using Patchworks.Core.Importing;
using Patchworks.Importing.Tests.Infrastructure;

namespace Patchworks.Importing.Tests;

/// <summary>Mutated collections and random curl lines: the import never throws; it ends with a result that validates or a clear error.</summary>
public sealed class FuzzTests
{
    private static void AssertResultOrError(ImportResult result)
    {
        if (result.Succeeded)
        {
            Assert.NotNull(result.ConnectorText);
            Assert.True(result.EndpointCount > 0);
            Assert.DoesNotContain(result.Report.Of(ReportKind.Error), e => e.Message.StartsWith("the import failed", StringComparison.Ordinal));
        }
        else
        {
            var error = Assert.Single(result.Report.Of(ReportKind.Error), e => !e.Message.Contains("no URL", StringComparison.Ordinal));
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
            Assert.DoesNotContain("the import failed", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(99)]
    public void Mutated_text_of_a_real_collection(int seed)
    {
        var random = new Random(seed);
        var original = Harness.Sample("feedonomics/Magento_API.postman_collection.json");
        for (var round = 0; round < 150; round++)
        {
            var result = Harness.Import(Mutations.Text(random, original, "{}[]\",:{{}}\\^'"), format: round % 2 == 0 ? "auto" : "postman");
            AssertResultOrError(result);
            if (result.Succeeded)
            {
                Harness.AssertWritesValid(result);
            }
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(99)]
    public void Structurally_mutated_collections(int seed)
    {
        var random = new Random(seed);
        var original = JsonNode.Parse(Harness.Sample("adyen/CheckoutService-v71.json"))!;
        JsonNode?[] replacements = [null, 1, -1.5, true, "", "{{", ":x", new JsonArray(), new JsonObject(), "\u202e\u0000", new string('a', 5000), new JsonArray(1, "two", null)];
        for (var round = 0; round < 60; round++)
        {
            var copy = original.DeepClone();
            var nodes = new List<(JsonNode Parent, object Key)>();
            Collect(copy, nodes);
            for (var edits = random.Next(1, 10); edits > 0; edits--)
            {
                var (parent, key) = nodes[random.Next(nodes.Count)];
                var value = replacements[random.Next(replacements.Length)]?.DeepClone();
                try
                {
                    if (parent is JsonObject obj && key is string name && obj.ContainsKey(name))
                    {
                        obj[name] = value;
                    }
                    else if (parent is JsonArray array && key is int index && index < array.Count)
                    {
                        array[index] = value;
                    }
                }
                catch (InvalidOperationException)
                {
                    // The node was detached by an earlier edit.
                }
            }
            var result = Harness.Import(copy.ToJsonString());
            AssertResultOrError(result);
            if (result.Succeeded)
            {
                // What a mangled collection still yields must validate too.
                Harness.AssertWritesValid(result);
            }
        }
    }

    private static void Collect(JsonNode node, List<(JsonNode, object)> into)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    into.Add((obj, name));
                    if (value is not null)
                    {
                        Collect(value, into);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    into.Add((array, i));
                    if (array[i] is { } item)
                    {
                        Collect(item, into);
                    }
                }
                break;
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(99)]
    public void Random_curl_lines(int seed)
    {
        var random = new Random(seed);
        string[] pieces =
        [
            "curl", "-X", "POST", "-H", "'A: b'", "\"X-Api-Key: k\"", "-d", "'{\"a\":1}'", "--data-urlencode", "a=b", "-u", "u:p", "-G", "--url",
            "https://api.example.com/x?y=1", "http://h", "-b", "c=d", "--compressed", "-k", "\\\n", "^\n", "^\"", "'", "\"", "$'\\n'", "#", ";", "&&", "|",
            "-F", "f=@/etc/passwd", "-XPUT", "-sSL", "-o", "--json", "{{var}}", ":id", "-", "--", "\u00e9", "\t", "\r\n", "-d@x", "--oauth2-bearer", "tok", "'[[1,2],[3]]'", "'{{'", "[[pagination.page]]", "'{{a b}}'", "{{}}",
        ];
        for (var round = 0; round < 400; round++)
        {
            var line = new StringBuilder(round % 3 == 0 ? "" : "curl ");
            for (var n = random.Next(0, 14); n > 0; n--)
            {
                line.Append(pieces[random.Next(pieces.Length)]).Append(random.Next(4) == 0 ? "" : " ");
            }
            var result = Harness.Import(line.ToString(), format: round % 2 == 0 ? "auto" : "curl");
            AssertResultOrError(result);
            if (result.Succeeded)
            {
                Harness.AssertWritesValid(result);
            }
        }
    }

    [Fact]
    public void Deeply_nested_folders_and_huge_names_do_not_break_anything()
    {
        var items = Harness.Request(new string('n', 10_000), "GET", "https://a.example.com/" + new string('p', 200));
        for (var depth = 0; depth < 200; depth++)
        {
            items = Harness.Folder("f" + depth, items);
        }

        var result = Harness.Import(Harness.Collection(items));

        AssertResultOrError(result);
    }
}
