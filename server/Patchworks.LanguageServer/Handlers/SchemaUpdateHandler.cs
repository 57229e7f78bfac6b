using System.Text.Json;
using Patchworks.Core.Model;
using Patchworks.Core.Running.Results;
using Patchworks.Core.Schema.Inference;
using Patchworks.Core.Syntax;
using Patchworks.Core.Text;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;
using LspEdit = Patchworks.LanguageServer.Protocol.TextEdit;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// patchworks/updateSchemaFromRun: the response panel's Update Schema from Run. The endpoint's inline schema is
/// edited in the connector; a schema file it references (inside the workspace, not through a link) is edited
/// instead; an endpoint without a schema gets one inline. Only edits are answered, as one WorkspaceEdit: nothing is
/// written and nothing is sent, so an untrusted workspace may use it too.
/// patchworks/compareSchema, the panel's Compare Schema, reads the same schema the same way (one reader, one
/// workspace boundary), so what is compared is what Update Schema from Run would edit.
/// </summary>
internal sealed class SchemaUpdateHandler(LanguageServer server)
{
    [JsonRpcMethod("patchworks/updateSchemaFromRun")]
    public async Task<UpdateSchemaFromRunResult> UpdateAsync(UpdateSchemaFromRunParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        var connectorPath = RequestTargets.PathOf(parameters.Uri);
        if (!server.Workspace.ContainsFolder(Path.GetDirectoryName(connectorPath) ?? connectorPath))
        {
            throw Invalid($"{Path.GetFileName(connectorPath)} is outside every workspace folder (or a link leads out); its schema is not updated.");
        }
        var (connector, _) = await RequestTargets.FindAsync(server, parameters.Uri, null, cancellationToken).ConfigureAwait(false);
        var endpoint = connector.Model.Endpoints.FirstOrDefault(e => e.Id == parameters.EndpointId)
            ?? throw Invalid($"The connector has no endpoint {parameters.EndpointId}.");
        var records = RunHandler.ReadRun(parameters.Run, "updateSchemaFromRun", "run", "read");
        cancellationToken.ThrowIfCancellationRequested();

        string uri;
        SyntaxTree tree;
        SchemaUpdateResult result;
        if (endpoint.SchemaFile is { } file)
        {
            (uri, tree) = SchemaFile(file, "updated", parameters.Unsaved);
            result = SchemaUpdate.Merge(tree, (ObjectSyntax)tree.Root!, records.Records);
        }
        else
        {
            uri = parameters.Uri;
            tree = connector.Tree;
            var target = endpoint.InlineSchema ?? (SyntaxNode)endpoint.Syntax;
            if (tree.Errors.Any(e => e.Span.Start < target.Span.End && e.Span.End >= target.Span.Start))
            {
                throw Invalid($"The endpoint {parameters.EndpointId} has syntax errors; fix them first.");
            }
            if (endpoint.InlineSchema is { } inline)
            {
                result = SchemaUpdate.Merge(tree, inline, records.Records);
            }
            else if (endpoint.Syntax.Find("schema") is null)
            {
                result = SchemaUpdate.Insert(tree, endpoint.Syntax, records.Records);
            }
            else
            {
                throw Invalid($"The schema of {parameters.EndpointId} is not an object; it is not updated.");
            }
        }

        var edits = result.Edits.Select(e => new LspEdit(e.Span.ToLsp(tree.Lines), e.NewText)).ToList();
        var workspaceEdit = new WorkspaceEdit(edits.Count == 0 ? new Dictionary<string, IReadOnlyList<LspEdit>>() : new Dictionary<string, IReadOnlyList<LspEdit>> { [uri] = edits });
        bool? applied = null;
        if (parameters.Apply == true && edits.Count > 0)
        {
            applied = await ApplyAsync(workspaceEdit, cancellationToken).ConfigureAwait(false);
        }
        return new UpdateSchemaFromRunResult(
            workspaceEdit,
            new SchemaUpdateReport(
                uri,
                records.Records.Count,
                result.Changes.Select(c => new SchemaUpdateChange(c.Kind switch { SchemaChangeKind.Added => "added", SchemaChangeKind.Widened => "widened", _ => "conflict" }, c.Path, c.Message)).ToList(),
                records.Gaps),
            applied);
    }

    /// <summary>
    /// patchworks/compareSchema: the endpoint's declared schema against a saved run's records (<see cref="SchemaComparison"/>),
    /// with where each finding's field is declared, so the editor can put the findings on the schema as diagnostics.
    /// </summary>
    [JsonRpcMethod("patchworks/compareSchema")]
    public async Task<CompareSchemaResult> CompareAsync(CompareSchemaParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        var connectorPath = RequestTargets.PathOf(parameters.Uri);
        if (!server.Workspace.ContainsFolder(Path.GetDirectoryName(connectorPath) ?? connectorPath))
        {
            throw Invalid($"{Path.GetFileName(connectorPath)} is outside every workspace folder (or a link leads out); its schema is not compared.");
        }
        var (connector, _) = await RequestTargets.FindAsync(server, parameters.Uri, null, cancellationToken).ConfigureAwait(false);
        var endpoint = connector.Model.Endpoints.FirstOrDefault(e => e.Id == parameters.EndpointId)
            ?? throw Invalid($"The connector has no endpoint {parameters.EndpointId}.");
        var schemaKey = endpoint.Syntax.Find("schema")
            ?? throw Invalid($"The endpoint {parameters.EndpointId} declares no record schema (\"schema\") to compare with.");
        var records = RunHandler.ReadRun(parameters.Run, "compareSchema", "run", "compared");
        cancellationToken.ThrowIfCancellationRequested();

        string uri;
        SyntaxTree tree;
        SyntaxNode schema;
        if (endpoint.SchemaFile is { } file)
        {
            (uri, tree) = SchemaFile(file, "compared", parameters.Unsaved);
            schema = tree.Root!;
        }
        else if (endpoint.InlineSchema is { } inline)
        {
            (uri, tree, schema) = (parameters.Uri, connector.Tree, inline);
            if (tree.Errors.Any(e => e.Span.Start < inline.Span.End && e.Span.End >= inline.Span.Start))
            {
                throw Invalid($"The schema of {parameters.EndpointId} has syntax errors; fix them first.");
            }
        }
        else
        {
            throw Invalid($"The schema of {parameters.EndpointId} is neither an object nor a file name; it is not compared.");
        }

        var comparison = SchemaComparison.Compare(schema, records.Records, records.Text);
        var schemaLocation = new Location(parameters.Uri, schemaKey.Key.Span.ToLsp(connector.Tree.Lines));
        var paths = comparison.MissingRequired.Select(m => m.Path)
            .Concat(comparison.NeverReceived)
            .Concat(comparison.Extra.Select(e => e.Path))
            .Concat(comparison.WrongTypes.Select(w => w.Path))
            .Distinct(StringComparer.Ordinal);
        var locations = paths.Select(path => comparison.Declarations.TryGetValue(path, out var span)
                ? new SchemaFindingLocation(path, uri, span.ToLsp(tree.Lines), true)
                : new SchemaFindingLocation(path, schemaLocation.Uri, schemaLocation.Range, false))
            .ToList();
        return new CompareSchemaResult(
            comparison.RecordsChecked,
            comparison.Text ? true : null,
            comparison.MissingRequired,
            comparison.NeverReceived,
            comparison.Extra,
            comparison.WrongTypes,
            locations,
            schemaLocation,
            uri,
            records.Gaps);
    }

    /// <summary>Asks the client to apply the edits (workspace/applyEdit); false when it refuses or cannot.</summary>
    private async Task<bool> ApplyAsync(WorkspaceEdit edit, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await server.RequestClientAsync<JsonElement>("workspace/applyEdit", new { label = "Update Schema from Run", edit }, cancellationToken).ConfigureAwait(false);
            return answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("applied", out var applied) && applied.ValueKind == JsonValueKind.True;
        }
        catch (Exception e) when (e is RemoteInvocationException or ConnectionLostException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// The referenced schema file, refused when it lies outside the workspace, is a link, or is not a JSON object
    /// (JSONC: comments and trailing commas are JSON here). An unsaved buffer the client sent for the same path is
    /// read instead of the disk, once the file is allowed.
    /// </summary>
    private (string Uri, SyntaxTree Tree) SchemaFile(FileReference file, string notDone, IReadOnlyList<UnsavedDocument>? unsaved)
    {
        var path = file.FullPath;
        var name = file.RelativePath;
        if (name.Contains("://", StringComparison.Ordinal) || !Path.IsPathFullyQualified(path))
        {
            throw Invalid($"The schema {name} is not a file; it is not {notDone}.");
        }
        if (!server.Workspace.ContainsFolder(Path.GetDirectoryName(path) ?? path))
        {
            throw Invalid($"The schema file {name} is outside every workspace folder (or a link leads out); it is not {notDone}.");
        }
        string text;
        try
        {
            if (new FileInfo(path).LinkTarget is not null)
            {
                throw Invalid($"The schema file {name} is a link; only regular files inside the workspace are {notDone}.");
            }
            if (!server.Workspace.Files.FileExists(path))
            {
                throw Invalid($"The schema file {name} does not exist.");
            }
            var open = unsaved?.LastOrDefault(d => DocumentUri.ToPath(d.Uri) is { } p && string.Equals(p, path, StringComparison.Ordinal));
            if (open is not null && open.Text.Length > ReferenceLoader.MaxReferencedFileBytes)
            {
                throw Invalid($"The schema file {name} is larger than {ReferenceLoader.MaxReferencedFileBytes / (1024 * 1024)} MB; it is not {notDone}.");
            }
            text = open?.Text ?? server.Workspace.Files.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Invalid($"The schema file {name} cannot be read: {e.Message}");
        }
        var tree = JsonParser.Parse(text);
        if (tree.Errors.Count > 0 || tree.Root is not ObjectSyntax)
        {
            throw Invalid($"The schema file {name} is not a JSON object without syntax errors; fix it first.");
        }
        return (DocumentUri.FromPath(path), tree);
    }

    private static LocalRpcException Invalid(string message) => new(message) { ErrorCode = ErrorCodes.InvalidParams };
}
