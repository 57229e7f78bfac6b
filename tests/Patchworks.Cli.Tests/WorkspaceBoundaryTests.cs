using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Tests.Infrastructure;

namespace Patchworks.Cli.Tests;

/// <summary>
/// A cloned repository is untrusted: the files its connectors and instances name must stay inside the workspace
/// (here the command's folder: it has no .git) and be regular files. Real files, links and FIFOs on the disk, the
/// real command as a child process (which fails its 30 s timeout should anything hang).
/// </summary>
public sealed class WorkspaceBoundaryTests : IDisposable
{
    private const string Secret = "TOP-SECRET-CONTENT-5f1c";

    private readonly TempWorkspace _workspace = new();
    private readonly string _outside;

    public WorkspaceBoundaryTests()
    {
        _outside = _workspace.Root + "-outside";
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), Secret);
    }

    public void Dispose()
    {
        _workspace.Dispose();
        Directory.Delete(_outside, recursive: true);
    }



    [Fact]
    public void A_reference_above_the_workspace_is_refused_at_its_span_and_never_resolved()
    {
        var relative = Path.GetRelativePath(_workspace.Root, Path.Combine(_outside, "secret.txt"));
        _workspace.Write("a.connector.json", HostileFiles.Connector(relative));

        var validate = _workspace.Run("validate", "a.connector.json");
        var resolve = _workspace.Run("resolve", "a.connector.json", "create");

        Assert.True(validate.ExitCode == 1, validate.ToString());
        var line = Assert.Single(validate.StdoutLines, l => l.Contains("PW4008", StringComparison.Ordinal));
        Assert.StartsWith("a.connector.json:14:31: error PW4008", line, StringComparison.Ordinal);
        Assert.True(resolve.ExitCode != 0, resolve.ToString());
        Assert.Contains("outside the workspace", resolve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, validate.AllOutput + resolve.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_reference_inside_the_workspace_is_resolved()
    {
        _workspace.Write("bodies/item.txt", "inside-body");
        _workspace.Write("a.connector.json", HostileFiles.Connector("bodies/item.txt"));

        var validate = _workspace.Run("validate", "a.connector.json");
        var resolve = _workspace.Run("resolve", "a.connector.json", "create");

        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.True(resolve.ExitCode == 0, resolve.ToString());
        Assert.Contains("inside-body", resolve.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Root_widens_the_workspace()
    {
        var relative = Path.GetRelativePath(_workspace.Root, Path.Combine(_outside, "secret.txt"));
        _workspace.Write("a.connector.json", HostileFiles.Connector(relative));

        var resolve = _workspace.Run("resolve", "a.connector.json", "create", "--root", Path.GetDirectoryName(_workspace.Root)!);

        Assert.True(resolve.ExitCode == 0, resolve.ToString());
        Assert.Contains(Secret, resolve.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_inside_that_leads_out_is_refused_and_so_is_a_linked_folder()
    {
        Directory.CreateDirectory(_workspace.PathOf("bodies"));
        File.CreateSymbolicLink(_workspace.PathOf("bodies/item.txt"), Path.Combine(_outside, "secret.txt"));
        Directory.CreateSymbolicLink(_workspace.PathOf("linked"), _outside);
        _workspace.Write("a.connector.json", HostileFiles.Connector("bodies/item.txt"));
        _workspace.Write("b.connector.json", HostileFiles.Connector("linked/secret.txt"));

        var validate = _workspace.Run("validate", "a.connector.json", "b.connector.json");
        var resolve = _workspace.Run("resolve", "b.connector.json", "create");

        Assert.True(validate.ExitCode == 1, validate.ToString());
        Assert.Equal(2, validate.StdoutLines.Count(l => l.Contains("error PW4008", StringComparison.Ordinal) && l.Contains("is a link to", StringComparison.Ordinal)));
        Assert.True(resolve.ExitCode != 0, resolve.ToString());
        Assert.DoesNotContain(Secret, validate.AllOutput + resolve.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Fifos_devices_folders_and_link_cycles_are_refused_without_being_opened()
    {
        Directory.CreateDirectory(_workspace.PathOf("bodies/folder"));
        HostileFiles.MakeFifo(_workspace.PathOf("bodies/pipe.json"));
        File.CreateSymbolicLink(_workspace.PathOf("bodies/loop-a.json"), _workspace.PathOf("bodies/loop-b.json"));
        File.CreateSymbolicLink(_workspace.PathOf("bodies/loop-b.json"), _workspace.PathOf("bodies/loop-a.json"));
        _workspace.Write("pipe.connector.json", HostileFiles.Connector("bodies/pipe.json"));
        _workspace.Write("folder.connector.json", HostileFiles.Connector("bodies/folder"));
        _workspace.Write("loop.connector.json", HostileFiles.Connector("bodies/loop-a.json"));

        var validate = _workspace.Run("validate", ".");
        var resolve = _workspace.Run("resolve", "pipe.connector.json", "create");

        Assert.True(validate.ExitCode == 1, validate.ToString());
        var refusals = validate.StdoutLines.Where(l => l.Contains("error PW4009", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, refusals.Count);
        Assert.Contains(refusals, l => l.StartsWith("pipe.connector.json", StringComparison.Ordinal) && l.Contains("a FIFO (named pipe)", StringComparison.Ordinal));
        Assert.Contains(refusals, l => l.StartsWith("folder.connector.json", StringComparison.Ordinal) && l.Contains("a directory", StringComparison.Ordinal));
        Assert.Contains(refusals, l => l.StartsWith("loop.connector.json", StringComparison.Ordinal) && l.Contains("link cycle", StringComparison.Ordinal));
        Assert.True(resolve.ExitCode != 0, resolve.ToString());
        Assert.Contains("not a regular file", resolve.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_to_a_device_is_refused()
    {
        Directory.CreateDirectory(_workspace.PathOf("bodies"));
        File.CreateSymbolicLink(_workspace.PathOf("bodies/zero.json"), "/dev/zero");
        _workspace.Write("a.connector.json", HostileFiles.Connector("bodies/zero.json"));

        var validate = _workspace.Run("validate", "a.connector.json");
        var run = _workspace.Run("run", "a.connector.json", "create", "--quiet");

        Assert.True(validate.ExitCode == 1, validate.ToString());
        Assert.Contains(validate.StdoutLines, l => l.Contains("error PW4008", StringComparison.Ordinal) && l.Contains("/dev/zero", StringComparison.Ordinal));
        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains("The sample body is not used", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fifo_named_like_a_connector_is_skipped_with_a_warning_and_the_rest_is_checked()
    {
        HostileFiles.MakeFifo(_workspace.PathOf("x.connector.json"));
        _workspace.Write("bodies/item.txt", "inside-body");
        _workspace.Write("good.connector.json", HostileFiles.Connector("bodies/item.txt"));

        var folder = _workspace.Run("validate", ".");
        var named = _workspace.Run("validate", "x.connector.json");

        Assert.True(folder.ExitCode == 0, folder.ToString());
        Assert.Contains(folder.StdoutLines, l => l.StartsWith("x.connector.json:1:1: warning PW0017", StringComparison.Ordinal) && l.Contains("FIFO", StringComparison.Ordinal));
        // The FIFO's warning, and the four publishing requirements (PW6001-PW6004) the minimal good connector lacks.
        Assert.Contains("Checked 1 file: 0 errors, 5 warnings.", folder.Stderr, StringComparison.Ordinal);
        Assert.Contains(named.StdoutLines, l => l.Contains("PW0017", StringComparison.Ordinal));
    }

    [Fact]
    public void An_instance_naming_a_connector_outside_the_workspace_is_refused()
    {
        File.WriteAllText(Path.Combine(_outside, "far.connector.json"), HostileFiles.Connector("body.txt"));
        var relative = Path.GetRelativePath(_workspace.Root, Path.Combine(_outside, "far.connector.json"));
        _workspace.Write("far.instance.json", $$"""
            { "name": "Far", "connector": "{{relative}}", "environment": "test", "companyGroup": "UK", "timeZone": "Europe/London", "authMethod": "none" }
            """);

        var validate = _workspace.Run("validate", "far.instance.json");

        Assert.True(validate.ExitCode == 1, validate.ToString());
        Assert.Contains(validate.StdoutLines, l => l.StartsWith("far.instance.json:1:", StringComparison.Ordinal) && l.Contains("error PW4008", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("file", "outside")]
    [InlineData("case", "outside")]
    [InlineData("file", "/etc/passwd")]
    [InlineData("case", "/etc/passwd")]
    public void An_instance_a_tests_file_names_outside_the_workspace_is_refused_at_its_place_and_never_read(string where, string target)
    {
        _workspace.CopySample("mirakl");
        const string Tests = "mirakl/mirakl.tests.json";
        var written = target == "outside" ? Path.GetRelativePath(_workspace.PathOf("mirakl"), Path.Combine(_outside, "secret.txt")) : target;
        if (where == "file")
        {
            _workspace.Replace(Tests, "\"instance\": \"preprod.instance.json\"", $"\"instance\": \"{written}\"");
        }
        else
        {
            _workspace.Replace(Tests, "\"list-orders\": {\n      \"every page\": {\n", $"\"list-orders\": {{\n      \"every page\": {{\n        \"instance\": \"{written}\",\n");
        }
        var (line, column) = _workspace.PositionOf(Tests, $"\"{written}\"");

        var test = _workspace.Run("test", "mirakl", "--replay", "--quiet");
        var validate = _workspace.Run("validate", "mirakl");

        // Nothing runs (exit 2), the refusal names the file, line and column where the path is written.
        Assert.True(test.ExitCode == 2, test.ToString());
        var refusal = Assert.Single(test.StderrLines, l => l.Contains("PW4008", StringComparison.Ordinal));
        Assert.StartsWith($"{Tests}:{line}:{column}: error PW4008: The file \"{written}\" resolves to ", refusal, StringComparison.Ordinal);
        Assert.Contains("outside the workspace", refusal, StringComparison.Ordinal);
        Assert.Contains("no case was run", test.Stderr, StringComparison.Ordinal);
        Assert.True(validate.ExitCode == 1, validate.ToString());
        Assert.Contains(validate.StdoutLines, l => l.StartsWith($"{Tests}:{line}:{column}: error PW4008", StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, test.AllOutput + validate.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", test.AllOutput + validate.AllOutput, StringComparison.Ordinal);
    }
}
