using System.Text.Json.Nodes;
using Patchworks.Core.Running.Data;
using Patchworks.Core.Http;

namespace Patchworks.Core.Running.Pagination;

/// <summary>
/// GraphQL cursor pagination (Shopify's Admin API): the end cursor of the previous page goes into the request
/// body's variables (as "after" unless cursorVariable says otherwise), and [[pagination.cursor]] holds it too.
/// Stops when hasNextPage is false. The first page's cursor variable is null, as Shopify's documentation shows a
/// first page (no "after"), not "": an empty string is no cursor, and an API may refuse it. GraphQL errors are the
/// runner's to report (<see cref="ApiErrors"/>), before pagination.
/// </summary>
public sealed class GraphQlCursorPaginator(Model.Pagination options) : IPaginator
{
    private readonly string _endCursorPath = options.GetString("endCursorPath") ?? "";
    private readonly string _hasNextPagePath = options.GetString("hasNextPagePath") ?? "";
    private readonly string _variable = options.GetString("cursorVariable") ?? "after";
    private readonly Dictionary<string, int> _cursors = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> FirstPage { get; } = new Dictionary<string, string> { ["cursor"] = "" };

    /// <summary>The first page: an empty cursor variable ("after": "" from an empty [[pagination.cursor]]) becomes null; none is added.</summary>
    public Func<OutgoingRequest, OutgoingRequest>? FirstAdjust => request =>
        ResponseData.ParseJson(request.Body ?? "") is JsonObject { } body && body["variables"] is JsonObject variables
            && variables[_variable] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length == 0
            ? WithCursor(request, null)
            : request;

    public PageDecision After(PageContext page)
    {
        var hasNext = ResponseData.SelectText(page.Json, _hasNextPagePath);
        if (hasNext != "true")
        {
            return hasNext is null
                ? new PageDecision.Stop($"the response has no \"{_hasNextPagePath}\" (hasNextPagePath)", Proven: false)
                : new PageDecision.Stop("hasNextPage is false");
        }
        if (ResponseData.SelectText(page.Json, _endCursorPath) is not { Length: > 0 } cursor)
        {
            return new PageDecision.Stop($"hasNextPage is true but the response has no \"{_endCursorPath}\" (endCursorPath)", Proven: false);
        }
        if (_cursors.TryGetValue(cursor, out var earlier))
        {
            return new PageDecision.Stop($"page {page.PageNumber} gives the end cursor {cursor} that page {earlier} gave: the API does not move on", Proven: false);
        }
        _cursors[cursor] = page.PageNumber;
        return new PageDecision.Next(new Dictionary<string, string> { ["cursor"] = cursor }, request => WithCursor(request, cursor), $"after cursor {cursor}");
    }

    private OutgoingRequest WithCursor(OutgoingRequest request, string? cursor)
    {
        if (ResponseData.ParseJson(request.Body ?? "") is not JsonObject body)
        {
            return request;
        }
        if (body["variables"] is not JsonObject variables)
        {
            body["variables"] = variables = [];
        }
        variables[_variable] = string.IsNullOrEmpty(cursor) ? null : cursor;
        return request with { Body = body.ToJsonString() };
    }
}
