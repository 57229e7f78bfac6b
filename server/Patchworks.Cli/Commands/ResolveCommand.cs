using System.CommandLine;
using Patchworks.Cli.Output;
using Patchworks.Core.Resolution;
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
        var root = CommandInputs.RootOption();

        var command = new Command("resolve", "Show an endpoint's fully resolved request for an instance, with the source of every value. Secrets are masked.")
        {
            connector, endpoint, instance, variables, format, root,
        };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(connector)!,
            parseResult.GetValue(endpoint)!,
            parseResult.GetValue(instance),
            parseResult.GetValue(variables) ?? [],
            parseResult.GetValue(format) ?? "text",
            parseResult.GetValue(root),
            output,
            error));
        return command;
    }

    private static int Run(string connectorPath, string endpointId, string? instancePath, string[] variables, string format, string? root, TextWriter output, TextWriter error)
    {
        var workspace = CommandInputs.Workspace(root);
        var connector = CommandInputs.LoadConnector(workspace, connectorPath);
        var instance = CommandInputs.LoadInstance(workspace, connector, instancePath, error);
        CommandInputs.WarnAboutErrors(workspace, connector, connectorPath, error);

        ResolvedRequest request;
        var options = new ResolveOptions { AdHocValues = CommandInputs.ParseVariables(variables) };
        try
        {
            request = RequestResolver.Resolve(connector, endpointId, instance, options);
        }
        catch (ResolutionException e)
        {
            throw new CliException(e.Message);
        }
        // The request is shown all the same; what a run would lack is named, unmasked (it names no value).
        var missing = RequestResolver.MissingSecrets(connector, endpointId, instance, options);

        if (format == "json")
        {
            ResolvedRequestWriter.WriteJson(request, output, missing);
            foreach (var secret in missing)
            {
                error.WriteLine($"patchworks: warning: a run would stop before sending: {secret.Message}");
            }
        }
        else
        {
            ResolvedRequestWriter.WriteText(request, output);
            if (missing.Count > 0)
            {
                output.WriteLine();
                output.WriteLine("Missing secrets (a run would stop before sending)");
                foreach (var secret in missing)
                {
                    output.WriteLine($"  {secret.Message}");
                }
            }
        }
        return CliApp.Success;
    }
}
