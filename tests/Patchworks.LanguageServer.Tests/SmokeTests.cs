using System.Diagnostics;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;

namespace Patchworks.LanguageServer.Tests;

/// <summary>The real server process over stdio, driven through a whole session, as an editor would.</summary>
public sealed class SmokeTests
{
    [Fact]
    public async Task A_full_session_over_stdio()
    {
        var start = new ProcessStartInfo("dotnet", [StdioServer.ServerDll()])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await using var client = new LspClient(process.StandardInput.BaseStream, process.StandardOutput.BaseStream);
            var samples = StdioServer.SamplesFolder();
            var result = await client.InitializeAsync(samples).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(2, result.Capabilities.TextDocumentSync.Change);
            await client.NotifyAsync("initialized", new { });

            // The workspace is indexed: every sample gets (empty) diagnostics without being opened.
            var instance = Path.Combine(samples, "shopify", "uk-live.instance.json");
            Assert.Empty((await client.WaitForDiagnosticsAsync(instance, timeoutMs: 30000)).Diagnostics);

            var connector = Path.Combine(samples, "shopify", "shopify.connector.json");
            var text = await File.ReadAllTextAsync(connector);
            await client.OpenAsync(connector, text);
            Assert.Empty((await client.WaitForDiagnosticsAsync(connector, p => p.Version == 1)).Diagnostics);

            var broken = text.Replace("\"direction\": \"receive\"", "\"direction\": \"recieve\"", StringComparison.Ordinal);
            await client.ChangeAsync(connector, 2, new TextDocumentContentChangeEvent(null, broken));
            var publish = await client.WaitForDiagnosticsAsync(connector, p => p.Version == 2);
            Assert.All(publish.Diagnostics, d => Assert.Equal("PW1004", d.Code));
            Assert.NotEmpty(publish.Diagnostics);

            var symbols = await client.RequestAsync<DocumentSymbol[]>("textDocument/documentSymbol", new { textDocument = new { uri = LspClient.Uri(connector) } });
            Assert.Contains(symbols, s => s.Name == "Endpoints");

            await client.RequestAsync<object?>("shutdown", null);
            await client.NotifyAsync("exit");
            Assert.True(await Task.Run(() => process.WaitForExit(20000)), "The server did not exit after 'exit'.");
            Assert.Equal(0, process.ExitCode);
            Assert.DoesNotContain("Unhandled", await stderr, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
