using System.Globalization;
using Patchworks.Core.Running.Data;

namespace Patchworks.Core.Running.Pagination;

/// <summary>
/// A page number that goes up by one (WooCommerce). Stops on the last page a total-pages header or field names,
/// once the total number of records has arrived, on a short page, or on an empty one.
/// </summary>
public sealed class PageNumberPaginator : IPaginator
{
    private readonly Model.Pagination _options;
    private readonly int? _limit;
    private readonly string? _dataPath;
    private readonly bool _ownDataPath;
    private int _page;
    private int? _largest;

    public PageNumberPaginator(Model.Pagination options, string? endpointDataPath)
    {
        _options = options;
        _limit = options.GetInt("limit");
        _dataPath = options.GetString("dataPath") ?? endpointDataPath;
        _ownDataPath = options.GetString("dataPath") is { } own && own != endpointDataPath;
        _page = options.GetInt("startPage") ?? 1;
        var first = new Dictionary<string, string> { ["page"] = PaginatorFactory.Text(_page) };
        if (_limit is { } limit)
        {
            first["limit"] = PaginatorFactory.Text(limit);
        }
        FirstPage = first;
    }

    public IReadOnlyDictionary<string, string> FirstPage { get; }

    public PageDecision After(PageContext page)
    {
        // The page's records as the runner read them (JSON or XML), unless pagination names a path of its own.
        var found = page.DataPathFound;
        var records = _ownDataPath ? ResponseData.Records(page.Json, _dataPath, out found) : page.Records;
        if (!found && !_options.GetBool("allowEmpty"))
        {
            return new PageDecision.Stop($"the response has nothing at the data path \"{_dataPath}\" (set allowEmpty to treat that as an empty page)", Proven: false);
        }
        // Totals the API gives, each named when the connector configures it and the response lacks it.
        var total = PaginatorFactory.TotalOf(_options, page, out var missingTotal);
        if (missingTotal is not null)
        {
            return new PageDecision.Stop(missingTotal, Proven: false);
        }
        var totalPages = TotalPages(page, out var missingPages);
        if (missingPages is not null)
        {
            return new PageDecision.Stop(missingPages, Proven: false);
        }
        var count = records?.Count ?? 0;
        var startPage = _options.GetInt("startPage") ?? 1;
        var read = _page - startPage + 1;
        if (count == 0)
        {
            if (total is { } all && page.RecordsSoFar < all)
            {
                return new PageDecision.Stop($"page {_page} is empty, but the total ({PaginatorFactory.TotalName(_options)}) is {all} and {page.RecordsSoFar} records arrived", Proven: false);
            }
            if (totalPages is { } expectedPages && read <= expectedPages)
            {
                return new PageDecision.Stop($"page {_page} is empty, but the total pages say there are {expectedPages}", Proven: false);
            }
            return new PageDecision.Stop($"page {_page} is empty");
        }
        if (totalPages is { } pages && read >= pages)
        {
            return total is { } all && page.RecordsSoFar != all
                ? new PageDecision.Stop($"page {_page} is the last of {pages}, but {page.RecordsSoFar} records arrived and the total ({PaginatorFactory.TotalName(_options)}) is {all}", Proven: false)
                : new PageDecision.Stop($"page {_page} is the last of {pages}");
        }
        if (total is { } sum && page.RecordsSoFar >= sum)
        {
            return page.RecordsSoFar == sum
                ? new PageDecision.Stop($"all {sum} records arrived")
                : new PageDecision.Stop($"{page.RecordsSoFar} records arrived, more than the total of {sum} ({PaginatorFactory.TotalName(_options)})", Proven: false);
        }
        if (totalPages is null && total is null && PaginatorFactory.IsShort(count, _limit, _largest))
        {
            return new PageDecision.Stop(PaginatorFactory.ShortWhy($"page {_page}", count, _limit!.Value, _largest!.Value));
        }
        _largest = Math.Max(_largest ?? 0, count);
        _page++;
        var values = new Dictionary<string, string>(FirstPage) { ["page"] = PaginatorFactory.Text(_page) };
        return new PageDecision.Next(values, null, $"page {_page}");
    }

    private int? TotalPages(PageContext page, out string? missing)
    {
        missing = null;
        if (_options.GetString("totalPagesHeader") is { } header)
        {
            var text = page.Response.Header(header);
            if (Number(text) is { } pages)
            {
                return pages;
            }
            missing = text is null ? $"the response has no {header} header (totalPagesHeader)" : $"the {header} header (totalPagesHeader) is not a number: {text}";
            return null;
        }
        if (_options.GetString("totalPagesPath") is { } path)
        {
            return PaginatorFactory.NumberAt(page.Json, path, "totalPagesPath", out missing);
        }
        return null;
    }

    internal static int? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= int.MaxValue ? (int)value : null;
}
