using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Patchworks.Core.Diagnostics;
using Patchworks.Core.Importing;
using Patchworks.Core.Workspace;

namespace Patchworks.Importing.Tests.Infrastructure;

/// <summary>A temporary folder, deleted at the end of the test.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("pw-import-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string text)
    {
        var path = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public string Read(string name) => System.IO.File.ReadAllText(File(name));

    /// <summary>Copies a file of the test samples (Samples/) into the folder under its own name, and returns that name.</summary>
    public string CopySample(string relative)
    {
        var name = System.IO.Path.GetFileName(relative);
        System.IO.File.Copy(System.IO.Path.Combine(Harness.SamplesFolder, relative), File(name));
        return name;
    }

    public IEnumerable<string> AllText() => Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories).Select(System.IO.File.ReadAllText);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}

/// <summary>Runs imports in-process and checks what they write with the real validator.</summary>
public static class Harness
{
    public static string SamplesFolder => System.IO.Path.Combine(AppContext.BaseDirectory, "Samples");

    public static string Sample(string relative) => File.ReadAllText(System.IO.Path.Combine(SamplesFolder, relative));

    public static ImportResult Import(string text, string? environment = null, string? name = null, string? only = null, string format = "auto", (string, string)? existing = null) =>
        ApiImport.Run(new ImportInput { Text = text, EnvironmentText = environment, Name = name, Only = only, Format = format, Existing = existing });

    /// <summary>Writes the result's files into the folder (as the CLI does).</summary>
    public static void Write(ImportResult result, TempFolder folder)
    {
        Assert.True(result.Succeeded, result.Report.ToText());
        if (result.ConnectorText is not null)
        {
            folder.Write(result.ConnectorFileName!, result.ConnectorText);
        }
        if (result.InstanceText is not null)
        {
            folder.Write(result.InstanceFileName!, result.InstanceText);
        }
        foreach (var (path, text) in result.Files)
        {
            if (!System.IO.File.Exists(folder.File(path)))
            {
                folder.Write(path, text);
            }
        }
    }

    /// <summary>Writes the result's files into a folder of their own and asserts they validate with no error, as the CLI's output must.</summary>
    public static void AssertWritesValid(ImportResult result)
    {
        using var folder = new TempFolder();
        Write(result, folder);
        AssertNoErrors(folder);
    }

    /// <summary>Every diagnostic of the connector and instance files in the folder, as patchworks validate reports them.</summary>
    public static IReadOnlyList<Diagnostic> Validate(TempFolder folder)
    {
        var workspace = new ConnectorWorkspace(PhysicalFileSystem.Instance, WorkspaceRoots.ForCommandLine(folder.Path, folder.Path));
        foreach (var file in Directory.EnumerateFiles(folder.Path, "*.json"))
        {
            workspace.Add(file);
        }
        return workspace.Analyze();
    }

    /// <summary>Imports, writes and validates: no error allowed. Returns the folder's connector as JSON and the result.</summary>
    public static (JsonObject Connector, JsonObject Instance, ImportResult Result) ImportValid(TempFolder folder, string text, string? environment = null, string? name = null, string? only = null)
    {
        var result = Import(text, environment, name, only);
        Write(result, folder);
        AssertNoErrors(folder);
        return (Json(folder.Read(result.ConnectorFileName!)), Json(folder.Read(result.InstanceFileName!)), result);
    }

    public static void AssertNoErrors(TempFolder folder)
    {
        var errors = Validate(folder).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.FilePath}:{e.Range.Start.Line + 1}: {e.Code} {e.Message}"))
            + "\n" + string.Join("\n", Directory.EnumerateFiles(folder.Path).Select(f => "--- " + f + "\n" + File.ReadAllText(f))));
    }

    public static JsonObject Json(string jsonc) =>
        JsonNode.Parse(jsonc, documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();

    public static JsonObject Endpoint(JsonObject connector, string id) =>
        connector["endpoints"]!.AsArray().Select(e => e!.AsObject()).Single(e => (string?)e["id"] == id);

    public static JsonObject Auth(JsonObject connector, string id) =>
        connector["authMethods"]!.AsArray().Select(e => e!.AsObject()).Single(e => (string?)e["id"] == id);

    /// <summary>A Postman v2.1 collection around the items (JSON text), with optional collection-level extras (JSON members).</summary>
    public static string Collection(string items, string extras = "", string name = "Test API") =>
        $$"""
        {
          "info": { "name": {{Quote(name)}}, "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" },
          {{(extras.Length > 0 ? extras + "," : "")}}
          "item": [ {{items}} ]
        }
        """;

    /// <summary>A request item: name, method, raw URL, and optional extra request members (JSON).</summary>
    public static string Request(string name, string method, string? url, string requestExtras = "", string itemExtras = "") =>
        $$"""
        { "name": {{Quote(name)}}, {{(itemExtras.Length > 0 ? itemExtras + "," : "")}}
          "request": { "method": "{{method}}"{{(requestExtras.Length > 0 ? ", " + requestExtras : "")}}{{(url is null ? "" : ", \"url\": " + Quote(url))}} } }
        """;

    public static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text, QuoteOptions);

    private static readonly System.Text.Json.JsonSerializerOptions QuoteOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Folder(string name, string items, string extras = "") =>
        $$"""{ "name": {{Quote(name)}}, {{(extras.Length > 0 ? extras + "," : "")}} "item": [ {{items}} ] }""";

    /// <summary>Runs the real CLI with text on standard input.</summary>
    public static Cli.Tests.Infrastructure.CliResult RunWithInput(string workingDirectory, string input, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Cli.Tests.Infrastructure.CliProcess.CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command stopped reading (an input over the limit): what it printed says why.
        }
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("patchworks did not finish");
        }
        process.WaitForExit();
        return new Cli.Tests.Infrastructure.CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
