using System.Text.Json.Nodes;
using Patchworks.Core.Running.Data;

namespace Patchworks.Core.Running.Pagination;

/// <summary>
/// since_id / last_id style: the next request carries the last record's id. Stops on an empty or short page.
/// When the response gives a relative link (linkPath), that link is the next request instead.
/// </summary>
public sealed class CustomRelativeUriPaginator : IPaginator
{
    private readonly string _idKey;
    private readonly string? _linkPath;
    private readonly int? _limit;
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private int? _largest;

    public CustomRelativeUriPaginator(Model.Pagination options)
    {
        _idKey = options.GetString("idKey") ?? "id";
        _linkPath = options.GetString("linkPath");
        _limit = options.GetInt("limit");
        var first = new Dictionary<string, string> { ["last_id"] = "" };
        if (_limit is { } limit)
        {
            first["limit"] = PaginatorFactory.Text(limit);
        }
        FirstPage = first;
    }

    public IReadOnlyDictionary<string, string> FirstPage { get; }

    public PageDecision After(PageContext page)
    {
        if (page.Records is not { Count: > 0 } records)
        {
            return new PageDecision.Stop("the page is empty");
        }
        if (_linkPath is not null && ResponseData.SelectText(page.Json, _linkPath) is { Length: > 0 } link)
        {
            var url = NextPageUrlPaginator.Resolve(page.Request.Url, link);
            return new PageDecision.Next(new Dictionary<string, string>(FirstPage), request => request with { Url = url }, url);
        }
        if (PaginatorFactory.IsShort(records.Count, _limit, _largest))
        {
            return new PageDecision.Stop(PaginatorFactory.ShortWhy("the page", records.Count, _limit!.Value, _largest!.Value));
        }
        _largest = Math.Max(_largest ?? 0, records.Count);
        if (records[^1] is not JsonObject last || ResponseData.SelectText(last, _idKey) is not { Length: > 0 } id)
        {
            return new PageDecision.Stop($"the last record has no \"{_idKey}\" (idKey) to continue from", Proven: false);
        }
        if (!_ids.Add(id))
        {
            return new PageDecision.Stop($"the last record's id {id} was the last id of an earlier page: the API does not move on", Proven: false);
        }
        return new PageDecision.Next(new Dictionary<string, string>(FirstPage) { ["last_id"] = id }, null, $"after id {id}");
    }
}
