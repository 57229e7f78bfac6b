using System.Text.Json.Nodes;
using Patchworks.Cli.Tests.Infrastructure;

namespace Patchworks.Cli.Tests;

/// <summary>patchworks validate on the samples and on copies broken in one precise place.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private const string Connector = "mirakl/mirakl.connector.json";
    private const string Preprod = "mirakl/preprod.instance.json";
    private const string Prod = "mirakl/prod.instance.json";

    private readonly TempWorkspace _workspace = new();

    public ValidateCommandTests() => _workspace.CopySample("mirakl");

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Samples_are_clean()
    {
        var files = Repository.SampleDocuments().Count;
        // 18 API connectors (Magento 2's REST and SOAP connectors side by side in magento2/), each with a test and a live
        // instance, and its tests file; three more instances (Magento 2's bearer-token staging store, BigCommerce's
        // storefront test and live); an event connector and its two instances.
        Assert.Equal(78, files);

        var result = CliProcess.Run(Repository.Root, "validate", "samples");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.Equal([TextDiagnostics.Summary(files, 0, 0)], result.StderrLines);
    }

    [Fact]
    public void Unbroken_copy_is_clean()
    {
        var result = _workspace.Run("validate", "mirakl");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.Equal(["Checked 4 files: 0 errors, 0 warnings."], result.StderrLines);
    }

    [Fact]
    public void A_broken_tests_file_fails_validate_at_its_place_in_every_format()
    {
        _workspace.Replace("mirakl/mirakl.tests.json", "\"list-orders\": {", "\"list-order\": {");
        var (line, column) = _workspace.PositionOf("mirakl/mirakl.tests.json", "\"list-order\"");

        var folder = _workspace.Run("validate", "mirakl");
        var file = _workspace.Run("validate", "mirakl/mirakl.tests.json");
        var json = _workspace.Run("validate", "mirakl", "--format", "json");
        var sarif = _workspace.Run("validate", "mirakl", "--format", "sarif");

        Assert.True(folder.ExitCode == 1, folder.ToString());
        var expected = $"mirakl/mirakl.tests.json:{line}:{column}: error PW7002: The connector has no endpoint \"list-order\". Did you mean \"list-orders\"?";
        Assert.Equal([expected], folder.StdoutLines);
        Assert.Equal(["Checked 4 files: 1 error, 0 warnings."], folder.StderrLines);
        // The tests file alone: checked against its connector, which is read but not itself reported on.
        Assert.True(file.ExitCode == 1, file.ToString());
        Assert.Equal([expected], file.StdoutLines);
        Assert.Equal(["Checked 1 file: 1 error, 0 warnings."], file.StderrLines);
        Assert.True(json.ExitCode == 1, json.ToString());
        var diagnostic = Assert.Single(JsonNode.Parse(json.Stdout)!["diagnostics"]!.AsArray())!;
        Assert.Equal(("PW7002", "mirakl/mirakl.tests.json", line, column),
            (diagnostic["code"]!.GetValue<string>(), diagnostic["file"]!.GetValue<string>(), diagnostic["line"]!.GetValue<int>(), diagnostic["column"]!.GetValue<int>()));
        Assert.True(sarif.ExitCode == 1, sarif.ToString());
        var result = Assert.Single(JsonNode.Parse(sarif.Stdout)!["runs"]![0]!["results"]!.AsArray())!;
        Assert.Equal("PW7002", result["ruleId"]!.GetValue<string>());
        Assert.Equal((line, column), (result["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!.GetValue<int>(), result["locations"]![0]!["physicalLocation"]!["region"]!["startColumn"]!.GetValue<int>()));
    }

    [Fact]
    public void Without_paths_the_current_folder_is_checked()
    {
        var result = CliProcess.Run(_workspace.PathOf("mirakl"), "validate");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["Checked 4 files: 0 errors, 0 warnings."], result.StderrLines);
    }

    [Fact]
    public void Undefined_placeholder_is_PW2001_at_the_name_with_a_suggestion()
    {
        _workspace.Replace(Connector, "\"url\": \"https://{{instance_host}}/api/offers\"", "\"url\": \"https://{{instance_hots}}/api/offers\"");
        var (line, column) = _workspace.PositionOf(Connector, "instance_hots");
        Assert.Equal((54, 25), (line, column)); // the name inside the braces

        var result = _workspace.Run("validate", "mirakl");

        Assert.True(result.ExitCode == 1, result.ToString());
        var diagnostic = Assert.Single(TextDiagnostics.Parse(result));
        Assert.Equal($"{Connector}:{line}:{column}", diagnostic.Location);
        Assert.Equal(("error", "PW2001"), (diagnostic.Severity, diagnostic.Code));
        Assert.StartsWith("'{{instance_hots}}' is not defined. Searched: ", diagnostic.Message, StringComparison.Ordinal);
        Assert.EndsWith("Did you mean 'instance_host'?", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(["Checked 4 files: 1 error, 0 warnings."], result.StderrLines);
    }

    [Fact]
    public void Enum_typo_is_PW1004_with_the_allowed_values()
    {
        _workspace.Replace(Connector, "\"protocol\": \"HTTP\"", "\"protocol\": \"HTTPS\"");
        var (line, column) = _workspace.PositionOf(Connector, "\"HTTPS\"");

        var result = _workspace.Run("validate", "mirakl");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(
            [$"{Connector}:{line}:{column}: error PW1004: \"HTTPS\" is not an allowed value. Allowed: \"HTTP\", \"FTP\", \"SFTP\", \"FTPS\", \"S3\", \"MySQL\", \"PGSQL\", \"SQLSRV\". Did you mean \"HTTP\"?"],
            result.StdoutLines);
        Assert.Equal((7, 15), (line, column));
    }

    [Fact]
    public void Unknown_property_is_PW1001_at_the_property_name()
    {
        _workspace.Replace(Connector, "\"colour\": \"cyan\",", "\"colour\": \"cyan\",\n  \"color\": \"cyan\",");
        var (line, column) = _workspace.PositionOf(Connector, "\"color\"");

        var result = _workspace.Run("validate", "mirakl");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal([$"{Connector}:{line}:{column}: error PW1001: The property \"color\" is not allowed here."], result.StdoutLines);
        Assert.Equal((10, 3), (line, column));
    }

    [Fact]
    public void Misspelt_property_is_PW1001_with_a_suggestion()
    {
        _workspace.Replace(Connector, "\"colour\": \"cyan\",", "\"color\": \"cyan\",");
        var (line, column) = _workspace.PositionOf(Connector, "\"color\"");

        var result = _workspace.Run("validate", "mirakl");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal([$"{Connector}:{line}:{column}: error PW1001: The property \"color\" is not allowed here. Did you mean \"colour\"?"], result.StdoutLines);
    }

    [Fact]
    public void Missing_comma_is_PW0003_right_after_the_previous_value()
    {
        _workspace.Replace(Connector, "\"protocol\": \"HTTP\",", "\"protocol\": \"HTTP\"");
        var (line, column) = _workspace.PositionOf(Connector, "\"protocol\": \"HTTP\"", "\"protocol\": \"HTTP\"".Length);

        var result = _workspace.Run("validate", "mirakl");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal([$"{Connector}:{line}:{column}: error PW0003: Expected a comma after this value, before the next property."], result.StdoutLines);
        Assert.Equal((7, 21), (line, column));
        Assert.Equal(["Checked 4 files: 1 error, 0 warnings."], result.StderrLines);
    }

    [Fact]
    public void Unclosed_brace_is_PW0006_at_the_opening_brace()
    {
        var text = _workspace.Read(Connector).TrimEnd();
        Assert.EndsWith("}", text, StringComparison.Ordinal);
        _workspace.Write(Connector, text[..^1] + "\n");

        var result = _workspace.Run("validate", "mirakl");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal([$"{Connector}:1:1: error PW0006: This object is never closed: expected '}}'."], result.StdoutLines);
    }

    [Fact]
    public void Missing_referenced_file_is_PW4001_at_the_reference()
    {
        _workspace.Replace(Connector, "{ \"$ref\": \"schemas/order.json\" }", "{ \"$ref\": \"schemas/orders.json\" }");
        var (line, column) = _workspace.PositionOf(Connector, "\"schemas/orders.json\"");

        var result = _workspace.Run("validate", "mirakl");

        Assert.True(result.ExitCode == 1, result.ToString());
        var diagnostic = Assert.Single(TextDiagnostics.Parse(result));
        Assert.Equal(($"{Connector}:{line}:{column}", "error", "PW4001"), (diagnostic.Location, diagnostic.Severity, diagnostic.Code));
        Assert.StartsWith("The file \"schemas/orders.json\" does not exist (looked for ", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_workspace.Root, "mirakl", "schemas", "orders.json"), diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Literal_secret_in_an_instance_is_PW5005_and_the_value_is_not_echoed()
    {
        const string literal = "a1b2c3d4-literal-key";
        _workspace.Replace(Preprod, "\"env:MIRAKL_PREPROD_API_KEY\"", $"\"{literal}\"");
        var (line, column) = _workspace.PositionOf(Preprod, $"\"{literal}\"");

        var result = _workspace.Run("validate", "mirakl");

        Assert.True(result.ExitCode == 1, result.ToString());
        var diagnostic = Assert.Single(TextDiagnostics.Parse(result));
        Assert.Equal(($"{Preprod}:{line}:{column}", "error", "PW5005"), (diagnostic.Location, diagnostic.Severity, diagnostic.Code));
        Assert.StartsWith("\"api_key\" holds a literal secret.", diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(literal, result.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_live_instances_in_one_company_group_is_PW5008_with_a_note_on_the_first()
    {
        _workspace.Replace(Preprod, "\"environment\": \"test\"", "\"environment\": \"live\"");
        var prod = _workspace.PositionOf(Prod, "\"live\"");
        var preprod = _workspace.PositionOf(Preprod, "\"live\"");

        var result = _workspace.Run("validate", "mirakl");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(
            [
                $"{Prod}:{prod.Line}:{prod.Column}: error PW5008: The company group \"Marketplaces\" already has a live instance of this connector; at most one live and one test instance per company group are allowed.",
                $"    {Preprod}:{preprod.Line}:{preprod.Column}: note: The live instance \"Mirakl - Acme marketplace (preprod)\" of this company group.",
            ],
            result.StdoutLines);
        Assert.Equal(["Checked 4 files: 1 error, 0 warnings."], result.StderrLines);
    }

    [Fact]
    public void Instances_without_a_company_group_share_the_Default_group()
    {
        _workspace.CopySample("woocommerce");
        _workspace.Replace("woocommerce/staging.instance.json", "\"environment\": \"test\"", "\"environment\": \"live\"");

        var result = _workspace.Run("validate", "woocommerce");

        Assert.True(result.ExitCode == 1, result.ToString());
        var diagnostic = Assert.Single(TextDiagnostics.Parse(result));
        Assert.Equal(("woocommerce/staging.instance.json", "PW5008"), (diagnostic.File, diagnostic.Code));
        Assert.Contains("\"Default\"", diagnostic.Message, StringComparison.Ordinal);
        var note = Assert.Single(diagnostic.Notes);
        Assert.Equal("woocommerce/live.instance.json", note.File);
    }

    [Fact]
    public void Several_problems_are_all_reported_in_file_and_position_order()
    {
        _workspace.Replace(Connector, "\"protocol\": \"HTTP\"", "\"protocol\": \"HTTPS\"");
        _workspace.Replace(Connector, "\"url\": \"https://{{instance_host}}/api/offers\"", "\"url\": \"https://{{instance_hots}}/api/offers\"");
        _workspace.Replace(Preprod, "\"env:MIRAKL_PREPROD_API_KEY\"", "\"literal\"");

        var result = _workspace.Run("validate", "mirakl");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(
            [$"{Connector}:7:15 PW1004", $"{Connector}:54:25 PW2001", $"{Preprod}:11:27 PW5005"],
            TextDiagnostics.Parse(result).Select(d => $"{d.Location} {d.Code}"));
        Assert.Equal(["Checked 4 files: 3 errors, 0 warnings."], result.StderrLines);
    }

    [Fact]
    public void Missing_connector_of_an_instance_is_PW5001()
    {
        _workspace.Replace(Preprod, "\"connector\": \"mirakl.connector.json\"", "\"connector\": \"mirakl2.connector.json\"");
        var (line, column) = _workspace.PositionOf(Preprod, "\"mirakl2.connector.json\"");

        var result = _workspace.Run("validate", "mirakl");

        Assert.True(result.ExitCode == 1, result.ToString());
        var diagnostic = Assert.Single(TextDiagnostics.Parse(result));
        Assert.Equal(($"{Preprod}:{line}:{column}", "PW5001"), (diagnostic.Location, diagnostic.Code));
    }

    [Fact]
    public void Warnings_only_exit_0()
    {
        BreakWithWarningOnly();

        var result = _workspace.Run("validate", "mirakl");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            [$"{Preprod}:13:5: warning PW5010: The connector has no endpoint \"list-orderz\". Did you mean \"list-orders\"?"],
            result.StdoutLines);
        Assert.Equal(["Checked 4 files: 0 errors, 1 warning."], result.StderrLines);
    }

    [Fact]
    public void Warnings_with_warnings_as_errors_exit_1()
    {
        BreakWithWarningOnly();

        var result = _workspace.Run("validate", "mirakl", "--warnings-as-errors");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("PW5010", Assert.Single(TextDiagnostics.Parse(result)).Code);
        Assert.Equal(["Checked 4 files: 0 errors, 1 warning."], result.StderrLines);
    }

    [Fact]
    public void Warnings_as_errors_on_clean_files_exits_0()
    {
        var result = _workspace.Run("validate", "--warnings-as-errors", "mirakl");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Paths_are_shown_relative_to_the_working_directory_even_when_given_absolute()
    {
        BreakWithWarningOnly();

        var fromRoot = _workspace.Run("validate", _workspace.PathOf("mirakl"));
        var fromFolder = CliProcess.Run(_workspace.PathOf("mirakl"), "validate", _workspace.PathOf("mirakl"));
        var fromElsewhere = CliProcess.Run(_workspace.CreateFolder("elsewhere"), "validate", "../mirakl");

        Assert.Equal($"{Preprod}:13:5", Assert.Single(TextDiagnostics.Parse(fromRoot)).Location);
        Assert.Equal("preprod.instance.json:13:5", Assert.Single(TextDiagnostics.Parse(fromFolder)).Location);
        Assert.Equal($"../{Preprod}:13:5", Assert.Single(TextDiagnostics.Parse(fromElsewhere)).Location);
    }

    [Fact]
    public void A_single_instance_file_can_be_checked_alone()
    {
        var result = _workspace.Run("validate", Prod);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["Checked 1 file: 0 errors, 0 warnings."], result.StderrLines);
    }

    [Fact]
    public void Connector_with_a_CRLF_byte_order_mark_and_tab_reports_the_same_positions()
    {
        _workspace.Replace(Connector, "  \"protocol\": \"HTTP\"", "\t\"protocol\": \"HTTPS\"");
        var text = _workspace.Read(Connector).Replace("\n", "\r\n", StringComparison.Ordinal);
        _workspace.WriteBytes(Connector, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(text)]);

        var result = _workspace.Run("validate", Connector);

        Assert.True(result.ExitCode == 1, result.ToString());
        // The BOM is not a column; a tab is one column; \r is not part of the line.
        Assert.Equal($"{Connector}:7:14", Assert.Single(TextDiagnostics.Parse(result)).Location);
    }

    [Fact]
    public void Overlapping_paths_count_each_file_once()
    {
        var result = _workspace.Run("validate", "mirakl", Connector);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["Checked 4 files: 0 errors, 0 warnings."], result.StderrLines);
    }

    private void BreakWithWarningOnly() => _workspace.Replace(Preprod, "\"list-orders\": {", "\"list-orderz\": {");
}
