using Microsoft.AspNetCore.Routing;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Infrastructure;

/// <summary>A purpose-built API for one test (a 429 then success, a slow answer), served by the real test server.</summary>
public sealed class InlineApi(string host, Action<IEndpointRouteBuilder> map) : IFakeApi
{
    public IReadOnlyList<string> Hosts { get; } = [host];

    public void Map(IEndpointRouteBuilder routes) => map(routes);
}
