using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Patchworks.Bench;

/// <summary>
/// Makes the generated connectors: a copy of the shopify sample under bench/out/shopify (so that the
/// schemas, sample bodies and icon it references resolve), its comments stripped into a plain JSON
/// template, and gen.mjs run on it with --array /endpoints --cycle --target-bytes N.
/// </summary>
public sealed class InputGenerator(RepoPaths paths)
{
    public string Folder => Path.Combine(paths.OutFolder, "shopify");

    public string TemplatePath => Path.Combine(Folder, "template.json");

    /// <summary>Copies the sample folder and writes the comment-free template. Fails clearly when node or gen.mjs is missing.</summary>
    public void Prepare()
    {
        if (!File.Exists(paths.Generator))
        {
            throw new BenchException($"the generator is missing: {paths.Generator} (expected at ../shared/bench/lspbench/gen.mjs from the repository root); use --input FILE to measure an existing connector");
        }
        CheckNode();
        Console.WriteLine($"generator {paths.Generator}, template {paths.SampleConnector} (comments stripped), copied to {Folder}");
        CopyFolder(paths.SampleFolder, Folder);
        File.WriteAllText(TemplatePath, StripComments(File.ReadAllText(paths.SampleConnector)));
    }

    /// <summary>Runs gen.mjs for one target size; returns the generated file.</summary>
    public string Generate(long targetBytes)
    {
        var output = Path.Combine(Folder, $"gen-{targetBytes}.connector.json");
        var (exitCode, stdout, stderr) = Run("node",
            [paths.Generator, "--template", TemplatePath, "--array", "/endpoints", "--cycle", "--target-bytes", targetBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", output]);
        if (exitCode != 0)
        {
            throw new BenchException($"gen.mjs failed (exit {exitCode}): {stderr.Trim()}");
        }
        Console.WriteLine($"  gen.mjs: {stdout.Trim()}{(stderr.Length > 0 ? " (" + stderr.Trim() + ")" : "")}");
        return output;
    }

    /// <summary>
    /// JSONC to plain JSON with System.Text.Json (not the parser under test). "$schema" is pointed at the
    /// repository's schema from the copy's folder, so an editor opening a generated file still finds it.
    /// </summary>
    private string StripComments(string jsonc)
    {
        var node = JsonNode.Parse(jsonc, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })
            ?? throw new BenchException($"{paths.SampleConnector} holds no JSON value");
        if (node is JsonObject root && root.ContainsKey("$schema"))
        {
            root["$schema"] = Path.GetRelativePath(Folder, paths.ConnectorSchema).Replace('\\', '/');
        }
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static void CheckNode()
    {
        try
        {
            var (exitCode, stdout, _) = Run("node", ["--version"]);
            if (exitCode != 0)
            {
                throw new BenchException($"'node --version' failed (exit {exitCode}); gen.mjs needs Node 18 or later");
            }
            Console.WriteLine($"node {stdout.Trim()}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BenchException($"node is not installed or not on PATH ({e.Message}); gen.mjs needs Node 18 or later, or use --input FILE");
        }
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new BenchException($"could not start {fileName}");
        var stderrTask = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderrTask.GetAwaiter().GetResult());
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
