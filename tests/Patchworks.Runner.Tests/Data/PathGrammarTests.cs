using System.Text.Json.Nodes;
using Patchworks.Core.Running.Data;

namespace Patchworks.Runner.Tests.Data;

/// <summary>
/// One path grammar for every path the runner reads: what ResponseData.PathProblem accepts, ResponseData.Select
/// follows to the value its author meant; what it refuses gets a reason (rules PW3031 and PW3043 both use it).
/// </summary>
public sealed class PathGrammarTests
{
    [Theory]
    [InlineData("data")]
    [InlineData("data.items")]
    [InlineData("$.data.items")]
    [InlineData("items[0].id")]
    [InlineData("pages[12]")]
    [InlineData("Item code")]
    [InlineData("report.On hand")]
    [InlineData("a_b-c.d1")]
    public void An_accepted_path_is_followed_to_the_value_it_names(string path)
    {
        Assert.Null(ResponseData.PathProblem(path));

        // Build a document holding a marker at exactly the steps the path names, read the way its author reads it.
        var steps = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
        JsonNode leaf = JsonValue.Create("marker");
        foreach (var part in steps.Split('.').Reverse())
        {
            var open = part.IndexOf('[', StringComparison.Ordinal);
            if (open > 0)
            {
                var index = int.Parse(part[(open + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
                var array = new JsonArray();
                for (var i = 0; i < index; i++)
                {
                    array.Add(JsonValue.Create(i));
                }
                array.Add(leaf);
                leaf = new JsonObject { [part[..open]] = array };
            }
            else
            {
                leaf = new JsonObject { [part] = leaf };
            }
        }

        Assert.Equal("marker", ResponseData.SelectText(leaf, path));
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("$", null)]
    [InlineData(".", null)]
    [InlineData(" data", "spaces around it")]
    [InlineData("data ", "spaces around it")]
    [InlineData("$name", "JSONPath")]
    [InlineData("$..id", "recursive descent")]
    [InlineData("data..id", "empty step")]
    [InlineData(".data", "empty step")]
    [InlineData("data.", "empty step")]
    [InlineData("items[*].id", "wildcards")]
    [InlineData("items[?(@.id)]", "wildcards")]
    [InlineData("['data']", "wildcards")]
    [InlineData("items[0][1]", "index form")]
    [InlineData("[0]", "index form")]
    [InlineData("items[x]", "index form")]
    [InlineData("items[]", "index form")]
    [InlineData("items]", "without its [")]
    public void The_root_forms_pass_and_what_the_reader_cannot_follow_is_named(string path, string? reason)
    {
        var problem = ResponseData.PathProblem(path);

        if (reason is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.NotNull(problem);
            Assert.Contains(reason, problem, StringComparison.Ordinal);
        }
    }
}
