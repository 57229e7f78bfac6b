using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;
using static Patchworks.Core.Importing.SchemaShapes;

namespace Patchworks.Core.Importing.OpenApi;

/// <summary>
/// OpenAPI 3.0 and 3.1 and Swagger 2.0, JSON or YAML. The document is read (and checked) by Microsoft.OpenApi,
/// which also turns Swagger 2.0 into the OpenAPI 3 model; that model is written out as OpenAPI 3.1 JSON and walked
/// here: servers become the base URL variable, security schemes auth methods, operations endpoints, the 2xx
/// response schema (references resolved) the record schema, its array property the data path, and the
/// parameters and response fields a pagination guess. Nothing is fetched: external references are reported.
/// </summary>
public sealed partial class OpenApiImporter : IApiImporter
{
    public string Format => "openapi";

    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];

    [GeneratedRegex("""^(?:openapi|swagger|"openapi"|"swagger"|'openapi'|'swagger')\s*:""", RegexOptions.Multiline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex YamlKey();

    [GeneratedRegex("""\{([^{}/]+)\}""")]
    private static partial Regex PathParameter();

    public bool Detect(string text)
    {
        var head = text.Length > 65536 ? text[..65536] : text;
        var trimmed = head.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.StartsWith('{'))
        {
            // A top-level "openapi"/"swagger" member, wherever it is among the others (nested values are skipped).
            return TopLevelJsonKey(text);
        }
        return YamlKey().IsMatch(head.TrimStart('\uFEFF'));
    }

    /// <summary>Whether the JSON's top level has an openapi or swagger member (a cheap scan that skips nested values).</summary>
    private static bool TopLevelJsonKey(string text)
    {
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text.Length > 8 * 1024 * 1024 ? text[..(8 * 1024 * 1024)] : text), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    return false;
                }
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString();
                    if (name is "openapi" or "swagger")
                    {
                        return true;
                    }
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }
        return false;
    }

    public ApiDescription Read(string text, ImportReport report)
    {
        var root = Load(text, report);
        return new Reader(root, report).Read();
    }

    /// <summary>Reads the document with Microsoft.OpenApi and gives it back as OpenAPI 3.1 JSON.</summary>
    private static JsonObject Load(string text, ImportReport report)
    {
        var settings = new OpenApiReaderSettings { LoadExternalRefs = false };
        settings.AddYamlReader();
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        var format = trimmed.StartsWith('{') ? "json" : "yaml";
        ReadResult read;
        try
        {
            read = OpenApiDocument.Parse(text, format, settings);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or StackOverflowException or InsufficientExecutionStackException or OperationCanceledException))
        {
            throw new ImportFailedException(e is OpenApiException { Pointer: { Length: > 0 } pointer } ? pointer : "", $"the {format.ToUpperInvariant()} document cannot be read: {e.Message}");
        }
        var errors = read.Diagnostic?.Errors ?? [];
        if (read.Document is null || read.Document.Paths is null && errors.Count > 0)
        {
            var first = errors.FirstOrDefault();
            throw new ImportFailedException(first?.Pointer ?? "", "the document cannot be read" + (first is null ? "" : ": " + first.Message));
        }
        if (read.Diagnostic?.SpecificationVersion is { } version)
        {
            report.Mapped("", $"read as {VersionName(version, trimmed)}");
        }
        foreach (var error in errors.Take(20))
        {
            report.Dropped(error.Pointer ?? "", $"the OpenAPI reader reported: {error.Message}");
        }
        if (errors.Count > 20)
        {
            report.Dropped("", $"... and {errors.Count - 20} more problems the OpenAPI reader reported");
        }
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        read.Document.SerializeAsV31(new OpenApiJsonWriter(writer, new OpenApiJsonWriterSettings { Terse = true }));
        try
        {
            return JsonNode.Parse(writer.ToString(), documentOptions: new JsonDocumentOptions { MaxDepth = 1024 })?.AsObject()
                ?? throw new ImportFailedException("", "the document is empty");
        }
        catch (JsonException e)
        {
            throw new ImportFailedException("", $"the document cannot be read: {e.Message}");
        }
    }

    private static string VersionName(OpenApiSpecVersion version, string text) => version switch
    {
        OpenApiSpecVersion.OpenApi2_0 => "Swagger 2.0",
        OpenApiSpecVersion.OpenApi3_0 => "OpenAPI 3.0",
        OpenApiSpecVersion.OpenApi3_1 => "OpenAPI 3.1",
        _ => "OpenAPI " + version.ToString().Replace("OpenApi", "", StringComparison.Ordinal).Replace('_', '.'),
    } + (text.StartsWith('{') ? " (JSON)" : " (YAML)");

    /// <summary>The walk over the 3.1 JSON.</summary>
    private sealed partial class Reader(JsonObject root, ImportReport report)
    {
        private readonly Dictionary<string, List<ApiAuth>> _schemes = new(StringComparer.Ordinal);
        private readonly HashSet<string> _usedSchemes = new(StringComparer.Ordinal);
        private string _baseUrl = "{{base_url}}";
        private readonly HashSet<string> _reportedRefs = new(StringComparer.Ordinal);
        private readonly List<(ApiRequest Request, bool BasicClient)> _tokenRequests = [];

        [GeneratedRegex(@"/(?:oauth2?/)?(?:v\d+/)?token/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
        private static partial Regex TokenPath();

        /// <summary>
        /// A document without security schemes whose OAuth 2 token request is an operation (Akeneo's POST
        /// /api/oauth/v1/token, a body with grant_type, the client id and secret as Basic): that operation becomes the
        /// auth method, not an endpoint.
        /// </summary>
        private void TokenEndpoint(ApiDescription api)
        {
            foreach (var (request, basicClient) in _tokenRequests)
            {
                var fields = BodyFields(request);
                if (!fields.TryGetValue("grant_type", out var grantValue))
                {
                    continue;
                }
                var grant = grantValue switch
                {
                    "password" => "password_credentials",
                    "client_credentials" => "client_credentials",
                    _ => fields.ContainsKey("username") && fields.ContainsKey("password") ? "password_credentials" : "client_credentials",
                };
                var auth = OAuth2(request.Location, grant, request.Url);
                if (basicClient)
                {
                    auth.Settings["client_authentication"] = "header";
                }
                else if (fields.ContainsKey("client_id"))
                {
                    auth.Settings["client_authentication"] = "body";
                }
                api.Requests.Remove(request);
                api.DefaultAuth = auth;
                report.Guessed(request.Location, $"{request.Method} {request.Url} is an OAuth 2 token request (a path ending in /token, a body with grant_type{(grantValue is "password" or "client_credentials" ? " " + grantValue : "")}{(basicClient ? ", the client id and secret as Basic" : "")}) and the document declares no security scheme: it became the {(grant == "password_credentials" ? "password" : "client credentials")} auth method of every endpoint, not an endpoint");
                return;
            }
        }

        /// <summary>
        /// An OAuth 2 method of a grant (a security scheme's flow, or a token operation taken for one): its token URL,
        /// the client's id and secret (none for implicit) and, for the password grant, the user's, all as variables.
        /// </summary>
        private static ApiAuth OAuth2(string location, string grant, string? tokenUrl)
        {
            var auth = new ApiAuth("oauth2", location);
            auth.Settings["grant_type"] = grant;
            if (tokenUrl is not null)
            {
                auth.Settings["accessTokenUrl"] = tokenUrl;
            }
            auth.Settings["clientId"] = "{{client_id}}";
            if (grant != "implicit")
            {
                auth.Settings["clientSecret"] = "{{client_secret}}";
            }
            if (grant == "password_credentials")
            {
                auth.Settings["username"] = "{{username}}";
                auth.Settings["password"] = "{{password}}";
            }
            return auth;
        }

        /// <summary>A server variable's default that is its own name (store_hash, {store_hash}, your-store-hash, &lt;store_hash&gt;).</summary>
        private static bool IsNamePlaceholder(string value, string name)
        {
            static string Bare(string text) => new(text.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
            var bare = Bare(value);
            var named = Bare(name);
            return named.Length > 0 && (bare == named || bare == "your" + named || bare == "my" + named);
        }

        [GeneratedRegex(@"(?:^|/)(?:summary|me|ping|status|health|whoami|account|store|info)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
        private static partial Regex CheckPath();

        /// <summary>
        /// The check URL of the key, token and basic methods (Patchworks calls it when an instance's credentials are
        /// saved): a GET without path variables or required parameters, one that names itself a summary, status, me...
        /// first (BigCommerce's /catalog/summary), else the shortest such path.
        /// </summary>
        private void CheckUrl(ApiDescription api)
        {
            var candidates = api.Requests.Where(r => r.Method == "GET" && r.PathVariables.Count == 0 && !r.Query.Any(q => q.Required == true && q.Value is null)).ToList();
            var check = candidates.FirstOrDefault(r => CheckPath().IsMatch(r.Url)) ?? candidates.OrderBy(r => r.Url.Length).FirstOrDefault();
            if (check is null)
            {
                return;
            }
            foreach (var auth in _schemes.Values.SelectMany(a => a).Where(a => a.Kind is "basic" or "bearer" or "apikey"))
            {
                auth.Settings["checkUrl"] = check.Url;
                report.Guessed(auth.Location, $"the check URL (called when credentials are saved) is GET {check.Url}, {check.Name}: confirm it fails on wrong credentials");
            }
        }

        /// <summary>The top-level fields of a request's JSON sample body or form body, with their text values.</summary>
        private static Dictionary<string, string?> BodyFields(ApiRequest request)
        {
            var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var parameter in request.Body)
            {
                fields[parameter.Key] = parameter.Value;
            }
            if (request.SampleBody is { } body)
            {
                try
                {
                    if (JsonNode.Parse(body) is JsonObject json)
                    {
                        foreach (var (key, value) in json)
                        {
                            fields[key] = Scalar(value);
                        }
                    }
                }
                catch (JsonException)
                {
                }
            }
            return fields;
        }

        public ApiDescription Read()
        {
            var api = new ApiDescription
            {
                Name = Str(root["info"]?["title"]),
                Description = Str(root["info"]?["description"]),
                FolderWord = "tag",
            };
            Servers(api);
            SecuritySchemes();
            api.DefaultAuth = Requirement(root["security"] as JsonArray, "security", out _);
            if (root["paths"] is JsonObject paths)
            {
                foreach (var (path, item) in paths)
                {
                    if (item is not JsonObject pathItem)
                    {
                        continue;
                    }
                    foreach (var method in HttpMethods)
                    {
                        if (pathItem[method] is JsonObject operation)
                        {
                            var request = Operation(path, method, pathItem, operation, api);
                            if (request is not null)
                            {
                                api.Requests.Add(request);
                            }
                        }
                    }
                    if (pathItem["$ref"] is not null)
                    {
                        report.Dropped(PathLocation(path), "a path item $ref to another file is not fetched");
                    }
                }
            }
            if (_schemes.Count == 0 && api.DefaultAuth is null)
            {
                TokenEndpoint(api);
            }
            CheckUrl(api);
            if (root["webhooks"] is JsonObject { Count: > 0 } webhooks)
            {
                report.Dropped("webhooks", $"{webhooks.Count} webhooks describe calls the API makes, not endpoints to call: left out");
            }
            foreach (var (name, auths) in _schemes)
            {
                foreach (var auth in auths)
                {
                    if (!_usedSchemes.Contains(auth.Signature) && !ReferenceEquals(auth, api.DefaultAuth))
                    {
                        api.OtherAuths.Add(auth);
                    }
                }
            }
            return api;
        }

        // ---- servers -------------------------------------------------------------------------------------

        private void Servers(ApiDescription api)
        {
            var servers = root["servers"] as JsonArray;
            var server = servers?.OfType<JsonObject>().FirstOrDefault();
            var url = Str(server?["url"]) ?? "";
            var baseVariable = new ApiVariable("base_url", "servers[0]") { Description = "The API's base URL." };
            if (server is null || url.Length == 0 || url == "/")
            {
                report.Guessed("servers", "the document names no server: base_url is a variable to fill in");
                api.Variables.Add(baseVariable);
                return;
            }
            if (server["variables"] is JsonObject variables)
            {
                foreach (var (name, node) in variables)
                {
                    var variable = new ApiVariable(name, $"servers[0].variables.{name}") { Value = Str(node?["default"]) };
                    if (variable.Value is { } placeholder && IsNamePlaceholder(placeholder, name))
                    {
                        // BigCommerce's store_hash: { default: store_hash }: the name again, not a store's hash.
                        variable.Value = null;
                        report.Guessed(variable.Location, $"the default \"{placeholder}\" of the server variable {name} only repeats its name: no instance value; fill it in");
                    }
                    var description = Str(node?["description"]);
                    _serverVariableValues.Add((name, [.. new[] { Str(node?["default"]) }.Concat((node?["enum"] as JsonArray ?? []).Select(Str)).OfType<string>().Distinct(StringComparer.Ordinal)]));
                    if (node?["enum"] is JsonArray values && values.Count > 0)
                    {
                        description = (description is null ? "" : description.TrimEnd('.') + ". ") + "One of: " + string.Join(", ", values.Select(Str).OfType<string>()) + ".";
                    }
                    variable.Description = description;
                    api.Variables.Add(variable);
                    report.Mapped(variable.Location, $"server variable {name} → connector variable");
                }
            }
            var template = PathParameter().Replace(url.TrimEnd('/'), m => "{{" + m.Groups[1].Value + "}}");
            if (template.StartsWith('/') || !template.Contains("://", StringComparison.Ordinal) && !template.StartsWith("{{", StringComparison.Ordinal))
            {
                // A relative server URL: the path stays in the endpoints, the host is to fill in.
                _baseUrl = "{{base_url}}" + (template.StartsWith('/') ? template : "/" + template);
                report.Guessed("servers[0].url", $"the server URL {url} is relative: base_url (the scheme and host) is a variable to fill in");
            }
            else if (template.Contains("{{", StringComparison.Ordinal))
            {
                // Server variables: the template is the connector's default, resolved from them when used (an
                // instance value would be taken literally); an instance can still set base_url outright.
                baseVariable.Default = template;
            }
            else
            {
                baseVariable.Value = template;
            }
            api.Variables.Add(baseVariable);
            report.Mapped("servers[0].url", $"server {url} → variable base_url{(baseVariable.Default is null ? "" : $" (default {baseVariable.Default})")}; endpoint URLs start with {{{{base_url}}}}");
            if (servers!.Count > 1)
            {
                report.Dropped("servers", $"{servers.Count - 1} more servers ({string.Join(", ", servers.Skip(1).Select(s => Str(s?["url"])).OfType<string>().Take(5))}): the first one is the base URL; set base_url to another in the instance");
            }
        }

        // ---- security ------------------------------------------------------------------------------------

        private void SecuritySchemes()
        {
            if (root["components"]?["securitySchemes"] is not JsonObject schemes)
            {
                return;
            }
            foreach (var (name, node) in schemes)
            {
                if (node is not JsonObject scheme)
                {
                    continue;
                }
                var location = "components.securitySchemes." + name;
                if (scheme["$ref"] is not null)
                {
                    report.Dropped(location, "a security scheme $ref to another file is not fetched");
                    continue;
                }
                var auths = new List<ApiAuth>();
                var type = Str(scheme["type"]);
                switch (type)
                {
                    case "http":
                        var httpScheme = (Str(scheme["scheme"]) ?? "").ToLowerInvariant();
                        if (httpScheme == "basic")
                        {
                            var basic = new ApiAuth("basic", location);
                            basic.Settings["username"] = "{{username}}";
                            basic.Settings["password"] = "{{password}}";
                            auths.Add(basic);
                        }
                        else if (httpScheme == "bearer")
                        {
                            var bearer = new ApiAuth("bearer", location);
                            bearer.Settings["token"] = "{{access_token}}";
                            auths.Add(bearer);
                        }
                        else
                        {
                            auths.Add(new ApiAuth(httpScheme.Length > 0 ? httpScheme : "http", location));
                        }
                        break;
                    case "apiKey":
                        var @in = Str(scheme["in"]);
                        var keyName = Str(scheme["name"]) ?? "X-Api-Key";
                        if (@in is "header" or "query")
                        {
                            var apiKey = new ApiAuth("apikey", location);
                            apiKey.Settings["key"] = keyName;
                            apiKey.Settings["value"] = "{{" + Slugs.VariableKey(keyName.ToLowerInvariant()) + "}}";
                            apiKey.Settings["in"] = @in;
                            auths.Add(apiKey);
                        }
                        else
                        {
                            report.Dropped(location, $"API key {name} is sent in a cookie, which Patchworks' API key auth cannot do: set it up by hand (a Cookie header)");
                            auths.Add(new ApiAuth("cookie", location));
                        }
                        break;
                    case "oauth2":
                        if (scheme["flows"] is JsonObject flows)
                        {
                            foreach (var (flowName, grant) in new[] { ("clientCredentials", "client_credentials"), ("authorizationCode", "authorization_code"), ("password", "password_credentials"), ("implicit", "implicit") })
                            {
                                if (flows[flowName] is not JsonObject flow)
                                {
                                    continue;
                                }
                                var oauth = OAuth2(location + ".flows." + flowName, grant,
                                    Str(flow["tokenUrl"]) is { } tokenUrl ? WithServerVariables(Absolute(tokenUrl), location + ".flows." + flowName + ".tokenUrl") : null);
                                if (Str(flow["authorizationUrl"]) is { } authorizationUrl)
                                {
                                    oauth.Settings["authUrl"] = WithServerVariables(Absolute(authorizationUrl), location + ".flows." + flowName + ".authorizationUrl");
                                }
                                if (flow["scopes"] is JsonObject { Count: > 0 } scopes)
                                {
                                    var scope = string.Join(' ', scopes.Select(s => s.Key));
                                    if (scope.Length <= 1024)
                                    {
                                        oauth.Settings["scope"] = scope;
                                    }
                                    else
                                    {
                                        report.Dropped(oauth.Location, $"{scopes.Count} scopes are more than an auth method's scope can hold: set the ones you need");
                                    }
                                }
                                if (grant == "implicit")
                                {
                                    report.Guessed(oauth.Location, "the OAuth 2 implicit flow has no Patchworks auth type: it became an authorisation code method");
                                }
                                auths.Add(oauth);
                            }
                        }
                        if (auths.Count == 0)
                        {
                            report.Dropped(location, $"OAuth 2 scheme {name} has no flow: set it up by hand");
                            auths.Add(new ApiAuth("oauth2-without-flows", location));
                        }
                        break;
                    case "openIdConnect":
                        report.Dropped(location, $"OpenID Connect scheme {name} ({Str(scheme["openIdConnectUrl"])}) is not fetched or discovered: set up an OAuth 2 method by hand");
                        auths.Add(new ApiAuth("openIdConnect", location));
                        break;
                    default:
                        report.Dropped(location, $"security scheme {name} of type {type ?? "(none)"} has no Patchworks equivalent");
                        auths.Add(new ApiAuth(type is { Length: > 0 } ? type : "unknown", location));
                        break;
                }
                _schemes[name] = auths;
            }
        }

        /// <summary>The auth of a security requirement list: the first requirement's first scheme; [] is none.</summary>
        private ApiAuth? Requirement(JsonArray? security, string location, out bool said)
        {
            said = security is not null;
            if (security is null)
            {
                return null;
            }
            if (security.Count == 0 || security.All(r => r is JsonObject { Count: 0 }))
            {
                return new ApiAuth("none", location);
            }
            var requirement = security.OfType<JsonObject>().FirstOrDefault(r => r.Count > 0);
            if (requirement is null)
            {
                return null;
            }
            var names = requirement.Select(r => r.Key).ToList();
            if (names.Count > 1)
            {
                report.Dropped(location, $"the security requirement combines {string.Join(" and ", names)}: only {names[0]} became the auth method");
            }
            if (!_schemes.TryGetValue(names[0], out var auths) || auths.Count == 0)
            {
                report.Dropped(location, $"security scheme {names[0]} is not declared in components.securitySchemes");
                return null;
            }
            _usedSchemes.Add(auths[0].Signature);
            return auths[0];
        }

        /// <summary>The server variables' default and enum values (the region of a regional host).</summary>
        private readonly List<(string Name, string[] Values)> _serverVariableValues = [];

        /// <summary>
        /// A token or authorisation URL whose host holds a server variable's value (commercetools: servers
        /// <c>https://api.{region}.commercetools.com</c>, tokenUrl <c>https://auth.europe-west1.gcp.commercetools.com/oauth/token</c>,
        /// region one of europe-west1.gcp, us-central1.gcp...) takes the variable there too: written as it was, the
        /// token would come from one region and the API be called in another.
        /// </summary>
        private string WithServerVariables(string url, string location)
        {
            var scheme = url.IndexOf("://", StringComparison.Ordinal);
            if (scheme < 0)
            {
                return url;
            }
            var hostStart = scheme + 3;
            var hostEnd = url.IndexOfAny(['/', '?', '#'], hostStart) is var end and >= 0 ? end : url.Length;
            var host = "." + url[hostStart..hostEnd] + ".";
            foreach (var (name, values) in _serverVariableValues)
            {
                // The longest first: "eu" must not take the place of "europe-west1.gcp".
                foreach (var value in values.Where(v => v.Length >= 2 && v.Any(char.IsLetter) && !v.Contains("://", StringComparison.Ordinal)).OrderByDescending(v => v.Length))
                {
                    var at = host.IndexOf("." + value + ".", StringComparison.OrdinalIgnoreCase);
                    if (at < 0)
                    {
                        continue;
                    }
                    host = host[..(at + 1)] + "{{" + name + "}}" + host[(at + 1 + value.Length)..];
                    report.Guessed(location, $"the host holds {value}, a value of the server variable {name}: it became {{{{{name}}}}}, so the token comes from where the API is called");
                    return url[..hostStart] + host[1..^1] + url[hostEnd..];
                }
            }
            return url;
        }

        private string Absolute(string url) =>
            url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? url
            : url.StartsWith('/') && !_baseUrl.StartsWith("{{base_url}}/", StringComparison.Ordinal) ? "{{base_url}}" + url
            : url;

        // ---- operations ----------------------------------------------------------------------------------

        private static string PathLocation(string path) => $"paths[{JsonSerializer.Serialize(path)}]";

        private ApiRequest? Operation(string path, string method, JsonObject pathItem, JsonObject operation, ApiDescription api)
        {
            var location = PathLocation(path) + "." + method;
            var operationId = Str(operation["operationId"]);
            var name = Str(operation["summary"])?.Trim() is { Length: > 0 } summary ? FirstLine(summary) : operationId ?? method.ToUpperInvariant() + " " + path;
            var request = new ApiRequest(name, location)
            {
                Method = method.ToUpperInvariant(),
                Id = operationId is { Length: > 0 } ? operationId : method + " " + path,
                Description = Str(operation["description"]) ?? (Str(operation["summary"]) is { } s && s.Trim() != name ? s : null),
            };
            if (operation["deprecated"]?.GetValueKind() == JsonValueKind.True)
            {
                request.Description = "Deprecated. " + request.Description;
            }
            if (operation["tags"] is JsonArray tags && tags.Select(Str).FirstOrDefault(t => t is { Length: > 0 }) is { } tag)
            {
                request.Folders.Add(tag);
            }
            if (operation["servers"] is JsonArray { Count: > 0 } || pathItem["servers"] is JsonArray { Count: > 0 })
            {
                report.Dropped(location, "servers of this operation are left out: the document's base URL is used");
            }

            // Parameters: the path item's, overridden by the operation's (same name and place).
            var parameters = new Dictionary<(string, string), (JsonObject Node, string Location)>();
            foreach (var (list, listLocation) in new[] { (pathItem["parameters"] as JsonArray, PathLocation(path) + ".parameters"), (operation["parameters"] as JsonArray, location + ".parameters") })
            {
                for (var i = 0; list is not null && i < list.Count; i++)
                {
                    var parameter = Deref(list[i], out var external) as JsonObject;
                    if (parameter is null)
                    {
                        if (external is not null)
                        {
                            ReportExternal($"{listLocation}[{i}]", external);
                        }
                        continue;
                    }
                    var pName = Str(parameter["name"]);
                    var pIn = Str(parameter["in"]);
                    if (pName is null || pIn is null)
                    {
                        continue;
                    }
                    parameters[(pIn, pName)] = (parameter, $"{listLocation}[{i}]");
                }
            }

            var url = path;
            foreach (var ((pIn, pName), (parameter, pLocation)) in parameters)
            {
                var example = ExampleText(parameter, pLocation);
                var description = Str(parameter["description"]);
                var required = parameter["required"]?.GetValueKind() == JsonValueKind.True;
                switch (pIn)
                {
                    case "path":
                        request.PathVariables[pName] = example;
                        break;
                    case "query":
                        if (example is not null && IsProse(example, parameter))
                        {
                            // Akeneo's search_after: "default": "cursor to the first page" describes the value, it is not one.
                            report.Dropped(pLocation, $"the default \"{example}\" of {pName} is a description, not a value: not sent");
                            example = null;
                        }
                        request.Query.Add(new ApiParameter(pName, example, pLocation, description, required, Maximum(parameter), Choices(parameter)));
                        break;
                    case "header":
                        if (pName.Equals("Accept", StringComparison.OrdinalIgnoreCase) && required && example is { Length: > 0 })
                        {
                            // BigCommerce: required, default application/json (its v2 answers XML otherwise).
                            request.Headers.Add(new ApiParameter(pName, example, pLocation, description, true));
                            break;
                        }
                        if (pName.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || pName.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || pName.Equals("Accept", StringComparison.OrdinalIgnoreCase))
                        {
                            report.Dropped(pLocation, $"the header parameter {pName} is left out: OpenAPI ignores it (auth methods and the data type set it)");
                            break;
                        }
                        request.Headers.Add(new ApiParameter(pName, example, pLocation, description, required));
                        break;
                    case "cookie":
                        report.Dropped(pLocation, $"the cookie parameter {pName} is left out: add a Cookie header by hand if the API needs it");
                        break;
                }
            }
            // {name} in the path → {{name}}; a path segment no parameter declares still becomes a placeholder.
            url = PathParameter().Replace(url, m =>
            {
                var pName = m.Groups[1].Value;
                if (!request.PathVariables.ContainsKey(pName))
                {
                    request.PathVariables[pName] = null;
                    report.Guessed(location, $"the path parameter {{{pName}}} is not declared: it became an endpoint variable");
                }
                return "{{" + pName + "}}";
            });
            request.Url = _baseUrl + (url.StartsWith('/') ? url : "/" + url);

            // Auth: the operation's own requirement, else the document's.
            if (operation["security"] is JsonArray security)
            {
                request.Auth = Requirement(security, location + ".security", out _);
                request.AuthIsOwn = request.Auth is not null;
            }

            RequestBody(operation, request, location);
            if (request.Method == "POST" && TokenPath().IsMatch(path))
            {
                var basic = parameters.Any(p => p.Key.Item1 == "header" && p.Key.Item2.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
                    && (Str(p.Value.Node["description"])?.Contains("Basic", StringComparison.OrdinalIgnoreCase) ?? false));
                _tokenRequests.Add((request, basic));
            }
            if (request.Method is not ("GET" or "HEAD" or "OPTIONS"))
            {
                CollectionBody(operation, request, location);
            }
            if (request.Method is "GET" or "HEAD" or "OPTIONS")
            {
                Response(operation, request, location);
            }
            return request;
        }

        [GeneratedRegex(@"^[A-Za-z]+(?:[ ]+[A-Za-z']+){2,}\.?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
        private static partial Regex ProseText();

        [GeneratedRegex(@"\bapplication/[A-Za-z0-9.!#$&^_-]+\+json\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
        private static partial Regex VendorJson();

        /// <summary>A value that is words of prose (three or more, letters only), not one of the parameter's enum: a default written as a description.</summary>
        private static bool IsProse(string value, JsonObject parameter) =>
            ProseText().IsMatch(value.Trim()) && !(Choices(parameter)?.Contains(value) ?? false);

        /// <summary>A parameter's enum values (OpenAPI 3 <c>schema.enum</c>, Swagger 2 <c>enum</c>) as text; null when it has none.</summary>
        private static IReadOnlyList<string>? Choices(JsonObject parameter)
        {
            var node = (parameter["schema"] as JsonObject)?["enum"] ?? parameter["enum"];
            return node is JsonArray { Count: > 0 } values ? values.Select(Scalar).OfType<string>().ToList() : null;
        }

        /// <summary>
        /// A body of several records (Akeneo's collection PATCH: one JSON object a line, sent as
        /// application/vnd.akeneo.collection+json, which it says only in its 415 response and x-body-by-line):
        /// the media type is kept as the Content-Type header and the report says the body is to be set up by hand.
        /// </summary>
        private void CollectionBody(JsonObject operation, ApiRequest request, string location)
        {
            var byLine = operation["x-body-by-line"] is not null;
            string? mediaType = null;
            if (operation["responses"] is JsonObject responses && Deref(responses["415"], out _) is JsonObject unsupported)
            {
                var text = string.Join(" ", new[] { Str(unsupported["description"]), Str(unsupported["x-details"]) }.OfType<string>());
                mediaType = VendorJson().Match(text) is { Success: true } m ? m.Value : null;
            }
            if (mediaType is not null && !request.Headers.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
            {
                request.Headers.Add(new ApiParameter("Content-Type", mediaType, location + ".responses.415", "The media type the API's 415 response asks for.", true));
                report.Guessed(location + ".responses.415", $"the 415 response asks for Content-Type {mediaType}: it became the Content-Type header (not the application/json the data type sends)");
            }
            if (byLine)
            {
                report.Guessed(location, "the request body is several records, one JSON object a line (x-body-by-line" + (mediaType is null ? "" : ", " + mediaType) + "): the sampleBody holds one record and is sent as one JSON document; send several records by hand (a script that writes one line each)");
            }
        }

        private static string FirstLine(string text)
        {
            var line = text.Split('\n')[0].Trim();
            return line.Length > 0 ? line : text.Trim();
        }

        private void RequestBody(JsonObject operation, ApiRequest request, string location)
        {
            if (operation["requestBody"] is null)
            {
                return;
            }
            var body = Deref(operation["requestBody"], out var external) as JsonObject;
            if (body is null)
            {
                if (external is not null)
                {
                    ReportExternal(location + ".requestBody", external);
                }
                return;
            }
            if (body["content"] is not JsonObject content || content.Count == 0)
            {
                return;
            }
            var bodyLocation = location + ".requestBody";
            var (mediaType, media) = content.FirstOrDefault(c => IsJson(c.Key));
            if (media is JsonObject binaryJson && binaryJson["schema"] is { } binarySchemaNode && Resolve(binarySchemaNode, bodyLocation + ".schema") is { } binarySchema
                && (Properties(binarySchema) ?? []).Any(p => IsFile(p.Value)))
            {
                // A JSON body cannot carry a file: a Swagger 2.0 body parameter with a binary field (Akeneo's media
                // files, x-form-data) is a multipart form.
                FormFields(binarySchema, request, bodyLocation);
                report.Guessed(bodyLocation, $"the {mediaType} request body has a binary field: it is a multipart form, its other fields body parameters");
                return;
            }
            if (media is JsonObject json)
            {
                var schemaNode = json["schema"];
                var example = MediaExample(json, bodyLocation + ".content[" + JsonSerializer.Serialize(mediaType) + "]");
                var fromDocument = example is not null;
                // The schema's own example (Swagger 2.0 keeps a body parameter's example there), else its first
                // x-examples entry, taken from the document as written: the resolved schema leaves out an example
                // holding a credential (Akeneo's token body, { username, password, grant_type }), which the builder
                // turns into secret variables instead.
                if (example is null && Deref(schemaNode, out _) is JsonObject rawSchema && SchemaExample(rawSchema) is { } schemaExample)
                {
                    example = schemaExample;
                    fromDocument = true;
                }
                var schema = schemaNode is null ? null : Resolve(schemaNode, bodyLocation + ".schema");
                example ??= schema is null ? null : SampleFromSchema(schema, 0);
                if (example is not null)
                {
                    request.SampleBody = example.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
                    report.Mapped(bodyLocation, fromDocument ? "request body example → sampleBody" : "request body schema → a sampleBody made from the schema (guessed values)");
                }
                if (!mediaType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && mediaType != "*/*")
                {
                    // A vendor type (application/vnd.akeneo.collection+json) is sent as declared, not as plain JSON.
                    request.Headers.Add(new ApiParameter("Content-Type", mediaType, bodyLocation, "The request body's media type, as the document declares it.", true));
                    report.Guessed(bodyLocation, $"the request body is {mediaType}: kept as the Content-Type header (the data type alone would send application/json)");
                }
                if (schema is not null && schema.Count > 0)
                {
                    request.Schema = SchemaFile(schema, RefName(schemaNode));
                    request.SchemaName = RefName(schemaNode) ?? Slugs.Slug(request.Id ?? request.Name) + "-request";
                }
                return;
            }
            if (content.FirstOrDefault(c => c.Key.Contains("xml", StringComparison.OrdinalIgnoreCase)) is { Value: JsonObject xml })
            {
                request.DataType = "xml";
                if (xml["example"] is JsonValue v && v.TryGetValue<string>(out var text))
                {
                    request.SampleBody = text;
                }
                report.Mapped(bodyLocation, "an XML request body: dataType xml" + (request.SampleBody is null ? " (no example to copy)" : " and its example as sampleBody"));
                return;
            }
            if (content.FirstOrDefault(c => c.Key.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) || c.Key.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase)) is { Value: JsonObject form } formEntry)
            {
                var schema = form["schema"] is { } formSchema ? Resolve(formSchema, bodyLocation + ".schema") : null;
                if (schema is not null)
                {
                    FormFields(schema, request, bodyLocation);
                }
                report.Mapped(bodyLocation, $"a {formEntry.Key} request body → body parameters");
                return;
            }
            report.Dropped(bodyLocation, $"a request body of type {string.Join(", ", content.Select(c => c.Key))} is not imported");
        }

        private static bool IsFile(JsonNode? propertySchema) =>
            propertySchema?["format"] is JsonValue f && (string?)f is "binary" or "base64" || Str(propertySchema?["contentMediaType"]) is not null;

        /// <summary>A form body's fields as body parameters (required kept); file fields are left out.</summary>
        private void FormFields(JsonObject schema, ApiRequest request, string bodyLocation)
        {
            var requiredNames = (schema["required"] as JsonArray)?.Select(Str).OfType<string>().ToHashSet(StringComparer.Ordinal) ?? [];
            foreach (var (property, propertySchema) in Properties(schema) ?? [])
            {
                if (IsFile(propertySchema))
                {
                    report.Dropped(bodyLocation, $"the file field {property} is left out");
                    continue;
                }
                var value = propertySchema is JsonObject p ? ExampleValue(p) : null;
                request.Body.Add(new ApiParameter(property, value, bodyLocation + ".properties." + property, Str(propertySchema?["description"]), requiredNames.Contains(property)));
            }
        }

        private static bool IsJson(string mediaType) =>
            mediaType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.Contains("+json", StringComparison.OrdinalIgnoreCase) || mediaType == "*/*" || mediaType.StartsWith("text/json", StringComparison.OrdinalIgnoreCase);

        /// <summary>A schema's example as the document writes it: <c>example</c>, the first of <c>examples</c>, else the first <c>x-examples</c> value (a string of JSON is parsed).</summary>
        private static JsonNode? SchemaExample(JsonObject schema)
        {
            if (schema.ContainsKey("example") && schema["example"] is { } example)
            {
                return example.DeepClone();
            }
            if (schema["examples"] is JsonArray { Count: > 0 } examples && examples[0] is JsonObject or JsonArray)
            {
                return examples[0]!.DeepClone();
            }
            var extension = schema["x-examples"] switch
            {
                JsonObject named => named.Select(e => e.Value).FirstOrDefault(v => v is not null),
                JsonArray list => list.FirstOrDefault(v => v is not null),
                _ => null,
            };
            if (extension is JsonValue text && text.GetValueKind() == JsonValueKind.String)
            {
                try
                {
                    var parsed = JsonNode.Parse((string)text!);
                    return parsed is JsonObject || parsed is JsonArray ? parsed : null;
                }
                catch (JsonException)
                {
                    return null;
                }
            }
            return extension is JsonObject or JsonArray ? extension.DeepClone() : null;
        }

        /// <summary>A media type's example: example, else the first examples entry's value (externalValue is reported, never fetched).</summary>
        private JsonNode? MediaExample(JsonObject media, string location)
        {
            if (media.ContainsKey("example") && media["example"] is { } example)
            {
                return example.DeepClone();
            }
            if (media["examples"] is JsonObject examples)
            {
                foreach (var (exampleName, node) in examples)
                {
                    var resolved = Deref(node, out var external);
                    if (resolved is JsonObject e)
                    {
                        if (e.ContainsKey("value") && e["value"] is { } value)
                        {
                            return value.DeepClone();
                        }
                        if (Str(e["externalValue"]) is { } externalValue)
                        {
                            report.Dropped(location + ".examples." + exampleName, $"the example's externalValue {externalValue} is not fetched");
                        }
                    }
                    else if (external is not null)
                    {
                        ReportExternal(location + ".examples." + exampleName, external);
                    }
                }
            }
            return null;
        }

        private void Response(JsonObject operation, ApiRequest request, string location)
        {
            if (operation["responses"] is not JsonObject responses)
            {
                return;
            }
            var (code, node) = responses.Where(r => r.Key.StartsWith('2')).OrderBy(r => r.Key, StringComparer.Ordinal).FirstOrDefault();
            if (node is null)
            {
                return;
            }
            var responseLocation = location + ".responses." + code;
            var response = Deref(node, out var external) as JsonObject;
            if (response is null)
            {
                if (external is not null)
                {
                    ReportExternal(responseLocation, external);
                }
                return;
            }
            var hasLinkHeader = response["headers"] is JsonObject headers && headers.Any(h => h.Key.Equals("Link", StringComparison.OrdinalIgnoreCase));
            JsonObject? schema = null;
            string? refName = null;
            if (response["content"] is JsonObject content && content.FirstOrDefault(c => IsJson(c.Key)) is { Value: JsonObject media } && media["schema"] is { } schemaNode)
            {
                schema = Resolve(schemaNode, responseLocation + ".schema");
                refName = RefName(schemaNode);
            }
            else if (response["content"] is JsonObject xmlContent && xmlContent.Any(c => c.Key.Contains("xml", StringComparison.OrdinalIgnoreCase)) && !xmlContent.Any(c => IsJson(c.Key)))
            {
                request.DataType = "xml";
            }
            var dataPath = "";
            JsonObject? record = schema;
            string? recordRef = null;
            if (schema is not null)
            {
                (dataPath, record, recordRef) = FindRecords(schema, schemaNode: response["content"]!.AsObject().First(c => IsJson(c.Key)).Value!["schema"]!);
            }
            // Before the record's schema moves into its file.
            request.Pagination = PaginationGuesser.Guess(request, new PaginationGuesser.Evidence(request.Query, schema, dataPath, hasLinkHeader, "the response"), location, report);
            if (schema is not null)
            {
                // The list component's name is not the record's (Akeneo's FamilyList holds families): the endpoint id names it then.
                refName = recordRef ?? (dataPath.Length > 0 || IsArray(schema) ? null : refName);
                if (dataPath.Length > 0)
                {
                    request.DataPath = dataPath;
                    report.Guessed(responseLocation, $"dataPath {dataPath}: the array property of the {code} response");
                }
                else if (IsArray(schema))
                {
                    report.Mapped(responseLocation, $"the {code} response is an array: each item is a record (no dataPath)");
                }
                if (record is { Count: > 0 })
                {
                    request.Schema = SchemaFile(record, refName);
                    request.SchemaName = refName ?? Slugs.Slug(request.Id ?? request.Name);
                    report.Mapped(responseLocation, $"the {code} response's record schema → schemas/{Slugs.Slug(request.SchemaName, 80)}.json ($refs resolved)");
                }
            }
        }

        private static readonly string[] NotData = Patchworks.Core.Schema.Inference.RecordLocator.NotData;

        private static readonly string[] DataNames = Patchworks.Core.Schema.Inference.RecordLocator.DataNames;

        /// <summary>The data path and record schema: the root array's items, else the array property of the object (data, items, results... first; one level inside data too).</summary>
        private (string Path, JsonObject? Record, string? RecordRef) FindRecords(JsonObject schema, JsonNode schemaNode)
        {
            if (IsArray(schema))
            {
                return ("", schema["items"] as JsonObject, RefName(Deref(schemaNode, out _)?["items"]));
            }
            var properties = Properties(schema);
            if (properties is null)
            {
                return ("", schema, null);
            }
            var arrays = properties.Where(p => p.Value is JsonObject s && IsArray(s) && !NotData.Contains(p.Key.ToLowerInvariant())).ToList();
            var chosen = arrays.OrderBy(p => Array.IndexOf(DataNames, p.Key.ToLowerInvariant()) is var i && i >= 0 ? i : DataNames.Length).FirstOrDefault();
            if (chosen.Value is JsonObject array && (DataNames.Contains(chosen.Key.ToLowerInvariant()) || arrays.Count == 1 && properties.All(p => p.Key == chosen.Key || Envelope.IsEnvelope(p.Key))))
            {
                return (chosen.Key, array["items"] as JsonObject, ItemRef(schemaNode, chosen.Key));
            }
            // { data: { items: [...] } }
            // HAL: { "_embedded": { "items": [...] } } (Akeneo).
            foreach (var name in new[] { "data", "result", "response", "payload", "_embedded" })
            {
                if (properties.FirstOrDefault(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)) is { Value: JsonObject inner } entry && Properties(inner) is { } innerProperties)
                {
                    var innerArrays = innerProperties.Where(p => p.Value is JsonObject s && IsArray(s)).ToList();
                    if (innerArrays.Count == 1)
                    {
                        return (entry.Key + "." + innerArrays[0].Key, innerArrays[0].Value!["items"] as JsonObject, null);
                    }
                }
            }
            return ("", schema, null);
        }

        /// <summary>The component name of the items of an array property of a (possibly referenced) schema.</summary>
        private string? ItemRef(JsonNode schemaNode, string property)
        {
            var schema = Deref(schemaNode, out _) as JsonObject;
            var propertyNode = schema?["properties"]?[property];
            var items = Deref(propertyNode, out _)?["items"];
            return RefName(items);
        }

        // ---- schemas -------------------------------------------------------------------------------------

        private const int MaxSchemaNodes = 5000;
        private const int MaxRefDepth = 4;
        private int _budget;
        private bool _truncated;
        private int _cuts;
        private readonly Dictionary<string, (JsonNode Node, int Cost)> _cache = new(StringComparer.Ordinal);

        /// <summary>The schema with every local $ref replaced by what it names; a reference back into itself stops there.</summary>
        private JsonObject? Resolve(JsonNode node, string location)
        {
            _budget = MaxSchemaNodes;
            _truncated = false;
            var stack = new List<string>();
            var resolved = ResolveNode(node, stack, location, 0) as JsonObject;
            if (_truncated)
            {
                report.Dropped(location, $"the schema nests references more than {MaxRefDepth} deep (or is very large): the deeper ones are named, not expanded");
            }
            return resolved;
        }

        private JsonNode? ResolveNode(JsonNode? node, List<string> stack, string location, int depth)
        {
            if (node is null)
            {
                return null;
            }
            _budget--;
            switch (node)
            {
                case JsonObject obj:
                    if (Str(obj["$ref"]) is { } reference)
                    {
                        if (!reference.StartsWith('#'))
                        {
                            ReportExternal(location, reference);
                            return new JsonObject { ["description"] = $"Not imported: {reference} (an external reference is not fetched)." };
                        }
                        var name = reference[(reference.LastIndexOf('/') + 1)..];
                        if (stack.Contains(reference))
                        {
                            return new JsonObject { ["type"] = "object", ["description"] = $"{name} again (a recursive reference, not expanded further)." };
                        }
                        if (stack.Count >= MaxRefDepth || depth > 40 || _budget <= 0)
                        {
                            if (stack.Count < MaxRefDepth)
                            {
                                // A size cut depends on what was resolved before, not only on the chain: not cached.
                                _cuts++;
                            }
                            // Deeply nested components (Xero's invoice → contact → ... → invoice) would multiply the file: described, not expanded.
                            _truncated = true;
                            var target0 = Pointer(reference) as JsonObject;
                            var stub = new JsonObject { ["type"] = Str(target0?["type"]) ?? "object", ["description"] = $"{name}: not expanded here (more than {MaxRefDepth} references deep, or the schema is too large)." };
                            return stub;
                        }
                        var target = Pointer(reference);
                        if (target is null)
                        {
                            report.Dropped(location, $"the reference {reference} names nothing in the document");
                            return new JsonObject();
                        }
                        // The same component under the same chain of references resolves the same way (unless a size
                        // cut happened): cached, and cloned for each use.
                        JsonNode? resolved;
                        var cacheKey = stack.Count == 0 ? reference : reference + "\n" + string.Join('\n', stack);
                        if (_cache.TryGetValue(cacheKey, out var cached))
                        {
                            resolved = cached.Node.DeepClone();
                            _budget -= cached.Cost;
                        }
                        else
                        {
                            var (cutsBefore, budgetBefore) = (_cuts, _budget);
                            stack.Add(reference);
                            resolved = ResolveNode(target, stack, location, depth + 1);
                            stack.RemoveAt(stack.Count - 1);
                            if (_cuts == cutsBefore && resolved is not null)
                            {
                                _cache[cacheKey] = (resolved.DeepClone(), budgetBefore - _budget);
                            }
                        }
                        if (resolved is JsonObject r && obj.Count > 1)
                        {
                            // 3.1 allows siblings beside $ref (description, nullable): they win.
                            foreach (var (key, value) in obj)
                            {
                                if (key != "$ref")
                                {
                                    r[key] = ResolveNode(value, stack, location, depth + 1);
                                }
                            }
                        }
                        return resolved;
                    }
                    var copy = new JsonObject();
                    foreach (var (key, value) in obj)
                    {
                        if (key is "$schema" or "$id" or "$defs" or "definitions" or "xml" or "externalDocs" or "discriminator" && depth > 0 || key.StartsWith("x-", StringComparison.Ordinal))
                        {
                            continue;
                        }
                        if (key is "example" or "examples" or "default" or "const" or "enum")
                        {
                            // Examples are kept as they are, but never a credential.
                            if (value is not null && !HasSecret(value))
                            {
                                copy[key] = value.DeepClone();
                            }
                            continue;
                        }
                        if (key == "properties" && value is JsonObject props)
                        {
                            var properties = new JsonObject();
                            foreach (var (property, propertySchema) in props)
                            {
                                var resolvedProperty = ResolveNode(propertySchema, stack, location, depth + 1);
                                if (resolvedProperty is JsonObject p && SecretRules.IsSecretName(property))
                                {
                                    p.Remove("example");
                                    p.Remove("examples");
                                    p.Remove("default");
                                }
                                properties[property] = resolvedProperty;
                            }
                            copy[key] = properties;
                            continue;
                        }
                        copy[key] = ResolveNode(value, stack, location, depth + 1);
                    }
                    if (copy["nullable"]?.GetValueKind() == JsonValueKind.True)
                    {
                        // OpenAPI 3.0's nullable (kept by the reader as an extension sometimes) → a JSON Schema type list.
                        copy.Remove("nullable");
                        if (Str(copy["type"]) is { } single)
                        {
                            copy["type"] = new JsonArray(single, "null");
                        }
                    }
                    return copy;
                case JsonArray array:
                    var list = new JsonArray();
                    foreach (var item in array)
                    {
                        list.Add(ResolveNode(item, stack, location, depth + 1));
                    }
                    return list;
                default:
                    return node.DeepClone();
            }
        }

        private static bool HasSecret(JsonNode value) => value switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => SecretRules.LooksLikeSecret(s),
            JsonObject o => o.Any(p => p.Value is not null && (SecretRules.IsSecretName(p.Key) && p.Value is JsonValue || HasSecret(p.Value))),
            JsonArray a => a.Any(i => i is not null && HasSecret(i)),
            _ => false,
        };

        private static JsonObject SchemaFile(JsonObject schema, string? title)
        {
            var file = new JsonObject { ["$schema"] = "https://json-schema.org/draft/2020-12/schema" };
            if (title is not null && schema["title"] is null)
            {
                file["title"] = title;
            }
            foreach (var (key, value) in schema.ToList())
            {
                // Moved, not copied: the resolved schema is this file's alone.
                schema.Remove(key);
                if (key != "$schema")
                {
                    file[key] = value;
                }
            }
            return file;
        }

        private static string? RefName(JsonNode? node) =>
            Str(node?["$ref"]) is { } reference && reference.StartsWith("#/", StringComparison.Ordinal) ? reference[(reference.LastIndexOf('/') + 1)..] : null;

        /// <summary>A local JSON pointer (#/components/schemas/X) in the document.</summary>
        private JsonNode? Pointer(string reference)
        {
            if (!reference.StartsWith("#/", StringComparison.Ordinal))
            {
                return reference == "#" ? root : null;
            }
            JsonNode? node = root;
            foreach (var raw in reference[2..].Split('/'))
            {
                var segment = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                node = node switch
                {
                    JsonObject o => o[segment],
                    JsonArray a when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                    _ => null,
                };
                if (node is null)
                {
                    return null;
                }
            }
            return node;
        }

        /// <summary>The node a $ref names (followed up to 16 times); an external reference gives null and its text.</summary>
        private JsonNode? Deref(JsonNode? node, out string? external)
        {
            external = null;
            for (var i = 0; i < 16 && node is JsonObject obj && Str(obj["$ref"]) is { } reference; i++)
            {
                if (!reference.StartsWith('#'))
                {
                    external = reference;
                    return null;
                }
                node = Pointer(reference);
            }
            return node;
        }

        private void ReportExternal(string location, string reference)
        {
            if (_reportedRefs.Add(reference))
            {
                report.Dropped(location, $"the external reference {reference} is not fetched");
            }
        }

        // ---- examples ------------------------------------------------------------------------------------

        /// <summary>A parameter's example as text: example, examples, schema example, default, first enum value.</summary>
        /// <summary>A parameter's schema <c>maximum</c> (OpenAPI 3 <c>schema.maximum</c>, Swagger 2 <c>maximum</c>), when it is a whole number.</summary>
        private static long? Maximum(JsonObject parameter)
        {
            var node = (parameter["schema"] as JsonObject)?["maximum"] ?? parameter["maximum"];
            return node is JsonValue value && value.TryGetValue<double>(out var number) && number >= 1 && number <= 1e15 && Math.Floor(number) == number ? (long)number : null;
        }

        private string? ExampleText(JsonObject parameter, string location)
        {
            JsonNode? example = parameter.ContainsKey("example") ? parameter["example"] : null;
            if (example is null && parameter["examples"] is JsonObject examples)
            {
                foreach (var (exampleName, node) in examples)
                {
                    if (Deref(node, out _) is JsonObject e)
                    {
                        if (e["value"] is { } value)
                        {
                            example = value;
                            break;
                        }
                        if (Str(e["externalValue"]) is { } externalValue)
                        {
                            report.Dropped(location + ".examples." + exampleName, $"the example's externalValue {externalValue} is not fetched");
                        }
                    }
                }
            }
            if (example is null && Deref(parameter["schema"], out _) is JsonObject schema)
            {
                return ExampleValue(schema);
            }
            return Scalar(example);
        }

        private string? ExampleValue(JsonObject schema)
        {
            foreach (var key in new[] { "example", "default" })
            {
                if (Scalar(schema[key]) is { } value)
                {
                    return value;
                }
            }
            if (schema["examples"] is JsonArray { Count: > 0 } examples && Scalar(examples[0]) is { } first)
            {
                return first;
            }
            return null;
        }

        private static string? Scalar(JsonNode? node) => node switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => (string?)v,
            JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
            JsonArray a when a.All(i => i is JsonValue) => string.Join(",", a.Select(i => i is JsonValue iv && iv.GetValueKind() == JsonValueKind.String ? (string?)iv : i?.ToJsonString())),
            _ => null,
        };

        /// <summary>A sample value made from a (resolved) schema: examples and defaults first, else a value of the type.</summary>
        private static JsonNode? SampleFromSchema(JsonObject schema, int depth)
        {
            if (depth > 8)
            {
                return null;
            }
            foreach (var key in new[] { "example", "default", "const" })
            {
                if (schema.ContainsKey(key) && schema[key] is { } value)
                {
                    return value.DeepClone();
                }
            }
            if (schema["examples"] is JsonArray { Count: > 0 } examples && examples[0] is { } firstExample)
            {
                return firstExample.DeepClone();
            }
            if (schema["enum"] is JsonArray { Count: > 0 } values && values[0] is { } firstValue)
            {
                return firstValue.DeepClone();
            }
            foreach (var combiner in new[] { "oneOf", "anyOf" })
            {
                if (schema[combiner] is JsonArray { Count: > 0 } options && options[0] is JsonObject option)
                {
                    return SampleFromSchema(option, depth + 1);
                }
            }
            var type = Str(schema["type"]) ?? (schema["type"] as JsonArray)?.Select(Str).FirstOrDefault(t => t is not null and not "null");
            if (type is null && (schema["properties"] is not null || schema["allOf"] is not null))
            {
                type = "object";
            }
            switch (type)
            {
                case "object":
                    var obj = new JsonObject();
                    foreach (var (name, property) in Properties(schema) ?? [])
                    {
                        if (property is JsonObject p && !obj.ContainsKey(name) && p["readOnly"]?.GetValueKind() != JsonValueKind.True)
                        {
                            obj[name] = SampleFromSchema(p, depth + 1);
                        }
                    }
                    return obj;
                case "array":
                    var item = schema["items"] is JsonObject items ? SampleFromSchema(items, depth + 1) : null;
                    return item is null ? new JsonArray() : new JsonArray(item);
                case "integer":
                case "number":
                    return 0;
                case "boolean":
                    return false;
                case "string":
                    return Str(schema["format"]) switch
                    {
                        "date-time" => "2024-01-01T00:00:00Z",
                        "date" => "2024-01-01",
                        "email" => "user@example.com",
                        "uuid" => "00000000-0000-0000-0000-000000000000",
                        "uri" or "url" => "https://example.com",
                        _ => "string",
                    };
                default:
                    return null;
            }
        }

        private static string? Str(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? (string?)v : null;
    }
}
