using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.Core.Publishing;
using Patchworks.Core.Publishing.Pull;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// patchworks/listTemplates (the company's system templates) and patchworks/pull (a template into files in a
/// folder): credentials, API URL and connection settings exactly as for publishing, refused in an untrusted workspace.
/// </summary>
internal sealed partial class PublishHandler
{
    [JsonRpcMethod("patchworks/listTemplates")]
    public async Task<JsonElement> ListTemplatesAsync(PullParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        server.RequireTrusted("pull from Patchworks");
        using var client = new CoreApiClient(await OptionsAsync(parameters.AsPublish(), null, cancellationToken).ConfigureAwait(false));
        var templates = await Run(() => Puller.ListTemplatesAsync(client, Assumptions(parameters.AsPublish()), cancellationToken)).ConfigureAwait(false);
        return Element(new JsonObject { ["templates"] = new JsonArray([.. templates.Select(t => (JsonNode)t.ToJson())]) });
    }

    [JsonRpcMethod("patchworks/pull")]
    public async Task<JsonElement> PullAsync(PullParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        server.RequireTrusted("pull from Patchworks");
        if (parameters.Id is not { Length: > 0 } && parameters.Name is not { Length: > 0 })
        {
            throw new LocalRpcException("pull needs the system template's id (or name).") { ErrorCode = ErrorCodes.InvalidParams };
        }
        var folder = DocumentUri.ToPath(parameters.FolderUri)
            ?? throw new LocalRpcException($"folderUri must be a file URI, not \"{parameters.FolderUri}\".") { ErrorCode = ErrorCodes.InvalidParams };
        if (!server.Workspace.ContainsFolder(folder))
        {
            // The server writes only inside the workspace folders, whatever a request names (links followed).
            throw Refusal($"Pulling writes only inside a workspace folder; {folder} is outside every one (or a link leads out). Choose a folder inside the workspace.", "outsideWorkspace", []);
        }
        var publish = parameters.AsPublish();
        var token = parameters.WorkDoneToken is { ValueKind: JsonValueKind.String or JsonValueKind.Number } t ? t : (JsonElement?)null;
        IProgress<string>? progress = token is { } value ? new ProgressReporter(server, value) : null;
        await ProgressAsync(token, new { kind = "begin", title = "Pulling from Patchworks", cancellable = true }).ConfigureAwait(false);
        try
        {
            using var client = new CoreApiClient(await OptionsAsync(publish, progress, cancellationToken).ConfigureAwait(false));
            var result = await Run(() => Puller.PullAsync(client, new PullRequest(parameters.Id, parameters.Name, folder, parameters.Force, ApiUrl(publish), Assumptions(publish)), progress, cancellationToken)).ConfigureAwait(false);
            var json = result.ToJson();
            json["connectorUri"] = new Uri(result.ConnectorPath).AbsoluteUri;
            json["writtenUris"] = new JsonArray([.. result.Written.Select(w => (JsonNode)JsonValue.Create(new Uri(w).AbsoluteUri))]);
            json["text"] = result.ToText();
            return Element(json);
        }
        finally
        {
            await ProgressAsync(token, new { kind = "end" }).ConfigureAwait(false);
        }
    }
}

/// <summary>patchworks/listTemplates and patchworks/pull: the template (id, or name), the folder, and the publish connection settings.</summary>
public sealed record PullParams(string? Id = null, string? Name = null, string? FolderUri = null, bool Force = false, string? ApiUrl = null, JsonElement? WorkDoneToken = null,
    IReadOnlyList<string>? ConnectTo = null, IReadOnlyList<string>? TrustedCertificatesPem = null, JsonElement? Assumptions = null)
{
    internal PublishParams AsPublish() => new(FolderUri ?? "", ApiUrl, null, WorkDoneToken, ConnectTo, TrustedCertificatesPem, Assumptions);
}
