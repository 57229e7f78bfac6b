using Patchworks.Core.Running.Data;

namespace Patchworks.Core.Running.Pagination;

/// <summary>
/// Requests the URL the previous response gave. A value starting with ? replaces the previous URL's query
/// (as the platform documents); other relative values resolve against the previous URL. Stops when absent.
/// </summary>
public sealed class NextPageUrlPaginator(string nextUrlPath) : IPaginator
{
    public IReadOnlyDictionary<string, string> FirstPage { get; } = new Dictionary<string, string>();

    public PageDecision After(PageContext page)
    {
        var next = ResponseData.SelectText(page.Json, nextUrlPath);
        if (string.IsNullOrWhiteSpace(next))
        {
            return new PageDecision.Stop($"the response has no next URL at \"{nextUrlPath}\"");
        }
        var url = Resolve(page.Request.Url, next);
        return new PageDecision.Next(new Dictionary<string, string>(), request => request with { Url = url }, url);
    }

    /// <summary>A value from the response, cut to a length a message can show.</summary>
    internal static string Shorten(string value) => value.Length <= 200 ? value : value[..200] + "…";

    public static string Resolve(string previous, string next)
    {
        if (next.StartsWith('?'))
        {
            var query = previous.IndexOf('?', StringComparison.Ordinal);
            return (query < 0 ? previous : previous[..query]) + next;
        }
        // A next link is the API's: one that is no URL (or not http/https) ends the run saying so, never an exception.
        return Uri.TryCreate(previous, UriKind.Absolute, out var baseUri) && Uri.TryCreate(baseUri, next.Trim(), out var url) && url.Scheme is "http" or "https"
            ? url.ToString()
            : throw new InvalidResponseException($"the next link \"{Shorten(next)}\" is not an http or https URL, absolute or relative to {previous}");
    }
}
