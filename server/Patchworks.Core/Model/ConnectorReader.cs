using Patchworks.Core.Syntax;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Model;

/// <summary>
/// Builds the typed <see cref="Connector"/> over a syntax tree. It reads whatever is there and skips what is
/// missing or of the wrong type (the schema reports those), so a half-typed file still has a model.
/// </summary>
public static class ConnectorReader
{
    /// <summary>The auth types that obtain a token from an auth request, and so define a token variable.</summary>
    public static bool ObtainsToken(string? authType) => authType is "oauth2ClientCredentials" or "oauth2Password" or "oauth2AuthorizationCode" or "soap";

    public static readonly string[] SettingsBlockNames = ["basic", "apiKey", "oauth2", "oauth1", "soap"];

    public static Connector Read(SyntaxTree tree, string filePath)
    {
        var root = tree.Root as ObjectSyntax;
        var directory = Path.GetDirectoryName(filePath) ?? ".";
        if (root is null)
        {
            return new Connector { FilePath = filePath, Tree = tree };
        }

        var version = root["version"] as ObjectSyntax;
        return new Connector
        {
            FilePath = filePath,
            Tree = tree,
            Syntax = root,
            Name = Str(root, "name"),
            VersionNumber = version?["number"] is NumberSyntax n ? (int)Math.Clamp(n.Value, int.MinValue, int.MaxValue) : null,
            VersionName = version is null ? null : Str(version, "name"),
            Description = Str(root, "description"),
            SystemType = Str(root, "systemType"),
            Protocol = Str(root, "protocol"),
            Icon = root["icon"] is StringSyntax icon ? Reference(icon, directory) : null,
            Colour = Str(root, "colour"),
            DateFormat = Str(root, "dateFormat"),
            RateLimit = ReadRateLimit(root["rateLimit"]),
            HelpLink = Str(root, "helpLink"),
            Variables = ReadVariables(root["variables"], VariableLevel.Connector, null),
            AuthMethods = Objects(root["authMethods"]).Select(o => ReadAuthMethod(o, directory)).ToList(),
            Endpoints = Objects(root["endpoints"]).Select(o => ReadEndpoint(o, directory)).ToList(),
            Kind = Str(root, "kind") ?? Connector.ApiKind,
            KindSyntax = root["kind"] as StringSyntax,
            Broker = root["broker"] is ObjectSyntax broker ? ReadBroker(broker) : null,
            Listeners = Objects(root["listeners"]).Select(o => ReadListener(o, directory)).ToList(),
        };
    }

    private static Broker ReadBroker(ObjectSyntax o)
    {
        var tls = o["tls"];
        var tlsObject = tls as ObjectSyntax;
        return new Broker
        {
            Syntax = o,
            Type = Str(o, "type"),
            Host = o["host"] as StringSyntax,
            Port = Int(o, "port"),
            PortTemplate = o["port"] as StringSyntax,
            VirtualHost = o["virtualHost"] as StringSyntax,
            Tls = tls is BooleanSyntax { Value: true } || tlsObject is not null && tlsObject["enabled"] is not (BooleanSyntax { Value: false } or StringSyntax),
            TlsTemplate = tls as StringSyntax ?? tlsObject?["enabled"] as StringSyntax,
            TlsServerName = tlsObject?["serverName"] as StringSyntax,
            VerifyCertificate = tlsObject?["verifyCertificate"] is not BooleanSyntax { Value: false },
            HeartbeatSeconds = Int(o, "heartbeatSeconds"),
            ConnectionName = Str(o, "connectionName"),
        };
    }

    private static Listener ReadListener(ObjectSyntax o, string directory)
    {
        var id = o["id"] as StringSyntax;
        var queue = o["queue"] as ObjectSyntax;
        var exchange = o["exchange"] as ObjectSyntax;
        var message = o["message"] as ObjectSyntax;
        var retry = o["retry"] as ObjectSyntax;
        var schema = message?["schema"];
        var sample = message?["sampleBody"];
        return new Listener
        {
            Syntax = o,
            Id = id?.Value,
            IdSyntax = id,
            Name = Str(o, "name"),
            Description = Str(o, "description"),
            EntityType = Str(o, "entityType"),
            Queue = queue is null ? null : new QueueSettings
            {
                Syntax = queue,
                Name = queue["name"] as StringSyntax,
                Declare = queue["declare"] is BooleanSyntax { Value: true },
                Durable = queue["durable"] is not BooleanSyntax { Value: false },
                Exclusive = queue["exclusive"] is BooleanSyntax { Value: true },
                AutoDelete = queue["autoDelete"] is BooleanSyntax { Value: true },
                DeadLetterExchange = queue["deadLetterExchange"] as StringSyntax,
                DeadLetterRoutingKey = queue["deadLetterRoutingKey"] as StringSyntax,
                MessageTtlMs = queue["messageTtlMs"] is NumberSyntax ttl ? (long)Math.Clamp(ttl.Value, 0, long.MaxValue) : null,
                MaxLength = queue["maxLength"] is NumberSyntax max ? (long)Math.Clamp(max.Value, 0, long.MaxValue) : null,
                Arguments = queue["arguments"] as ObjectSyntax,
            },
            Exchange = exchange is null ? null : new ExchangeSettings
            {
                Syntax = exchange,
                Name = exchange["name"] as StringSyntax,
                Type = Str(exchange, "type") ?? "topic",
                TypeSyntax = exchange["type"] as StringSyntax,
                Declare = exchange["declare"] is BooleanSyntax { Value: true },
                Durable = exchange["durable"] is not BooleanSyntax { Value: false },
            },
            BindingKeys = o["bindingKeys"] is ArraySyntax keys ? keys.Items.OfType<StringSyntax>().ToList() : [],
            BindingKeysSyntax = o["bindingKeys"] as ArraySyntax,
            Prefetch = Int(o, "prefetch"),
            Acknowledgement = Str(o, "acknowledgement") ?? Listener.ManualAck,
            AcknowledgementSyntax = o["acknowledgement"] as StringSyntax,
            RetryMaxAttempts = Int(retry, "maxAttempts"),
            RetrySyntax = retry,
            Message = new MessageSettings
            {
                Syntax = message,
                Format = Str(message, "format") ?? "json",
                DataPath = Str(message, "dataPath"),
                DataPathSyntax = message?["dataPath"] as StringSyntax,
                SchemaFile = FileRef(schema, directory),
                InlineSchema = IsFileReference(schema) ? null : schema as ObjectSyntax,
                SampleBodyFile = FileRef(sample, directory),
                InlineSampleBody = IsFileReference(sample) ? null : sample,
                ContentType = Str(message, "contentType"),
            },
        };
    }

    internal static RateLimit? ReadRateLimit(SyntaxNode? node) =>
        node is ObjectSyntax o && o["requests"] is NumberSyntax requests && Str(o, "per") is { } per
            ? new RateLimit((int)Math.Clamp(requests.Value, 0, int.MaxValue), per)
            : null;

    private static AuthMethod ReadAuthMethod(ObjectSyntax o, string directory)
    {
        var id = o["id"] as StringSyntax;
        var type = Str(o, "type");
        var blocks = new Dictionary<string, PropertySyntax>(StringComparer.Ordinal);
        foreach (var name in SettingsBlockNames)
        {
            if (o.Find(name) is { } block)
            {
                blocks[name] = block;
            }
        }

        var tokenObject = o["token"] as ObjectSyntax;
        TokenSettings? token = tokenObject is not null || ObtainsToken(type)
            ? new TokenSettings
            {
                Syntax = tokenObject,
                ResponsePath = Str(tokenObject, "responsePath") ?? TokenSettings.DefaultResponsePath,
                Variable = Str(tokenObject, "variable") ?? TokenSettings.DefaultVariable,
                VariableSyntax = tokenObject?["variable"] as StringSyntax,
                ExpiresInPath = Str(tokenObject, "expiresInPath"),
                LifetimeSeconds = Int(tokenObject, "lifetimeSeconds"),
                RefreshBeforeSeconds = Int(tokenObject, "refreshBeforeSeconds") ?? 60,
                RefreshTokenPath = Str(tokenObject, "refreshTokenPath"),
                RenewOnUnauthorized = tokenObject?["renewOnUnauthorized"] is not BooleanSyntax { Value: false },
            }
            : null;

        var soapEnvelope = (o["soap"] as ObjectSyntax)?["envelope"];
        return new AuthMethod
        {
            Syntax = o,
            Id = id?.Value,
            IdSyntax = id,
            Name = Str(o, "name"),
            Type = type,
            TypeSyntax = o["type"] as StringSyntax,
            Url = o["url"] as StringSyntax,
            AdditionalUrl = o["additionalUrl"] as StringSyntax,
            HttpMethod = Str(o, "method"),
            Uses = o["uses"] is ArraySyntax uses ? uses.Items.OfType<StringSyntax>().ToList() : [],
            Variables = ReadVariables(o["variables"], VariableLevel.AuthMethod, id?.Value),
            Query = ReadParameters(o["query"], ParameterLocation.Query),
            Headers = ReadParameters(o["headers"], ParameterLocation.Header),
            Body = ReadParameters(o["body"], ParameterLocation.Body),
            Token = token,
            SettingsBlocks = blocks,
            SoapEnvelopeFile = FileRef(soapEnvelope, directory),
            PreRequestScript = ReadScript(o["preRequestScript"], directory),
            PostRequestScript = ReadScript(o["postRequestScript"], directory),
            TokenVariable = token is null ? null : new VariableDefinition
            {
                Key = token.Variable,
                KeySyntax = (SyntaxNode?)token.VariableSyntax ?? (SyntaxNode?)tokenObject ?? (SyntaxNode?)id ?? o,
                Level = VariableLevel.AuthToken,
                OwnerId = id?.Value,
                DisplayName = "Token from the authentication response",
                Description = $"Obtained by the auth request and taken from \"{token.ResponsePath}\" in its response.",
                Secret = true,
            },
        };
    }

    /// <summary>An endpoint's model, with the folder its file references were resolved against.</summary>
    private sealed record ReadEndpointResult(string Directory, Endpoint Endpoint);

    private static readonly SubtreeMemo<ReadEndpointResult> ReadEndpoints = new();

    /// <summary>
    /// An endpoint's model, read again only when the endpoint changed: the model holds its syntax nodes, not their
    /// offsets, so an endpoint an edit did not touch keeps its model (the edit moves its nodes, not what they say).
    /// Its file references are read again by <see cref="ReferenceLoader"/> like every other.
    /// </summary>
    private static Endpoint ReadEndpoint(ObjectSyntax o, string directory)
    {
        if (ReadEndpoints.TryGet(o, out var read) && read.Directory == directory)
        {
            return read.Endpoint;
        }
        var endpoint = ReadEndpointAnew(o, directory);
        ReadEndpoints.Set(o, new ReadEndpointResult(directory, endpoint));
        return endpoint;
    }

    private static Endpoint ReadEndpointAnew(ObjectSyntax o, string directory)
    {
        var id = o["id"] as StringSyntax;
        var schema = o["schema"];
        var sampleBody = o.Find("sampleBody");
        var paginationProperty = o.Find("pagination");
        return new Endpoint
        {
            Syntax = o,
            Id = id?.Value,
            IdSyntax = id,
            Name = Str(o, "name"),
            EntityType = Str(o, "entityType"),
            Direction = Str(o, "direction"),
            DirectionSyntax = o["direction"] as StringSyntax,
            HttpMethod = Str(o, "method"),
            MethodSyntax = o["method"] as StringSyntax,
            Url = o["url"] as StringSyntax,
            DataType = Str(o, "dataType") ?? "json",
            AuthMethodRefs = o["authMethods"] is ArraySyntax refs ? refs.Items.OfType<StringSyntax>().ToList() : null,
            Variables = ReadVariables(o["variables"], VariableLevel.Endpoint, id?.Value),
            Query = ReadParameters(o["query"], ParameterLocation.Query),
            Headers = ReadParameters(o["headers"], ParameterLocation.Header),
            Body = ReadParameters(o["body"], ParameterLocation.Body),
            DisableAutomaticHeaders = o["disableAutomaticHeaders"] is BooleanSyntax { Value: true },
            DataPath = Str(o, "dataPath"),
            SchemaFile = FileRef(schema, directory),
            InlineSchema = IsFileReference(schema) ? null : schema as ObjectSyntax,
            SampleBodyFile = FileRef(sampleBody?.Value, directory),
            InlineSampleBody = IsFileReference(sampleBody?.Value) ? null : sampleBody?.Value,
            SampleBodyProperty = sampleBody,
            Pagination = paginationProperty?.Value is ObjectSyntax pagination
                ? new Pagination
                {
                    Syntax = pagination,
                    Property = paginationProperty,
                    Method = Str(pagination, "method"),
                    MethodSyntax = pagination["method"] as StringSyntax,
                    Script = ReadScript(pagination["script"], directory),
                }
                : null,
            ErrorPath = Str(o, "errorPath"),
            ErrorPathSyntax = o["errorPath"] as StringSyntax,
            ErrorWhen = o["errorWhen"] is ObjectSyntax when ? ReadErrorCondition(when) : null,
        };
    }

    private static ErrorCondition ReadErrorCondition(ObjectSyntax o) => new()
    {
        Syntax = o,
        Path = Str(o, "path"),
        PathSyntax = o["path"] as StringSyntax,
        EqualsText = o["equals"] switch
        {
            StringSyntax s => s.Value,
            BooleanSyntax b => b.Value ? "true" : "false",
            NumberSyntax n => n.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        },
        EqualsSyntax = o["equals"],
        MessagePath = Str(o, "messagePath"),
        MessagePathSyntax = o["messagePath"] as StringSyntax,
    };

    internal static List<VariableDefinition> ReadVariables(SyntaxNode? node, VariableLevel level, string? ownerId)
    {
        var result = new List<VariableDefinition>();
        foreach (var o in Objects(node))
        {
            if (o["key"] is not StringSyntax key)
            {
                continue;
            }
            result.Add(new VariableDefinition
            {
                Key = key.Value,
                KeySyntax = key,
                Level = level,
                OwnerId = ownerId,
                Syntax = o,
                DisplayName = Str(o, "displayName"),
                Alias = Str(o, "alias"),
                Default = Str(o, "default"),
                DefaultSyntax = o["default"] as StringSyntax,
                Description = Str(o, "description"),
                Required = Bool(o, "required"),
                Configurable = Bool(o, "configurable"),
                Advanced = Bool(o, "advanced"),
                Locked = Bool(o, "locked"),
                Secret = Bool(o, "secret"),
            });
        }
        return result;
    }

    private static List<Parameter> ReadParameters(SyntaxNode? node, ParameterLocation location)
    {
        var result = new List<Parameter>();
        foreach (var o in Objects(node))
        {
            if (o["key"] is not StringSyntax key)
            {
                continue;
            }
            result.Add(new Parameter
            {
                Location = location,
                Key = key.Value,
                KeySyntax = key,
                Value = Str(o, "value"),
                ValueSyntax = o["value"] as StringSyntax,
                DisplayName = Str(o, "displayName"),
                Required = Bool(o, "required"),
                Syntax = o,
            });
        }
        return result;
    }

    private static ScriptSource? ReadScript(SyntaxNode? node, string directory) => node switch
    {
        StringSyntax s => new ScriptSource { Inline = s },
        ObjectSyntax when FileRef(node, directory) is { } file => new ScriptSource { File = file },
        _ => null,
    };

    /// <summary>An object whose only property is "$ref" names a file.</summary>
    public static bool IsFileReference(SyntaxNode? node) =>
        node is ObjectSyntax { Properties.Length: 1 } o && o.Properties[0].Name == "$ref";

    private static FileReference? FileRef(SyntaxNode? node, string directory) =>
        IsFileReference(node) && ((ObjectSyntax)node!)["$ref"] is StringSyntax path ? Reference(path, directory) : null;

    private static FileReference Reference(StringSyntax path, string directory) => new()
    {
        RelativePath = path.Value,
        PathSyntax = path,
        FullPath = RelativePath.Resolve(directory, path.Value),
    };

    internal static IEnumerable<ObjectSyntax> Objects(SyntaxNode? node) =>
        node is ArraySyntax array ? array.Items.OfType<ObjectSyntax>() : [];

    internal static string? Str(ObjectSyntax? o, string name) => (o?[name] as StringSyntax)?.Value;

    private static int? Int(ObjectSyntax? o, string name) => o?[name] is NumberSyntax n ? (int)Math.Clamp(n.Value, int.MinValue, int.MaxValue) : null;

    private static bool Bool(ObjectSyntax o, string name) => o[name] is BooleanSyntax { Value: true };
}
