using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Patchworks.TestApi.Hosting;

/// <summary>
/// A plain HTTP listener on 127.0.0.1 and a free port of its own: one origin (http://127.0.0.1:port). Two of
/// them are two origins on real sockets, for the tests that credentials never cross from one to the other.
/// </summary>
public sealed class PlainHttpOrigin : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PlainHttpOrigin(WebApplication app, RequestLog log, int port)
    {
        _app = app;
        Log = log;
        Port = port;
    }

    public int Port { get; }

    /// <summary>http://127.0.0.1:port, without a trailing slash.</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    public RequestLog Log { get; }

    public static async Task<PlainHttpOrigin> StartAsync(Action<IEndpointRouteBuilder> map)
    {
        var log = new RequestLog();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Use(async (HttpContext context, RequestDelegate next) =>
        {
            log.Add(new LoggedRequest(context.Request.Method, context.Request.Host.Value ?? "", context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), ""));
            await next(context);
        });
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PlainHttpOrigin(app, log, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
