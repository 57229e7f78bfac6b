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
        return new PageDecision.Next(new Dictionary<string, string>(), previous => previous with { Method = next.Method, Url = next.Url, Headers = next.Headers, Body = next.Body },
            $"{next.Method} {next.Url} (from the pagination script)");
    }
}
