using System.Text.Json;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Importing.Tests.Infrastructure;

namespace Patchworks.Importing.Tests;

/// <summary>patchworks import through the real CLI process: exit codes, files written, stdin, limits.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Imports_a_collection_and_the_output_passes_validate()
    {
        var source = _folder.CopySample("feedonomics/WooCommerce_API.postman_collection.json");

        var result = CliProcess.Run(_folder.Path, "import", source, "--into", "out");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Imported 19 of 19 requests; wrote", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("mapped (", result.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(_folder.File("out/snowforge-woocommerce-rest-api.connector.json")));
        Assert.True(File.Exists(_folder.File("out/snowforge-woocommerce-rest-api.test.instance.json")));

        var validate = CliProcess.Run(_folder.Path, "validate", "out");
        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.Contains("0 errors", validate.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_import_into_the_same_folder_changes_nothing()
    {
        var source = _folder.CopySample("adyen/CheckoutService-v71.json");
        Assert.Equal(0, CliProcess.Run(_folder.Path, "import", source, "--into", "out").ExitCode);
        var before = Directory.GetFiles(_folder.File("out")).ToDictionary(f => f, File.ReadAllBytes);

        var again = CliProcess.Run(_folder.Path, "import", source, "--into", "out");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("nothing new, no file changed", again.Stderr, StringComparison.Ordinal);
        foreach (var (file, bytes) in before)
        {
            Assert.Equal(bytes, File.ReadAllBytes(file));
        }
    }

    [Fact]
    public void Importing_into_a_sample_folder_merges_into_its_connector_and_keeps_it_valid()
    {
        var sample = Repository.Sample("woocommerce");
        foreach (var file in Directory.GetFiles(sample))
        {
            File.Copy(file, _folder.File(Path.GetFileName(file)));
        }
        var before = _folder.Read("woocommerce.connector.json");
        _folder.Write("refunds.txt", "curl 'https://{{store_url}}/wp-json/wc/v3/refunds?per_page=20' -H 'Accept: application/json'\n");

        var result = CliProcess.Run(_folder.Path, "import", "refunds.txt", "--into", ".");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("merged into woocommerce.connector.json, the folder's only connector", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("no test instance written", result.Stdout, StringComparison.Ordinal);
        var after = _folder.Read("woocommerce.connector.json");
        Assert.StartsWith(before[..before.LastIndexOf("    }\n  ]", StringComparison.Ordinal)], after, StringComparison.Ordinal);
        Assert.Contains("\"id\": \"get-wp-json-wc-v3-refunds\"", after, StringComparison.Ordinal);
        // {{store_url}} is the connector's variable, and the connector's auth method applies: nothing new declared.
        Assert.DoesNotContain("{ \"key\": \"store_url\", \"required\": true }", after, StringComparison.Ordinal);
        Assert.DoesNotContain("no-auth", after, StringComparison.Ordinal);
        var validate = CliProcess.Run(_folder.Path, "validate", ".");
        Assert.True(validate.ExitCode == 0, validate.ToString());
    }

    [Fact]
    public void Curl_from_standard_input_with_a_json_report()
    {
        var result = Harness.RunWithInput(_folder.Path, "curl -H 'Authorization: Bearer stdin-token-abcdef' https://api.example.com/v1/products\n",
            "import", "-", "--name", "Example", "--report-format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.Stdout);
        Assert.Equal("curl", report.RootElement.GetProperty("format").GetString());
        Assert.Equal(1, report.RootElement.GetProperty("endpoints").GetInt32());
        // The Authorization header became a bearer auth method, whose token is the secret access_token.
        Assert.Equal("EXAMPLE_ACCESS_TOKEN", report.RootElement.GetProperty("secrets")[0].GetProperty("environmentVariable").GetString());
        Assert.DoesNotContain("stdin-token-abcdef", result.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(_folder.AllText(), t => t.Contains("stdin-token-abcdef", StringComparison.Ordinal));
        Assert.True(File.Exists(_folder.File("example.connector.json")));
    }

    [Fact]
    public void Environment_file_fills_the_instance()
    {
        _folder.Write("api.json", Harness.Collection(Harness.Request("Get", "GET", "{{host}}/x")));
        _folder.Write("staging.json", """{ "name": "Staging", "values": [ { "key": "host", "value": "https://staging.example.com", "enabled": true } ] }""");

        var result = CliProcess.Run(_folder.Path, "import", "api.json", "--environment", "staging.json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("https://staging.example.com", _folder.Read("test-api.test.instance.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_collection_exits_1_and_writes_nothing()
    {
        _folder.Write("empty.json", Harness.Collection(""));

        var result = CliProcess.Run(_folder.Path, "import", "empty.json", "--into", "out");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("nothing to import", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder.File("out")));
    }

    [Fact]
    public void Malformed_json_exits_1_with_the_location()
    {
        _folder.Write("broken.json", "{\n  \"info\": { \"schema\": \"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\" },\n  \"item\": [ { \"name\": \"x\" ]\n}");

        var result = CliProcess.Run(_folder.Path, "import", "broken.json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches(@"patchworks: import failed: line 3, column \d+: the collection is not valid JSON", result.Stderr);
    }

    [Fact]
    public void Input_over_50_MB_is_refused_unread()
    {
        var path = _folder.File("huge.json");
        using (var stream = File.Create(path))
        {
            stream.SetLength(60L * 1024 * 1024);
        }

        var fromFile = CliProcess.Run(_folder.Path, "import", "huge.json");
        Assert.True(fromFile.ExitCode == 1, fromFile.ToString());
        Assert.Contains("at most 52,428,800 bytes (50 MB)", fromFile.Stderr, StringComparison.Ordinal);

        var fromStdin = Harness.RunWithInput(_folder.Path, "curl https://a.example.com " + new string('x', 60 * 1024 * 1024), "import", "-");
        Assert.True(fromStdin.ExitCode == 1, fromStdin.ToString());
        Assert.Contains("larger than 52,428,800 bytes", fromStdin.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing.json")]
    [InlineData("--format", "wsdl", "x.json")]
    [InlineData("x.json", "--report-format", "xml")]
    public void Bad_usage_exits_2(params string[] args)
    {
        _folder.Write("x.json", "{}");

        var result = CliProcess.Run(_folder.Path, args.Prepend("import").ToArray());

        Assert.True(result.ExitCode == 2, result.ToString());
    }

    [Fact]
    public void A_collection_cannot_make_the_import_read_a_file_it_names()
    {
        _folder.Write("outside/secret.txt", "TOP-SECRET-FILE-CONTENT");
        var source = Harness.Collection(Harness.Request("Upload", "POST", "https://a.example.com/u", $$"""
            "body": { "mode": "file", "file": { "src": {{Harness.Quote(_folder.File("outside/secret.txt"))}} } }
            """) + "," + Harness.Request("Form", "POST", "https://a.example.com/f", $$"""
            "body": { "mode": "formdata", "formdata": [ { "key": "f", "type": "file", "src": {{Harness.Quote(_folder.File("outside/secret.txt"))}} } ] }
            """));
        _folder.Write("api.json", source);

        var result = CliProcess.Run(_folder.Path, "import", "api.json", "--into", "out");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("TOP-SECRET-FILE-CONTENT", result.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFiles(_folder.File("out")).Select(File.ReadAllText), t => t.Contains("TOP-SECRET-FILE-CONTENT", StringComparison.Ordinal));
    }

    [Fact]
    public void Help_lists_the_import_command_and_its_options()
    {
        var root = CliProcess.Run(_folder.Path, "--help");
        Assert.Contains(root.StdoutLines, l => l.TrimStart().StartsWith("import ", StringComparison.Ordinal));

        var help = CliProcess.Run(_folder.Path, "import", "--help");
        Assert.True(help.ExitCode == 0, help.ToString());
        foreach (var option in new[] { "--into", "--name", "--format", "--environment", "--only", "--report-format" })
        {
            Assert.Contains(option, help.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Example_schemas_are_written_under_schemas_but_never_through_a_linked_schemas_folder()
    {
        var source = _folder.CopySample("adyen/BinLookupService-v54.json");
        using var elsewhere = new TempFolder();
        Directory.CreateDirectory(_folder.File("linked"));
        Directory.CreateSymbolicLink(_folder.File("linked/schemas"), elsewhere.Path);

        var plain = CliProcess.Run(_folder.Path, "import", source, "--into", "plain");
        var linked = CliProcess.Run(_folder.Path, "import", source, "--into", "linked");

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.NotEmpty(Directory.GetFiles(_folder.File("plain/schemas")));
        Assert.Contains("plain/schemas/", plain.Stderr, StringComparison.Ordinal);
        Assert.True(linked.ExitCode == 0, linked.ToString());
        Assert.Contains("patchworks: schemas is a link; the import writes only regular files inside the connector's folder: not written", linked.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere.Path));
    }
}
