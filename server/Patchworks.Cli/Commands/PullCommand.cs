using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.Core.Publishing;
using Patchworks.Core.Publishing.Pull;

namespace Patchworks.Cli.Commands;

/// <summary>
/// patchworks pull: writes a connector file (with its icon and sidecar) from a system template in Patchworks, or,
/// with --diff FILE, shows how a file differs from what Patchworks holds. Credentials and Core API options as for
/// publish. Exit 0 done (no drift), 1 failed or not found, 2 bad usage, 3 drift.
/// </summary>
public static class PullCommand
{
    public const int Drift = 3;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var id = new Option<string?>("--id") { Description = "The system template's id." };
        var name = new Option<string?>("--name") { Description = "The system template's name (several of that name: an error listing their ids)." };
        var into = new Option<string?>("--into") { Description = "The folder to write into. Default: the current folder." };
        var force = new Option<bool>("--force") { Description = "Overwrite files that exist." };
        var diff = new Option<string?>("--diff") { Description = "Write nothing: show how this connector file differs from what Patchworks holds (exit 0 no drift, 3 drift)." };
        var format = new Option<string>("--format", "-f") { Description = "Output: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress on stderr." };
        var api = new CoreApiCommandOptions();
        var root = CommandInputs.RootOption();
        var command = new Command("pull", "Pull a connector from Patchworks into files (connector, icon, sidecar), or with --diff show how a file differs from Patchworks. Credentials as for publish.")
        {
            id, name, into, force, diff, format, quiet, root,
        };
        foreach (var option in api.All)
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = parse.GetValue(format) == "json";
            var progress = parse.GetValue(quiet) ? null : new StderrProgress(error);
            var templateId = parse.GetValue(id);
            var templateName = parse.GetValue(name);
            var diffPath = parse.GetValue(diff);
            if (diffPath is not null && (templateId is not null || templateName is not null || parse.GetValue(into) is not null || parse.GetValue(force)))
            {
                throw new CliException("--diff takes a connector file and no --id, --name, --into or --force");
            }
            if (diffPath is null && (templateId is null) == (templateName is null))
            {
                throw new CliException("name the system template to pull: --id N or --name NAME (one of them)");
            }
            var (options, assumptions, apiUrl) = api.Read(parse, progress);
            using var client = new CoreApiClient(options);
            try
            {
                if (diffPath is not null)
                {
                    var workspace = CommandInputs.Workspace(parse.GetValue(root));
                    var document = CommandInputs.LoadConnector(workspace, diffPath);
                    var report = await DriftReport.CompareAsync(document, workspace.Files, client, apiUrl, assumptions, cancellationToken).ConfigureAwait(false);
                    await output.WriteAsync(json ? report.ToJson().ToJsonString(Indented) + "\n" : report.ToText()).ConfigureAwait(false);
                    return report.HasDrift ? Drift : CliApp.Success;
                }
                var result = await Puller.PullAsync(client, new PullRequest(templateId, templateName, parse.GetValue(into) ?? ".", parse.GetValue(force), apiUrl, assumptions), progress, cancellationToken).ConfigureAwait(false);
                await output.WriteAsync(json ? result.ToJson().ToJsonString(Indented) + "\n" : result.ToText()).ConfigureAwait(false);
                return CliApp.Success;
            }
            catch (Exception e) when (e is PublishException or CoreApiException)
            {
                foreach (var problem in (e as PublishException)?.Problems ?? [])
                {
                    error.WriteLine($"{Output.DisplayPath.Of(problem.FilePath)}:{problem.Line}:{problem.Column}: error: {problem.Message}");
                }
                error.WriteLine($"patchworks: {e.Message}");
                if (json)
                {
                    await output.WriteLineAsync(new JsonObject { ["error"] = e.Message, ["reason"] = (e as PublishException)?.Reason }.ToJsonString(Indented)).ConfigureAwait(false);
                }
                return CliApp.ProblemsFound;
            }
        });
        return command;
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private sealed class StderrProgress(TextWriter error) : IProgress<string>
    {
        public void Report(string value) => error.WriteLine($"patchworks: {value}");
    }
}
