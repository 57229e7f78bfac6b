using System.Text.Json;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Importing.Tests.Infrastructure;

namespace Patchworks.Importing.Tests;

/// <summary>patchworks import of OpenAPI documents and HAR recordings through the real CLI process.</summary>
public sealed class OpenApiCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Imports_a_yaml_document_with_its_schemas_and_the_output_passes_validate()
    {
        var source = _folder.CopySample("xero/xero-projects.yaml");

        var result = CliProcess.Run(_folder.Path, "import", source, "--into", "out");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Imported 16 of 16 requests; wrote", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("pagination pageNumber guessed", result.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(_folder.File("out/xero-projects-api.connector.json")));
        Assert.True(File.Exists(_folder.File("out/schemas/project.json")));
        var validate = CliProcess.Run(_folder.Path, "validate", "out");
        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.Contains("0 errors", validate.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_import_changes_no_file()
    {
        var source = _folder.CopySample("square/api.json");
        Assert.Equal(0, CliProcess.Run(_folder.Path, "import", source, "--into", "out").ExitCode);
        var before = Directory.GetFiles(_folder.File("out"), "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
        Assert.Contains(before.Keys, f => f.Contains("schemas", StringComparison.Ordinal));

        var again = CliProcess.Run(_folder.Path, "import", source, "--into", "out");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("nothing new, no file changed", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(before.Count, Directory.GetFiles(_folder.File("out"), "*", SearchOption.AllDirectories).Length);
        foreach (var (file, bytes) in before)
        {
            Assert.Equal(bytes, File.ReadAllBytes(file));
        }
    }

    [Fact]
    public void A_broken_document_exits_1_with_the_readers_error_and_location()
    {
        _folder.Write("broken.yaml", "openapi: 3.0.3\ninfo:\n  title: X\n  version: '1'\npaths:\n  /a:\n    get: {\n");

        var result = CliProcess.Run(_folder.Path, "import", "broken.yaml", "--into", "out");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("import failed", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("line", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder.File("out")) && Directory.EnumerateFileSystemEntries(_folder.File("out")).Any());
    }

    [Fact]
    public void Har_from_standard_input_with_a_json_report()
    {
        var har = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "HandMade", "shop-session.har"));

        var result = Harness.RunWithInput(_folder.Path, har, "import", "-", "--format", "har", "--into", "out", "--report-format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.Stdout);
        Assert.Equal("har", report.RootElement.GetProperty("format").GetString());
        Assert.Equal(8, report.RootElement.GetProperty("endpoints").GetInt32());
        Assert.Contains(report.RootElement.GetProperty("written").EnumerateArray(), w => w.GetString()!.EndsWith("api-shop-example.connector.json", StringComparison.Ordinal));
        Assert.DoesNotContain("hunter2-Secret!", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, CliProcess.Run(_folder.Path, "validate", "out").ExitCode);
    }

    [Fact]
    public void A_postman_collection_named_openapi_exits_1()
    {
        var source = _folder.CopySample("mollie/Mollie_CT.postman_collection.json");
        var result = CliProcess.Run(_folder.Path, "import", source, "--format", "openapi");
        Assert.True(result.ExitCode == 1, result.ToString());
    }

    [Fact]
    public void Help_names_the_new_formats()
    {
        var result = CliProcess.Run(_folder.Path, "import", "--help");
        Assert.Contains("OpenAPI", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("HAR", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("har", result.Stdout, StringComparison.Ordinal);
    }
}
