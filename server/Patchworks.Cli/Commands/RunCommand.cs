using System.CommandLine;
using Patchworks.Cli.Output;
using Patchworks.Core.Running;
using Patchworks.Core.Running.Auth;
using Patchworks.Core.Http;
using Patchworks.Core.Running.Results;
using Patchworks.Core.Workspace;

namespace Patchworks.Cli.Commands;

/// <summary>
/// patchworks run: sends an endpoint's real request for an instance, with its authentication, follows its
/// pagination, prints each page (progress on stderr) and can save the whole run as JSON. Secrets never show.
/// </summary>
public static class RunCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var connector = new Argument<string>("connector") { Description = "The connector file." };
        var endpoint = new Argument<string>("endpoint-id") { Description = "The id of the endpoint to run." };
        var instance = new Option<string?>("--instance", "-i") { Description = "The instance file whose values, secrets, auth method and rate limit to use." };
        var variables = new Option<string[]>("--var") { Description = "A value for this run only, as key=value (repeatable).", AllowMultipleArgumentsPerToken = false };
        var maxPages = new Option<int>("--max-pages") { Description = "Stop after this many pages. Default: 10.", DefaultValueFactory = _ => 10 };
        var maxRecords = new Option<int>("--max-records") { Description = "Stop once this many records have arrived. Default: 100000.", DefaultValueFactory = _ => 100_000 };
        var outFile = new Option<string?>("--out", "-o") { Description = "Save the run as JSON (secrets redacted) to this file." };
        var format = new Option<string>("--format", "-f") { Description = "Output: text (a summary of each page) or json (the whole run).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for each response. Default: 30.", DefaultValueFactory = _ => 30 };
        var maxBody = new Option<int>("--max-body-mb") { Description = "The most of one response body the runner reads, in MB, counted after decompression; a larger body ends the run (invalidResponse). Default: 256.", DefaultValueFactory = _ => 256 };
        var connectTo = new Option<string[]>("--connect-to") { Description = "HOST:PORT:TARGET_HOST:TARGET_PORT, as curl's: connect there instead, keeping the URL and TLS name (repeatable; * matches any).", AllowMultipleArgumentsPerToken = false };
        var caCert = new Option<string[]>("--ca-cert") { Description = "A PEM file of root certificates to trust besides the system's (repeatable).", AllowMultipleArgumentsPerToken = false };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress on stderr." };
        var root = CommandInputs.RootOption();
        var noBrowser = new Option<bool>("--no-browser") { Description = "Never open a browser to sign in (OAuth 2 authorisation code): fail instead, as in CI." };

        var command = new Command("run", "Send an endpoint's real request for an instance, follow its pagination and show what came back. Secrets are redacted everywhere.")
        {
            connector, endpoint, instance, variables, maxPages, maxRecords, outFile, format, timeout, maxBody, connectTo, caCert, quiet, noBrowser, root,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(new Request(
            parseResult.GetValue(connector)!,
            parseResult.GetValue(endpoint)!,
            parseResult.GetValue(instance),
            parseResult.GetValue(variables) ?? [],
            parseResult.GetValue(maxPages),
            parseResult.GetValue(maxRecords),
            parseResult.GetValue(outFile),
            parseResult.GetValue(format) ?? "text",
            parseResult.GetValue(timeout),
            parseResult.GetValue(maxBody),
            parseResult.GetValue(connectTo) ?? [],
            parseResult.GetValue(caCert) ?? [],
            parseResult.GetValue(quiet),
            parseResult.GetValue(noBrowser), parseResult.GetValue(root)), output, error, cancellationToken));
        return command;
    }

    private sealed record Request(string Connector, string Endpoint, string? Instance, string[] Variables, int MaxPages, int MaxRecords, string? Out, string Format,
        double Timeout, int MaxBodyMb, string[] ConnectTo, string[] CaCerts, bool Quiet, bool NoBrowser, string? Root);

    private static async Task<int> RunAsync(Request request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (request.MaxPages < 1 || request.MaxRecords < 1 || request.Timeout <= 0 || request.MaxBodyMb < 1)
        {
            throw new CliException("--max-pages, --max-records, --timeout and --max-body-mb must be positive");
        }
        var workspace = CommandInputs.Workspace(request.Root);
        var connector = CommandInputs.LoadConnector(workspace, request.Connector);
        var instance = CommandInputs.LoadInstance(workspace, connector, request.Instance, error);
        CommandInputs.WarnAboutErrors(workspace, connector, request.Connector, error);

        var options = new RunOptions
        {
            Values = CommandInputs.ParseVariables(request.Variables),
            MaxPages = request.MaxPages,
            MaxRecords = request.MaxRecords,
            Http = new HttpSettings
            {
                Timeout = TimeSpan.FromSeconds(request.Timeout),
                MaxBodyBytes = request.MaxBodyMb * 1024L * 1024,
                ConnectTo = [.. request.ConnectTo.Select(ConnectionOptions.ParseConnectTo)],
                TrustedRoots = ConnectionOptions.LoadRoots(request.CaCerts),
            },
            Progress = request.Quiet ? null : new StderrProgress(error),
            SignIn = request.NoBrowser ? null : new LoopbackSignIn(new SystemBrowser(error)),
        };

        // The run's spill files (large bodies) are deleted when the command ends; --out keeps them beside the saved run.
        using var run = await EndpointRunner.RunAsync(connector, request.Endpoint, instance, options, cancellationToken).ConfigureAwait(false);
        if (run.Stop == StopReason.InvalidRequest)
        {
            throw new CliException(run.StopMessage);
        }
        var result = request.Out is { } outPath ? KeepBodiesBeside(run, outPath) : run;
        var json = RunResultJson.Write(result);
        if (request.Out is { } path)
        {
            await File.WriteAllTextAsync(path, json + "\n", CancellationToken.None).ConfigureAwait(false);
        }
        if (request.Format == "json")
        {
            await output.WriteLineAsync(json).ConfigureAwait(false);
        }
        else
        {
            RunResultWriter.WriteText(result, output);
            if (request.Out is { } saved)
            {
                await output.WriteLineAsync($"Saved the run to {saved}").ConfigureAwait(false);
            }
        }
        // 0 only when the run proved it reached the end; 3 when it stopped without that proof (a limit, a total
        // that disagrees, a missing path, a repeat); 1 when it failed.
        return result.Outcome switch
        {
            RunOutcome.Completed => CliApp.Success,
            RunOutcome.Stopped => StoppedExitCode,
            _ => CliApp.ProblemsFound,
        };
    }

    /// <summary>The exit code of a run that stopped without proof of its end (documented in docs/runner.md).</summary>
    public const int StoppedExitCode = 3;

    /// <summary>
    /// The pages' streamed bodies moved from the spill directory to OUT.page-N.body beside the saved run, which
    /// names them: they outlive the command, as the saved run does.
    /// </summary>
    private static RunResult KeepBodiesBeside(RunResult run, string outPath)
    {
        var pages = run.Pages.Select(page =>
        {
            if (page.Exchange.Response is not { BodyFile: { } file } response || !File.Exists(file))
            {
                return page;
            }
            var kept = Path.GetFullPath($"{outPath}.page-{page.Number}.body");
            File.Move(file, kept, overwrite: true);
            SpillFiles.Delete(file);
            return page with { Exchange = page.Exchange with { Response = response with { BodyFile = kept } } };
        }).ToList();
        return run with { Pages = pages };
    }

    /// <summary>Progress lines on stderr, so stdout stays the result.</summary>
    private sealed class StderrProgress(TextWriter error) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => error.WriteLine($"patchworks: {value.Message}");
    }
}
