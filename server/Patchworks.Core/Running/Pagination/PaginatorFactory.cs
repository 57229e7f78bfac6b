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

    /// <summary>A page shorter than the page size asked for is the last one.</summary>
    internal static bool IsShort(PageContext page, int? limit) => limit is > 0 && page.Records is { } records && records.Count < limit;
}

/// <summary>No pagination: one request.</summary>
public sealed class SinglePage : IPaginator
{
    public IReadOnlyDictionary<string, string> FirstPage { get; } = new Dictionary<string, string>();

    public PageDecision After(PageContext page) => new PageDecision.Stop("the endpoint has no pagination: one request");
}
