using Patchworks.Core.Running.Data;

namespace Patchworks.Core.Running.Pagination;

/// <summary>
/// A limit and an offset that grows by the limit. Stops on an empty or short page (by the count path when the
/// response gives one, else the records at the data path), or once the total has been reached.
/// </summary>
public sealed class LimitOffsetPaginator : IPaginator
{
    private readonly Model.Pagination _options;
    private readonly int _limit;
    private int _offset;

    public LimitOffsetPaginator(Model.Pagination options)
    {
        _options = options;
        _limit = Math.Max(1, options.GetInt("limit") ?? 1);
        _offset = options.GetInt("startOffset") ?? 0;
        FirstPage = new Dictionary<string, string> { ["offset"] = PaginatorFactory.Text(_offset), ["limit"] = PaginatorFactory.Text(_limit) };
    }

    public IReadOnlyDictionary<string, string> FirstPage { get; }

    public PageDecision After(PageContext page)
    {
        var count = _options.GetString("countPath") is { } countPath
            ? PageNumberPaginator.Number(ResponseData.SelectText(page.Json, countPath))
            : page.Records?.Count;
        if (count is null or 0)
        {
            return new PageDecision.Stop($"the page at offset {_offset} is empty");
        }
        if (_options.GetString("totalPath") is { } totalPath && PageNumberPaginator.Number(ResponseData.SelectText(page.Json, totalPath)) is { } total)
        {
            if (_offset + _limit >= total)
            {
                return new PageDecision.Stop($"offset {_offset} + limit {_limit} reaches the total of {total}");
            }
        }
        else if (count < _limit)
        {
            return new PageDecision.Stop($"the page at offset {_offset} has {count} records, fewer than the limit of {_limit}");
        }
        _offset += _limit;
        var values = new Dictionary<string, string>(FirstPage) { ["offset"] = PaginatorFactory.Text(_offset) };
        return new PageDecision.Next(values, null, $"offset {_offset}");
    }
}
