namespace Patchworks.Core.Importing;

/// <summary>
/// The intermediate model every importer produces and <see cref="ConnectorBuilder"/> turns into a connector: what
/// an API description says, in the source's own names (variable names are not yet keys, placeholders are
/// <c>{{name}}</c> as the source wrote them). A new format (OpenAPI, HAR) adds an <see cref="IApiImporter"/> that
/// fills this model; the builder, the secret rules, the writer and the merge are shared.
/// </summary>
public sealed class ApiDescription
{
    /// <summary>The API's name (Postman: info.name); the connector's name and file slug come from it.</summary>
    public string? Name { get; set; }

    public string? Description { get; set; }

    /// <summary>Variables the source defines for the whole API (Postman collection variables, OpenAPI server variables).</summary>
    public List<ApiVariable> Variables { get; } = [];

    /// <summary>The requests, in source order.</summary>
    public List<ApiRequest> Requests { get; } = [];

    /// <summary>The authentication the whole API uses when a request says nothing (Postman: the collection's auth).</summary>
    public ApiAuth? DefaultAuth { get; set; }

    /// <summary>Comments for the top of the connector (scripts at the collection level, for example).</summary>
    public List<string> Comments { get; } = [];

    /// <summary>
    /// Auth schemes the source declares besides those its requests use (OpenAPI security schemes no operation
    /// requires): each becomes an auth method too.
    /// </summary>
    public List<ApiAuth> OtherAuths { get; } = [];

    /// <summary>What the source calls the groups in <see cref="ApiRequest.Folders"/>, for the report: folder (Postman), tag (OpenAPI).</summary>
    public string FolderWord { get; set; } = "folder";
}

/// <summary>A variable as the source names it, with the value it has there (a current value, an example).</summary>
public sealed class ApiVariable(string name, string location)
{
    public string Name { get; } = name;

    public string? Value { get; set; }

    /// <summary>A default written in the connector (may hold {{placeholders}} of other variables, resolved when the
    /// variable is used: an OpenAPI server URL with server variables); the instance gets no value for it.</summary>
    public string? Default { get; set; }

    public string? Description { get; set; }

    /// <summary>The source marks it secret (Postman type "secret").</summary>
    public bool MarkedSecret { get; set; }

    public string Location { get; } = location;
}

/// <summary>
/// An authentication scheme as the source describes it. <see cref="Kind"/>: basic, bearer, apikey, oauth2, oauth1,
/// none; <see cref="Settings"/> hold the source's fields by Postman's names (username, password, token, key, value,
/// in, grant_type, accessTokenUrl, authUrl, clientId, clientSecret, scope, audience, redirect_uri,
/// client_authentication, consumerKey, consumerSecret, tokenSecret, signatureMethod, realm, addParamsToHeader).
/// </summary>
public sealed class ApiAuth(string kind, string location)
{
    public string Kind { get; } = kind;

    public Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal);

    public string Location { get; } = location;

    /// <summary>Identity for de-duplication: the same kind and settings make one auth method.</summary>
    public string Signature => Kind + "|" + string.Join("|", Settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Key + "=" + s.Value));
}

/// <summary>A key/value pair of a request (query, header, form body), with where it came from.</summary>
/// <param name="Required">Whether the source says the parameter is required (OpenAPI); null: required when it has a value.</param>
/// <param name="Maximum">The largest value the source allows (an OpenAPI schema's <c>maximum</c>): a page size's upper bound.</param>
/// <param name="Choices">The values the source allows (an OpenAPI enum); null when it names none.</param>
public sealed record ApiParameter(string Key, string? Value, string Location, string? Description = null, bool? Required = null, long? Maximum = null, IReadOnlyList<string>? Choices = null);

/// <summary>One request of the source: becomes one endpoint.</summary>
public sealed class ApiRequest(string name, string location)
{
    public string Name { get; set; } = name;

    /// <summary>Folder names from the outermost in (Postman folders, OpenAPI tags).</summary>
    public List<string> Folders { get; } = [];

    public string Method { get; set; } = "GET";

    /// <summary>The URL without its query string, with {{name}} placeholders as the source wrote them.</summary>
    public string Url { get; set; } = "";

    public List<ApiParameter> Query { get; } = [];

    /// <summary>Query parameters the source has but does not send (Postman's disabled ones): never written, only evidence for the pagination guess.</summary>
    public List<ApiParameter> DisabledQuery { get; } = [];

    public List<ApiParameter> Headers { get; } = [];

    /// <summary>Form fields (urlencoded or multipart text fields).</summary>
    public List<ApiParameter> Body { get; } = [];

    /// <summary>A raw body: JSON, XML or text, with placeholders.</summary>
    public string? SampleBody { get; set; }

    /// <summary>json, xml, csv or txt when the source says; null for json by default.</summary>
    public string? DataType { get; set; }

    /// <summary>The auth that applies after inheritance; null: none said (the API's default applies).</summary>
    public ApiAuth? Auth { get; set; }

    /// <summary>Whether <see cref="Auth"/> was set by the request or a folder rather than inherited from the API.</summary>
    public bool AuthIsOwn { get; set; }

    public string? Description { get; set; }

    /// <summary>Path variables (Postman :name, OpenAPI {name}) with their example values.</summary>
    public Dictionary<string, string?> PathVariables { get; } = new(StringComparer.Ordinal);

    /// <summary>Comments to write above the endpoint (scripts that are not run).</summary>
    public List<string> Comments { get; } = [];

    /// <summary>The endpoint id the source suggests (an OpenAPI operationId); null: made from the name.</summary>
    public string? Id { get; set; }

    /// <summary>Where the records are in the response (dataPath); null: not known.</summary>
    public string? DataPath { get; set; }

    /// <summary>The JSON Schema of one record, written to a file under schemas/ and referenced by the endpoint.</summary>
    public System.Text.Json.Nodes.JsonObject? Schema { get; set; }

    /// <summary>The schema file's name without folder or extension (an OpenAPI component name); null: the endpoint id.</summary>
    public string? SchemaName { get; set; }

    /// <summary>The pagination block (method and options), as guessed by the importer, which reports the guess.</summary>
    public System.Text.Json.Nodes.JsonObject? Pagination { get; set; }

    public string Location { get; } = location;
}
