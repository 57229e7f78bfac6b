using System.Text.Json.Nodes;
using Patchworks.Core.Importing;
using Patchworks.Importing.Tests.Infrastructure;

namespace Patchworks.Importing.Tests;

/// <summary>
/// The editor's choices: guesses with ids and outputs, rejected ones left out of what is written; new endpoints
/// merged at the cursor.
/// </summary>
public sealed class GuessChoiceTests
{
    /// <summary>Two recorded pages of products (a data path, a page-number guess and an inferred schema) and one customer call.</summary>
    private static string Har()
    {
        static JsonObject Call(string url, string response) => new()
        {
            ["request"] = new JsonObject { ["method"] = "GET", ["url"] = url, ["headers"] = new JsonArray(), ["queryString"] = new JsonArray() },
            ["response"] = new JsonObject { ["status"] = 200, ["content"] = new JsonObject { ["mimeType"] = "application/json", ["text"] = response } },
        };
        return new JsonObject
        {
            ["log"] = new JsonObject
            {
                ["version"] = "1.2",
                ["entries"] = new JsonArray(
                    Call("https://api.x.example/v1/products?page=1&per_page=2", """{ "data": [ { "id": 1, "name": "Mug" } ] }"""),
                    Call("https://api.x.example/v1/products?page=2&per_page=2", """{ "data": [ { "id": 3, "name": "Cup" } ] }"""),
                    Call("https://api.x.example/v1/customers", """[ { "id": 7 } ]""")),
            },
        }.ToJsonString();
    }

    private static ImportResult Import(string text, params string[] rejected) => ApiImport.Run(new ImportInput { Text = text, RejectedGuesses = rejected });

    private static ReportEntry Guess(ImportResult result, string startsWith, string location) =>
        Assert.Single(result.Report.Of(ReportKind.Guessed), g => g.Message.StartsWith(startsWith, StringComparison.Ordinal) && g.Location.StartsWith(location, StringComparison.Ordinal));

    [Fact]
    public void Each_guess_has_a_stable_id_and_the_outputs_it_produced()
    {
        var first = Import(Har());
        var second = Import(Har());
        Assert.Equal(first.Report.Of(ReportKind.Guessed).Select(g => g.Id), second.Report.Of(ReportKind.Guessed).Select(g => g.Id));
        Assert.All(first.Report.Of(ReportKind.Guessed), g => Assert.StartsWith("guess-", g.Id, StringComparison.Ordinal));
        Assert.Equal(first.Report.Of(ReportKind.Guessed).Count(), first.Report.Of(ReportKind.Guessed).Select(g => g.Id).Distinct().Count());
        Assert.All(first.Report.Entries.Where(e => e.Kind != ReportKind.Guessed), e => Assert.Null(e.Id));

        Assert.Equal(["endpoints[get-v1-products].pagination"], Guess(first, "pagination pageNumber", "log.entries[").Outputs);
        Assert.Equal(["endpoints[get-v1-products].dataPath"], Guess(first, "dataPath data", "log.entries[0]").Outputs);
        var schema = Guess(first, "the record schema was inferred", "log.entries[0]");
        Assert.Equal("endpoints[get-v1-products].schema", schema.Outputs[0]);
        Assert.StartsWith("schemas/", schema.Outputs[1], StringComparison.Ordinal);
        // Guesses that cannot be left out: no outputs (the customers' root array has no dataPath to leave out).
        Assert.Empty(Guess(first, "the recorded response is an array", "log.entries[2]").Outputs);
        Assert.Contains("\"outputs\"", first.Report.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Rejected_guesses_leave_out_the_pagination_and_the_schema_with_its_file_and_the_connector_still_validates()
    {
        var guesses = Import(Har());
        var pagination = Guess(guesses, "pagination pageNumber", "log.entries[");
        var schema = Guess(guesses, "the record schema was inferred", "log.entries[0]");

        var result = Import(Har(), pagination.Id!, schema.Id!);
        using var folder = new TempFolder();
        Harness.Write(result, folder);
        Harness.AssertNoErrors(folder);
        var products = Harness.Endpoint(Harness.Json(result.ConnectorText!), "get-v1-products");
        Assert.Null(products["pagination"]);
        Assert.Null(products["schema"]);
        Assert.Equal("data", (string?)products["dataPath"]);
        Assert.DoesNotContain(result.Files, f => f.Path == schema.Outputs[1]);
        Assert.False(File.Exists(folder.File(schema.Outputs[1])));
        // The customers' schema was not rejected: still written.
        Assert.NotNull(Harness.Endpoint(Harness.Json(result.ConnectorText!), "get-v1-customers")["schema"]);
        Assert.Equal(2, result.Report.Of(ReportKind.Dropped).Count(d => d.Message.StartsWith("left out (rejected in the preview)", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_rejected_guess_that_cannot_be_left_out_is_kept_and_said_so_and_an_unknown_id_changes_nothing()
    {
        var plain = Import(Har());
        var array = Guess(plain, "the recorded response is an array", "log.entries[2]");
        var result = Import(Har(), array.Id!, "guess-ffffffffffff");
        Assert.Equal(plain.ConnectorText, result.ConnectorText);
        Assert.Contains(result.Report.Of(ReportKind.Mapped), m => m.Message.StartsWith("kept although rejected", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Report.Of(ReportKind.Dropped), d => d.Message.StartsWith("left out", StringComparison.Ordinal));
    }

    private const string Existing = "{\r\n  \"name\": \"Shop\",\r\n  \"version\": { \"number\": 1 },\r\n  \"systemType\": \"eCommerce\",\r\n  \"protocol\": \"HTTP\",\r\n"
        + "  \"variables\": [ { \"key\": \"base_url\", \"default\": \"https://api.shop.example\" } ],\r\n"
        + "  \"authMethods\": [ { \"id\": \"none\", \"name\": \"None\", \"type\": \"none\" } ],\r\n"
        + "  \"endpoints\": [\r\n    /* first */ { \"id\": \"a\", \"name\": \"A\", \"method\": \"GET\", \"url\": \"https://api.shop.example/a\" },\r\n"
        + "    { \"id\": \"b\", \"name\": \"B\", \"method\": \"GET\", \"url\": \"https://api.shop.example/b\" }\r\n  ]\r\n}\r\n";

    private static ImportResult Paste(string existing, int? at) => ApiImport.Run(new ImportInput
    {
        Text = "curl https://api.shop.example/v1/orders",
        Format = "curl",
        Existing = ("shop.connector.json", existing),
        EndpointsAt = at,
    });

    private static List<string> Ids(string text) => [.. Harness.Json(text)["endpoints"]!.AsArray().Select(e => (string)e!["id"]!)];

    [Fact]
    public void A_cursor_before_the_first_endpoint_of_a_crlf_file_inserts_it_first_in_the_files_line_endings()
    {
        var result = Paste(Existing, Existing.IndexOf("\"endpoints\": [", StringComparison.Ordinal) + "\"endpoints\": [".Length);
        var text = result.ConnectorText!;
        Assert.Equal(["get-v1-orders", "a", "b"], Ids(text));
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(Existing, Editing(text, result));
    }

    [Fact]
    public void A_cursor_in_an_array_written_on_one_line_or_past_the_last_endpoint_appends()
    {
        var oneLine = Existing.Replace("[\r\n    /* first */ {", "[ {", StringComparison.Ordinal).Replace("},\r\n    { \"id\": \"b\"", "}, { \"id\": \"b\"", StringComparison.Ordinal).Replace("}\r\n  ]", "} ]", StringComparison.Ordinal);
        Assert.Equal(["a", "b", "get-v1-orders"], Ids(Paste(oneLine, oneLine.IndexOf("\"A\"", StringComparison.Ordinal)).ConnectorText!));
        Assert.Equal(["a", "b", "get-v1-orders"], Ids(Paste(Existing, Existing.IndexOf("  ]", StringComparison.Ordinal)).ConnectorText!));
        // Near miss: inside the first endpoint, after it.
        Assert.Equal(["a", "get-v1-orders", "b"], Ids(Paste(Existing, Existing.IndexOf("\"A\"", StringComparison.Ordinal)).ConnectorText!));
    }

    /// <summary>The existing text again, from the merged one less what the edits inserted (checks the edits are insertions only).</summary>
    private static string Editing(string merged, ImportResult result)
    {
        var edit = Assert.Single(result.ConnectorEdits);
        Assert.Equal(0, edit.Span.Length);
        return merged.Remove(edit.Span.Start, edit.NewText.Length);
    }
}
