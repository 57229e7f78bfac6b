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
            return new PageDecision.Stop($"the response has nothing at the data path \"{_dataPath}\" (set allowEmpty to treat that as an empty page)");
        }
        if (records is null || records.Count == 0)
        {
            return new PageDecision.Stop($"page {_page} is empty");
        }
        var startPage = _options.GetInt("startPage") ?? 1;
        var totalPages = TotalPages(page);
        if (totalPages is { } pages && _page - startPage + 1 >= pages)
        {
            return new PageDecision.Stop($"page {_page} is the last of {pages}");
        }
        if (_options.GetString("totalPath") is { } totalPath && Number(ResponseData.SelectText(page.Json, totalPath)) is { } total && page.RecordsSoFar >= total)
        {
            return new PageDecision.Stop($"all {total} records arrived");
        }
        if (totalPages is null && PaginatorFactory.IsShort(page, _limit))
        {
            return new PageDecision.Stop($"page {_page} has {records.Count} records, fewer than the limit of {_limit}");
        }
        _page++;
        var values = new Dictionary<string, string>(FirstPage) { ["page"] = PaginatorFactory.Text(_page) };
        return new PageDecision.Next(values, null, $"page {_page}");
    }

    private int? TotalPages(PageContext page) =>
        Number(_options.GetString("totalPagesHeader") is { } header ? page.Response.Header(header) : null)
        ?? Number(_options.GetString("totalPagesPath") is { } path ? ResponseData.SelectText(page.Json, path) : null);

    internal static int? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= int.MaxValue ? (int)value : null;
}
