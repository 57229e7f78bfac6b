using System.Text.Json.Nodes;
using Patchworks.Core.Model;
using Patchworks.Core.Workspace;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Publishing;

/// <summary>
/// The one place where the connector format meets the Core API: which file field becomes which API field, and
/// which file fields the documented API has no field for (they stay out of the payload and the plan lists them).
/// docs/publishing.md carries the same table for people. Field names follow the domain notes, sections 1-5 and 10;
/// resource paths other than system-templates are not documented and are this toolkit's choice (docs/publishing.md).
/// </summary>
public static class ConnectorMapping
{
    public const string TemplatesPath = "/patchworks/system-templates";
    public const string AuthImplementationsPath = "/authentication-implementations";
    public const string EndpointsPath = "/endpoints";
    public const string VariablesPath = "/variables";
    public const string RequestOptionsPath = "/request-options";

    /// <summary>Our auth types as the Core API's authentication types name them (domain notes, section 3).</summary>
    public static readonly IReadOnlyDictionary<string, string> AuthenticationTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["basic"] = "Basic",
        ["token"] = "Token",
        ["apiKey"] = "API Key",
        ["oauth2ClientCredentials"] = "OAuth 2 (Client Credentials)",
        // Patchworks has no password-grant type: its Shopware connector is client credentials with grant_type=password.
        ["oauth2Password"] = "OAuth 2 (Client Credentials)",
        ["oauth2AuthorizationCode"] = "OAuth 2 (Authorisation Code)",
        ["oauth1"] = "OAuth 1",
        ["soap"] = "SOAP",
        ["none"] = "None",
    };

    /// <summary>Our pagination methods as the API's pagination_method enum names them (domain notes, section 4).</summary>
    public static readonly IReadOnlyDictionary<string, string> PaginationMethods = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["linkHeader"] = "Link Header",
        ["pageNumber"] = "Page number parameter",
        ["limitOffset"] = "Limit offset",
        ["nextPageToken"] = "Next page token",
        ["nextPageUrl"] = "Next Page URL",
        ["graphqlCursor"] = "GraphQL Cursor",
        ["customRelativeUri"] = "Custom relative URI",
        ["script"] = "Script",
    };

    /// <summary>File properties with an API field (or that structure the payload), per kind of object; the rest are "not published".</summary>
    private static readonly HashSet<string> RootMapped = ["$schema", "name", "version", "systemType", "protocol", "icon", "colour", "dateFormat", "rateLimit", "helpLink", "variables", "authMethods", "endpoints"];
    private static readonly HashSet<string> AuthMapped = ["id", "name", "type", "url", "variables", "query", "headers", "body"];
    private static readonly HashSet<string> EndpointMapped = ["id", "name", "entityType", "direction", "method", "url", "dataType", "authMethods", "variables", "query", "headers", "body", "pagination"];
    private static readonly HashSet<string> VariableMapped = ["key", "displayName", "alias", "default", "required", "configurable", "locked", "secret"];
    private static readonly HashSet<string> ParameterMapped = ["key", "value", "required", "configurable"];

    private static readonly Dictionary<string, string> Why = new(StringComparer.Ordinal)
    {
        ["description"] = "the documented API has no description field here",
        ["schema"] = "no documented field for an endpoint's schema (the endpointSchema relation has no documented write)",
        ["dataPath"] = "no documented field for the data path (field_path's meaning is undocumented)",
        ["sampleBody"] = "no documented field for a sample body",
        ["disableAutomaticHeaders"] = "no documented field for the automatic-headers switch",
        ["additionalUrl"] = "no documented field for Additional URL 1",
        ["method"] = "no documented field for the auth request's method",
        ["uses"] = "no documented field for the connector variables an auth method uses",
        ["token"] = "no documented token settings",
        ["preRequestScript"] = "scripts have no documented write in the Core API",
        ["postRequestScript"] = "scripts have no documented write in the Core API",
        ["displayName"] = "request options have no documented label field",
        ["advanced"] = "the documented variable and request option fields have no advanced flag",
        ["sendWith"] = "request options have no documented field for which requests they go with",
    };

    public sealed record Mapped(DesiredResource Template, IReadOnlyList<NotPublished> NotPublished);

    /// <summary>The connector as Core API resources. <paramref name="versionOverride"/> replaces the file's version (a bump).</summary>
    public static Mapped Map(Connector connector, (int Number, string? Name)? versionOverride = null, Func<string, byte[]?>? readFile = null)
    {
        readFile ??= path => PhysicalFileSystem.Instance.Probe(path).Kind == FileKind.Regular ? PhysicalFileSystem.Instance.ReadPrefix(path, (int)Rules.Connectors.IconRules.MaxIconBytes) : null;
        var notPublished = new List<NotPublished>();
        var root = connector.Syntax;
        var template = new DesiredResource
        {
            Kind = ResourceKind.SystemTemplate,
            Key = "template",
            Label = $"system template '{connector.Name}'",
            MatchValue = connector.Name ?? "",
            Node = (SyntaxNode?)root?.Find("name") ?? root,
            Fields = [],
        };
        Set(template, "name", connector.Name, root?.Find("name")?.Value);
        Set(template, "label", connector.Name, root?.Find("name")?.Value);
        var versionNode = root?["version"] as ObjectSyntax;
        Set(template, "version", versionOverride?.Number ?? connector.VersionNumber, versionNode?["number"] ?? versionNode);
        Set(template, "version_name", versionOverride is { } v ? v.Name : connector.VersionName, versionNode?["name"] ?? versionNode);
        Set(template, "system_type", connector.SystemType, root?["systemType"]);
        Set(template, "protocol", connector.Protocol, root?["protocol"]);
        Set(template, "colour", connector.Colour, root?["colour"]);
        Set(template, "logo_url", connector.Icon is { } icon ? DataUri(icon, readFile) : null, connector.Icon?.PathSyntax);
        Set(template, "date_format", connector.DateFormat, root?["dateFormat"]);
        var rate = root?["rateLimit"] as ObjectSyntax;
        Set(template, "rate_limit_duration", connector.RateLimit?.Requests, rate?["requests"] ?? rate);
        Set(template, "rate_limit_unit", connector.RateLimit?.Per, rate?["per"] ?? rate);
        Set(template, "help_link", connector.HelpLink, root?["helpLink"]);
        Unmapped(root, RootMapped, "connector", notPublished);

        AddVariables(template, connector.Variables, "connector", notPublished);
        foreach (var auth in connector.AuthMethods.Where(a => a.Id is not null))
        {
            var authResource = new DesiredResource
            {
                Kind = ResourceKind.AuthenticationImplementation,
                Key = $"auth:{auth.Id}",
                Label = $"auth method '{auth.Id}'",
                MatchValue = auth.Name ?? auth.Id!,
                Node = auth.Syntax,
                Fields = [],
            };
            Set(authResource, "name", auth.Name, auth.Syntax["name"]);
            Set(authResource, "authentication_type", auth.Type is { } type && AuthenticationTypes.TryGetValue(type, out var apiType) ? apiType : auth.Type, auth.TypeSyntax);
            Set(authResource, "url", auth.Url?.Value, auth.Url);
            Unmapped(auth.Syntax, AuthMapped, authResource.Label, notPublished);
            AddVariables(authResource, auth.Variables, authResource.Label, notPublished);
            AddParameters(authResource, [.. auth.Query, .. auth.Headers, .. auth.Body], notPublished);

            foreach (var endpoint in connector.Endpoints.Where(e => e.Id is not null && connector.AuthMethodsFor(e).Contains(auth)))
            {
                var endpointResource = new DesiredResource
                {
                    Kind = ResourceKind.Endpoint,
                    Key = $"endpoint:{auth.Id}/{endpoint.Id}",
                    Label = $"endpoint '{endpoint.Id}' under auth method '{auth.Id}'",
                    MatchValue = endpoint.Name ?? endpoint.Id!,
                    Node = endpoint.Syntax,
                    Fields = [],
                };
                Set(endpointResource, "name", endpoint.Name, endpoint.Syntax["name"]);
                Set(endpointResource, "entity_type", endpoint.EntityType, endpoint.Syntax["entityType"]);
                Set(endpointResource, "direction", endpoint.Direction switch { "send" => "Send", "receive" => "Receive", var d => d }, endpoint.DirectionSyntax);
                Set(endpointResource, "http_method", endpoint.HttpMethod, endpoint.MethodSyntax);
                Set(endpointResource, "endpoint", endpoint.Url?.Value, endpoint.Url);
                Set(endpointResource, "data_type", endpoint.DataType, endpoint.Syntax["dataType"]);
                Set(endpointResource, "pagination_method", endpoint.Pagination?.Method is { } method && PaginationMethods.TryGetValue(method, out var apiMethod) ? apiMethod : endpoint.Pagination?.Method,
                    endpoint.Pagination?.MethodSyntax);
                if (auth == connector.AuthMethods.First(a => connector.AuthMethodsFor(endpoint).Contains(a)))
                {
                    // Reported once per endpoint, not once per auth method it is published under.
                    Unmapped(endpoint.Syntax, EndpointMapped, $"endpoint '{endpoint.Id}'", notPublished);
                    if (endpoint.Pagination is { } pagination)
                    {
                        foreach (var option in pagination.Syntax.Properties.Where(p => p.Name != "method"))
                        {
                            notPublished.Add(new NotPublished($"endpoint '{endpoint.Id}'", $"pagination.{option.Name}", "the documented API has pagination_method only, no field for its options"));
                        }
                    }
                }
                AddVariables(endpointResource, endpoint.Variables, endpointResource.Label, notPublished);
                AddParameters(endpointResource, [.. endpoint.Query, .. endpoint.Headers, .. endpoint.Body], notPublished);
                authResource.Children.Add(endpointResource);
            }
            template.Children.Add(authResource);
        }
        return new Mapped(template, Deduplicate(notPublished));
    }

    private static void AddVariables(DesiredResource owner, IReadOnlyList<VariableDefinition> variables, string where, List<NotPublished> notPublished)
    {
        foreach (var variable in variables)
        {
            var resource = new DesiredResource
            {
                Kind = ResourceKind.Variable,
                Key = $"{owner.Key}/variable:{variable.Key}",
                Label = $"variable '{variable.Key}' of {OwnerLabel(owner)}",
                MatchValue = variable.Key,
                Node = variable.Syntax,
                Fields = [],
            };
            var o = variable.Syntax;
            Set(resource, "key", variable.Key, variable.KeySyntax);
            Set(resource, "label", variable.DisplayName, o?["displayName"]);
            Set(resource, "alias", variable.Alias, o?["alias"]);
            Set(resource, "value", variable.Default, variable.DefaultSyntax);
            Set(resource, "required", variable.Required, o?["required"]);
            Set(resource, "configurable", variable.Configurable, o?["configurable"]);
            Set(resource, "locked", variable.Locked, o?["locked"]);
            Set(resource, "secret", variable.Secret, o?["secret"]);
            Unmapped(o, VariableMapped, $"variable '{variable.Key}' of {where}", notPublished);
            owner.Children.Add(resource);
        }
    }

    private static void AddParameters(DesiredResource owner, IReadOnlyList<Parameter> parameters, List<NotPublished> notPublished)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            var match = $"{parameter.LocationName}:{parameter.Key}";
            var count = seen[match] = seen.GetValueOrDefault(match) + 1;
            var resource = new DesiredResource
            {
                Kind = ResourceKind.RequestOption,
                Key = $"{owner.Key}/{match}{(count > 1 ? $"#{count}" : "")}",
                Label = $"{parameter.LocationName} parameter '{parameter.Key}' of {OwnerLabel(owner)}",
                MatchValue = count > 1 ? $"{match}#{count}" : match,
                Node = parameter.Syntax,
                Fields = [],
            };
            Set(resource, "type", parameter.LocationName, parameter.Syntax);
            Set(resource, "key", parameter.Key, parameter.KeySyntax);
            Set(resource, "value", parameter.Value, parameter.ValueSyntax);
            Set(resource, "required", parameter.Required, parameter.Syntax["required"]);
            Set(resource, "configurable", parameter.Syntax["configurable"] is BooleanSyntax { Value: true }, parameter.Syntax["configurable"]);
            Unmapped(parameter.Syntax, ParameterMapped, $"{parameter.LocationName} parameter '{parameter.Key}' of {OwnerLabel(owner)}", notPublished);
            owner.Children.Add(resource);
        }
    }

    private static string OwnerLabel(DesiredResource owner) => owner.Kind == ResourceKind.SystemTemplate ? "the connector" : owner.Label;

    private static void Set(DesiredResource resource, string field, object? value, SyntaxNode? source)
    {
        resource.Fields[field] = value switch
        {
            null => null,
            string s => JsonValue.Create(s),
            int i => JsonValue.Create(i),
            bool b => JsonValue.Create(b),
            _ => throw new ArgumentException($"unsupported value for {field}"),
        };
        if (source is not null)
        {
            resource.Sources[field] = source;
        }
    }

    private static void Unmapped(ObjectSyntax? syntax, HashSet<string> mapped, string where, List<NotPublished> into)
    {
        foreach (var property in syntax?.Properties ?? [])
        {
            if (!mapped.Contains(property.Name))
            {
                into.Add(new NotPublished(where, property.Name, Why.GetValueOrDefault(property.Name, "the documented Core API has no field for it")));
            }
        }
    }

    /// <summary>Several variables or parameters leaving out the same field make one line per owner and field.</summary>
    private static List<NotPublished> Deduplicate(List<NotPublished> items) =>
        [.. items.GroupBy(i => (i.What, i.Why, Owner: i.Where.Contains(" of ", StringComparison.Ordinal) ? i.Where[(i.Where.IndexOf(" of ", StringComparison.Ordinal) + 4)..] : i.Where))
            .Select(g => g.Count() == 1 ? g.First() : new NotPublished($"{g.Count()} items of {g.Key.Owner}", g.Key.What, g.Key.Why))];

    /// <summary>The icon as a data: URI in logo_url, the only documented icon field (a string URI); the plan compares its digest.</summary>
    private static string? DataUri(FileReference icon, Func<string, byte[]?> readFile)
    {
        if (icon.Refusal is not null || readFile(icon.FullPath) is not { } bytes)
        {
            return null;
        }
        var type = Path.GetExtension(icon.FullPath).ToLowerInvariant() switch
        {
            ".svg" => "image/svg+xml",
            ".png" => "image/png",
            ".gif" => "image/gif",
            _ => "image/jpeg",
        };
        return $"data:{type};base64,{Convert.ToBase64String(bytes)}";
    }
}
