using System.Text.Json.Nodes;
using Patchworks.Core.Running.Results;

namespace Patchworks.Runner.Tests.Running;

/// <summary>RunRecords reads a saved run's records back; RunComparison sets two of them side by side.</summary>
public sealed class RunComparisonTests
{
    private static RunRecords Run(string dataPath, params string[] pageBodies)
    {
        var pages = new JsonArray();
        for (var i = 0; i < pageBodies.Length; i++)
        {
            var body = JsonNode.Parse(pageBodies[i]);
            var count = (body is JsonObject o ? o["data"] : body) is JsonArray a ? a.Count : 0;
            pages.Add(new JsonObject { ["number"] = i + 1, ["records"] = count, ["exchange"] = new JsonObject { ["response"] = new JsonObject { ["status"] = 200, ["json"] = body } } });
        }
        return RunRecords.Of(new JsonObject { ["formatVersion"] = 1, ["run"] = new JsonObject { ["dataPath"] = dataPath, ["records"] = 0, ["pages"] = pages, ["stop"] = "completed" } });
    }

    [Fact]
    public void Records_are_read_page_by_page_at_the_data_path_the_run_recorded_and_listed_records_of_a_csv_page_as_they_are()
    {
        var json = Run("data", """{"data": [{"id": 1}, {"id": 2}]}""", """{"data": [{"id": 3}]}""");
        var csv = RunRecords.Of(JsonNode.Parse("""{"run": {"pages": [{"number": 1, "records": 2, "listedRecords": [{"sku": "A"}, {"sku": "B"}]}]}}"""));

        Assert.Equal([1, 2, 3], json.Records.Select(r => r!["id"]!.GetValue<int>()));
        Assert.Empty(json.Gaps);
        Assert.Equal(["A", "B"], csv.Records.Select(r => r!["sku"]!.GetValue<string>()));
    }

    [Fact]
    public void A_page_whose_records_cannot_be_read_back_is_a_gap_and_an_empty_page_is_not()
    {
        var run = RunRecords.Of(JsonNode.Parse("""
            {"run": {"dataPath": "items", "pages": [
              {"number": 1, "records": 2, "exchange": {"response": {"json": {"other": []}}}},
              {"number": 2, "records": 5, "exchange": {"response": {"bodyFile": "/tmp/x"}}},
              {"number": 3, "records": 0, "exchange": {"response": {"json": {"items": null}}}}]}}
            """));

        Assert.Equal(["page 1: nothing at the data path items", "page 2: its body was too large to keep in the run"], run.Gaps);
    }

    [Fact]
    public void Not_a_saved_run_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => RunRecords.Read("[1, 2]"));
        Assert.Throws<FormatException>(() => RunRecords.Read("{\"run\": "));
    }

    [Fact]
    public void Records_are_matched_by_id_so_a_changed_record_is_changed_not_added_and_removed()
    {
        var before = Run("data", """{"data": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}, {"id": 3, "name": "c"}]}""");
        var after = Run("data", """{"data": [{"name": "B", "id": 2}, {"id": 1, "name": "a"}, {"id": 4, "name": "d"}]}""");

        var c = RunComparison.Compare(before, after);

        Assert.Equal("id", c.Key);
        Assert.Equal((1, 1, 1, 1), (c.Added, c.Removed, c.Changed, c.Unchanged));
        Assert.Equal(["2"], c.ChangedKeys);
        Assert.Equal(4, c.AddedSample.Single()!["id"]!.GetValue<int>());
        Assert.Equal(3, c.RemovedSample.Single()!["id"]!.GetValue<int>());
        Assert.False(c.Same);
    }

    [Fact]
    public void Without_an_id_in_every_record_records_are_matched_by_content_whatever_the_member_order_and_repeats_count()
    {
        var before = Run("", """[{"a": 1, "b": 2}, {"a": 1, "b": 2}, {"c": 3}]""");
        var after = Run("", """[{"b": 2, "a": 1}, {"c": 3}, {"id": 7}]""");

        var c = RunComparison.Compare(before, after);

        Assert.Null(c.Key);
        Assert.Equal((1, 1, 0, 2), (c.Added, c.Removed, c.Changed, c.Unchanged));
    }

    [Fact]
    public void A_duplicated_id_is_not_a_key_and_GraphQL_nodes_are_matched_by_node_id()
    {
        var duplicated = RunComparison.Compare(Run("", """[{"id": 1}, {"id": 1}]"""), Run("", """[{"id": 1}]"""));
        var nodes = RunComparison.Compare(Run("", """[{"node": {"id": "g1", "v": 1}}]"""), Run("", """[{"node": {"id": "g1", "v": 2}}]"""));

        Assert.Null(duplicated.Key);
        Assert.Equal(1, duplicated.Removed);
        Assert.Equal("node.id", nodes.Key);
        Assert.Equal(1, nodes.Changed);
    }

    [Fact]
    public void Fields_added_removed_and_retyped_are_listed_once_per_subtree_and_the_same_runs_are_the_same()
    {
        var before = Run("", """[{"id": 1, "total": "9.50", "address": {"zip": "A1", "city": "X"}, "tags": ["a"]}]""");
        var after = Run("", """[{"id": 1, "total": 9.5, "tags": [1], "note": null}]""");

        var c = RunComparison.Compare(before, after);
        var same = RunComparison.Compare(before, before);

        Assert.Equal(
            ["address removed (object →)", "note added (→ null)", "tags[] typeChanged (string → number)", "total typeChanged (string → number)"],
            c.Fields.Select(f => $"{f.Path} {f.Change} ({string.Join("|", f.Before)} → {string.Join("|", f.After)})".Replace(" )", ")", StringComparison.Ordinal).Replace("( →", "(→", StringComparison.Ordinal)));
        Assert.True(same.Same);
        Assert.Empty(same.Fields);
    }

    [Fact]
    public void A_record_nested_deeper_than_the_bound_is_compared_to_the_bound_without_failing()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200);
        var run = RunRecords.Read("{\"run\": {\"pages\": [{\"number\": 1, \"records\": 1, \"exchange\": {\"response\": {\"json\": [" + deep + "]}}}]}}");

        var c = RunComparison.Compare(run, run);

        Assert.True(c.Same);
        Assert.True(c.Fields.Count == 0);
    }
}
