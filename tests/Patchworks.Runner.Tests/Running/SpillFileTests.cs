using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Running;
using Patchworks.Core.Http;
using Patchworks.Core.Running.Results;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Running;

/// <summary>
/// Bodies too large for memory go to owner-only files (0600) in an owner-only directory (0700) under
/// unpredictable names, and are deleted when their run is disposed; stale ones of a crashed process are swept.
/// </summary>
public sealed class SpillFileTests : IDisposable
{
    private const UnixFileMode Directory700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode File600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Task<PlainHttpOrigin> LargeBodyAsync() => PlainHttpOrigin.StartAsync(routes => routes.MapGet("/items", () =>
        Results.Text("{\"items\":[" + string.Join(",", Enumerable.Range(1, 2000).Select(i => $"{{\"id\":{i}}}")) + "]}", "application/json")));

    private async Task<RunResult> RunAsync(PlainHttpOrigin api, string spill)
    {
        var connector = Connectors.Write(_folder, $"{api.Url}/items");
        return await Connectors.RunAsync(connector, new RunOptions { Http = new HttpSettings { MaxBodyInMemory = 1024, SpillDirectory = spill } });
    }

    [Fact]
    public async Task The_directory_and_the_file_are_the_owners_alone_and_named_unpredictably()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        await using var api = await LargeBodyAsync();
        // A directory that exists already, open to all, is made owner-only before anything is written in it.
        var spill = _folder.CreateFolder("spill");
        File.SetUnixFileMode(spill, Directory700 | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);

        using var result = await RunAsync(api, spill);

        var file = Assert.Single(result.Pages).Exchange.Response!.BodyFile!;
        Assert.Equal(spill, Path.GetDirectoryName(file));
        Assert.Matches(new Regex("^response-[0-9a-f]{32}\\.body$"), Path.GetFileName(file));
        Assert.Equal(Directory700, File.GetUnixFileMode(spill));
        Assert.Equal(File600, File.GetUnixFileMode(file));
        Assert.Equal(Assert.Single(Directory.GetFiles(spill)), file); // the redaction's temporary file is gone too
    }

    [Fact]
    public async Task Disposing_the_run_deletes_its_files_and_nothing_else()
    {
        await using var api = await LargeBodyAsync();
        var spill = _folder.PathOf("spill");
        var result = await RunAsync(api, spill);
        var file = Assert.Single(result.Pages).Exchange.Response!.BodyFile!;
        Assert.True(File.Exists(file));
        Assert.Contains(file, SpillFiles.Current);
        // A run whose bodyFile names a file this process did not spill (a saved run read back) never deletes it.
        var other = _folder.Write("kept.body", "not a spill file");
        var page = result.Pages[0];
        var foreign = result with { Pages = [page with { Exchange = page.Exchange with { Response = page.Exchange.Response! with { BodyFile = other } } }] };

        foreign.Dispose();
        result.Dispose();
        result.Dispose();

        Assert.False(File.Exists(file));
        Assert.DoesNotContain(file, SpillFiles.Current);
        Assert.True(File.Exists(other));
        Assert.Empty(Directory.GetFiles(spill));
    }

    [Fact]
    public async Task Stale_files_of_a_crashed_process_are_swept_when_the_directory_is_first_used()
    {
        await using var api = await LargeBodyAsync();
        var spill = _folder.CreateFolder("spill-stale");
        var stale = _folder.Write("spill-stale/response-0123456789abcdef0123456789abcdef.body", "old");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow - TimeSpan.FromDays(2));
        var recent = _folder.Write("spill-stale/response-fedcba9876543210fedcba9876543210.body", "another process, running now");
        var unrelated = _folder.Write("spill-stale/notes.txt", "not ours");
        File.SetLastWriteTimeUtc(unrelated, DateTime.UtcNow - TimeSpan.FromDays(2));

        using var result = await RunAsync(api, spill);

        Assert.Equal(StopReason.Completed, result.Stop);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(recent));
        Assert.True(File.Exists(unrelated));
    }

    [Fact]
    public async Task A_spill_directory_that_is_a_link_is_not_written_through()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        await using var api = await LargeBodyAsync();
        var elsewhere = _folder.CreateFolder("elsewhere");
        var link = _folder.PathOf("spill-link");
        Directory.CreateSymbolicLink(link, elsewhere);

        using var result = await RunAsync(api, link);

        Assert.NotEqual(StopReason.Completed, result.Stop);
        Assert.Contains("is a link", result.StopMessage, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(elsewhere));
    }
}
