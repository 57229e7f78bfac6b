using System.Net;
using System.Net.Sockets;
using Patchworks.Core.Running.Auth;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Infrastructure;

/// <summary>A browser for the provider's pages: reaches app.hubspot.com at the test server, follows its redirect to the loopback listener.</summary>
internal sealed class TestBrowser(TestApiServer server, string providerHost = "app.hubspot.com") : IBrowser
{
    private int _opened;

    public int Opened => Volatile.Read(ref _opened);

    public string? LastUrl { get; private set; }

    public async Task OpenAsync(Uri url, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _opened);
        LastUrl = url.AbsoluteUri;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false, // .NET never follows https → http; a browser does, so the redirect is followed below
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                // Only the provider's host goes to the test server; the redirect goes to the runner's own listener.
                if (context.DnsEndPoint.Host == providerHost)
                {
                    await socket.ConnectAsync(IPAddress.Loopback, server.Port, ct);
                }
                else
                {
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                }
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = { RemoteCertificateValidationCallback = RootTrust.For(server) },
        };
        // Like a browser tab: it loads the page and follows the redirect on its own while the runner waits.
        _ = Task.Run(async () =>
        {
            using var client = new HttpClient(handler);
            using var consent = await client.GetAsync(url, CancellationToken.None);
            if (consent.Headers.Location is { } redirect)
            {
                using var callback = await client.GetAsync(redirect, CancellationToken.None);
            }
        }, CancellationToken.None);
        await Task.Delay(50, cancellationToken);
    }
}
