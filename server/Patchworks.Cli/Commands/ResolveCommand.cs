using System.CommandLine;
using Patchworks.Cli.Output;
using Patchworks.Core.Diagnostics;
using Patchworks.Core.Model;
using Patchworks.Core.Resolution;
using Patchworks.Core.Rules;
using Patchworks.Core.Workspace;

namespace Patchworks.Cli.Commands;

/// <summary>patchworks resolve: shows an endpoint's request as it would be sent for an instance, with every value's source.</summary>
public static class ResolveCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var connector = new Argument<string>("connector") { Description = "The connector file." };
        var endpoint = new Argument<string>("endpoint-id") { Description = "The id of the endpoint to resolve." };
        var instance = new Option<string?>("--instance", "-i") { Description = "An instance file whose values, secrets and auth method to use." };
        var variables = new Option<string[]>("--var")
        {
            Description = "A value for this request only, as key=value (repeatable). Keys are variable keys, filter parameter keys, or meta.name for [[meta.name]].",
            AllowMultipleArgumentsPerToken = false,
        };
        var format = new Option<string>("--format", "-f") { Description = "Output format: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");

        var command = new Command("resolve", "Show an endpoint's fully resolved request for an instance, with the source of every value. Secrets are masked.")
        {
            connector, endpoint, instance, variables, format,
        };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(connector)!,
            parseResult.GetValue(endpoint)!,
            parseResult.GetValue(instance),
            parseResult.GetValue(variables) ?? [],
            parseResult.GetValue(format) ?? "text",
            output,
            error));
        return command;
    }

    private static int Run(string connectorPath, string endpointId, string? instancePath, string[] variables, string format, TextWriter output, TextWriter error)
    {
        var workspace = new ConnectorWorkspace(PhysicalFileSystem.Instance);
        var connector = LoadConnector(workspace, connectorPath);
        Instance? instance = null;
        if (instancePath is not null)
        {
            if (!File.Exists(instancePath))
            {
                throw new CliException($"no such instance file: {instancePath}");
            }
            workspace.Add(instancePath);
            instance = workspace.GetInstance(Path.GetFullPath(instancePath))?.Model
                ?? throw new CliException($"{instancePath} is not an instance file");
            if (instance.ConnectorFullPath is { } named && named != connector.FilePath)
            {
                error.WriteLine($"patchworks: warning: the instance names the connector {DisplayPath.Of(named)}, not {DisplayPath.Of(connector.FilePath)}");
            }
        }

        var errors = ConnectorAnalyzer.Analyze(connector, workspace.Files).Count(d => d.Severity == DiagnosticSeverity.Error);
        if (errors > 0)
        {
            error.WriteLine($"patchworks: warning: the connector has {errors} error{(errors == 1 ? "" : "s")}; run 'patchworks validate {connectorPath}' to see them");
        }

        ResolvedRequest request;
        try
        {
            request = RequestResolver.Resolve(connector, endpointId, instance, new ResolveOptions { AdHocValues = ParseVariables(variables) });
        }
        catch (ResolutionException e)
        {
            throw new CliException(e.Message);
        }

        if (format == "json")
        {
            ResolvedRequestWriter.WriteJson(request, output);
        }
        else
        {
            ResolvedRequestWriter.WriteText(request, output);
        }
        return CliApp.Success;
    }

    private static ConnectorDocument LoadConnector(ConnectorWorkspace workspace, string path)
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

    private static Dictionary<string, string> ParseVariables(string[] variables)
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
