using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Patchworks.Runner.Tests.Infrastructure;

/// <summary>
/// A plain HTTP/1.1 listener on 127.0.0.1 that writes whatever bytes a test gives, as a hostile API would: any
/// status line (1xx, 999), headers no framework would let through, a Content-Length that lies, invalid UTF-8, a
/// gzip bomb. One request per connection (the answer closes it unless the test's bytes say otherwise).
/// </summary>
public sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<RawRequest, byte[]> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public RawHttpServer(Func<RawRequest, byte[]> answer)
    {
        _answer = answer;
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>http://127.0.0.1:port, without a trailing slash.</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>A response from its parts: the status line's rest ("200 OK"), header lines, and the body as given (no Content-Length added).</summary>
    public static byte[] Response(string status, IEnumerable<string> headers, byte[] body)
    {
        var head = new StringBuilder($"HTTP/1.1 {status}\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }
        head.Append("\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. body];
    }

    /// <summary>A JSON answer with a correct Content-Length and Connection: close.</summary>
    public static byte[] Json(string json, string status = "200 OK", params string[] headers) =>
        Response(status, [.. headers, "Content-Type: application/json", $"Content-Length: {Encoding.UTF8.GetByteCount(json)}", "Connection: close"], Encoding.UTF8.GetBytes(json));

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream);
                if (request is null)
                {
                    return;
                }
                Interlocked.Increment(ref _requests);
                var bytes = _answer(request);
                await stream.WriteAsync(bytes, _stop.Token);
                await stream.FlushAsync(_stop.Token);
                client.Client.Shutdown(SocketShutdown.Send);
                // Let the client read before the socket goes (a reset could lose the answer).
                using var linger = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                linger.CancelAfter(TimeSpan.FromSeconds(5));
                var sink = new byte[4096];
                while (await stream.ReadAsync(sink, linger.Token) > 0)
                {
                }
            }
            catch (Exception)
            {
                // The client hung up (it cut a body off, it timed out): nothing to do.
            }
        }
    }

    private static async Task<RawRequest?> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(buffer))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }
            buffer.Add(one[0]);
        }
        var head = Encoding.Latin1.GetString([.. buffer]);
        var lines = head.Split("\r\n");
        var length = lines.Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var body = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = await stream.ReadAsync(body.AsMemory(read));
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        var parts = lines[0].Split(' ');
        return new RawRequest(parts[0], parts.Length > 1 ? parts[1] : "/", Encoding.UTF8.GetString(body, 0, read));
    }

    private static bool EndsWithBlankLine(List<byte> buffer) =>
        buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n';

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception)
        {
        }
        _stop.Dispose();
    }
}

public sealed record RawRequest(string Method, string Target, string Body);
