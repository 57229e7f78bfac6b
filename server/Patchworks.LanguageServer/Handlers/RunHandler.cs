using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.Core.Running;
using Patchworks.Core.Running.Auth;
using Patchworks.Core.Running.Results;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Running;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// patchworks/runEndpoint: the extension's runner. The run is asynchronous all the way, so the server keeps
/// answering other requests while it waits on the network; its answer is the run as `patchworks run --format
/// json` prints it, secrets redacted, and beside it the records the response panel lists (<c>listing</c>: the first
/// <see cref="ListedRecordsMax"/> records with their page, found by the saved run's page rule, so the extension never
/// reads a body at a data path itself).
/// </summary>
internal sealed class RunHandler(LanguageServer server)
{
    /// <summary>How many records the answer's listing carries at most (the panel shows as many rows).</summary>
    internal const int ListedRecordsMax = 500;

    private readonly ConcurrentDictionary<string, CancellationTokenSource> _byProgressToken = new(StringComparer.Ordinal);

    /// <summary>
    /// The latest run of each connector's endpoint (the extension shows one per endpoint and replaces it with the
    /// next): a new run disposes the one it replaces, deleting its spill files; the rest go when the process exits.
    /// </summary>
    private readonly Dictionary<string, RunResult> _latestRuns = new(StringComparer.Ordinal);

    [JsonRpcMethod("patchworks/runEndpoint")]
    public async Task<JsonElement> RunEndpointAsync(RunEndpointParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        server.RequireTrusted("send its requests and run its scripts");
        var (connector, instance) = await RequestTargets.FindAsync(server, parameters.Uri, parameters.InstanceUri, cancellationToken).ConfigureAwait(false);

        var token = parameters.WorkDoneToken is { ValueKind: JsonValueKind.String or JsonValueKind.Number } t ? t : (JsonElement?)null;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var key = token?.GetRawText();
        if (key is not null)
        {
            _byProgressToken[key] = cancel;
        }
        var reporter = token is null ? null : new ProgressReporter(this, token.Value);
        try
        {
            await ProgressAsync(token, new { kind = "begin", title = $"Running {parameters.EndpointId}", cancellable = true, message = instance?.Name }).ConfigureAwait(false);
            var options = new RunOptions
            {
                Values = parameters.Values ?? new Dictionary<string, string>(),
                Secrets = await ClientSecrets.FetchAsync(server, instance, cancel.Token).ConfigureAwait(false),
                TokenStore = server.RefreshTokens,
                SignIn = new LoopbackSignIn(new ClientBrowser(server)),
                MaxPages = parameters.MaxPages ?? 10,
                MaxRecords = parameters.MaxRecords ?? 100_000,
                Http = ConnectionParameters.Settings(parameters.TimeoutSeconds, parameters.ConnectTo, parameters.TrustedCertificatesPem),
                Progress = reporter,
            };
            var result = await EndpointRunner.RunAsync(connector, parameters.EndpointId, instance, options, cancel.Token).ConfigureAwait(false);
            if (result.Stop == StopReason.InvalidRequest)
            {
                result.Dispose();
                throw new LocalRpcException(result.StopMessage) { ErrorCode = ErrorCodes.RequestFailed };
            }
            Keep($"{connector.FilePath}#{parameters.EndpointId}", result);
            var answer = JsonNode.Parse(RunResultJson.Write(result))!.AsObject();
            answer["listing"] = ListingJson(RecordListing.Of(answer, ListedRecordsMax));
            return JsonSerializer.SerializeToElement(answer);
        }
        finally
        {
            if (key is not null)
            {
                _byProgressToken.TryRemove(key, out _);
            }
            // "end" goes after every report: a report sent later would reopen the progress in the client.
            if (reporter is not null)
            {
                await reporter.FlushAsync().ConfigureAwait(false);
            }
            await ProgressAsync(token, new { kind = "end" }).ConfigureAwait(false);
        }
    }

    private static JsonObject ListingJson(RecordListing listing) => new()
    {
        ["records"] = new JsonArray([.. listing.Records.Select(r => (JsonNode)new JsonObject { ["page"] = r.Page, ["record"] = r.Record })]),
        ["total"] = listing.Total,
        ["notListed"] = listing.NotListed,
        ["text"] = listing.Text,
    };

    /// <summary>
    /// patchworks/signIn: obtains the instance's token without an endpoint request (the Add Instance wizard's
    /// "Sign in" for the authorisation code grant: the browser through window/showDocument, the refresh token
    /// kept in SecretStorage through patchworks/setSecret). Answers { signedIn, authMethod, message, exchanges }.
    /// </summary>
    [JsonRpcMethod("patchworks/signIn")]
    public async Task<JsonElement> SignInAsync(SignInParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        server.RequireTrusted("sign in to an instance");
        var instancePath = RequestTargets.PathOf(parameters.InstanceUri);
        var instance = server.Workspace.GetInstance(instancePath)?.Model
            ?? throw new LocalRpcException($"{parameters.InstanceUri} is not an instance file.") { ErrorCode = ErrorCodes.InvalidParams };
        var connector = instance.ConnectorFullPath is { } connectorPath ? server.Workspace.GetConnector(connectorPath) : null;
        if (connector is null)
        {
            throw new LocalRpcException($"The connector of {Path.GetFileName(instancePath)} ({instance.ConnectorPath ?? "none named"}) is not in the workspace.") { ErrorCode = ErrorCodes.InvalidParams };
        }
        var options = new RunOptions
        {
            Secrets = await ClientSecrets.FetchAsync(server, instance, cancellationToken).ConfigureAwait(false),
            TokenStore = server.RefreshTokens,
            SignIn = new LoopbackSignIn(new ClientBrowser(server)),
            Http = ConnectionParameters.Settings(parameters.TimeoutSeconds, parameters.ConnectTo, parameters.TrustedCertificatesPem),
        };
        var result = await InstanceSignIn.RunAsync(connector, instance, options, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.SerializeToElement(result, RunResultJson.Options);
    }

    /// <summary>The longest saved run's text a request reads (compareRuns each side, updateSchemaFromRun, compareSchema); a larger one is refused, not parsed.</summary>
    public const int MaxRunChars = 256 * 1024 * 1024;

    /// <summary>
    /// A saved run's text a request carries (compareRuns, updateSchemaFromRun, compareSchema), read back as its records; missing, too
    /// large or not a saved run is InvalidParams naming the request and the run (<paramref name="run"/>: "run",
    /// "previous run") and what was not done with it.
    /// </summary>
    internal static RunRecords ReadRun(string? text, string method, string run, string notDone, string? dataPath = null)
    {
        if (text is null || text.Length > MaxRunChars)
        {
            throw new LocalRpcException(text is null ? $"{method} needs the {run}'s text." : $"The {run} is larger than {MaxRunChars / (1024 * 1024)} MB; it is not {notDone}.") { ErrorCode = ErrorCodes.InvalidParams };
        }
        try
        {
            return RunRecords.Read(text, dataPath);
        }
        catch (FormatException e)
        {
            throw new LocalRpcException($"The {run} is {e.Message}") { ErrorCode = ErrorCodes.InvalidParams };
        }
    }

    /// <summary>
    /// patchworks/compareRuns: the editor's Compare with Previous Run. Answers the comparison as `patchworks compare
    /// --format json` prints it; a text that is not a saved run is an InvalidParams error naming the side.
    /// </summary>
    [JsonRpcMethod("patchworks/compareRuns")]
    public JsonElement CompareRuns(CompareRunsParams parameters)
    {
        server.RequireInitialized();
        var comparison = RunComparison.Compare(
            ReadRun(parameters.Previous, "compareRuns", "previous run", "compared", parameters.DataPath),
            ReadRun(parameters.Current, "compareRuns", "current run", "compared", parameters.DataPath));
        return JsonSerializer.SerializeToElement(comparison, RunResultJson.Options);
    }

    /// <summary>
    /// patchworks/releaseRun: the panel showing an endpoint's latest run closed, so the run is dropped and the files its
    /// large bodies spilled to are deleted now, not at the next run or when the server exits.
    /// </summary>
    [JsonRpcMethod("patchworks/releaseRun")]
    public void ReleaseRun(ReleaseRunParams parameters)
    {
        if (DocumentUri.ToPath(parameters.Uri) is not { } path)
        {
            return;
        }
        RunResult? released;
        lock (_latestRuns)
        {
            _latestRuns.Remove($"{path}#{parameters.EndpointId}", out released);
        }
        released?.Dispose();
    }

    /// <summary>Keeps the run as its endpoint's latest, disposing the one it replaces (its body files deleted).</summary>
    internal void Keep(string key, RunResult run)
    {
        RunResult? replaced;
        lock (_latestRuns)
        {
            _latestRuns.TryGetValue(key, out replaced);
            _latestRuns[key] = run;
        }
        if (replaced is not null && !ReferenceEquals(replaced, run))
        {
            replaced.Dispose();
        }
    }

    /// <summary>The user pressed cancel on the progress notification.</summary>
    [JsonRpcMethod("window/workDoneProgress/cancel")]
    public void CancelProgress(WorkDoneProgressCancelParams parameters)
    {
        if (_byProgressToken.TryGetValue(parameters.Token.GetRawText(), out var cancel))
        {
            cancel.Cancel();
        }
    }

    private Task ProgressAsync(JsonElement? token, object value) =>
        token is { } t ? server.NotifyAsync("$/progress", new { token = t, value }) : Task.CompletedTask;

    /// <summary>Sends the runner's reports in the order they come, one after the other, without making the run wait.</summary>
    private sealed class ProgressReporter(RunHandler handler, JsonElement token) : IProgress<RunProgress>
    {
        private readonly Lock _gate = new();
        private Task _sent = Task.CompletedTask;

        public void Report(RunProgress value)
        {
            lock (_gate)
            {
                _sent = SendAfter(_sent, value.Message);
            }
        }

        /// <summary>Waits until every report so far is sent (or failed: progress is a courtesy).</summary>
        public Task FlushAsync()
        {
            lock (_gate)
            {
                return _sent;
            }
        }

        private async Task SendAfter(Task previous, string message)
        {
            await previous.ConfigureAwait(false);
            try
            {
                await handler.ProgressAsync(token, new { kind = "report", message }).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ConnectionLostException or ObjectDisposedException or RemoteInvocationException)
            {
                // The client went away or refused a report: the run goes on, and so do later reports.
            }
        }
    }
}

/// <summary>window/workDoneProgress/cancel.</summary>
public sealed record WorkDoneProgressCancelParams(JsonElement Token);
