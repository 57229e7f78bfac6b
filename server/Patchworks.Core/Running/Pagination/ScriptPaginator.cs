using Patchworks.Core.Http;
using Patchworks.Core.Running.Scripts;

namespace Patchworks.Core.Running.Pagination;

/// <summary>
/// Script pagination: after each page the connector's script gets the request as sent, the response and the
/// page, and answers has_next_page and the next request (url, method, headers, body; any it leaves out are the
/// previous request's). A script that fails ends the run (<see cref="ScriptException"/>).
/// </summary>
public sealed class ScriptPaginator(CompiledScript script, ScriptHost host, Action<string> log, Func<IReadOnlyDictionary<string, string>>? variables = null) : IPaginator
{
    public IReadOnlyDictionary<string, string> FirstPage { get; } = new Dictionary<string, string>();

    public PageDecision After(PageContext page)
    {
        var request = new ScriptRequest(page.Request.Url, page.Request.Method, page.Request.Headers, page.Request.Body);
        var decision = host.RunPagination(script, new PaginationScriptInput(request, page.Response.StatusCode, page.Response.Headers, page.Response.Body, variables?.Invoke()));
        foreach (var line in decision.Log)
        {
            log(line);
        }
        if (!decision.HasNextPage || decision.Next is not { } next)
        {
            return new PageDecision.Stop("the pagination script says has_next_page is false");
        }
        var given = page.Request.Headers;
        return new PageDecision.Next(new Dictionary<string, string>(), fresh => fresh with { Method = next.Method, Url = next.Url, Headers = Refreshed(given, next.Headers, fresh.Headers), Body = next.Body },
            $"{next.Method} {next.Url} (from the pagination script)");
    }

    /// <summary>
    /// The next request's headers: those the script set or changed as it returned them, and those it passed on as it
    /// was given them with the value the request resolves to now. A token renewed since that page (ahead of its
    /// lifetime, or after a 401) then reaches the next page instead of the one the script copied.
    /// </summary>
    internal static IReadOnlyList<KeyValuePair<string, string>> Refreshed(
        IReadOnlyList<KeyValuePair<string, string>> given, IReadOnlyList<KeyValuePair<string, string>> returned, IReadOnlyList<KeyValuePair<string, string>> fresh) =>
        [.. returned.Select(header =>
            given.Any(g => g.Key.Equals(header.Key, StringComparison.OrdinalIgnoreCase) && g.Value == header.Value)
            && fresh.FirstOrDefault(f => f.Key.Equals(header.Key, StringComparison.OrdinalIgnoreCase)) is { Key: not null } now
                ? new KeyValuePair<string, string>(header.Key, now.Value)
                : header)];
}
