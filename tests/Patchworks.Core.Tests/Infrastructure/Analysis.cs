using Patchworks.Core.Diagnostics;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Tests.Infrastructure;

/// <summary>Runs the whole analysis over staged files, as the CLI does over a folder.</summary>
public static class Analysis
{
    public static IReadOnlyList<Diagnostic> Run(InMemoryFileSystem files, params string[] documents) => Run(files, false, documents);

    /// <summary>As <see cref="Run(InMemoryFileSystem, string[])"/>, with the PW60xx publishing requirements when asked (as patchworks validate does).</summary>
    public static IReadOnlyList<Diagnostic> Run(InMemoryFileSystem files, bool publishingRequirements, params string[] documents)
    {
        var workspace = new ConnectorWorkspace(files) { PublishingRequirements = publishingRequirements };
        foreach (var document in documents)
        {
            workspace.Add(InMemoryFileSystem.PathOf(document));
        }
        return workspace.Analyze();
    }

    /// <summary>The connector fixture (edited or not) and, when given, an instance, analysed together.</summary>
    public static IReadOnlyList<Diagnostic> Connector(string connector, string? instance = null, Action<InMemoryFileSystem>? stage = null)
    {
        var files = new InMemoryFileSystem().Add(Fixtures.ConnectorFile, connector);
        var documents = new List<string> { Fixtures.ConnectorFile };
        if (instance is not null)
        {
            files.Add(Fixtures.InstanceFile, instance);
            documents.Add(Fixtures.InstanceFile);
        }
        stage?.Invoke(files);
        return Run(files, [.. documents]);
    }

    /// <summary>The text a diagnostic's span covers, to check ranges exactly.</summary>
    public static string SpanText(string text, Diagnostic diagnostic) => text.Substring(diagnostic.Span.Start, diagnostic.Span.Length);

    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(d => $"{Path.GetFileName(d.FilePath)}:{d.Range.Start} {d.Code} {d.Message}"));
}
