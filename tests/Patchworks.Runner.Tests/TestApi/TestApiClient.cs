using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>
/// A plain HttpClient for the test APIs, set up as the runner will be: every host name is connected to the test
/// server (like curl's --connect-to), and only the server's throw-away root is trusted. Redirects are not followed,
/// so OAuth tests can read the authorize endpoint's Location.
/// </summary>
internal static class TestApiClient
{
    public static HttpClient For(TestApiServer server, bool trustRoot = true)
    {
        var root = X509Certificate2.CreateFromPem(server.RootCertificatePem);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            // A response given up half-read closes its connection at once instead of being drained for reuse,
            // so the server sees the client leave (the slow-body tests count that).
            MaxResponseDrainSize = 0,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, server.Port, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        if (trustRoot)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = RootTrust.For(server);
        }
        return new HttpClient(handler);
    }

    /// <summary>Sends a request and returns the status, the response and its body parsed as JSON (null when it is not JSON).</summary>
    public static async Task<(HttpResponseMessage Response, JsonNode? Json)> SendJsonAsync(this HttpClient client, HttpRequestMessage request)
    {
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json;
        try
        {
            json = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            json = null;
        }
        return (response, json);
    }

    public static HttpRequestMessage Get(string url, params (string Name, string Value)[] headers) => With(new HttpRequestMessage(HttpMethod.Get, url), headers);

    public static HttpRequestMessage With(HttpRequestMessage request, params (string Name, string Value)[] headers)
    {
        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return request;
    }

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
