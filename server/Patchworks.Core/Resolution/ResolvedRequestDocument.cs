using System.Text.Json;
using System.Text.Json.Serialization;

namespace Patchworks.Core.Resolution;

/// <summary>
/// A resolved request as a JSON document: what `patchworks resolve --format json` prints and what the
/// language server's patchworks/resolveRequest returns, so the two cannot drift. Secrets are masked as in the
/// <see cref="ResolvedRequest"/> it comes from. Absent values are written as null, so readers see every field.
/// </summary>
public sealed record ResolvedRequestDocument
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
    public required IReadOnlyList<ResolvedParameterDocument> Query { get; init; }
    public required IReadOnlyList<ResolvedParameterDocument> Headers { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ResolvedBodyDocument? Body { get; init; }
    public required IReadOnlyList<PlaceholderDocument> Placeholders { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
    /// <summary>Secrets a run would need and has no value for (<see cref="RequestResolver.MissingSecrets(Workspace.ConnectorDocument, string, Model.Instance?, ResolveOptions?)"/>): a run stops before sending on these.</summary>
    public IReadOnlyList<MissingSecretDocument> MissingSecrets { get; init; } = [];

    public static ResolvedRequestDocument From(ResolvedRequest request, IReadOnlyList<MissingSecret>? missingSecrets = null) => new()
    {
        Endpoint = request.EndpointId,
        Method = request.Method,
        Url = request.Url,
        Instance = request.InstanceName,
        AuthMethod = request.AuthMethodId,
        AuthType = request.AuthType,
        Query = [.. request.Query.Select(Parameter)],
        Headers = [.. request.Headers.Select(Parameter)],
        Body = request.Body is { } body ? new ResolvedBodyDocument(body.ContentType, body.Content.Text, body.Origin) : null,
        Placeholders = [.. request.Placeholders.Select(p => new PlaceholderDocument(
            p.Placeholder, p.DisplayValue, JsonNamingPolicy.CamelCase.ConvertName(p.Source.ToString()), p.SourceDescription, p.Definition, p.IsSecret))],
        Warnings = request.Warnings,
        MissingSecrets = [.. (missingSecrets ?? []).Select(m => new MissingSecretDocument(m.Definition.Key, m.UsedBy, m.Reference is { } r && Model.SecretReference.TryParse(r, out _) ? r : null, m.Message))],
    };

    private static ResolvedParameterDocument Parameter(ResolvedParameter parameter) =>
        new(parameter.Name, parameter.Value.Text, parameter.Origin, parameter.Value.IsSecret);
}

/// <summary>A missing secret: the variable, who uses it, the instance's reference when it is a well-formed one (never a literal), and what to do.</summary>
public sealed record MissingSecretDocument(string Variable, string UsedBy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Reference, string Message);

public sealed record ResolvedParameterDocument(string Name, string Value, string Origin, bool Secret);

public sealed record ResolvedBodyDocument(string ContentType, string Content, string Origin);

public sealed record PlaceholderDocument(string Placeholder, string Value, string Source, string SourceDescription,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Definition, bool Secret);
