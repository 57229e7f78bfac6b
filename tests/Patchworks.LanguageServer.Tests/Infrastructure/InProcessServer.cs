using Microsoft.Extensions.Logging.Abstractions;
using Nerdbank.Streams;

namespace Patchworks.LanguageServer.Tests.Infrastructure;

/// <summary>A server and a client joined by an in-memory duplex stream: whole LSP conversations in milliseconds.</summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private InProcessServer(LanguageServer server, LspClient client)
    {
        Server = server;
        Client = client;
    }

    public LanguageServer Server { get; }
    public LspClient Client { get; }

    public static InProcessServer Start()
    {
        var (serverSide, clientSide) = FullDuplexStream.CreatePair();
        var server = LanguageServer.Start(serverSide, serverSide, NullLoggerFactory.Instance);
        var client = new LspClient(clientSide, clientSide);
        return new InProcessServer(server, client);
    }

    public static async Task<InProcessServer> StartInitializedAsync(string? root = null)
    {
        var session = Start();
        await session.Client.InitializeAsync(root);
        await session.Client.NotifyAsync("initialized", new { });
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }
}
