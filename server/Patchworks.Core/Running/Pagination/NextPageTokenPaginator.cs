using Patchworks.Core.Running.Data;

namespace Patchworks.Core.Running.Pagination;

/// <summary>Sends the token the previous response gave (HubSpot's paging.next.after). Stops when there is none.</summary>
public sealed class NextPageTokenPaginator : IPaginator
{
    private readonly string _tokenPath;
    private readonly Dictionary<string, int> _tokens = new(StringComparer.Ordinal);

    public NextPageTokenPaginator(Model.Pagination options)
    {
        _tokenPath = options.GetString("tokenPath") ?? "";
        var first = new Dictionary<string, string> { ["next_page_token"] = "" };
        if (options.GetInt("limit") is { } limit)
        {
            first["limit"] = PaginatorFactory.Text(limit);
        }
        FirstPage = first;
    }

    public IReadOnlyDictionary<string, string> FirstPage { get; }

    public PageDecision After(PageContext page)
    {
        var token = ResponseData.SelectText(page.Json, _tokenPath);
        if (string.IsNullOrEmpty(token))
        {
            return new PageDecision.Stop($"the response has no token at \"{_tokenPath}\"");
        }
        if (_tokens.TryGetValue(token, out var earlier))
        {
            return new PageDecision.Stop($"page {page.PageNumber} gives the token {token} that page {earlier} gave: the API does not move on", Proven: false);
        }
        _tokens[token] = page.PageNumber;
        return new PageDecision.Next(new Dictionary<string, string>(FirstPage) { ["next_page_token"] = token }, null, $"token {token}");
    }
}
