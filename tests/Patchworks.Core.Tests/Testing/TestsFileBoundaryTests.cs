using Patchworks.Core.Diagnostics;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Tests.Testing;

/// <summary>
/// An instance a tests file names is a file the workspace would open: outside the workspace it is refused at the
/// place it is written (PW4008), in the editor's diagnostics and in validate's alike, before its existence is looked at.
/// </summary>
public sealed class TestsFileBoundaryTests
{
    [Theory]
    [InlineData("../outside.instance.json")]
    [InlineData("/etc/passwd")]
    public void An_instance_outside_the_workspace_is_refused_at_its_place(string written)
    {
        var text = TestsFileFixtures.Clean.Replace("\"maxPages\": 2,", $"\"maxPages\": 2,\n        \"instance\": \"{written}\",", StringComparison.Ordinal);
        var files = new InMemoryFileSystem()
            .Add("ws/" + Fixtures.ConnectorFile, Fixtures.Connector)
            .Add("ws/" + Fixtures.InstanceFile, Fixtures.Instance)
            .Add("outside.instance.json", Fixtures.Instance)
            .Add("ws/" + TestsFileFixtures.TestsFileName, text);
        var workspace = new ConnectorWorkspace(files, WorkspaceRoots.ForFolders([InMemoryFileSystem.PathOf("ws")]));
        var testsPath = InMemoryFileSystem.PathOf("ws/" + TestsFileFixtures.TestsFileName);

        var editor = workspace.AnalyzeFile(testsPath);
        workspace.AddTests(testsPath);
        var validate = workspace.Analyze();

        foreach (var diagnostics in new[] { editor, validate })
        {
            var refusal = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal(("PW4008", testsPath), (refusal.Code, refusal.FilePath));
            Assert.Equal($"\"{written}\"", text.Substring(refusal.Span.Start, refusal.Span.Length));
            Assert.DoesNotContain(diagnostics, d => d.Code == "PW7003");
        }
    }
}
