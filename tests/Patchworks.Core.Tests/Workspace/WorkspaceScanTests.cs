using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Tests.Workspace;

/// <summary>Scans of real folders with links and special files: each connector once, nothing outside, nothing opened.</summary>
public sealed class WorkspaceScanTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "pw-scan-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _outside;

    public WorkspaceScanTests()
    {
        _outside = _root + "-outside";
        Directory.CreateDirectory(Path.Combine(_root, "a"));
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_root, "a", "one.connector.json"), "{}");
        File.WriteAllText(Path.Combine(_outside, "far.connector.json"), "{}");
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    private string At(string relative) => Path.Combine(_root, relative);

    [Fact]
    public void A_plain_tree_is_listed_with_nothing_skipped()
    {
        var scan = WorkspaceFiles.Scan(_root);

        Assert.Equal([At("a/one.connector.json")], scan.Files);
        Assert.Empty(scan.Skipped);
    }

    [Fact]
    public void Link_cycles_and_links_out_are_not_walked_and_a_link_within_is_walked_once()
    {
        Directory.CreateSymbolicLink(At("a/loop"), At("a"));
        Directory.CreateSymbolicLink(At("up"), _root);
        Directory.CreateSymbolicLink(At("out"), _outside);
        Directory.CreateSymbolicLink(At("everything"), "/");
        Directory.CreateSymbolicLink(At("alias"), At("a"));
        File.CreateSymbolicLink(At("far.connector.json"), Path.Combine(_outside, "far.connector.json"));

        var scan = WorkspaceFiles.Scan(_root);

        Assert.Single(scan.Files, f => f.EndsWith("one.connector.json", StringComparison.Ordinal));
        Assert.DoesNotContain(scan.Files, f => f.Contains("far.connector.json", StringComparison.Ordinal));
        var skipped = Assert.Single(scan.Skipped);
        Assert.Equal(At("far.connector.json"), skipped.Path);
        Assert.StartsWith("a link to ", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Fifos_device_links_dangling_links_and_large_files_are_skipped_with_the_reason()
    {
        HostileFiles.MakeFifo(At("pipe.connector.json"));
        File.CreateSymbolicLink(At("zero.instance.json"), "/dev/zero");
        File.CreateSymbolicLink(At("gone.connector.json"), At("nothing-here"));
        File.WriteAllText(At("big.connector.json"), new string(' ', 2000));

        var scan = WorkspaceFiles.Scan(_root, maxFileBytes: 1000);

        Assert.Equal([At("a/one.connector.json")], scan.Files);
        Assert.Equal(
            [("big.connector.json", "2,000 bytes, more than the 1,000 read in a scan"), ("gone.connector.json", "a link to nothing"),
             ("pipe.connector.json", "a FIFO (named pipe)"), ("zero.instance.json", "a character device")],
            scan.Skipped.Select(s => (Path.GetFileName(s.Path), s.Reason)).Order());
    }

    [Fact]
    public void The_probe_names_what_a_path_is_without_opening_it()
    {
        File.CreateSymbolicLink(At("self"), At("self"));

        Assert.Equal(FileKind.Regular, DiskProbe.Probe(At("a/one.connector.json")).Kind);
        Assert.Equal(2, DiskProbe.Probe(At("a/one.connector.json")).Length);
        Assert.Equal(FileKind.Directory, DiskProbe.Probe(At("a")).Kind);
        Assert.Equal(FileKind.CharacterDevice, DiskProbe.Probe("/dev/null").Kind);
        Assert.Equal(FileKind.LinkLoop, DiskProbe.Probe(At("self")).Kind);
        Assert.Equal(FileKind.Missing, DiskProbe.Probe(At("nope")).Kind);
        Assert.Throws<IOException>(() => PhysicalFileSystem.Instance.ReadAllText("/dev/zero"));
    }

    [Fact]
    public void The_real_path_follows_links_before_dot_dot_as_the_system_does()
    {
        Directory.CreateDirectory(Path.Combine(_outside, "deep"));
        Directory.CreateSymbolicLink(At("a/link"), Path.Combine(_outside, "deep"));

        // a/link/.. is the outside folder, not a/: a lexical ".." would say the file is inside.
        Assert.Equal(Path.Combine(_outside, "far.connector.json"), DiskProbe.RealPath(At("a/link") + "/../far.connector.json", out var loop));
        Assert.False(loop);
    }
}
