using System.Diagnostics;

namespace Patchworks.LanguageServer.Tests.Infrastructure;

/// <summary>The real server process over stdio, as an editor starts it, with a client on its pipes.</summary>
public sealed class StdioServer : IAsyncDisposable
{
    private readonly Process _process;

    private StdioServer(Process process)
    {
        _process = process;
        Stderr = process.StandardError.ReadToEndAsync();
        Client = new LspClient(process.StandardInput.BaseStream, process.StandardOutput.BaseStream);
    }

    public LspClient Client { get; }

    /// <summary>Everything the server wrote to stderr, once it has exited.</summary>
    public Task<string> Stderr { get; }

    public Process Process => _process;

    public static StdioServer Start()
    {
        var start = new ProcessStartInfo("dotnet", [ServerDll()])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return new StdioServer(Process.Start(start)!);
    }

    /// <summary>
    /// The server as its own project built it, with its own deps.json: the copy beside the tests shares this test
    /// project's dependency list, which leaves out what the ASP.NET Core framework of the test APIs provides.
    /// </summary>
    public static string ServerDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Release";
        var root = Path.GetDirectoryName(SamplesFolder())!;
        var built = Path.Combine(root, "server", "Patchworks.LanguageServer", "bin", configuration, "net10.0", "Patchworks.LanguageServer.dll");
        return File.Exists(built) ? built : throw new FileNotFoundException($"The server was not built: {built}");
    }

    public static string SamplesFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Patchworks.Lsp.sln")))
            {
                return Path.Combine(folder.FullName, "samples");
            }
        }
        throw new DirectoryNotFoundException("The repository root was not found.");
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
