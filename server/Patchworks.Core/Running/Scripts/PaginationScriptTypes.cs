namespace Patchworks.Core.Running.Scripts;

/// <summary>What a pagination script is told about the page just read.</summary>
/// <param name="Request">The request that fetched the page, as sent.</param>
/// <param name="StatusCode">The response's HTTP status code.</param>
/// <param name="ResponseHeaders">The response's headers.</param>
/// <param name="Payload">The response body text (the page), or null for none.</param>
/// <param name="Variables">Variables the script may read as <c>data.variables</c>; none when null.</param>
public sealed record PaginationScriptInput(
    ScriptRequest Request,
    int StatusCode,
    IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders,
    string? Payload,
    IReadOnlyDictionary<string, string>? Variables = null);

/// <summary>A pagination script's answer.</summary>
/// <param name="HasNextPage">Whether to fetch another page.</param>
/// <param name="Next">The next request when <paramref name="HasNextPage"/> is true (fields the script left out are the previous request's); null otherwise.</param>
/// <param name="Log">What the script wrote to the console.</param>
public sealed record PaginationDecision(bool HasNextPage, ScriptRequest? Next, IReadOnlyList<string> Log)
{
    /// <summary>
    /// True when the script asked for a next page with exactly the request just sent (URL, method, headers and
    /// body): fetching it would return the same page again, so the runner should stop rather than loop to its page limit.
    /// </summary>
    public bool RepeatsPreviousRequest { get; init; }
}
