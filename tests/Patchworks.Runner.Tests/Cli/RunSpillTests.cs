using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Cli;

/// <summary>
/// patchworks run with a body too large for memory (over 4 MB): the spill file is the user's own and is gone
/// when the command ends, unless --out keeps it beside the saved run, which then names it.
/// </summary>
public sealed class RunSpillTests : IDisposable
{
    private const int Size = 5 * 1024 * 1024;
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Task<PlainHttpOrigin> LargeAsync() => PlainHttpOrigin.StartAsync(routes => routes.MapGet("/items", async (HttpContext context) =>
    {
        context.Response.ContentType = "application/json";
        var filler = new byte[Size - 12];
        Array.Fill(filler, (byte)' ');
        await context.Response.Body.WriteAsync("{\"items\":[]"u8.ToArray());
        await context.Response.Body.WriteAsync(filler);
        await context.Response.Body.WriteAsync("}"u8.ToArray());
    }));

    /// <summary>The CLI's per-user data folder, here inside the test's folder (XDG_DATA_HOME).</summary>
    private Dictionary<string, string> Environment() => new() { ["XDG_DATA_HOME"] = _folder.PathOf("data"), ["HOME"] = _folder.Root };

    private string SpillDirectory => _folder.PathOf("data/patchworks/runs");

    [Fact]
    public async Task The_spill_file_is_deleted_when_the_command_ends()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        await using var api = await LargeAsync();
        var connector = Connectors.Write(_folder, $"{api.Url}/items");

        var result = CliProcess.Run(_folder.Root, Environment(), "run", connector, "list", "--quiet", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var bodyFile = JsonNode.Parse(result.Stdout)!["run"]!["pages"]![0]!["exchange"]!["response"]!["bodyFile"]!.GetValue<string>();
        Assert.Equal(SpillDirectory, Path.GetDirectoryName(bodyFile));
        Assert.False(File.Exists(bodyFile));
        Assert.Empty(Directory.GetFiles(SpillDirectory));
    }

    [Fact]
    public async Task Out_keeps_the_body_beside_the_saved_run()
    {
        await using var api = await LargeAsync();
        var connector = Connectors.Write(_folder, $"{api.Url}/items");
        var saved = _folder.PathOf("run.json");

        var result = CliProcess.Run(_folder.Root, Environment(), "run", connector, "list", "--quiet", "--out", saved);

        Assert.True(result.ExitCode == 0, result.ToString());
        var bodyFile = JsonNode.Parse(File.ReadAllText(saved))!["run"]!["pages"]![0]!["exchange"]!["response"]!["bodyFile"]!.GetValue<string>();
        Assert.Equal(Path.GetFullPath(saved + ".page-1.body"), bodyFile);
        Assert.Equal(Size, new FileInfo(bodyFile).Length);
        Assert.Contains($"(body in {bodyFile})", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(SpillDirectory) ? Directory.GetFiles(SpillDirectory) : []);
    }
}
