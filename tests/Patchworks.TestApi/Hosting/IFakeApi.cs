using Microsoft.AspNetCore.Routing;

namespace Patchworks.TestApi.Hosting;

/// <summary>
/// One stand-in API (one file in Apis/). It answers for its host names only, as the real service would, so
/// several run side by side on one port: the client reaches them all through --resolve to 127.0.0.1.
/// </summary>
public interface IFakeApi
{
    /// <summary>Host patterns it serves, as ASP.NET Core's RequireHost takes them ("*.myshopify.com").</summary>
    IReadOnlyList<string> Hosts { get; }

    void Map(IEndpointRouteBuilder routes);
}
