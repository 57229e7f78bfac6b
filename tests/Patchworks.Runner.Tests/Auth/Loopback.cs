using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Patchworks.Runner.Tests.Auth;

/// <summary>Test-side plumbing for the redirect listener tests: everything stays on 127.0.0.1.</summary>
internal static class Loopback
{
    /// <summary>A client that ignores any proxy settings of the machine and follows no redirects unless asked.</summary>
    public static HttpClient Client(bool followRedirects = false) =>
        new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = followRedirects }) { Timeout = TimeSpan.FromSeconds(20) };

    /// <summary>A port nobody listens on right now.</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>True when the port can be listened on again: the listener gave it back.</summary>
    public static bool IsFree(int port)
    {
        var probe = new TcpListener(IPAddress.Loopback, port);
        try
        {
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            probe.Stop();
        }
    }

    /// <summary>Sends raw bytes in pieces (a pause between them, so the server sees partial reads) and returns the whole answer.</summary>
    public static async Task<string> RawAsync(int port, params byte[][] pieces)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        foreach (var piece in pieces)
        {
            await stream.WriteAsync(piece);
            await stream.FlushAsync();
            await Task.Delay(60);
        }
        client.Client.Shutdown(SocketShutdown.Send);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    public static Task<string> RawAsync(int port, string text) => RawAsync(port, Encoding.UTF8.GetBytes(text));

    /// <summary>The port of a listener's redirect URI.</summary>
    public static int PortOf(string redirectUri) => new Uri(redirectUri).Port;
}
