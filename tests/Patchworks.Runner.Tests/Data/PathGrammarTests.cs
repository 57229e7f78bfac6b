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
    [InlineData("['@odata.nextLink']", new[] { "@odata.nextLink" })]
    [InlineData("$['@odata.count']", new[] { "@odata.count" })]
    [InlineData("value[0]['@odata.etag']", new[] { "value", "0", "@odata.etag" })]
    [InlineData("meta['page.next'].href", new[] { "meta", "page.next", "href" })]
    [InlineData("[\"it's\"]", new[] { "it's" })]
    [InlineData("['a]b'].c", new[] { "a]b", "c" })]
    [InlineData("$.data.items[2]", new[] { "data", "items", "2" })]
    [InlineData("items['x'][0]", new[] { "items", "x", "0" })]
    public void A_quoted_name_is_one_step_whatever_it_holds(string path, string[] steps)
    {
        Assert.Null(ResponseData.PathProblem(path));
        Assert.Equal(steps, ResponseData.Segments(path));
    }

    [Theory]
    [InlineData("", "next", "next")]
    [InlineData("links", "next", "links.next")]
    [InlineData("", "@odata.nextLink", "['@odata.nextLink']")]
    [InlineData("meta", "page.next", "meta['page.next']")]
    [InlineData("", "it's.x", "[\"it's.x\"]")]
    [InlineData("", " padded", "[' padded']")]
    public void The_importers_write_a_name_quoted_only_when_it_needs_it(string prefix, string name, string expected)
    {
        var path = ResponseData.Append(prefix, name);

        Assert.Equal(expected, path);
        Assert.Null(ResponseData.PathProblem(path));
        Assert.Equal(name, ResponseData.Segments(path).Last());
    }

    [Fact]
    public void The_runner_follows_a_quoted_name_to_its_value()
    {
        var answer = JsonNode.Parse("""{"value": [{"id": 1, "@odata.etag": "W/1"}], "@odata.nextLink": "https://x/next", "@odata": {"nextLink": "wrong"}}""");

        Assert.Equal("https://x/next", ResponseData.SelectText(answer, "['@odata.nextLink']"));
        Assert.Equal("W/1", ResponseData.SelectText(answer, "value[0]['@odata.etag']"));
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
    [InlineData("['data'", "closing quote")]
    [InlineData("['data]", "closing quote")]
    [InlineData("['']", "empty quoted name")]
    [InlineData("['a']b", "needs a dot")]
    [InlineData("a.['b']", "empty step")]
    [InlineData("@odata.nextLink", "quote a name")]
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
