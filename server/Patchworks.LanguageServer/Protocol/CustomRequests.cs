using System.Text.Json.Serialization;

namespace Patchworks.LanguageServer.Protocol;

// Requests of our own, named patchworks/*. The extension sends them; they are not part of LSP.

/// <summary>patchworks/setActiveInstance: the instance (or none) whose values the editor shows for a connector.</summary>
public sealed record SetActiveInstanceParams(string ConnectorUri, string? InstanceUri);

/// <summary>patchworks/resolveRequest: an endpoint's request for an instance (default: the connector's active one) and ad hoc values.</summary>
public sealed record ResolveRequestParams(string Uri, string EndpointId, string? InstanceUri = null, IReadOnlyDictionary<string, string>? Values = null);

/// <summary>
/// The resolved request, in the shape of `patchworks resolve --format json`: the same fields, nulls written too
/// (the protocol otherwise leaves nulls out). Secrets are masked.
/// </summary>
public sealed record ResolvedRequestResult
{
    public required string Endpoint { get; init; }
    public required string Method { get; init; }
    public required string Url { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Instance { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? AuthMethod { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? AuthType { get; init; }
    public required IReadOnlyList<ResolvedParameterResult> Query { get; init; }
    public required IReadOnlyList<ResolvedParameterResult> Headers { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ResolvedBodyResult? Body { get; init; }
    public required IReadOnlyList<PlaceholderResult> Placeholders { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
}

public sealed record ResolvedParameterResult(string Name, string Value, string Origin, bool Secret);

public sealed record ResolvedBodyResult(string ContentType, string Content, string Origin);

public sealed record PlaceholderResult(string Placeholder, string Value, string Source, string SourceDescription,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Definition, bool Secret);
