using Patchworks.Core.Completion;
using Patchworks.Core.Workspace;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// textDocument/completion: the core finds the candidates (schema properties, enums, snippets, placeholders,
/// names the connector defines); this maps them to items. An instance's or tests file's connector is loaded
/// through the workspace, so an unsaved connector buffer counts.
/// </summary>
internal sealed class CompletionHandler(LanguageServer server)
{
    /// <summary>Characters after which the editor asks at once: a key's quote, "{{", "[[", "[[pagination.", a colon.</summary>
    public static readonly IReadOnlyList<string> TriggerCharacters = ["\"", "{", "[", ".", ":"];

    /// <summary>Enough connector files to choose from without walking a whole disk.</summary>
    private const int MaxConnectorFiles = 300;

    [JsonRpcMethod("textDocument/completion")]
    public CompletionList? Completion(CompletionParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        if (DocumentUri.ToPath(parameters.TextDocument.Uri) is not { } path)
        {
            return null;
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (server.Workspace.GetConnector(path) is { } connector)
        {
            var lines = connector.Tree.Lines;
            var candidates = ConnectorCompletion.At(connector, lines.GetOffset(parameters.Position.ToCore()));
            return new CompletionList(false, [.. candidates.Select(c => c.ToLsp(lines))]);
        }
        if (server.Workspace.GetInstance(path) is { } instance)
        {
            var lines = instance.Tree.Lines;
            var connectorOfInstance = server.Workspace.ConnectorOf(instance);
            var candidates = InstanceCompletion.At(instance, lines.GetOffset(parameters.Position.ToCore()), connectorOfInstance, ConnectorFilesNear(path));
            return new CompletionList(false, [.. candidates.Select(c => c.ToLsp(lines))]);
        }
        if (Core.Testing.TestsFiles.IsTestsFile(path) && server.Workspace.GetTestsFile(path) is { } tests)
        {
            var lines = tests.Tree.Lines;
            var candidates = TestsFileCompletion.At(tests, lines.GetOffset(parameters.Position.ToCore()), server.Workspace.ConnectorOf(tests),
                server.Workspace.InstanceFiles().Where(f => IsNear(f, tests.Directory)), ConnectorFilesNear(path));
            return new CompletionList(false, [.. candidates.Select(c => c.ToLsp(lines))]);
        }
        return null;
    }

    /// <summary>Instances a tests file can name without leaving its project: under its folder's parent, as <see cref="ConnectorFilesNear"/>.</summary>
    private static bool IsNear(string file, string folder)
    {
        var parent = Path.GetDirectoryName(folder) ?? folder;
        return WorkspaceRoots.IsUnder(file, parent);
    }

    /// <summary>Connector files under the instance's folder's parent (so its own folder and its siblings).</summary>
    private static IEnumerable<string> ConnectorFilesNear(string instancePath)
    {
        var folder = Path.GetDirectoryName(Path.GetDirectoryName(instancePath)) ?? Path.GetDirectoryName(instancePath);
        if (folder is null)
        {
            return [];
        }
        return WorkspaceFiles.Expand(folder).Where(f => DocumentKinds.FromFileName(f) == DocumentKind.Connector).Take(MaxConnectorFiles);
    }
}
