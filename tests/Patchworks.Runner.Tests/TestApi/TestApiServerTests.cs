using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>The test server itself: real HTTPS on 127.0.0.1 under the real host names, trusted only through its root.</summary>
public sealed class TestApiServerTests
{
    [Fact]
    public async Task Serves_a_sample_host_over_https_with_a_certificate_for_that_name()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = ClientFor(server, trustRoot: true);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://www.acme-outdoor.co.uk/wp-json/wc/v3/products?per_page=100&page=3");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{WooCommerceApi.ConsumerKey}:{WooCommerceApi.ConsumerSecret}")));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3", response.Headers.GetValues("X-WP-TotalPages").Single());
        Assert.Contains("\"id\":201", await response.Content.ReadAsStringAsync());
        Assert.Equal("/wp-json/wc/v3/products?per_page=100&page=3", server.Log.Requests.Single().PathAndQuery);
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_root_is_refused()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = ClientFor(server, trustRoot: false);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("https://www.acme-outdoor.co.uk/wp-json/wc/v3/products"));

        Assert.Contains("SSL", error.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Wrong_credentials_get_woocommerce_s_401()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = ClientFor(server, trustRoot: true);

        using var response = await client.GetAsync("https://www.acme-outdoor.co.uk/wp-json/wc/v3/products");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("woocommerce_rest_cannot_view", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Connects every host to the test server, as the runner's --connect-to does.</summary>
    private static HttpClient ClientFor(TestApiServer server, bool trustRoot)
    {
        var root = X509Certificate2.CreateFromPem(server.RootCertificatePem);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, server.Port, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        if (trustRoot)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & ~System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors) != 0)
                {
                    return false;
                }
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(root);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
        }
        return new HttpClient(handler);
    }
}
