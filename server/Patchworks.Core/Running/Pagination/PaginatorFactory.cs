using System.Globalization;
using Patchworks.Core.Model;

namespace Patchworks.Core.Running.Pagination;

/// <summary>The paginator for an endpoint's pagination block; a single request when it has none.</summary>
public static class PaginatorFactory
{
    /// <param name="scripts">Runs a script pagination's script; its console lines go to <paramref name="log"/>.</param>
    /// <param name="variables">The script's <c>data.variables</c>, asked for before each call; none when null.</param>
    public static IPaginator Create(Endpoint endpoint, Scripts.ScriptHost? scripts = null, Action<string>? log = null,
        Func<IReadOnlyDictionary<string, string>>? variables = null) => endpoint.Pagination switch
    {
        null => new SinglePage(),
        { Method: "linkHeader" } p => new LinkHeaderPaginator(p.GetString("header") ?? "Link"),
        { Method: "pageNumber" } p => new PageNumberPaginator(p, endpoint.DataPath),
        { Method: "limitOffset" } p => new LimitOffsetPaginator(p),
        { Method: "nextPageToken" } p => new NextPageTokenPaginator(p),
        { Method: "nextPageUrl" } p => new NextPageUrlPaginator(p.GetString("nextUrlPath") ?? ""),
        { Method: "graphqlCursor" } p => new GraphQlCursorPaginator(p),
        { Method: "customRelativeUri" } p => new CustomRelativeUriPaginator(p),
        { Method: "script", Script: { } script } => new ScriptPaginator(
            Scripts.CompiledScript.FromModel(script, $"pagination script of endpoint '{endpoint.Id}'"), scripts ?? new Scripts.ScriptHost(), log ?? (_ => { }), variables),
        { Method: "script" } => throw new NotSupportedException($"The endpoint '{endpoint.Id}' uses script pagination but has no script."),
        { Method: var method } => throw new NotSupportedException($"The runner does not know the pagination method \"{method}\"."),
    };

    internal static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A page shorter than the page size asked for is the last one, unless the API gives fewer than it was asked
    /// for on every page (a cap: asked for 500, it sends 200): then a page is short only when it is shorter than the
    /// largest earlier page, and a first page that is short proves nothing (<paramref name="largest"/> null).
    /// </summary>
    internal static bool IsShort(int count, int? limit, int? largest) =>
        limit is > 0 && count < limit && largest is { } before && count < before;

    /// <summary>How a short page is described: against the limit, or against the cap the API showed.</summary>
    internal static string ShortWhy(string what, int count, int limit, int largest) => largest < limit
        ? $"{what} has {count} records, fewer than the {largest} the API gave per page (it caps the limit of {limit})"
        : $"{what} has {count} records, fewer than the limit of {limit}";

    /// <summary>
    /// The total number of records the API gives, at totalPath or in the totalHeader header; null when neither is
    /// configured. <paramref name="missing"/> names a configured one the response lacks (or that is not a number).
    /// </summary>
    internal static int? TotalOf(Model.Pagination options, PageContext page, out string? missing)
    {
        missing = null;
        if (options.GetString("totalPath") is { } path)
        {
            return NumberAt(page.Json, path, "totalPath", out missing);
        }
        if (options.GetString("totalHeader") is { } header)
        {
            var text = page.Response.Header(header);
            missing = text is null ? $"the response has no {header} header (totalHeader)"
                : PageNumberPaginator.Number(text) is null ? $"the {header} header (totalHeader) is not a number: {text}" : null;
            return missing is null ? PageNumberPaginator.Number(text) : null;
        }
        return null;
    }

    /// <summary>Where the total comes from, for messages: <c>totalPath "total_count"</c>, <c>totalHeader X-WP-Total</c>.</summary>
    internal static string TotalName(Model.Pagination options) =>
        options.GetString("totalPath") is { } path ? $"totalPath \"{path}\"" : $"totalHeader {options.GetString("totalHeader")}";

    /// <summary>A number at a configured path, or why it cannot be read (absent, or not a number).</summary>
    internal static int? NumberAt(System.Text.Json.Nodes.JsonNode? json, string path, string option, out string? missing)
    {
        var text = Data.ResponseData.SelectText(json, path);
        missing = text is null ? $"the response has no \"{path}\" ({option})"
            : PageNumberPaginator.Number(text) is null ? $"\"{path}\" ({option}) is not a number: {text}" : null;
        return missing is null ? PageNumberPaginator.Number(text) : null;
    }
}

/// <summary>No pagination: one request.</summary>
public sealed class SinglePage : IPaginator
{
    public IReadOnlyDictionary<string, string> FirstPage { get; } = new Dictionary<string, string>();

    public PageDecision After(PageContext page) => new PageDecision.Stop("the endpoint has no pagination: one request");
}
