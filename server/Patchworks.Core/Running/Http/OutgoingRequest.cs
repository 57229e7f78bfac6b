namespace Patchworks.Core.Running.Http;

/// <summary>
/// A request ready to go on the wire: real values, secrets included. It never leaves the runner as it is;
/// results keep only its redacted copy (<see cref="Results.RequestRecord"/>).
/// </summary>
public sealed record OutgoingRequest(string Method, string Url, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Body, string? ContentType)
{
    public OutgoingRequest WithHeader(string name, string value) =>
        this with { Headers = [.. Headers.Where(h => !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)), new(name, value)] };

    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}
