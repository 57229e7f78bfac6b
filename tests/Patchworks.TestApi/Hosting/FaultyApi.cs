using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Patchworks.TestApi.Hosting;

/// <summary>
/// Which requests to an API fail, and how: request numbers count from 1 over every route of the API, so "the
/// second request" of a paged run is its second page (or its first page when the first request is a token call).
/// </summary>
/// <param name="StatusCode">The status to answer, or 0 to drop the connection without an answer (a network error).</param>
/// <param name="RetryAfterSeconds">A Retry-After header to send with the failure, if any.</param>
public sealed record FaultPlan(int StatusCode, IReadOnlySet<int> RequestNumbers, double? RetryAfterSeconds = null);

/// <summary>
/// Any API with injected failures: wraps it so that the planned requests fail before reaching it, and the others
/// are served as usual. For runner tests of retries in the middle of a real sample's pagination, such as a 503 on
/// Shopify's second page.
/// </summary>
public sealed class FaultyApi(IFakeApi inner, FaultPlan plan) : IFakeApi
{
    private int _requests;

    public IReadOnlyList<string> Hosts => inner.Hosts;

    /// <summary>Requests the API received, failed ones included.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("");
        group.AddEndpointFilter(async (context, next) =>
        {
            var number = Interlocked.Increment(ref _requests);
            if (!plan.RequestNumbers.Contains(number))
            {
                return await next(context);
            }
            if (plan.StatusCode == 0)
            {
                context.HttpContext.Abort();
                return Results.Empty;
            }
            if (plan.RetryAfterSeconds is { } seconds)
            {
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }
            return Results.Json(new { error = $"Injected failure of request {number}", status = plan.StatusCode }, statusCode: plan.StatusCode);
        });
        inner.Map(group);
    }
}
