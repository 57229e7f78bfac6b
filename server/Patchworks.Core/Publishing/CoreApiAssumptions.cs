using System.Text.Json;
using System.Text.Json.Serialization;

namespace Patchworks.Core.Publishing;

/// <summary>
/// Every fact about the Core API that publishing relies on and that Patchworks does not document, in one place,
/// named by its number in docs/publishing.md (A1-A7). Everything documented (the system template's fields, the
/// colour and rate-limit enums, the request option types, the 422 shape) is followed as documented elsewhere;
/// what is here is a guess, and each can be changed without a new build: <see cref="Load"/> reads a JSON file of
/// the same property names (camelCase), given with `patchworks publish --assumptions FILE` or the assumptionsFile
/// parameter of patchworks/publishPlan and patchworks/publish. A property left out keeps its default.
/// </summary>
public sealed record CoreApiAssumptions
{
    public static CoreApiAssumptions Default { get; } = new();

    // A1: resource collections. GET lists, POST creates, GET {id} shows, PATCH {id} updates the fields given.
    public string SystemTemplatesPath { get; init; } = "/patchworks/system-templates";
    public string AuthenticationImplementationsPath { get; init; } = "/authentication-implementations";
    public string EndpointsPath { get; init; } = "/endpoints";
    public string VariablesPath { get; init; } = "/variables";
    public string RequestOptionsPath { get; init; } = "/request-options";

    // A2: the reference lists whose ids the documented fields system_type_id, entity_type_id and
    // authentication_type_id take: paginated lists of { id, name }, names compared case-insensitively.
    public string SystemTypesPath { get; init; } = "/system-types";
    public string EntityTypesPath { get; init; } = "/entity-types";
    public string AuthenticationTypesPath { get; init; } = "/authentication-types";

    // A3: how a part names its owner (also the list filters that find an owner's parts).
    public string AuthenticationImplementationTemplateField { get; init; } = "system_template_id";
    public string EndpointAuthenticationImplementationField { get; init; } = "authentication_implementation_id";
    public string VariableOwnerTypeField { get; init; } = "model_type";
    public string VariableOwnerIdField { get; init; } = "model_id";
    public string RequestOptionOwnerTypeField { get; init; } = "requestable_type";
    public string RequestOptionOwnerIdField { get; init; } = "requestable_id";
    public string SystemTemplateOwnerType { get; init; } = "system_template";
    public string AuthenticationImplementationOwnerType { get; init; } = "authentication_implementation";
    public string EndpointOwnerType { get; init; } = "endpoint";

    // A4 (the field names of the parts below a system template) lives in ConnectorMapping, marked A4.

    // A5: logos are uploaded (documented); where and in which multipart field is not.
    public string LogoUploadPath { get; init; } = "/patchworks/system-templates/logo";
    public string LogoUploadField { get; init; } = "logo";

    // A6: a query parameter is a request option of this type (the documented types are url, header, body).
    public string QueryRequestOptionType { get; init; } = "url";

    // A7: a system template whose version is this is a publish in progress: a first publish creates the template
    // with it and writes the real version and version_name last, so a version number in the marketplace means
    // that version's publish finished. version_name is required (documented), so the placeholder below is sent.
    public int InProgressVersion { get; init; }
    public string InProgressVersionName { get; init; } = "publish in progress";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The assumptions from a JSON file: properties as named here in camelCase; an unknown one is an error (a typo would otherwise be ignored).</summary>
    public static CoreApiAssumptions Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PublishException($"The assumptions file {path} cannot be read: {e.Message}");
        }
        return Parse(text, $"The assumptions file {path}");
    }

    /// <summary>The assumptions from JSON text (a file's, or the language server's assumptions parameter); <paramref name="source"/> starts every error.</summary>
    public static CoreApiAssumptions Parse(string text, string source)
    {
        try
        {
            var loaded = JsonSerializer.Deserialize<CoreApiAssumptions>(text, JsonOptions) ?? Default;
            foreach (var property in typeof(CoreApiAssumptions).GetProperties().Where(p => p.PropertyType == typeof(string)))
            {
                if (property.GetValue(loaded) is not string { Length: > 0 })
                {
                    throw new PublishException($"{source}: {JsonNamingPolicy.CamelCase.ConvertName(property.Name)} must be a non-empty string.");
                }
            }
            return loaded;
        }
        catch (JsonException e)
        {
            throw new PublishException($"{source} is not valid: {e.Message}");
        }
    }

    /// <summary>The collection of a kind of resource (A1).</summary>
    public string CollectionPath(ResourceKind kind) => kind switch
    {
        ResourceKind.SystemTemplate => SystemTemplatesPath,
        ResourceKind.AuthenticationImplementation => AuthenticationImplementationsPath,
        ResourceKind.Endpoint => EndpointsPath,
        ResourceKind.Variable => VariablesPath,
        _ => RequestOptionsPath,
    };

    /// <summary>The owner-type value naming an owner (A3).</summary>
    public string OwnerType(ResourceKind owner) => owner switch
    {
        ResourceKind.SystemTemplate => SystemTemplateOwnerType,
        ResourceKind.AuthenticationImplementation => AuthenticationImplementationOwnerType,
        _ => EndpointOwnerType,
    };

    /// <summary>
    /// The fields that tie a new part to its owner (A3), the owner's id as the API gave it: an id of digits is
    /// sent as a number (the API's ids are integers or strings, A1), any other as a string.
    /// </summary>
    public System.Text.Json.Nodes.JsonObject LinkFields(ResourceKind kind, ResourceKind owner, string ownerId)
    {
        var fields = new System.Text.Json.Nodes.JsonObject();
        foreach (var (name, value) in LinkFilter(kind, owner, ownerId))
        {
            fields[name] = value == ownerId && long.TryParse(ownerId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
                ? System.Text.Json.Nodes.JsonValue.Create(number)
                : System.Text.Json.Nodes.JsonValue.Create(value);
        }
        return fields;
    }

    /// <summary>The list filters that find an owner's parts of one kind (A3): the link fields, as filter[field]=value.</summary>
    public Dictionary<string, string> LinkFilter(ResourceKind kind, ResourceKind owner, string ownerId) => kind switch
    {
        ResourceKind.AuthenticationImplementation => new() { [AuthenticationImplementationTemplateField] = ownerId },
        ResourceKind.Endpoint => new() { [EndpointAuthenticationImplementationField] = ownerId },
        ResourceKind.Variable => new() { [VariableOwnerTypeField] = OwnerType(owner), [VariableOwnerIdField] = ownerId },
        _ => new() { [RequestOptionOwnerTypeField] = OwnerType(owner), [RequestOptionOwnerIdField] = ownerId },
    };

    /// <summary>A parameter's place as a request option type: documented header and body, query by A6.</summary>
    public string RequestOptionType(Model.ParameterLocation location) => location switch
    {
        Model.ParameterLocation.Query => QueryRequestOptionType,
        Model.ParameterLocation.Header => "header",
        _ => "body",
    };
}
