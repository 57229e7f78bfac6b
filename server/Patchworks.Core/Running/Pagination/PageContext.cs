using System.Text.Json.Nodes;
using Patchworks.Core.Http;

namespace Patchworks.Core.Running.Pagination;

/// <summary>What a paginator sees of the page just read: the request as sent, the response, its JSON and records.</summary>
public sealed record PageContext(
    int PageNumber,
    OutgoingRequest Request,
    HttpExchange Response,
    JsonNode? Json,
    JsonArray? Records,
    bool DataPathFound,
    int RecordsSoFar);

/// <summary>A paginator's answer after a page: stop (and why), or how to build the next request.</summary>
public abstract record PageDecision
{
    /// <summary>
    /// No next page. <paramref name="Proven"/>: the response proves the end (an empty or short page, no next link,
    /// the total reached, hasNextPage false); false when the run cannot prove it read everything (a configured path
    /// is missing, a total disagrees with the records seen, a cursor repeats): the run ends as stopped, not completed.
    /// </summary>
    public sealed record Stop(string Why, bool Proven = true) : PageDecision;

    /// <summary>
    /// The next page: the endpoint's request resolved again with these pagination values (fresh auth headers
    /// included), then <paramref name="Adjust"/> applied (a next URL, a cursor in a GraphQL body).
    /// </summary>
    public sealed record Next(IReadOnlyDictionary<string, string> Values, Func<OutgoingRequest, OutgoingRequest>? Adjust, string Description) : PageDecision;
}

/// <summary>One pagination method: the first page's values, then after each page, the next step.</summary>
public interface IPaginator
{
    /// <summary>[[pagination.*]] values of the first page, by built-in name without the prefix ("page" → "1").</summary>
    IReadOnlyDictionary<string, string> FirstPage { get; }

    /// <summary>An adjustment of the first request (GraphQL: no cursor rather than an empty one); none by default.</summary>
    Func<OutgoingRequest, OutgoingRequest>? FirstAdjust => null;

    PageDecision After(PageContext page);
}
