using System.Text.Json.Nodes;
using Patchworks.Core.Model;
using Patchworks.Core.Workspace;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Publishing;

/// <summary>
/// The one place where the connector format meets the Core API: which file field becomes which API field, and
/// which file fields the documented API has no field for (they stay out of the payload and the plan lists them).
/// docs/publishing.md carries the same table for people. Documented fields (domain notes, sections 10 and 15) are
/// followed exactly; the undocumented facts (paths, links, the query type: A1-A7) come from
/// <see cref="CoreApiAssumptions"/>, and the field names of the parts below a system template are assumption A4.
/// Names of system types, entity types and authentication types are never sent: their ids are looked up in the
/// API's own lists (<see cref="ReferenceLists"/>), and a name that is not there is a problem placed in the file.
/// </summary>
public static partial class ConnectorMapping
{
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

    /// <summary>
    /// The mapped connector: its resources, what is left out, the names the API's lists do not hold (placed in the
    /// file; the plan refuses them), and the icon's bytes (uploaded, A5; the planner sets logo_url).
    /// </summary>
    public sealed record Mapped(DesiredResource Template, IReadOnlyList<NotPublished> NotPublished, IReadOnlyList<PublishProblem> Problems, IconFile? Icon);

    /// <summary>The connector as Core API resources. <paramref name="versionOverride"/> replaces the file's version (a bump).</summary>
    public static Mapped Map(Connector connector, ReferenceLists references, CoreApiAssumptions assumptions, (int Number, string? Name)? versionOverride = null, Func<string, byte[]?>? readFile = null)
    {
        readFile ??= path => PhysicalFileSystem.Instance.Probe(path).Kind == FileKind.Regular ? PhysicalFileSystem.Instance.ReadPrefix(path, (int)Rules.Connectors.IconRules.MaxIconBytes) : null;
        var notPublished = new List<NotPublished>();
        var problems = new List<PublishProblem>();
        var root = connector.Syntax;
        void Lookup(DesiredResource resource, string field, ReferenceList list, string? name, SyntaxNode? source, string what)
        {
            if (name is null)
            {
                return;
            }
            if (list.Find(name) is { } id)
            {
                resource.Fields[field] = id.DeepClone();
                if (source is not null)
                {
                    resource.Sources[field] = source;
                }
                return;
            }
            var position = source is null ? new Text.Position(0, 0) : connector.Tree.Lines.GetPosition(source.Span.Start);
            problems.Add(new PublishProblem(connector.FilePath, position.Line + 1, position.Character + 1,
                $"{resource.Label}: {what} '{name}' is not in the Core API's list ({list.Path}), which holds: {string.Join(", ", list.Items.Select(i => i.Name))}."));
        }
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
        Lookup(template, "system_type_id", references.SystemTypes, connector.SystemType, root?["systemType"], "system type");
        Set(template, "protocol", connector.Protocol, root?["protocol"]);
        Set(template, "colour", connector.Colour, root?["colour"]);
        // logo_url: the planner sets it, to the URL the uploaded icon got (A5) or the one it already has.
        if (connector.Icon?.PathSyntax is { } iconSyntax)
        {
            template.Sources["logo_url"] = iconSyntax;
        }
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
            Lookup(authResource, "authentication_type_id", references.AuthenticationTypes,
                auth.Type is { } type && AuthenticationTypes.TryGetValue(type, out var apiType) ? apiType : auth.Type, auth.TypeSyntax, "authentication type");
            Set(authResource, "url", auth.Url?.Value, auth.Url);
            Unmapped(auth.Syntax, AuthMapped, authResource.Label, notPublished);
            AddVariables(authResource, auth.Variables, authResource.Label, notPublished);
            AddParameters(authResource, [.. auth.Query, .. auth.Headers, .. auth.Body], assumptions, notPublished);

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
                Lookup(endpointResource, "entity_type_id", references.EntityTypes, endpoint.EntityType, endpoint.Syntax["entityType"], "entity type");
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
                AddParameters(endpointResource, [.. endpoint.Query, .. endpoint.Headers, .. endpoint.Body], assumptions, notPublished);
                authResource.Children.Add(endpointResource);
            }
            template.Children.Add(authResource);
        }
        return new Mapped(template, Deduplicate(notPublished), problems, connector.Icon is { } icon ? IconFile.Read(icon, readFile) : null);
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

    private static void AddParameters(DesiredResource owner, IReadOnlyList<Parameter> parameters, CoreApiAssumptions assumptions, List<NotPublished> notPublished)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            // Existing request options are matched by the API's type (url | header | body) and key.
            var type = assumptions.RequestOptionType(parameter.Location);
            var match = $"{type}:{parameter.Key}";
            var count = seen[match] = seen.GetValueOrDefault(match) + 1;
            var resource = new DesiredResource
            {
                Kind = ResourceKind.RequestOption,
                Key = $"{owner.Key}/{parameter.LocationName}:{parameter.Key}{(count > 1 ? $"#{count}" : "")}",
                Label = $"{parameter.LocationName} parameter '{parameter.Key}' of {OwnerLabel(owner)}",
                MatchValue = count > 1 ? $"{match}#{count}" : match,
                Node = parameter.Syntax,
                Fields = [],
            };
            Set(resource, "type", type, parameter.Syntax);
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
}
