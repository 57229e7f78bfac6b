using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Nerdbank.Streams;

namespace Patchworks.LanguageServer.Tests.Infrastructure;

/// <summary>
/// A client that writes JSON-RPC messages byte for byte, so a test can send what no well-behaved client library
/// would: params that are null, a number or a string, omitted, or of the wrong shape. It answers the server's own
/// requests (getSecrets with none, everything else with null) and counts its notifications.
/// </summary>
public sealed class RawLspConnection : IAsyncDisposable
{
    private readonly Stream _toServer;
    private readonly Stream _fromServer;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new();
    private int _nextId;

    public RawLspConnection(Stream toServer, Stream fromServer)
    {
        _toServer = toServer;
        _fromServer = fromServer;
        Closed = Task.Run(ReadAllAsync);
    }

    /// <summary>Ends when the server closes its side of the connection.</summary>
    public Task Closed { get; }

    public ConcurrentQueue<JsonElement> ServerNotifications { get; } = [];

    /// <summary>Sends a request and returns its id and the whole answer (result or error) when it comes.</summary>
    /// <param name="rawParams">The params as JSON text, written as they are; null leaves "params" out.</param>
    public (int Id, Task<JsonElement> Answer) Send(string method, string? rawParams)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = answer;
        var written = WriteAsync(Envelope(id, method, rawParams));
        return (id, written.ContinueWith(_ => answer.Task, TaskScheduler.Default).Unwrap());
    }

    /// <summary>The answer to a request with this id (as JSON text) that the caller writes itself.</summary>
    public Task<JsonElement> ExpectAnswer(string id) =>
        _pending.GetOrAdd(id, _ => new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public Task<JsonElement> RequestAsync(string method, string? rawParams, int timeoutMs = 15000) =>
        Send(method, rawParams).Answer.WaitAsync(TimeSpan.FromMilliseconds(timeoutMs));

    public Task NotifyAsync(string method, string? rawParams) => WriteAsync(Envelope(null, method, rawParams));

    /// <summary>Writes one message body as it is, framed with its Content-Length.</summary>
    public Task WriteAsync(string body)
    {
        var content = Encoding.UTF8.GetBytes(body);
        return WriteFrameAsync([.. Encoding.ASCII.GetBytes($"Content-Length: {content.Length}\r\n\r\n"), .. content]);
    }

    /// <summary>Writes bytes as they are, headers included (or not).</summary>
    public async Task WriteFrameAsync(byte[] frame)
    {
        await _writing.WaitAsync();
        try
        {
            await _toServer.WriteAsync(frame);
            await _toServer.FlushAsync();
        }
        finally
        {
            _writing.Release();
        }
    }

    private static string Envelope(int? id, string method, string? rawParams) =>
        "{\"jsonrpc\":\"2.0\"" + (id is { } i ? $",\"id\":{i}" : "") + $",\"method\":{JsonSerializer.Serialize(method)}"
        + (rawParams is null ? "" : $",\"params\":{rawParams}") + "}";

    private async Task ReadAllAsync()
    {
        try
        {
            while (await ReadMessageAsync() is { } message)
            {
                if (message.TryGetProperty("method", out var method))
                {
                    if (message.TryGetProperty("id", out var id))
                    {
                        var result = method.GetString() == "patchworks/getSecrets" ? "{}" : "null";
                        await WriteAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{id.GetRawText()},\"result\":{result}}}");
                    }
                    else
                    {
                        ServerNotifications.Enqueue(message);
                    }
                }
                else if (message.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetRawText(), out var answer))
                {
                    answer.TrySetResult(message);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new EndOfStreamException("The server closed the connection without answering."));
        }
    }

    private async Task<JsonElement?> ReadMessageAsync()
    {
        var length = -1;
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await _fromServer.ReadAsync(one) == 0)
            {
                return null;
            }
            if (one[0] != '\n')
            {
                if (one[0] != '\r')
                {
                    line.Append((char)one[0]);
                }
                continue;
            }
            if (line.Length == 0)
            {
                break;
            }
            var text = line.ToString();
            if (text.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(text["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
            line.Clear();
        }
        var content = new byte[length];
        await _fromServer.ReadExactlyAsync(content);
        return JsonDocument.Parse(content).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await _toServer.DisposeAsync();
        if (!ReferenceEquals(_toServer, _fromServer))
        {
            await _fromServer.DisposeAsync();
        }
    }
}

/// <summary>The server in this process on an in-memory duplex stream, driven by a <see cref="RawLspConnection"/>.</summary>
public sealed class RawInProcessServer : IAsyncDisposable
{
    private RawInProcessServer(LanguageServer server, RawLspConnection client, LogCollector log)
    {
        Server = server;
        Client = client;
        Log = log;
    }

    public LanguageServer Server { get; }
    public RawLspConnection Client { get; }

    /// <summary>What the server logged (it logs to stderr in production).</summary>
    public LogCollector Log { get; }

    public static RawInProcessServer Start()
    {
        var (serverSide, clientSide) = FullDuplexStream.CreatePair();
        var log = new LogCollector();
        var server = LanguageServer.Start(serverSide, serverSide, log);
        return new RawInProcessServer(server, new RawLspConnection(clientSide, clientSide), log);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }
}

/// <summary>A logger factory that keeps every line, for tests that check what the server logged.</summary>
public sealed class LogCollector : ILoggerFactory, ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = [];

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((logLevel, formatter(state, exception) + (exception is null ? "" : Environment.NewLine + exception)));

    public void Dispose()
    {
    }
}

/// <summary>The real server process on its stdio pipes, driven by a <see cref="RawLspConnection"/>.</summary>
public sealed class RawStdioServer : IAsyncDisposable
{
    private RawStdioServer(Process process)
    {
        Process = process;
        Stderr = process.StandardError.ReadToEndAsync();
        Client = new RawLspConnection(process.StandardInput.BaseStream, process.StandardOutput.BaseStream);
    }

    public Process Process { get; }
    public RawLspConnection Client { get; }
    public Task<string> Stderr { get; }

    public static RawStdioServer Start() => new(Process.Start(new ProcessStartInfo("dotnet", [StdioServer.ServerDll()])
    {
        RedirectStandardInput = true,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    })!);

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }
        Process.Dispose();
    }
}
