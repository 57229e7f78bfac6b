using System.Text.Json.Nodes;
using Patchworks.Cli.Tests.Infrastructure;

namespace Patchworks.Cli.Tests;

/// <summary>patchworks schema infer, run as the real command.</summary>
public sealed class SchemaCommandTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private static JsonObject Schema(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.Stdout)!.AsObject();
    }

    [Fact]
    public void A_json_array_of_records_prints_its_schema_on_stdout()
    {
        _workspace.Write("records.json", """
            [ { "id": 1, "email": "a@shop.example", "total": 10 },
              { "id": 2, "email": "b@shop.example", "total": 12.5, "note": null } ]
            """);

        var schema = Schema(_workspace.Run("schema", "infer", "records.json"));

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string?)schema["$schema"]);
        Assert.Equal("[\"id\",\"email\",\"total\"]", schema["required"]!.ToJsonString());
        Assert.Equal("email", (string?)schema["properties"]!["email"]!["format"]);
        Assert.Equal("number", (string?)schema["properties"]!["total"]!["type"]);
        Assert.Equal("null", (string?)schema["properties"]!["note"]!["type"]);
    }

    [Fact]
    public void A_saved_run_gives_the_records_of_every_page_json_and_listed()
    {
        // The layout patchworks run --out writes (docs/runner.md#the-saved-run): a JSON page, a CSV page with
        // listedRecords, and a failed page with no response.
        _workspace.Write("run.json", """
            { "formatVersion": 1,
              "run": { "connector": "shop", "endpoint": "list-orders", "records": 3, "stop": "completed",
                "pages": [
                  { "number": 1, "records": 2, "exchange": { "request": { "method": "GET", "url": "https://api.shop.example/orders", "headers": [] },
                      "response": { "status": 200, "reason": "OK", "headers": [], "json": { "orders": [ { "id": 1, "status": "paid" }, { "id": 2, "status": "paid" } ], "meta": { "next": null } } } } },
                  { "number": 2, "records": 1, "exchange": { "request": { "method": "GET", "url": "https://api.shop.example/orders?page=2", "headers": [] },
                      "response": { "status": 200, "reason": "OK", "headers": [], "body": "id,status\n3,void" } },
                    "listedRecords": [ { "id": "3", "status": "void", "extra": "x" } ] },
                  { "number": 3, "records": 0, "exchange": { "request": { "method": "GET", "url": "https://api.shop.example/orders?page=3", "headers": [] }, "error": "timed out" } }
                ] } }
            """);

        var result = _workspace.Run("schema", "infer", "run.json");
        var schema = Schema(result);

        // Page 1's ids are numbers, the CSV page's text.
        Assert.Equal("[\"string\",\"integer\"]", schema["properties"]!["id"]!["type"]!.ToJsonString());
        Assert.Equal("[\"id\",\"status\"]", schema["required"]!.ToJsonString());
        Assert.NotNull(schema["properties"]!["extra"]);
        Assert.Contains("Inferred a schema from 3 records", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("records at orders", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("page 3:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_saved_run_is_read_at_the_data_path_it_recorded_as_compare_reads_it()
    {
        // The runner counted the records at "items"; a guess by name would take "data". One reader (RunRecords) for
        // compare and schema infer: both read the run where it says its records are.
        _workspace.Write("run.json", """
            { "formatVersion": 1,
              "run": { "connector": "shop", "endpoint": "list", "dataPath": "items", "records": 2, "stop": "completed",
                "pages": [
                  { "number": 1, "records": 2, "exchange": { "request": { "method": "GET", "url": "https://api.shop.example/items", "headers": [] },
                      "response": { "status": 200, "reason": "OK", "headers": [], "json": { "items": [ { "sku": "A" }, { "sku": "B" } ], "data": [ { "other": 1 } ] } } } },
                  { "number": 2, "records": 0, "exchange": { "request": { "method": "GET", "url": "https://api.shop.example/items?page=2", "headers": [] }, "error": "timed out" } }
                ] } }
            """);

        var result = _workspace.Run("schema", "infer", "run.json");
        var schema = Schema(result);

        Assert.NotNull(schema["properties"]!["sku"]);
        Assert.Null(schema["properties"]!["other"]);
        Assert.Contains("Inferred a schema from 2 records", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("page 2: no JSON body with items", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("use --data-path to choose", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_path_chooses_the_records_in_any_document_and_out_writes_a_file()
    {
        _workspace.Write("response.json", """{ "result": { "rows": [ { "sku": "A" }, { "sku": "B", "qty": 2 } ] }, "orders": [ { "id": 1 } ] }""");

        var result = _workspace.Run("schema", "infer", "response.json", "--data-path", "result.rows", "--out", "schemas/rows.json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stdout);
        var schema = JsonNode.Parse(_workspace.Read("schemas/rows.json"))!.AsObject();
        Assert.Equal("[\"sku\"]", schema["required"]!.ToJsonString());
        Assert.NotNull(schema["properties"]!["qty"]);
        Assert.Null(schema["properties"]!["id"]);
        Assert.Contains("wrote schemas/rows.json", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Enum_options_make_and_prevent_enums()
    {
        _workspace.Write("records.json", """[ { "state": "open" }, { "state": "open" }, { "state": "closed" }, { "state": "closed" } ]""");

        var withDefaults = Schema(_workspace.Run("schema", "infer", "records.json"));
        var lowered = Schema(_workspace.Run("schema", "infer", "records.json", "--enum-min", "4"));

        Assert.Null(withDefaults["properties"]!["state"]!["enum"]);
        Assert.Equal("[\"closed\",\"open\"]", lowered["properties"]!["state"]!["enum"]!.ToJsonString());
    }

    [Fact]
    public void Malformed_json_exits_1_with_file_line_and_column()
    {
        _workspace.Write("broken.json", "[\n  { \"a\": 1 },\n  { \"a\": }\n]");

        var result = _workspace.Run("schema", "infer", "broken.json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.StartsWith("patchworks: broken.json:3:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void No_records_or_a_data_path_that_is_not_there_exits_1()
    {
        _workspace.Write("empty.json", "[]");
        _workspace.Write("doc.json", """{ "data": [ { "a": 1 } ] }""");

        var empty = _workspace.Run("schema", "infer", "empty.json");
        var missing = _workspace.Run("schema", "infer", "doc.json", "--data-path", "result.items");
        var nearMiss = _workspace.Run("schema", "infer", "doc.json", "--data-path", "data");

        Assert.True(empty.ExitCode == 1, empty.ToString());
        Assert.Contains("no records", empty.Stderr, StringComparison.Ordinal);
        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.Contains("result.items names no array or object", missing.Stderr, StringComparison.Ordinal);
        Assert.True(nearMiss.ExitCode == 0, nearMiss.ToString());
    }

    [Fact]
    public void Bad_usage_exits_2()
    {
        _workspace.Write("records.json", "[ { \"a\": 1 } ]");

        var missingFile = _workspace.Run("schema", "infer", "no-such.json");
        var badPath = _workspace.Run("schema", "infer", "records.json", "--data-path", "data..items");
        var outIsFolder = _workspace.Run("schema", "infer", "records.json", "--out", ".");
        var noSource = _workspace.Run("schema", "infer");

        Assert.True(missingFile.ExitCode == 2, missingFile.ToString());
        Assert.Contains("no such file: no-such.json", missingFile.Stderr, StringComparison.Ordinal);
        Assert.True(badPath.ExitCode == 2, badPath.ToString());
        Assert.Contains("--data-path data..items", badPath.Stderr, StringComparison.Ordinal);
        Assert.True(outIsFolder.ExitCode == 2, outIsFolder.ToString());
        Assert.True(noSource.ExitCode == 2, noSource.ToString());
    }

    [Fact]
    public void Empty_standard_input_exits_1_as_malformed_json()
    {
        var result = _workspace.Run("schema", "infer", "-");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("standard input:1:1: not valid JSON", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_of_the_records_never_reach_the_output()
    {
        _workspace.Write("records.json", """[ { "token": "tok_live_abcdefghijklmnop", "email": "private.person@shop.example" } ]""");

        var result = _workspace.Run("schema", "infer", "records.json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("tok_live", result.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("private.person", result.AllOutput, StringComparison.Ordinal);
    }
}
