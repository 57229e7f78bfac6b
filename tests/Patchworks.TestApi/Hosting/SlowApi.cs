using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Patchworks.TestApi.Hosting;

/// <summary>
/// Any API whose requests take time: before a request reaches the API, <paramref name="beforeEach"/> runs with it,
/// typically moving the API's (and the client's) clock on by how long the request takes to arrive and be
/// served. With a manual clock, a run that crosses several token expiries takes milliseconds: the API checks a
/// token at the time the request arrives, later than the time the client looked at it, as a real slow API does.
/// </summary>
public sealed class SlowApi(IFakeApi inner, Action<HttpRequest> beforeEach) : IFakeApi
{
    public IReadOnlyList<string> Hosts => inner.Hosts;

    public void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("");
        group.AddEndpointFilter(async (context, next) =>
        {
            beforeEach(context.HttpContext.Request);
            return await next(context);
        });
        inner.Map(group);
    }
}
