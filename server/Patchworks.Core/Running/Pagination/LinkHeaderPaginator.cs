using System.Text.RegularExpressions;

namespace Patchworks.Core.Running.Pagination;

/// <summary>
/// RFC 8288 Link header (Shopify): the next request is the rel="next" link as given, which already carries every
/// parameter the API wants (Shopify refuses filters beside page_info). Stops when there is no next link.
/// </summary>
public sealed partial class LinkHeaderPaginator(string header) : IPaginator
{
    public IReadOnlyDictionary<string, string> FirstPage { get; } = new Dictionary<string, string>();

    public PageDecision After(PageContext page)
    {
        if (page.Response.Header(header) is not { } value)
        {
            return new PageDecision.Stop($"no {header} header");
        }
        if (NextLink(value) is not { } next)
        {
            return new PageDecision.Stop($"the {header} header has no rel=\"next\" link");
        }
        var url = Uri.TryCreate(new Uri(page.Request.Url), next.Trim(), out var target) && target.Scheme is "http" or "https"
            ? target.ToString()
            : throw new InvalidResponseException($"the {header} header's rel=\"next\" link \"{NextPageUrlPaginator.Shorten(next)}\" is not an http or https URL");
        return new PageDecision.Next(new Dictionary<string, string>(), request => request with { Url = url }, $"rel=\"next\" {url}");
    }

    public static string? NextLink(string header)
    {
        foreach (Match match in LinkPattern().Matches(header))
        {
            var rels = match.Groups["params"].Value;
            if (RelNext().IsMatch(rels))
            {
                return match.Groups["url"].Value;
            }
        }
        return null;
    }

    [GeneratedRegex("<(?<url>[^>]*)>(?<params>[^,<]*)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("""rel\s*=\s*"?(?:[^";]*\s)?next(?:\s[^";]*)?"?(?:;|$|\s)""", RegexOptions.IgnoreCase)]
    private static partial Regex RelNext();
}
