namespace Patchworks.Core.Resolution;

/// <summary>The body of a resolved request.</summary>
public sealed record ResolvedBody(string ContentType, ResolvedText Content, string Origin);

/// <summary>
/// An endpoint's request as the platform would build it for an instance: method, URL, query, headers, body,
/// with the source of every value. Secrets are masked unless the resolver was asked to reveal them.
/// </summary>
public sealed class ResolvedRequest
{
    public required string EndpointId { get; init; }
    public required string Method { get; init; }

    /// <summary>The endpoint's URL template, resolved, without the query parameters added.</summary>
    public required ResolvedText BaseUrl { get; init; }

    /// <summary>The URL with the query parameters appended, as it would be sent (secrets masked unless revealed).</summary>
    public required string Url { get; init; }
    public required IReadOnlyList<ResolvedParameter> Query { get; init; }
    public required IReadOnlyList<ResolvedParameter> Headers { get; init; }
    public ResolvedBody? Body { get; init; }
    public string? AuthMethodId { get; init; }
    public string? AuthType { get; init; }
    public string? InstanceName { get; init; }

    /// <summary>Every placeholder value used, once each, in the order first met.</summary>
    public required IReadOnlyList<PlaceholderValue> Placeholders { get; init; }

    /// <summary>Things worth knowing: missing values, skipped filters, secrets that are not set.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
}
