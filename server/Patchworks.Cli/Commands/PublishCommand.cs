using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.Core.Publishing;
using Patchworks.Core.Http;
using Patchworks.Core.Workspace;

namespace Patchworks.Cli.Commands;

/// <summary>
/// patchworks publish: shows the plan (what the Patchworks marketplace will gain, change and keep), then
/// creates or updates the connector there. Credentials come from the environment only (PATCHWORKS_API_KEY, or
/// PATCHWORKS_USERNAME + PATCHWORKS_PASSWORD); progress goes to stderr; exit 0 done, 1 refused or failed, 2 bad usage.
/// </summary>
public static class PublishCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var connector = new Argument<string>("connector") { Description = "The connector file." };
        var plan = new Option<bool>("--plan") { Description = "Print the plan and write nothing." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Publish without asking (CI). Without it, publish asks on a terminal and refuses otherwise." };
        var apiUrl = new Option<string>("--api-url") { Description = $"The Core API's base URL. Default: {CoreApiOptions.DefaultBaseUrl}.", DefaultValueFactory = _ => CoreApiOptions.DefaultBaseUrl };
        var loginUrl = new Option<string?>("--login-url") { Description = $"Where PATCHWORKS_USERNAME and PATCHWORKS_PASSWORD log in. Default: {CoreApiOptions.DefaultLoginUrl} for the default API, else /fabric/api/login on the API's host." };
        var bump = new Option<string?>("--bump") { Description = "When the file differs from the version already published: raise the version (patch, minor or major; written into the file). Without it, publishing refuses until version.number is raised." };
        bump.AcceptOnlyFromAmong("patch", "minor", "major");
        var format = new Option<string>("--format", "-f") { Description = "Output: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for each response. Default: 30.", DefaultValueFactory = _ => 30 };
        var connectTo = new Option<string[]>("--connect-to") { Description = "HOST:PORT:TARGET_HOST:TARGET_PORT, as curl's (repeatable).", AllowMultipleArgumentsPerToken = false };
        var caCert = new Option<string[]>("--ca-cert") { Description = "A PEM file of root certificates to trust besides the system's (repeatable).", AllowMultipleArgumentsPerToken = false };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress on stderr." };
        var assumptions = new Option<string?>("--assumptions") { Description = "A JSON file changing the toolkit's assumptions about the undocumented parts of the Core API (paths, link fields, the logo upload; docs/publishing.md)." };
        var root = CommandInputs.RootOption();

        var command = new Command("publish", "Publish a connector to the Patchworks marketplace: the plan first, then creates and updates. Credentials from PATCHWORKS_API_KEY, or PATCHWORKS_USERNAME and PATCHWORKS_PASSWORD.")
        {
            connector, plan, yes, apiUrl, loginUrl, bump, format, timeout, connectTo, caCert, quiet, assumptions, root,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(new Request(
            parseResult.GetValue(connector)!,
            parseResult.GetValue(plan),
            parseResult.GetValue(yes),
            parseResult.GetValue(apiUrl)!,
            parseResult.GetValue(loginUrl),
            parseResult.GetValue(bump),
            parseResult.GetValue(format) ?? "text",
            parseResult.GetValue(timeout),
            parseResult.GetValue(connectTo) ?? [],
            parseResult.GetValue(caCert) ?? [],
            parseResult.GetValue(quiet), parseResult.GetValue(root), parseResult.GetValue(assumptions)), output, error, cancellationToken));
        return command;
    }

    private sealed record Request(string Connector, bool PlanOnly, bool Yes, string ApiUrl, string? LoginUrl, string? Bump, string Format, double Timeout,
        string[] ConnectTo, string[] CaCerts, bool Quiet, string? Root, string? Assumptions);

    private static async Task<int> RunAsync(Request request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(request.ApiUrl, UriKind.Absolute, out var api) || api.Scheme is not ("https" or "http"))
        {
            throw new CliException($"--api-url: \"{request.ApiUrl}\" is not an http(s) URL");
        }
        if (!CoreApiOptions.IsSecureBaseUrl(api))
        {
            // The API key or password travels to this URL: never in clear text over a network.
            throw new CliException($"--api-url: \"{request.ApiUrl}\" is plain http; credentials go only over https (plain http only to this machine: localhost, 127.0.0.0/8, ::1)");
        }
        if (request.Timeout <= 0)
        {
            throw new CliException("--timeout must be positive");
        }
        CoreApiAssumptions assumptions;
        try
        {
            assumptions = request.Assumptions is { } file ? CoreApiAssumptions.Load(file) : CoreApiAssumptions.Default;
        }
        catch (PublishException e)
        {
            throw new CliException($"--assumptions: {e.Message}");
        }
        var credentials = CoreApiCredentials.FromEnvironment(Environment.GetEnvironmentVariable)
            ?? throw new CliException($"no credentials: set {CoreApiCredentials.ApiKeyVariable} (an API key from Patchworks' general settings), or {CoreApiCredentials.UsernameVariable} and {CoreApiCredentials.PasswordVariable}");
        var workspace = CommandInputs.Workspace(request.Root);
        var document = CommandInputs.LoadConnector(workspace, request.Connector);
        var progress = request.Quiet ? null : new StderrProgress(error);
        var options = new CoreApiOptions
        {
            BaseUrl = request.ApiUrl,
            LoginUrl = request.LoginUrl,
            Credentials = credentials,
            Http = new HttpSettings
            {
                Timeout = TimeSpan.FromSeconds(request.Timeout),
                ConnectTo = [.. request.ConnectTo.Select(ConnectionOptions.ParseConnectTo)],
                TrustedRoots = ConnectionOptions.LoadRoots(request.CaCerts),
                UserAgent = new CoreApiOptions { Credentials = credentials }.Http.UserAgent,
            },
            Log = progress,
        };
        var bump = request.Bump switch
        {
            "patch" => VersionBump.Patch,
            "minor" => VersionBump.Minor,
            "major" => VersionBump.Major,
            _ => VersionBump.Check,
        };

        using var client = new CoreApiClient(options);
        PublishPlan? plan = null;
        try
        {
            plan = await PublishPlanner.PlanAsync(document, workspace.Files, client, request.ApiUrl.TrimEnd('/'), bump, progress, cancellationToken, assumptions).ConfigureAwait(false);
            if (request.Format == "text")
            {
                await output.WriteAsync(plan.ToText()).ConfigureAwait(false);
            }
            if (request.PlanOnly)
            {
                if (request.Format == "json")
                {
                    await WriteJsonAsync(output, plan, null, null).ConfigureAwait(false);
                }
                return CliApp.Success;
            }
            if (plan.HasWrites && !request.Yes && !Confirm(error))
            {
                error.WriteLine("patchworks: not published: confirm on a terminal, or pass --yes (as CI does)");
                if (request.Format == "json")
                {
                    await WriteJsonAsync(output, plan, null, "not confirmed").ConfigureAwait(false);
                }
                return CliApp.ProblemsFound;
            }
            var result = await Publisher.PublishAsync(plan, document, client, progress, cancellationToken).ConfigureAwait(false);
            if (request.Format == "json")
            {
                await WriteJsonAsync(output, plan, result, null).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync(result.Writes == 0
                    ? $"Nothing written: version {result.Version} of '{plan.ConnectorName}' is up to date (system template {result.TemplateId})."
                    : $"Published version {result.Version} of '{plan.ConnectorName}' (system template {result.TemplateId}): {result.Creates} created, {result.Updates} changed, {result.Writes} writes. Ids saved in {DisplayPath(result.SidecarPath)}.").ConfigureAwait(false);
            }
            return CliApp.Success;
        }
        catch (Exception e) when (e is PublishException or CoreApiException)
        {
            foreach (var problem in (e as PublishException)?.Problems ?? [])
            {
                error.WriteLine($"{DisplayPath(problem.FilePath)}:{problem.Line}:{problem.Column}: error: {problem.Message}");
            }
            error.WriteLine($"patchworks: {e.Message}");
            if (request.Format == "json")
            {
                await WriteJsonAsync(output, plan, null, e.Message, (e as PublishException)?.Problems, e as PublishException).ConfigureAwait(false);
            }
            return CliApp.ProblemsFound;
        }
    }

    private static bool Confirm(TextWriter error)
    {
        if (Console.IsInputRedirected)
        {
            return false;
        }
        error.Write("Publish these changes? [y/N] ");
        var answer = Console.ReadLine()?.Trim();
        return answer is "y" or "Y" or "yes";
    }

    private static async Task WriteJsonAsync(TextWriter output, PublishPlan? plan, PublishResult? result, string? failure, IReadOnlyList<PublishProblem>? problems = null, PublishException? exception = null)
    {
        var json = new JsonObject
        {
            ["plan"] = plan?.ToJson(),
            ["result"] = result?.ToJson(),
            ["error"] = failure,
            ["reason"] = exception?.Reason,
            // A publish that stopped part-way: the writes made, of how many (never a negative count).
            ["writes"] = exception?.Writes is { } writes ? new JsonObject { ["made"] = writes.Made, ["planned"] = writes.Planned } : null,
            ["problems"] = new JsonArray([.. (problems ?? []).Select(p => (JsonNode)new JsonObject { ["file"] = p.FilePath, ["line"] = p.Line, ["column"] = p.Column, ["message"] = p.Message })]),
        };
        await output.WriteLineAsync(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
    }

    private static string DisplayPath(string path) => Output.DisplayPath.Of(path);

    private sealed class StderrProgress(TextWriter error) : IProgress<string>
    {
        public void Report(string value) => error.WriteLine($"patchworks: {value}");
    }
}
