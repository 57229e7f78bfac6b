using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Patchworks.TestApi.Apis;

namespace Patchworks.TestApi.Hosting;

/// <summary>
/// The test APIs on 127.0.0.1, a free port, HTTPS with certificates from <see cref="TestCertificateAuthority"/>.
/// Start one per test class; <see cref="Port"/> and <see cref="RootCertificatePem"/> are what a client needs.
/// </summary>
public sealed class TestApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestCertificateAuthority _authority;

    private TestApiServer(WebApplication app, TestCertificateAuthority authority, RequestLog log)
    {
        _app = app;
        _authority = authority;
        Log = log;
    }

    public int Port { get; private set; }

    public string RootCertificatePem => _authority.RootPem;

    /// <summary>The runner's --connect-to value that sends every HTTPS host here.</summary>
    public string ConnectTo => $"*:443:127.0.0.1:{Port}";

    public RequestLog Log { get; }

    /// <summary>
    /// Signalled when the host begins to stop. The host's console lifetime takes SIGTERM and Ctrl+C for itself
    /// (ProcessExit never comes), so a standalone run waits on this to end.
    /// </summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    /// <summary>Every API of Apis/, registered here: add a new one to this list.</summary>
    public static IReadOnlyList<IFakeApi> AllApis() =>
    [
        new WooCommerceApi(),
        new ShopifyApi(),
        new ShopwareApi(),
        new HubSpotApi(),
        new NetSuiteApi(),
        new PeoplevoxApi(),
        new MiraklApi(),
        new BigCommerceApi(),
        new BusinessCentralApi(),
        new Magento2Api(),
        new SitooApi(),
        new BrightpearlApi(),
        new KhaosControlApi(),
        new FreshdeskApi(),
        new LightspeedXSeriesApi(),
        new AkeneoApi(),
        new CommercetoolsApi(),
        new TroubleApi(),
        new DocumentedCoreApi(),
    ];

    public static async Task<TestApiServer> StartAsync(int port = 0, IReadOnlyList<IFakeApi>? apis = null)
    {
        var authority = new TestCertificateAuthority();
        var log = new RequestLog();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, port, listen =>
            listen.UseHttps(https => https.ServerCertificateSelector = (_, name) => authority.CertificateFor(name))));
        builder.Services.AddSingleton(log);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Encoder = JsonText.Options.Encoder);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            context.Request.Body.Position = 0;
            log.Add(new LoggedRequest(context.Request.Method, context.Request.Host.Host, context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
            await next(context);
        });
        foreach (var api in apis ?? AllApis())
        {
            var group = app.MapGroup("").RequireHost([.. api.Hosts]);
            api.Map(group);
        }
        await app.StartAsync();
        var server = new TestApiServer(app, authority, log);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Port = new Uri(address).Port;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _authority.Dispose();
    }
}
