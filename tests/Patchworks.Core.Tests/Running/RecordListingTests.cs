using System.Text.Json.Nodes;
using Patchworks.Core.Running.Results;
using Patchworks.Core.Tests.Infrastructure;
using Xunit;

namespace Patchworks.Core.Tests.Running;

/// <summary>
/// The records the response panel lists (patchworks/runEndpoint's listing): found by the saved run's page rule, only
/// on pages the runner counted records on, with what could not be listed said. The extension's own reader of a JSON
/// page at the data path (deleted) read <c>a.0.b</c> but not <c>$.a</c> or <c>a[0]</c>, which the runner reads.
/// </summary>
public sealed class RecordListingTests
{
    private static JsonObject Page(int number, JsonNode? json, int? records, JsonArray? listed = null, string? bodyFile = null)
    {
        var response = new JsonObject { ["status"] = 200 };
        if (json is not null)
        {
            response["json"] = json;
        }
        if (bodyFile is not null)
        {
            response["bodyFile"] = bodyFile;
        }
        var page = new JsonObject { ["number"] = number, ["exchange"] = new JsonObject { ["response"] = response } };
        if (records is not null)
        {
            page["records"] = records;
        }
        if (listed is not null)
        {
            page["listedRecords"] = listed;
        }
        return page;
    }

    private static JsonObject Run(string? dataPath, params JsonObject[] pages)
    {
        var run = new JsonObject { ["pages"] = new JsonArray([.. pages]) };
        if (dataPath is not null)
        {
            run["dataPath"] = dataPath;
        }
        return new JsonObject { ["formatVersion"] = 1, ["run"] = run };
    }

    private static string Ids(RecordListing listing) => string.Join(",", listing.Records.Select(r => $"{r.Page}:{r.Record?["id"]}"));

    [Fact]
    public void Json_pages_give_their_records_at_the_runs_data_path_with_their_page()
    {
        var run = Run("data.items",
            Page(1, JsonNode.Parse("""{"data":{"items":[{"id":1},{"id":2}]}}"""), 2),
            Page(2, JsonNode.Parse("""{"data":{"items":[{"id":3}]}}"""), 1));

        var listing = RecordListing.Of(run, 500);

        Assert.Equal("1:1,1:2,2:3", Ids(listing));
        Assert.Equal(3, listing.Total);
        Assert.False(listing.NotListed);
        Assert.False(listing.Text);
    }

    [Theory]
    [InlineData("$.data.items", "1:1,1:2")]
    [InlineData("data.items[1]", "1:2")]
    [InlineData("", "")]
    public void Data_paths_are_read_by_the_runners_grammar(string dataPath, string expected)
    {
        var body = JsonNode.Parse("""{"data":{"items":[{"id":1},{"id":2}]}}""");
        var listing = RecordListing.Of(Run(dataPath, Page(1, body, 2)), 500);

        if (expected == "")
        {
            // The body itself is one record (an object).
            Assert.Single(listing.Records);
            Assert.NotNull(listing.Records[0].Record!["data"]);
        }
        else
        {
            Assert.Equal(expected, Ids(listing));
        }
    }

    [Fact]
    public void An_error_page_the_runner_counted_nothing_on_is_not_listed()
    {
        var run = Run(null,
            Page(1, JsonNode.Parse("""[{"id":1}]"""), 1),
            Page(2, JsonNode.Parse("""{"error":"rate limited","id":"x"}"""), null));

        var listing = RecordListing.Of(run, 500);

        Assert.Equal("1:1", Ids(listing));
        Assert.False(listing.NotListed);
    }

    [Fact]
    public void A_counted_page_whose_body_went_to_a_file_or_holds_nothing_at_the_path_is_said_not_listed()
    {
        var streamed = RecordListing.Of(Run(null, Page(1, null, 40, bodyFile: "/tmp/page-1.json")), 500);
        Assert.Empty(streamed.Records);
        Assert.True(streamed.NotListed);

        var moved = RecordListing.Of(Run("items", Page(1, JsonNode.Parse("""{"data":[{"id":1}]}"""), 1)), 500);
        Assert.Empty(moved.Records);
        Assert.True(moved.NotListed);

        var emptyPage = RecordListing.Of(Run("items", Page(1, JsonNode.Parse("""{"data":[]}"""), 0)), 500);
        Assert.False(emptyPage.NotListed);
    }

    [Fact]
    public void The_first_records_are_kept_up_to_the_bound_and_the_total_counts_them_all()
    {
        var items = new JsonArray([.. Enumerable.Range(1, 300).Select(i => (JsonNode)new JsonObject { ["id"] = i })]);
        var run = Run(null, Page(1, items, 300), Page(2, items.DeepClone(), 300));

        var listing = RecordListing.Of(run, 500);

        Assert.Equal(500, listing.Records.Count);
        Assert.Equal(600, listing.Total);
        Assert.Equal(2, listing.Records[^1].Page);
        Assert.False(listing.NotListed);
    }

    [Fact]
    public void A_real_peoplevox_page_lists_the_runners_csv_records_as_many_as_it_counted()
    {
        var text = File.ReadAllText(Path.Combine(SampleCorpus.RepositoryRoot, "extension", "test", "unit", "fixtures", "peoplevox-item-types.run.json"));
        var run = JsonNode.Parse(text)!.AsObject();
        var counted = run["run"]!["pages"]![0]!["records"]!.GetValue<int>();

        var listing = RecordListing.Of(run, 500);

        Assert.Equal(counted, listing.Records.Count);
        Assert.True(listing.Text);
        Assert.False(listing.NotListed);
        Assert.Equal("MCS-00010", listing.Records[0].Record!["ItemCode"]!.GetValue<string>());
        // A quoted address over three lines is one record, as the runner counted it.
        Assert.Equal("Item 14, returns to:\nUnit 4, \"Leeds Dock\"\nLeeds LS10 1PZ", listing.Records[2].Record!["Description"]!.GetValue<string>());

        // A text page without the runner's records is counted, not listed: nothing parses the body again.
        run["run"]!["pages"]![0]!.AsObject().Remove("listedRecords");
        var unlisted = RecordListing.Of(run, 500);
        Assert.Empty(unlisted.Records);
        Assert.True(unlisted.NotListed);
    }

    [Fact]
    public void A_page_whose_records_passed_the_runners_size_bound_says_the_rest_are_not_listed()
    {
        var listed = new JsonArray(new JsonObject { ["id"] = "a" }, new JsonObject { ["id"] = "b" });
        var listing = RecordListing.Of(Run("Envelope.Body", Page(1, null, 5, listed)), 500);

        Assert.Equal(2, listing.Records.Count);
        Assert.True(listing.NotListed);
        Assert.True(listing.Text);
    }

    [Fact]
    public void Something_that_is_not_a_run_lists_nothing()
    {
        Assert.Empty(RecordListing.Of(JsonNode.Parse("""{"pages":"no"}"""), 500).Records);
        Assert.Empty(RecordListing.Of(null, 500).Records);
    }
}
