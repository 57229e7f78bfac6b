using System.Text;
using System.Text.Json.Nodes;

namespace Patchworks.Importing.Tests.Infrastructure;

/// <summary>
/// The fuzz tests' edits of a source, in one place so every importer's fuzz test breaks its input the same ways
/// (and a seed gives the same input it always gave): text cut, sprinkled with syntax characters, overwritten and
/// truncated; or JSON nodes swapped for values of the wrong kind.
/// </summary>
public static class Mutations
{
    /// <summary>
    /// One to five random edits of the text: remove up to 40 characters, insert one of <paramref name="alphabet"/>,
    /// overwrite a character with printable ASCII, or truncate; stops early when nothing is left.
    /// </summary>
    public static string Text(Random random, string original, string alphabet)
    {
        var text = new StringBuilder(original);
        for (var edits = random.Next(1, 6); edits > 0 && text.Length > 0; edits--)
        {
            var at = random.Next(text.Length);
            switch (random.Next(4))
            {
                case 0:
                    text.Remove(at, Math.Min(random.Next(1, 40), text.Length - at));
                    break;
                case 1:
                    text.Insert(at, alphabet[random.Next(alphabet.Length)]);
                    break;
                case 2:
                    text[at] = (char)random.Next(32, 127);
                    break;
                default:
                    text.Length = at;
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>Replaces a node (in its object or array) with a copy of the replacement, or null.</summary>
    public static void Replace(JsonNode node, JsonNode? replacement)
    {
        switch (node.Parent)
        {
            case JsonObject parent:
                parent[node.GetPropertyName()] = replacement?.DeepClone();
                break;
            case JsonArray array:
                array[node.GetElementIndex()] = replacement?.DeepClone();
                break;
        }
    }

    /// <summary>The node and every node below it, depth first.</summary>
    public static IEnumerable<JsonNode> All(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var inner in All(child))
            {
                yield return inner;
            }
        }
    }
}
