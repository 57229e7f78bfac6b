using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Patchworks.TestApi.Hosting;

namespace Patchworks.RunnerBench;

/// <summary>A fast paged API: page N of a fixed count, ten small records each, and a total-pages header.</summary>
public sealed class PagesApi(int pages) : IFakeApi
{
    public IReadOnlyList<string> Hosts { get; } = ["bench.test"];

    public void Map(IEndpointRouteBuilder routes) => routes.MapGet("/items", (HttpContext context, int? page) =>
    {
        var number = page ?? 1;
        context.Response.Headers["X-Total-Pages"] = pages.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Json(new { items = Enumerable.Range((number - 1) * 10 + 1, 10).Select(id => new { id, name = $"Item {id}" }) });
    });
}
