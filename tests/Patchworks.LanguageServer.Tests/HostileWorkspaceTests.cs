using System.Text.Json;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Tests;

/// <summary>
/// A cloned repository laid out to hurt: FIFOs and a device link named like connectors, folder links that go round
/// or out of the tree, a 50 MB connector, and a connector whose references point outside. The server indexes it,
/// keeps answering, reports what it skipped, and never reads what lies outside the workspace folder.
/// </summary>
public sealed class HostileWorkspaceTests : IDisposable
{
    private const string Secret = "OUTSIDE-SECRET-93ab";

    private readonly TempFolder _folder = new();
    private readonly string _outside;

    public HostileWorkspaceTests()
    {
        _outside = _folder.Root + "-outside";
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), Secret);
    }

    public void Dispose()
    {
        _folder.Dispose();
        Directory.Delete(_outside, recursive: true);
    }



    private void Stage(bool hostile)
    {
        var outsideRef = Path.GetRelativePath(_folder.Root, Path.Combine(_outside, "secret.txt"));
        _folder.Write("good.connector.json", HostileFiles.Connector(outsideRef));
        if (!hostile)
        {
            return;
        }
        HostileFiles.MakeFifo(_folder.PathOf("x.connector.json"));
        HostileFiles.MakeFifo(_folder.PathOf("deep/er/y.instance.json"));
        File.CreateSymbolicLink(_folder.PathOf("zero.connector.json"), "/dev/zero");
        Directory.CreateDirectory(_folder.PathOf("cycle"));
        Directory.CreateSymbolicLink(_folder.PathOf("cycle/again"), _folder.PathOf("cycle"));
        Directory.CreateSymbolicLink(_folder.PathOf("everything"), "/");
        using (var big = File.Create(_folder.PathOf("big.connector.json")))
        {
            big.SetLength(50L * 1024 * 1024);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_server_indexes_answers_and_refuses_outside_reads(bool hostile)
    {
        Stage(hostile);
        var good = _folder.PathOf("good.connector.json");
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);

        // Diagnostics for a file that is on disk but not open come from the index, which must not block on the FIFOs.
        var published = await session.Client.WaitForDiagnosticsAsync(good, p => p.Diagnostics.Any(d => d.Code == "PW4008"));
        await session.Client.OpenAsync(good, File.ReadAllText(good));
        var symbols = await session.Client.RequestAsync<JsonElement>("textDocument/documentSymbol", new { textDocument = new { uri = LspClient.Uri(good) } });
        var resolve = await Assert.ThrowsAsync<RemoteInvocationException>(() =>
            session.Client.RequestAsync<JsonElement>("patchworks/resolveRequest", new { uri = LspClient.Uri(good), endpointId = "create" }));

        var refusal = Assert.Single(published.Diagnostics, d => d.Code == "PW4008");
        Assert.Equal(13, refusal.Range.Start.Line);
        Assert.Equal(JsonValueKind.Array, symbols.ValueKind);
        Assert.Contains("outside the workspace", resolve.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, JsonSerializer.Serialize(published) + resolve.Message, StringComparison.Ordinal);
        var skippedLog = session.Client.LogMessages.Where(m => m.Contains("were not read", StringComparison.Ordinal)).ToList();
        if (hostile)
        {
            var log = Assert.Single(skippedLog);
            Assert.Contains("x.connector.json (a FIFO (named pipe))", log, StringComparison.Ordinal);
            Assert.Contains("y.instance.json (a FIFO (named pipe))", log, StringComparison.Ordinal);
            Assert.Contains("zero.connector.json (a character device)", log, StringComparison.Ordinal);
            Assert.Contains("big.connector.json (52,428,800 bytes", log, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(skippedLog);
        }
    }

    [Fact]
    public async Task A_fifo_opened_by_name_in_an_instance_never_blocks_the_server()
    {
        HostileFiles.MakeFifo(_folder.PathOf("pipe.connector.json"));
        var instance = _folder.Write("a.instance.json", """
            { "name": "A", "connector": "pipe.connector.json", "environment": "test", "companyGroup": "UK", "timeZone": "Europe/London", "authMethod": "none" }
            """);
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);

        await session.Client.OpenAsync(instance, File.ReadAllText(instance));
        var published = await session.Client.WaitForDiagnosticsAsync(instance, p => p.Diagnostics.Any(d => d.Code == "PW4009"));
        var completion = await session.Client.RequestAsync<JsonElement>("textDocument/completion",
            new { textDocument = new { uri = LspClient.Uri(instance) }, position = new { line = 0, character = 2 } });

        Assert.Contains("a FIFO", Assert.Single(published.Diagnostics, d => d.Code == "PW4009").Message, StringComparison.Ordinal);
        Assert.NotEqual(JsonValueKind.Undefined, completion.ValueKind);
    }
}

/// <summary>The index reads the disk with no lock held: a slow file never holds up requests about open documents.</summary>
public sealed class IndexWhileAnsweringTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>The disk, where reading one file waits until the test lets it go (a slow network share).</summary>
    private sealed class SlowDisk(string slowPath) : Core.Workspace.IFileSystem
    {
        public ManualResetEventSlim Reading { get; } = new();
        public ManualResetEventSlim Release { get; } = new();

        public bool FileExists(string path) => Core.Workspace.PhysicalFileSystem.Instance.FileExists(path);

        public long GetLength(string path) => Core.Workspace.PhysicalFileSystem.Instance.GetLength(path);

        public Core.Workspace.FileProbe Probe(string path) => Core.Workspace.PhysicalFileSystem.Instance.Probe(path);

        public string ReadAllText(string path)
        {
            if (path == slowPath)
            {
                Reading.Set();
                Release.Wait(TimeSpan.FromSeconds(30));
            }
            return Core.Workspace.PhysicalFileSystem.Instance.ReadAllText(path);
        }

        public byte[] ReadPrefix(string path, int count) => Core.Workspace.PhysicalFileSystem.Instance.ReadPrefix(path, count);
    }

    [Fact]
    public async Task An_open_document_is_answered_while_the_index_reads_a_slow_file()
    {
        var slow = _folder.Write("slow.connector.json", Fixtures.Connector);
        var open = _folder.PathOf("open.connector.json");
        var disk = new SlowDisk(slow);
        var workspace = new Documents.ServerWorkspace(disk);
        workspace.SetRoots([_folder.Root]);
        var scan = workspace.IndexFolder(_folder.Root);
        workspace.Open(LspClient.Uri(open), open, 1, Fixtures.Connector);

        var indexing = Task.Run(() => workspace.LoadIndexed(scan.Files));
        Assert.True(disk.Reading.Wait(TimeSpan.FromSeconds(10)), "the index never read the slow file");
        var answered = Task.Run(() => workspace.GetConnector(open));
        var first = await Task.WhenAny(answered, Task.Delay(TimeSpan.FromSeconds(10)));
        disk.Release.Set();
        await indexing;

        Assert.Same(answered, first);
        Assert.NotNull(await answered);
        Assert.NotNull(workspace.GetConnector(slow));
    }
}
