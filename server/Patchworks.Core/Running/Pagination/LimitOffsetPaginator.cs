namespace Patchworks.Core.Running.Pagination;

/// <summary>
/// A limit and an offset that grows by the records received (not by the limit: an API that caps its pages would
/// otherwise skip records). The count of a page is at the count path when the connector names one, else the
/// records at the data path. The end is proven by an empty page, by the total at the total path reached, or, when
/// there is no total, by a short page (shorter than the limit and than the largest earlier page, so a cap is not
/// mistaken for the end). A total that disagrees with the records received, or a configured path the response
/// lacks, stops the run without proof of the end.
/// </summary>
public sealed class LimitOffsetPaginator : IPaginator
{
    private readonly Model.Pagination _options;
    private readonly int _limit;
    private readonly int _startOffset;
    private int _offset;
    private int? _largest;

    public LimitOffsetPaginator(Model.Pagination options)
    {
        _options = options;
        _limit = Math.Max(1, options.GetInt("limit") ?? 1);
        _offset = _startOffset = options.GetInt("startOffset") ?? 0;
        FirstPage = new Dictionary<string, string> { ["offset"] = PaginatorFactory.Text(_offset), ["limit"] = PaginatorFactory.Text(_limit) };
    }

    public IReadOnlyDictionary<string, string> FirstPage { get; }

    public PageDecision After(PageContext page)
    {
        int count;
        if (_options.GetString("countPath") is { } countPath)
        {
            if (PaginatorFactory.NumberAt(page.Json, countPath, "countPath", out var missing) is not { } counted)
            {
                return new PageDecision.Stop($"{missing}, so the page at offset {_offset} cannot be counted", Proven: false);
            }
            count = counted;
        }
        else if (page.Records is { } records)
        {
            count = records.Count;
        }
        else
        {
            return new PageDecision.Stop($"the page at offset {_offset} has no records at the data path", Proven: false);
        }
        var total = PaginatorFactory.TotalOf(_options, page, out var missingTotal);
        if (missingTotal is not null)
        {
            return new PageDecision.Stop(missingTotal, Proven: false);
        }
        var offset = _offset;
        _offset += count;
        var received = _offset - _startOffset;
        var expected = total - _startOffset;
        if (count == 0)
        {
            return received < expected
                ? new PageDecision.Stop($"the page at offset {offset} is empty, but the total ({PaginatorFactory.TotalName(_options)}) is {total} and {received} records arrived", Proven: false)
                : new PageDecision.Stop($"the page at offset {offset} is empty");
        }
        if (expected is { } all)
        {
            if (received == all)
            {
                return new PageDecision.Stop($"all {total} records of the total ({PaginatorFactory.TotalName(_options)}) arrived");
            }
            if (received > all)
            {
                return new PageDecision.Stop($"{received} records arrived, more than the total of {total} ({PaginatorFactory.TotalName(_options)})", Proven: false);
            }
        }
        else if (PaginatorFactory.IsShort(count, _limit, _largest))
        {
            return new PageDecision.Stop(PaginatorFactory.ShortWhy($"the page at offset {offset}", count, _limit, _largest!.Value));
        }
        _largest = Math.Max(_largest ?? 0, count);
        var values = new Dictionary<string, string>(FirstPage) { ["offset"] = PaginatorFactory.Text(_offset) };
        return new PageDecision.Next(values, null, $"offset {_offset}");
    }
}
