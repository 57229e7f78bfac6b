using Patchworks.Cli.Tests.Infrastructure;

namespace Patchworks.Cli.Tests;

/// <summary>validate with arguments it cannot use and files that are not what they claim to be.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Nonexistent_path_exits_2_naming_the_path()
    {
        _workspace.CopySample("mirakl");

        var result = _workspace.Run("validate", "mirakl", "no-such-folder");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.Equal(["patchworks: no such file or folder: no-such-folder"], result.StderrLines);
    }

    [Fact]
    public void Unknown_option_exits_2_naming_the_option()
    {
        _workspace.CopySample("mirakl");

        var result = _workspace.Run("validate", "mirakl", "--bogus");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.Contains("--bogus", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_option_is_reported_as_an_option_not_as_a_path()
    {
        _workspace.CopySample("mirakl");

        var result = _workspace.Run("validate", "mirakl", "--bogus");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.DoesNotContain("no such file or folder", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Unrecognized command or argument '--bogus'", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format", "xml")]
    [InlineData("-f", "yaml")]
    public void Unknown_format_exits_2_listing_the_formats(string option, string format)
    {
        _workspace.CopySample("mirakl");

        var result = _workspace.Run("validate", "mirakl", option, format);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.Contains($"Argument '{format}' not recognized", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'sarif'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Run 'patchworks --help' for usage.", result.StderrLines);
    }

    [Fact]
    public void Folder_without_connector_files_exits_2()
    {
        _workspace.Write("empty/readme.md", "# not a connector\n");
        _workspace.Write("empty/data.json", "{ \"endpoints\": [] }");

        var result = _workspace.Run("validate", "empty");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.Equal(
            [
                "patchworks: warning: no *.connector.json, *.instance.json or *.tests.json files under empty",
                "patchworks: nothing to check: no connector, instance or tests files were found",
            ],
            result.StderrLines);
    }

    [Fact]
    public void Folder_search_skips_bin_obj_and_node_modules()
    {
        _workspace.CopySample("mirakl");
        foreach (var skipped in new[] { "bin", "obj", "node_modules", ".git" })
        {
            _workspace.Write($"mirakl/{skipped}/broken.connector.json", "{");
        }

        var result = _workspace.Run("validate", "mirakl");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["Checked 4 files: 0 errors, 0 warnings."], result.StderrLines);
    }

    [Fact]
    public void File_that_is_neither_connector_nor_instance_is_a_warning_on_stderr()
    {
        _workspace.CopySample("mirakl");
        _workspace.Write("other/notes.json", "{ \"hello\": \"world\" }");

        var result = _workspace.Run("validate", "mirakl", "other/notes.json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.Equal(
            [
                "patchworks: warning: other/notes.json is neither a connector nor an instance file and was not checked (name it *.connector.json, *.instance.json or *.tests.json, or set \"$schema\")",
                "Checked 4 files: 0 errors, 0 warnings.",
            ],
            result.StderrLines);
    }

    [Fact]
    public void File_with_a_connector_schema_but_another_name_is_checked_as_a_connector()
    {
        _workspace.Write("other/thing.json", "{ \"$schema\": \"../schemas/connector.schema.json\", \"name\": \"x\", \"colour\": \"pink\" }");

        var result = _workspace.Run("validate", "other/thing.json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var diagnostics = TextDiagnostics.Parse(result);
        Assert.NotEmpty(diagnostics);
        Assert.All(diagnostics, d => Assert.Equal("other/thing.json", d.File));
        Assert.Contains(diagnostics, d => d.Code == "PW1002"); // authMethods, endpoints... are missing
        Assert.Equal(TextDiagnostics.Summary(1, diagnostics.Count, 0), Assert.Single(result.StderrLines));
    }

    [Fact]
    public void Only_an_unrecognised_file_is_nothing_to_check()
    {
        _workspace.Write("other/notes.json", "{ \"hello\": \"world\" }");

        var result = _workspace.Run("validate", "other/notes.json");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("patchworks: nothing to check: no connector, instance or tests files were found", result.StderrLines);
    }

    [Fact]
    public void Garbage_bytes_named_connector_give_diagnostics_and_no_crash()
    {
        var random = new Random(20240611);
        var bytes = new byte[4096];
        random.NextBytes(bytes);
        _workspace.WriteBytes("garbage/x.connector.json", bytes);

        var result = _workspace.Run("validate", "garbage");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.DoesNotContain("Unhandled exception", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        var diagnostics = TextDiagnostics.Parse(result);
        Assert.NotEmpty(diagnostics);
        Assert.All(diagnostics, d =>
        {
            Assert.Equal("garbage/x.connector.json", d.File);
            Assert.Equal("error", d.Severity);
            Assert.Matches("^PW0", d.Code);
            Assert.True(d.Line >= 1 && d.Column >= 1, d.Location);
        });
        Assert.Equal(TextDiagnostics.Summary(1, diagnostics.Count, 0), Assert.Single(result.StderrLines));
    }

    [Fact]
    public void Every_byte_value_named_connector_gives_diagnostics_and_no_crash()
    {
        _workspace.WriteBytes("garbage/all.connector.json", [.. Enumerable.Range(0, 256).Select(b => (byte)b)]);
        _workspace.WriteBytes("garbage/nul.instance.json", [0, 0, 0, (byte)'{', 0]);

        var result = _workspace.Run("validate", "garbage");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.DoesNotContain("Unhandled exception", result.Stderr, StringComparison.Ordinal);
        var diagnostics = TextDiagnostics.Parse(result);
        Assert.Contains(diagnostics, d => d.File == "garbage/all.connector.json");
        Assert.Contains(diagnostics, d => d.File == "garbage/nul.instance.json");
        Assert.Equal(TextDiagnostics.Summary(2, diagnostics.Count, 0), Assert.Single(result.StderrLines));
    }

    [Fact]
    public void Control_characters_from_the_file_are_not_copied_into_text_output()
    {
        _workspace.Write("garbage/esc.connector.json", "{\"name\": \u001b[31mRED\u0007 }");

        var result = _workspace.Run("validate", "garbage");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.DoesNotContain(result.Stdout, c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t');
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t \r\n")]
    public void Empty_file_is_PW0014(string content)
    {
        _workspace.Write("e/x.connector.json", content);
        _workspace.Write("e/y.instance.json", content);

        var result = _workspace.Run("validate", "e");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(
            [
                "e/x.connector.json:1:1: error PW0014: The file is empty: expected a JSON object.",
                "e/y.instance.json:1:1: error PW0014: The file is empty: expected a JSON object.",
            ],
            result.StdoutLines);
        Assert.Equal(["Checked 2 files: 2 errors, 0 warnings."], result.StderrLines);
    }

    [Fact]
    public void Very_deep_nesting_is_PW0013_not_a_stack_overflow()
    {
        const int depth = 100_000;
        _workspace.Write("deep/x.connector.json", "{\"a\":" + new string('[', depth) + new string(']', depth) + "}");

        var result = _workspace.Run("validate", "deep");

        Assert.True(result.ExitCode == 1, result.ToString());
        var diagnostics = TextDiagnostics.Parse(result);
        // The root object is level 1, so the 256th '[' (column 6 + 255) is the first value past 256 levels.
        var nesting = Assert.Single(diagnostics, d => d.Code == "PW0013");
        Assert.Equal("deep/x.connector.json:1:261", nesting.Location);
        Assert.Equal("Values are nested more than 256 levels deep; the rest of this value is skipped.", nesting.Message);
        Assert.Equal(TextDiagnostics.Summary(1, diagnostics.Count, 0), Assert.Single(result.StderrLines));
    }

    [Fact]
    public void Json_array_instead_of_object_is_PW1003()
    {
        _workspace.Write("a/x.connector.json", "[]");

        var result = _workspace.Run("validate", "a");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(["a/x.connector.json:1:1: error PW1003: Expected an object but found an array."], result.StdoutLines);
    }
}
