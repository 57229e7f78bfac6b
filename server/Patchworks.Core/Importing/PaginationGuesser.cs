using System.Globalization;
using System.Text.Json.Nodes;
using static Patchworks.Core.Importing.SchemaShapes;

namespace Patchworks.Core.Importing;

/// <summary>
/// The pagination an importer guesses for a request from its query parameters (page/per_page, limit/offset,
/// cursor/after/page_token, since_id/starting_after) and the fields of its response's schema (a next cursor, a next
/// link, a HAL <c>next.href</c>, totals) or a Link header. OpenAPI gives the schema of its response; Postman the
/// schema inferred from a saved example; cURL no response at all. The parameters the pagination sends leave the
/// request's query; every guess is reported with its reason.
/// </summary>
public static class PaginationGuesser
{
    private static readonly string[] CursorParams = ["cursor", "after", "page_token", "pagetoken", "next_token", "nexttoken", "continuation", "continuation_token", "continuationtoken", "page_info", "pageinfo", "next_page_token", "nextpagetoken", "since_token", "marker", "search_after", "searchafter"];
    private static readonly string[] LastIdParams = ["starting_after", "since_id", "after_id", "last_id", "sinceid", "lastid"];
    private static readonly string[] TokenFields = ["next_cursor", "nextcursor", "cursor", "next_page_token", "nextpagetoken", "next_token", "nexttoken", "continuation", "continuation_token", "continuationtoken", "after", "end_cursor", "endcursor", "marker", "next_marker"];
    private static readonly string[] NextUrlFields = ["next", "next_url", "nexturl", "next_page_url", "nextpageurl", "nextlink", "@odata.nextlink", "next_link", "next_page"];
    internal static readonly string[] PageParams = ["page", "page_number", "pagenumber", "pageno", "page_no", "pageindex", "page_index"];
    internal static readonly string[] LimitParams = ["per_page", "perpage", "page_size", "pagesize", "limit", "size", "count", "max", "max_results", "maxresults", "pagelimit", "page_limit", "top", "$top"];
    internal static readonly string[] OffsetParams = ["offset", "skip", "start", "$skip", "from"];
    private static readonly string[] TotalFields = ["total", "total_count", "totalcount", "totalresults", "total_results", "count", "totalitems", "total_items", "itemstotal", "items_total"];
    private static readonly string[] TotalPagesFields = ["total_pages", "totalpages", "pages", "page_count", "pagecount", "last_page", "lastpage", "pagestotal", "pages_total"];

    /// <summary>What a guess has to go on.</summary>
    /// <param name="Parameters">The query parameters to consider: the request's, and any the source has but leaves out (Postman's disabled ones).</param>
    /// <param name="ResponseSchema">The schema of the whole response (not of one record); null when no response is known.</param>
    /// <param name="DataPath">Where the records are in the response ("" for the root): fields inside them are not paging fields.</param>
    /// <param name="LinkHeader">The response has a Link header.</param>
    /// <param name="Source">What the response fields come from, for the report: "the response", "the example response".</param>
    /// <param name="Disabled">Those of <paramref name="Parameters"/> the source has but does not send, named so in the report.</param>
    public sealed record Evidence(IReadOnlyList<ApiParameter> Parameters, JsonObject? ResponseSchema, string DataPath, bool LinkHeader, string Source = "the response", IReadOnlyList<ApiParameter>? Disabled = null);

    public static JsonObject? Guess(ApiRequest request, Evidence evidence, string location, ImportReport report)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(evidence);
        ApiParameter? Param(string[] names) =>
            names.Select(n => evidence.Parameters.FirstOrDefault(q => q.Key.Equals(n, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(q => q is not null);
        var fields = evidence.ResponseSchema is null ? [] : FieldPaths(evidence.ResponseSchema, 0, "").ToList();
        var dataPrefix = evidence.DataPath + ".";
        // Field paths are written in the runner's grammar, names that need it quoted (OData's ['@odata.nextLink']).
        string? Field(string[] names, Func<JsonObject, bool>? accept = null) =>
            names.Select(n => fields.FirstOrDefault(f => LastSegment(f.Path).Equals(n, StringComparison.OrdinalIgnoreCase) && (accept is null || accept(f.Schema))
                && (evidence.DataPath.Length == 0 || !f.Path.StartsWith(dataPrefix, StringComparison.Ordinal)))).FirstOrDefault(f => f.Path is not null).Path;
        string Name(ApiParameter parameter) => parameter.Key + (evidence.Disabled?.Contains(parameter) == true ? " (disabled in the source)" : "");
        var limit = Param(LimitParams);
        JsonObject? result = null;
        string? reason = null;
        var used = new List<ApiParameter>();

        var cursor = Param(CursorParams);
        var tokenPath = Field(TokenFields, s => !IsArray(s) && TypeName(s) is null or "string" or "integer");
        var nextUrl = Field(NextUrlFields, s => TypeName(s) is null or "string" && (Str(s["format"]) is "uri" or "url" or null))
            // HAL: "_links": { "next": { "href": "..." } }.
            ?? fields.FirstOrDefault(f => LastSegment(f.Path).Equals("href", StringComparison.OrdinalIgnoreCase) && f.Path.Length > 5
                && NextUrlFields.Contains(LastSegment(f.Path[..^5]).ToLowerInvariant()) && TypeName(f.Schema) is null or "string").Path;
        if (cursor is not null && tokenPath is not null)
        {
            result = new JsonObject { ["method"] = "nextPageToken", ["tokenPath"] = tokenPath, ["tokenParam"] = cursor.Key };
            reason = $"the query parameter {Name(cursor)} and the field {tokenPath} of {evidence.Source}";
            used.Add(cursor);
            AddLimit(result, limit, used, required: false);
        }
        else if (nextUrl is not null)
        {
            result = new JsonObject { ["method"] = "nextPageUrl", ["nextUrlPath"] = nextUrl };
            reason = $"the field {nextUrl} of {evidence.Source}";
            NextLinkParameters(request, limit, Param(PageParams), cursor, location, report);
        }
        else if (evidence.LinkHeader)
        {
            result = new JsonObject { ["method"] = "linkHeader" };
            reason = $"the Link header of {evidence.Source}";
        }
        else if (Param(PageParams) is { } page)
        {
            result = new JsonObject { ["method"] = "pageNumber", ["pageParam"] = page.Key };
            reason = $"the query parameter {Name(page)}" + (limit is null ? "" : " and " + Name(limit));
            used.Add(page);
            AddLimit(result, limit, used, required: false);
            if (Field(TotalPagesFields, s => TypeName(s) is "integer" or "number") is { } totalPages)
            {
                result["totalPagesPath"] = totalPages;
            }
        }
        else if (Param(OffsetParams) is { } offset && limit is not null)
        {
            result = new JsonObject { ["method"] = "limitOffset", ["limitParam"] = limit.Key, ["offsetParam"] = offset.Key };
            reason = $"the query parameters {Name(limit)} and {Name(offset)}";
            used.Add(offset);
            AddLimit(result, limit, used, required: true);
            result.Remove("limitParam");
            result["limitParam"] = limit.Key;
            if (Field(TotalFields, s => TypeName(s) is "integer" or "number") is { } total)
            {
                result["totalPath"] = total;
            }
        }
        else if (Param(LastIdParams) is { } lastId)
        {
            // Stripe's starting_after, Shopify's since_id: the next page starts after the last record's id.
            result = new JsonObject { ["method"] = "customRelativeUri", ["lastIdParam"] = lastId.Key, ["idKey"] = "id" };
            reason = $"the query parameter {Name(lastId)} (each page starts after the last record's id; idKey id is assumed)";
            used.Add(lastId);
            AddLimit(result, limit, used, required: false);
        }
        else if (cursor is not null)
        {
            report.Guessed(location, $"the query parameter {cursor.Key} looks like cursor pagination, but {(evidence.ResponseSchema is null ? "no response is known" : evidence.Source + " names no next-cursor field")}: no pagination written; add nextPageToken with the tokenPath of the field that holds the next cursor");
            return null;
        }
        if (result is null)
        {
            return null;
        }
        foreach (var parameter in used)
        {
            request.Query.Remove(parameter);
        }
        report.Guessed(location, $"pagination {result["method"]} guessed from {reason}: confirm it");
        return result;
    }

    private static readonly string[] CursorChoices = ["search_after", "cursor", "keyset", "after", "seek"];

    /// <summary>
    /// The query of the first request when the next page's link comes in the response: the page number and cursor
    /// parameters leave it (the link carries them: Akeneo's page, search_after "should never be set manually"), the
    /// page size is the largest the parameter allows, and a pagination-type parameter (Akeneo's
    /// pagination_type page|search_after) takes its cursor choice, the one whose next links do not slow down deep in
    /// the list.
    /// </summary>
    private static void NextLinkParameters(ApiRequest request, ApiParameter? limit, ApiParameter? page, ApiParameter? cursor, string location, ImportReport report)
    {
        foreach (var parameter in new[] { page, cursor }.OfType<ApiParameter>().Where(p => request.Query.Contains(p)))
        {
            request.Query.Remove(parameter);
            report.Guessed(parameter.Location, $"the query parameter {parameter.Key} is not sent: the next page's link in the response carries it");
        }
        if (limit is not null && request.Query.IndexOf(limit) is var at and >= 0)
        {
            var size = limit.Maximum is { } maximum and <= MaxGuessedLimit ? (int)maximum : (int?)null;
            if (size is not null && limit.Value != size.Value.ToString(CultureInfo.InvariantCulture))
            {
                request.Query[at] = limit with { Value = size.Value.ToString(CultureInfo.InvariantCulture), Required = true };
                report.Guessed(limit.Location, $"the page size {limit.Key} is {size} (the parameter's maximum" + (limit.Value is null ? "" : $"; its default is {limit.Value}") + "): fewer requests; the next page's link keeps it");
            }
        }
        if (request.Query.FirstOrDefault(q => q.Key.Contains("pagination", StringComparison.OrdinalIgnoreCase) || q.Key.Equals("paging", StringComparison.OrdinalIgnoreCase)) is { Choices: { Count: > 1 } choices } type
            && choices.FirstOrDefault(c => CursorChoices.Any(k => c.Equals(k, StringComparison.OrdinalIgnoreCase) || c.Contains(k, StringComparison.OrdinalIgnoreCase))) is { } choice
            && type.Value != choice)
        {
            request.Query[request.Query.IndexOf(type)] = type with { Value = choice, Required = true };
            report.Guessed(type.Location, $"{type.Key} is {choice} (of {string.Join(", ", choices)}; the default was {type.Value ?? "none"}): cursor paging, whose next links stay fast deep in the list; check the endpoint supports it");
        }
    }

    /// <summary>A declared maximum page size above this is not taken as the page size (a bound, not a size anyone means).</summary>
    private const long MaxGuessedLimit = 1000;

    private static void AddLimit(JsonObject pagination, ApiParameter? limit, List<ApiParameter> used, bool required)
    {
        if (limit is null)
        {
            if (required)
            {
                pagination["limit"] = 100;
            }
            return;
        }
        used.Add(limit);
        pagination["limitParam"] = limit.Key;
        // The largest page the API allows (fewer requests, further from its rate limit), up to 1,000; else its example or default.
        pagination["limit"] = limit.Maximum is { } maximum and <= MaxGuessedLimit ? (int)maximum
            : int.TryParse(limit.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 100;
    }

    private static string LastSegment(string path) => Running.Data.ResponseData.Segments(path).LastOrDefault() ?? "";

    /// <summary>Every non-array field of the response object, three levels deep (pagination.next_cursor, _links.next.href).</summary>
    private static IEnumerable<(string Path, JsonObject Schema)> FieldPaths(JsonObject schema, int depth, string prefix)
    {
        if (depth > 2 || Properties(schema) is not { } properties)
        {
            yield break;
        }
        foreach (var (name, node) in properties)
        {
            if (node is not JsonObject property)
            {
                continue;
            }
            var path = Running.Data.ResponseData.Append(prefix, name);
            yield return (path, property);
            if (!IsArray(property))
            {
                foreach (var inner in FieldPaths(property, depth + 1, path))
                {
                    yield return inner;
                }
            }
        }
    }
}
