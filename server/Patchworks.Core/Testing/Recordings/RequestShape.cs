using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Patchworks.Core.Model;
using Patchworks.Core.Resolution;
using Patchworks.Core.Syntax;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Testing.Recordings;

/// <summary>
/// What shapes an endpoint's requests, taken from the connector: the endpoint (method, URL template, query, headers,
/// body, variables, pagination), the auth method the case uses (type, URL, settings, token settings, its variables),
/// the connector's variables they name, and the text of the scripts and envelopes they name. Names, descriptions, display names,
/// schemas, sample bodies and data paths are left out: changing them never makes a recording stale. A recording keeps
/// the parts as well as their hash, so a stale one says what changed.
/// </summary>
public sealed record RequestShape(string Hash, IReadOnlyDictionary<string, JsonNode?> Parts)
{
    /// <summary>Properties of an endpoint or auth method that do not shape a request.</summary>
    private static readonly HashSet<string> TopLevelIgnored = new(StringComparer.Ordinal)
    {
        "name", "description", "schema", "sampleBody", "entityType", "dataPath", "errorPath", "errorWhen", "helpLink",
    };

    /// <summary>Properties ignored at any depth: words for people.</summary>
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal) { "description", "displayName", "$comment", "$schema" };

    public static RequestShape Of(ConnectorDocument connector, string endpointId, Instance? instance)
    {
        var parts = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        var model = connector.Model;
        var endpoint = model.FindEndpoint(endpointId);
        parts["endpoint"] = endpoint is null ? null : Canonical(endpoint.Syntax, top: true);
        var auth = AuthMethodOf(connector, endpointId, instance, endpoint);
        parts["authMethod"] = auth is null ? null : Canonical(auth.Syntax, top: true);
        parts["connectorVariables"] = UsedVariables(model.Syntax?["variables"] as ArraySyntax, parts["endpoint"], parts["authMethod"]);
        var files = new JsonObject();
        var named = new List<FileReference>();
        if (endpoint?.Pagination?.Script?.File is { } script) named.Add(script);
        if (auth?.SoapEnvelopeFile is { } envelope) named.Add(envelope);
        if (auth?.PreRequestScript?.File is { } pre) named.Add(pre);
        if (auth?.PostRequestScript?.File is { } post) named.Add(post);
        foreach (var file in named.DistinctBy(f => f.RelativePath).OrderBy(f => f.RelativePath, StringComparer.Ordinal))
        {
            files[file.RelativePath] = file.Text is { } text ? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n")))) : "missing";
        }
        parts["files"] = files;
        return FromParts(parts);
    }

    /// <summary>The shape of parts read back from a recording: the hash is computed again, never trusted from the file.</summary>
    public static RequestShape FromParts(IReadOnlyDictionary<string, JsonNode?> parts)
    {
        var canonical = new JsonObject();
        foreach (var (name, part) in parts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            canonical[name] = part?.DeepClone();
        }
        var hash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToJsonString())));
        return new RequestShape(hash, new SortedDictionary<string, JsonNode?>(parts.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal));
    }

    /// <summary>What differs from another shape, as "endpoint.url", "authMethod.oauth2", "files" (at most a few).</summary>
    public IReadOnlyList<string> Differences(RequestShape other)
    {
        var changed = new List<string>();
        foreach (var name in Parts.Keys.Union(other.Parts.Keys).Order(StringComparer.Ordinal))
        {
            var mine = Parts.GetValueOrDefault(name);
            var theirs = other.Parts.GetValueOrDefault(name);
            if (JsonNode.DeepEquals(mine, theirs))
            {
                continue;
            }
            if (mine is JsonObject a && theirs is JsonObject b)
            {
                changed.AddRange(a.Select(p => p.Key).Union(b.Select(p => p.Key)).Order(StringComparer.Ordinal)
                    .Where(key => !JsonNode.DeepEquals(a[key], b[key])).Select(key => $"{name}.{key}"));
            }
            else
            {
                changed.Add(name);
            }
        }
        return changed;
    }

    /// <summary>
    /// The connector's variables the endpoint or the auth method names ({{key}}), and those their defaults name in
    /// turn: a variable added for another endpoint leaves this one's recordings fresh.
    /// </summary>
    private static JsonArray UsedVariables(ArraySyntax? variables, params JsonNode?[] users)
    {
        var definitions = (variables?.Items ?? []).OfType<ObjectSyntax>()
            .Select(v => (Key: (v["key"] as StringSyntax)?.Value, Node: Canonical(v, top: false)))
            .Where(v => v.Key is not null)
            .ToList();
        var text = string.Concat(users.Select(u => u?.ToJsonString() ?? ""));
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var added = true; added;)
        {
            added = false;
            foreach (var (key, node) in definitions)
            {
                if (!used.Contains(key!) && text.Contains("{{" + key + "}}", StringComparison.Ordinal))
                {
                    used.Add(key!);
                    text += node?.ToJsonString();
                    added = true;
                }
            }
        }
        return [.. definitions.Where(d => used.Contains(d.Key!)).Select(d => d.Node)];
    }

    private static Model.AuthMethod? AuthMethodOf(ConnectorDocument connector, string endpointId, Instance? instance, Endpoint? endpoint)
    {
        if (endpoint is null)
        {
            return null;
        }
        try
        {
            var resolved = RequestResolver.Resolve(connector, endpointId, instance, new ResolveOptions { Secrets = NoSecrets.Instance });
            if (resolved.AuthMethodId is { } id)
            {
                return connector.Model.FindAuthMethod(id);
            }
        }
        catch (Exception e) when (e is ResolutionException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            // The run will say why it cannot resolve; the shape takes the endpoint's first auth method.
        }
        return connector.Model.AuthMethodsFor(endpoint).FirstOrDefault();
    }

    /// <summary>The syntax as JSON with its objects' keys sorted (their order is not meaning) and the words for people left out.</summary>
    private static JsonNode? Canonical(SyntaxNode node, bool top) => node switch
    {
        ObjectSyntax obj => new JsonObject(obj.Properties
            .Where(p => p.Value is not null && !Ignored.Contains(p.Name) && !(top && TopLevelIgnored.Contains(p.Name)))
            .DistinctBy(p => p.Name)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Name, Canonical(p.Value!, top: false)))),
        ArraySyntax array => new JsonArray([.. array.Items.Select(i => Canonical(i, top: false))]),
        StringSyntax text => JsonValue.Create(text.Value),
        NumberSyntax number => JsonValue.Create(number.Value),
        BooleanSyntax boolean => JsonValue.Create(boolean.Value),
        _ => null,
    };

    private sealed class NoSecrets : ISecretProvider
    {
        public static readonly NoSecrets Instance = new();

        public string? Get(Model.SecretReference reference) => null;
    }
}
