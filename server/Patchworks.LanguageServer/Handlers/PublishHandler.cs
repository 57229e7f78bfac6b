using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.Core.Publishing;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

using Patchworks.LanguageServer.Running;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// patchworks/publishPlan and patchworks/publish: the plan (reads only), and publishing with $/progress per step
/// and cancellation. Credentials come from the editor's SecretStorage through patchworks/getSecrets
/// (patchworks.api-key, or patchworks.username + patchworks.password), else from the environment as in the CLI.
/// </summary>
internal sealed partial class PublishHandler(LanguageServer server)
{
    public const string ApiKeySecret = "patchworks.api-key";
    public const string UsernameSecret = "patchworks.username";
    public const string PasswordSecret = "patchworks.password";

    [JsonRpcMethod("patchworks/publishPlan")]
    public async Task<JsonElement> PlanAsync(PublishParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        server.RequireTrusted("publish");
        var (document, _) = await RequestTargets.FindAsync(server, parameters.Uri, null, cancellationToken).ConfigureAwait(false);
        using var client = new CoreApiClient(await OptionsAsync(parameters, null, cancellationToken).ConfigureAwait(false));
        var plan = await Run(() => PublishPlanner.PlanAsync(document, server.Workspace.Files, client, ApiUrl(parameters), Bump(parameters.Bump), null, cancellationToken, Assumptions(parameters))).ConfigureAwait(false);
        return Element(new JsonObject { ["plan"] = plan.ToJson(), ["text"] = plan.ToText() });
    }

    [JsonRpcMethod("patchworks/publish")]
    public async Task<JsonElement> PublishAsync(PublishParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        server.RequireTrusted("publish");
        var (document, _) = await RequestTargets.FindAsync(server, parameters.Uri, null, cancellationToken).ConfigureAwait(false);
        var token = parameters.WorkDoneToken is { ValueKind: JsonValueKind.String or JsonValueKind.Number } t ? t : (JsonElement?)null;
        IProgress<string>? progress = token is { } value ? new ProgressReporter(server, value) : null;
        await ProgressAsync(token, new { kind = "begin", title = "Publishing to Patchworks", cancellable = true }).ConfigureAwait(false);
        try
        {
            using var client = new CoreApiClient(await OptionsAsync(parameters, progress, cancellationToken).ConfigureAwait(false));
            var plan = await Run(() => PublishPlanner.PlanAsync(document, server.Workspace.Files, client, ApiUrl(parameters), Bump(parameters.Bump), progress, cancellationToken, Assumptions(parameters))).ConfigureAwait(false);
            var result = await Run(() => Publisher.PublishAsync(plan, document, client, progress, cancellationToken)).ConfigureAwait(false);
            return Element(new JsonObject
            {
                ["plan"] = plan.ToJson(),
                ["result"] = result.ToJson(),
            });
        }
        finally
        {
            await ProgressAsync(token, new { kind = "end" }).ConfigureAwait(false);
        }
    }

    private static string ApiUrl(PublishParams parameters)
    {
        var url = (parameters.ApiUrl ?? CoreApiOptions.DefaultBaseUrl).TrimEnd('/');
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !CoreApiOptions.IsSecureBaseUrl(uri))
        {
            // Credentials travel to this URL: plain http only to this machine.
            throw new LocalRpcException($"apiUrl must be an https URL (http only for this machine: localhost, 127.0.0.0/8, ::1), not \"{url}\".")
            {
                ErrorCode = ErrorCodes.RequestFailed,
                ErrorData = new { reason = "insecureApiUrl", problems = Array.Empty<object>() },
            };
        }
        return url;
    }

    /// <summary>
    /// The assumptions given inline (docs/publishing.md; the extension sends its patchworks.publish.assumptions user
    /// setting), else the defaults. Inline, not a path: a request never makes the server read a file it names.
    /// </summary>
    private static CoreApiAssumptions Assumptions(PublishParams parameters)
    {
        try
        {
            return parameters.Assumptions is { ValueKind: JsonValueKind.Object } given
                ? CoreApiAssumptions.Parse(given.GetRawText(), "The assumptions parameter")
                : CoreApiAssumptions.Default;
        }
        catch (PublishException e)
        {
            // RequestFailed, not InvalidParams (which JSON-RPC clients take for a missing method).
            throw Refusal(e.Message, null, []);
        }
    }

    private static VersionBump Bump(string? bump) => bump switch
    {
        null => VersionBump.Check,
        "patch" => VersionBump.Patch,
        "minor" => VersionBump.Minor,
        "major" => VersionBump.Major,
        _ => throw new LocalRpcException($"bump must be patch, minor or major, not \"{bump}\".") { ErrorCode = ErrorCodes.InvalidParams },
    };

    /// <summary>
    /// Publishing's refusals and failures as request errors whose data is { reason, problems }: why (so that the
    /// editor can offer the next step: sign in, bump the version, show the problems) and the problems placed in the file.
    /// </summary>
    private static async Task<T> Run<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (PublishException e)
        {
            throw Refusal(e.Message, e.Reason, e.Problems);
        }
        catch (CoreApiException e)
        {
            throw Refusal(e.Message, e.Status == 401 ? "credentialsRefused" : "coreApi", []);
        }
    }

    private static LocalRpcException Refusal(string message, string? reason, IReadOnlyList<PublishProblem> problems) => new(message)
    {
        ErrorCode = ErrorCodes.RequestFailed,
        ErrorData = new
        {
            reason,
            problems = problems.Select(p => new { file = p.FilePath, line = p.Line, column = p.Column, message = p.Message }).ToList(),
        },
    };

    private async Task<CoreApiOptions> OptionsAsync(PublishParams parameters, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var apiUrl = ApiUrl(parameters); // before the credentials are read: an insecure URL never gets them
        var secrets = await SecretsAsync(cancellationToken).ConfigureAwait(false);
        var credentials = secrets.TryGetValue(ApiKeySecret, out var key) && key.Length > 0 ? new CoreApiCredentials.ApiKey(key)
            : secrets.TryGetValue(UsernameSecret, out var user) && secrets.TryGetValue(PasswordSecret, out var password) ? new CoreApiCredentials.Login(user, password)
            : CoreApiCredentials.FromEnvironment(Environment.GetEnvironmentVariable)
            ?? throw Refusal($"No Patchworks credentials: sign in (SecretStorage {ApiKeySecret}, or {UsernameSecret} and {PasswordSecret}), or set {CoreApiCredentials.ApiKeyVariable}.", "noCredentials", []);
        return new CoreApiOptions
        {
            BaseUrl = apiUrl,
            Credentials = credentials,
            Log = progress,
            Http = new Core.Http.HttpSettings
            {
                ConnectTo = [.. (parameters.ConnectTo ?? []).Select(ConnectionParameters.ParseConnectTo)],
                TrustedRoots = ConnectionParameters.Roots(parameters.TrustedCertificatesPem ?? []),
                UserAgent = new CoreApiOptions { Credentials = credentials }.Http.UserAgent,
            },
        };
    }

    private async Task<Dictionary<string, string>> SecretsAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await server.RequestClientAsync<Dictionary<string, string>?>("patchworks/getSecrets", new { names = new[] { ApiKeySecret, UsernameSecret, PasswordSecret } }, cancellationToken).ConfigureAwait(false) ?? [];
        }
        catch (RemoteMethodNotFoundException)
        {
            return [];
        }
        catch (RemoteInvocationException e) when (e.ErrorCode == (int)JsonRpcErrorCode.MethodNotFound)
        {
            return [];
        }
    }

    private static JsonElement Element(JsonObject json) => JsonDocument.Parse(json.ToJsonString()).RootElement.Clone();

    private Task ProgressAsync(JsonElement? token, object value) =>
        token is { } t ? server.NotifyAsync("$/progress", new { token = t, value }) : Task.CompletedTask;

    private sealed class ProgressReporter(LanguageServer server, JsonElement token) : IProgress<string>
    {
        public void Report(string value) => _ = server.NotifyAsync("$/progress", new { token, value = new { kind = "report", message = value } });
    }
}

/// <summary>patchworks/publishPlan and patchworks/publish.</summary>
public sealed record PublishParams(string Uri, string? ApiUrl = null, string? Bump = null, JsonElement? WorkDoneToken = null,
    IReadOnlyList<string>? ConnectTo = null, IReadOnlyList<string>? TrustedCertificatesPem = null, JsonElement? Assumptions = null);
