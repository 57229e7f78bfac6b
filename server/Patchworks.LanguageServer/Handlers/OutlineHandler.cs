using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.Core.Schema;
using Patchworks.Core.Workspace;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// What the extension needs to know of connectors and instances, from the server's model of the files as the editor
/// has them (unsaved changes included), so no TypeScript reads connector or instance files:
/// patchworks/connectorOutline (one connector, given or named by an instance) and patchworks/workspaceFiles (every
/// connector and instance the server indexed, with its folder rules: no node_modules, bin, obj, .git, no FIFOs).
/// </summary>
internal sealed class OutlineHandler(LanguageServer server)
{
    [JsonRpcMethod("patchworks/connectorOutline")]
    public async Task<JsonElement> OutlineAsync(ConnectorOutlineParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        var path = RequestTargets.PathOf(parameters.Uri);
        await server.WorkspaceIndexed.WaitAsync(cancellationToken).ConfigureAwait(false);
        var (connectorPath, outline) = server.Workspace.OutlineOf(path)
            ?? throw new LocalRpcException($"{parameters.Uri} is not a connector file, or an instance whose connector is in the workspace.") { ErrorCode = ErrorCodes.InvalidParams };
        var answer = JsonSerializer.SerializeToNode(outline, ProtocolSerializer.Options)!.AsObject();
        answer["uri"] = DocumentUri.FromPath(connectorPath);
        // Paths become URIs, as everywhere in the protocol.
        foreach (var list in new[] { "instances", "testsFiles" })
        {
            foreach (var item in (answer[list] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (item["path"]?.GetValue<string>() is { } itemPath)
                {
                    item.Remove("path");
                    item["uri"] = DocumentUri.FromPath(itemPath);
                }
            }
        }
        return JsonSerializer.SerializeToElement(answer);
    }

    /// <summary>
    /// patchworks/schemaFields: the fields the editor's forms are built from, read from the schema the server
    /// validates with (<see cref="FormSchema"/>): { id, objects: { [key]: { properties: { [name]: { kind, help?,
    /// options?, object?, items? } }, methods? } } }, properties in the schema's order.
    /// </summary>
    [JsonRpcMethod("patchworks/schemaFields")]
    public JsonElement SchemaFields(SchemaFieldsParams parameters)
    {
        server.RequireInitialized();
        var schema = parameters?.Schema switch
        {
            "connector" => SchemaCatalog.Connector,
            "instance" => SchemaCatalog.Instance,
            var other => throw new LocalRpcException($"schema must be \"connector\" or \"instance\", not {(other is null ? "missing" : $"\"{other}\"")}.") { ErrorCode = ErrorCodes.InvalidParams },
        };
        return JsonSerializer.SerializeToElement(FormSchemaJson(FormSchema.Of(schema)));
    }

    /// <summary>
    /// patchworks/secretNames: the names the Add Instance wizard stores an instance's secrets under (and writes as
    /// <c>secret:NAME</c>), the same the server's quick fixes write (<see cref="Patchworks.Core.Editing.SecretNames"/>):
    /// { slug, names: { [key]: name } }.
    /// </summary>
    [JsonRpcMethod("patchworks/secretNames")]
    public JsonElement SecretNames(SecretNamesParams parameters)
    {
        server.RequireInitialized();
        var slug = Patchworks.Core.Editing.SecretNames.Slug(parameters?.InstanceName?.Trim() ?? "");
        var names = new JsonObject();
        foreach (var key in parameters?.Keys ?? [])
        {
            if (key is { Length: > 0 and <= 200 } && !names.ContainsKey(key))
            {
                names[key] = Patchworks.Core.Editing.SecretNames.NameFor(slug, key);
            }
        }
        return JsonSerializer.SerializeToElement(new JsonObject { ["slug"] = slug, ["names"] = names });
    }

    private static JsonObject FormSchemaJson(FormSchema form)
    {
        var objects = new JsonObject();
        foreach (var (key, value) in form.Objects)
        {
            var properties = new JsonObject();
            foreach (var (name, field) in value.Properties)
            {
                var json = new JsonObject { ["kind"] = field.Kind };
                if (field.Help is not null) json["help"] = field.Help;
                if (field.Options is not null) json["options"] = new JsonArray([.. field.Options.Select(o => (JsonNode)o)]);
                if (field.Object is not null) json["object"] = field.Object;
                if (field.Items is not null) json["items"] = field.Items;
                properties[name] = json;
            }
            var entry = new JsonObject { ["properties"] = properties };
            if (value.Methods.Count > 0)
            {
                var methods = new JsonObject();
                foreach (var (name, method) in value.Methods)
                {
                    methods[name] = new JsonObject
                    {
                        ["required"] = new JsonArray([.. method.Required.Select(o => (JsonNode)o)]),
                        ["optional"] = new JsonArray([.. method.Optional.Select(o => (JsonNode)o)]),
                    };
                }
                entry["methods"] = methods;
            }
            objects[key] = entry;
        }
        return new JsonObject { ["id"] = form.Id, ["objects"] = objects };
    }

    [JsonRpcMethod("patchworks/workspaceFiles")]
    public async Task<JsonElement> WorkspaceFilesAsync(JsonElement? parameters = null, CancellationToken cancellationToken = default)
    {
        server.RequireInitialized();
        await server.WorkspaceIndexed.WaitAsync(cancellationToken).ConfigureAwait(false);
        var (connectors, instances) = server.Workspace.ConnectorsAndInstances();
        var answer = new JsonObject
        {
            ["connectors"] = new JsonArray([.. connectors.Select(c => (JsonNode)new JsonObject
            {
                ["uri"] = DocumentUri.FromPath(c.FilePath),
                ["name"] = c.Model.Name,
                ["kind"] = c.Model.Kind,
            })]),
            ["instances"] = new JsonArray([.. instances.Select(i => (JsonNode)new JsonObject
            {
                ["uri"] = DocumentUri.FromPath(i.FilePath),
                ["label"] = ConnectorOutline.Label(i.FilePath),
                ["name"] = i.Model.Name,
                ["environment"] = i.Model.Environment,
                ["connectorUri"] = i.Model.ConnectorFullPath is { } connector ? DocumentUri.FromPath(connector) : null,
            })]),
        };
        return JsonSerializer.SerializeToElement(answer);
    }
}
