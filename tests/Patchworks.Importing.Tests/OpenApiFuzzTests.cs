using System.Text.Json.Nodes;
using Patchworks.Core.Importing;
using Patchworks.Importing.Tests.Infrastructure;

namespace Patchworks.Importing.Tests;

/// <summary>Structurally mutated real OpenAPI documents: the import never throws; it ends with a result or one clear error.</summary>
public sealed class OpenApiFuzzTests
{
    [Theory]
    [InlineData("adyen/BinLookupService-v54.json", 19, 40)]
    [InlineData("square/api.json", 20, 12)]
    public void Structurally_mutated_documents_never_throw(string file, int seed, int rounds)
    {
        var random = new Random(seed);
        var original = Harness.Sample(file);
        JsonNode?[] replacements = [null, 1, "", "#/components/schemas/Nope", true, new JsonArray(), new JsonObject(), new JsonObject { ["$ref"] = "#/paths" }, new JsonObject { ["$ref"] = "#" }, new JsonObject { ["type"] = new JsonArray("object", "array") }];
        for (var round = 0; round < rounds; round++)
        {
            var root = JsonNode.Parse(original)!;
            var nodes = Mutations.All(root).Where(n => n.Parent is not null).ToList();
            for (var edits = random.Next(1, 6); edits > 0; edits--)
            {
                var node = nodes[random.Next(nodes.Count)];
                if (node.Parent is null)
                {
                    continue;
                }
                Mutations.Replace(node, replacements[random.Next(replacements.Length)]);
            }
            var result = Harness.Import(root.ToJsonString(), format: "openapi");
            if (result.Succeeded)
            {
                Assert.NotNull(result.ConnectorText);
            }
            else
            {
                var error = Assert.Single(result.Report.Of(ReportKind.Error));
                Assert.False(error.Message.Contains("the import failed", StringComparison.Ordinal), error.Message);
            }
        }
    }
}
