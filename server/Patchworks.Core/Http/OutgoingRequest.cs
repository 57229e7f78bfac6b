namespace Patchworks.Core.Http;

/// <summary>
/// A request ready to go on the wire: real values, secrets included. It never leaves the runner as it is;
/// results keep only its redacted copy (<see cref="Results.RequestRecord"/>).
/// </summary>
public sealed record OutgoingRequest(string Method, string Url, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Body, string? ContentType)
{
    /// <summary>Headers that carry credentials (the auth method's, or a secret's value), by name: dropped for another origin.</summary>
    public IReadOnlyList<string> CredentialHeaders { get; init; } = [];

    /// <summary>Query parameters that carry credentials (an API key in the query), by name: dropped for another origin.</summary>
    public IReadOnlyList<string> CredentialQuery { get; init; } = [];

    /// <summary>Its credentials were dropped (it goes to another origin): it is not signed and gets no cookies.</summary>
    public bool Anonymous { get; init; }

    public OutgoingRequest WithHeader(string name, string value) =>
        this with { Headers = [.. Headers.Where(h => !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)), new(name, value)] };

    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}
