namespace Patchworks.Core.Running.Scripts;

/// <summary>
/// A request as scripts see it: <c>{ url, method, headers, body }</c>, headers as an object of name to value
/// (several of one name joined by ", ").
/// </summary>
/// <param name="Url">The full URL, query included.</param>
/// <param name="Method">The HTTP method, such as POST.</param>
/// <param name="Headers">The headers in order; the runner's own header list fits as it is.</param>
/// <param name="Body">The body text, or null for none.</param>
public sealed record ScriptRequest(string Url, string Method, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Body);
