using System.CommandLine;
using Patchworks.Cli.Output;
using Patchworks.Core.Diagnostics;
using Patchworks.Core.Model;
using Patchworks.Core.Rules;
using Patchworks.Core.Workspace;

namespace Patchworks.Cli.Commands;

/// <summary>What resolve and run both read: a connector, an optional instance, --var values.</summary>
public static class CommandInputs
{
    /// <summary>--root: the folder whose files connectors and instances may name (wider than the repository or current folder).</summary>
    public static Option<string?> RootOption() => new("--root")
    {
        Description = "The workspace root: files that connectors and instances name must lie under it. Default: the nearest folder holding .git, else the current folder.",
    };

    /// <summary>A workspace whose file references stay under --root, or the repository, or the current folder.</summary>
    public static ConnectorWorkspace Workspace(string? root)
    {
        if (root is not null && !Directory.Exists(root))
        {
            throw new CliException($"--root: no such folder: {root}");
        }
        return new ConnectorWorkspace(PhysicalFileSystem.Instance, WorkspaceRoots.ForCommandLine(Directory.GetCurrentDirectory(), root));
    }

    public static ConnectorDocument LoadConnector(ConnectorWorkspace workspace, string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"no such connector file: {path}");
        }
        var fullPath = Path.GetFullPath(path);
        workspace.Add(path);
        if (workspace.GetInstance(fullPath) is not null || workspace.Unrecognised.Contains(fullPath))
        {
            throw new CliException($"{path} is not a connector file (a connector holds authMethods and endpoints; it is usually named *.connector.json)");
        }
        return workspace.GetConnector(fullPath) is { Model.Syntax: not null } document
            ? document
            : throw new CliException($"{path} is not a connector file (it must hold a JSON object with authMethods and endpoints)");
    }

    /// <summary>The instance file's model, warning when it names another connector.</summary>
    public static Instance? LoadInstance(ConnectorWorkspace workspace, ConnectorDocument connector, string? instancePath, TextWriter error)
    {
        if (instancePath is null)
        {
            return null;
        }
        if (!File.Exists(instancePath))
        {
            throw new CliException($"no such instance file: {instancePath}");
        }
        workspace.Add(instancePath);
        var instance = workspace.GetInstance(Path.GetFullPath(instancePath))?.Model
            ?? throw new CliException($"{instancePath} is not an instance file");
        if (instance.ConnectorFullPath is { } named && named != connector.FilePath)
        {
            error.WriteLine($"patchworks: warning: the instance names the connector {DisplayPath.Of(named)}, not {DisplayPath.Of(connector.FilePath)}");
        }
        return instance;
    }

    /// <summary>Warns (on stderr) when the connector has errors: the request may still be worth seeing.</summary>
    public static void WarnAboutErrors(ConnectorWorkspace workspace, ConnectorDocument connector, string connectorPath, TextWriter error)
    {
        var errors = ConnectorAnalyzer.Analyze(connector, workspace.Files).Count(d => d.Severity == DiagnosticSeverity.Error);
        if (errors > 0)
        {
            error.WriteLine($"patchworks: warning: the connector has {errors} error{(errors == 1 ? "" : "s")}; run 'patchworks validate {connectorPath}' to see them");
        }
    }

    public static Dictionary<string, string> ParseVariables(string[] variables)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in variables)
        {
            var equals = variable.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException($"--var expects key=value, got \"{variable}\"");
            }
            result[variable[..equals]] = variable[(equals + 1)..];
        }
        return result;
    }
}
