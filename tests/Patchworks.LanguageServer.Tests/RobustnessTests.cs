using System.Text.Json;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Tests;

/// <summary>
/// The server never crashes and always answers: every position-based request, at positions all over every
/// sample cut at many lengths, gets a result or a deliberate error, never an internal error or a dropped
/// connection; and every request sent before "initialize" is refused properly.
/// </summary>
public sealed class RobustnessTests
{
    private static readonly string[] PositionRequests =
    [
        "textDocument/hover", "textDocument/completion", "textDocument/definition", "textDocument/references",
        "textDocument/documentHighlight", "textDocument/prepareRename",
    ];

    private static readonly string[] DocumentRequests =
    [
        "textDocument/documentSymbol", "textDocument/semanticTokens/full", "textDocument/codeLens", "textDocument/formatting",
    ];

    public static TheoryData<string> Samples => [.. Directory.EnumerateFiles(SamplesFolder(), "*.json", SearchOption.AllDirectories)
        .Where(f => f.EndsWith(".connector.json", StringComparison.Ordinal) || f.EndsWith(".instance.json", StringComparison.Ordinal))
        .Select(f => Path.GetRelativePath(SamplesFolder(), f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Every_request_anywhere_in_a_broken_sample_is_answered(string relative)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(SamplesFolder(), relative));
        await using var session = await InProcessServer.StartInitializedAsync();
        // The sample's own path, so instances find their connector and references resolve.
        var path = Path.Combine(SamplesFolder(), relative);
        var uri = LspClient.Uri(path);
        await session.Client.OpenAsync(path, text);

        var version = 1;
        foreach (var cut in new[] { text.Length, text.Length * 3 / 4, text.Length / 2, text.Length / 5, 7 })
        {
            var current = text[..Math.Min(cut, text.Length)];
            await session.Client.ChangeAsync(path, ++version, new TextDocumentContentChangeEvent(null, current));
            var lines = current.Split('\n');
            for (var line = 0; line < lines.Length + 1; line += Math.Max(1, lines.Length / 12))
            {
                var width = line < lines.Length ? lines[line].Length : 0;
                foreach (var character in new[] { 0, width / 3, width / 2, width + 5 })
                {
                    foreach (var method in PositionRequests)
                    {
                        await AssertAnswered(session, method, new
                        {
                            textDocument = new { uri },
                            position = new { line, character },
                            context = new { includeDeclaration = true, triggerKind = 1 },
                        });
                    }
                }
            }
            foreach (var method in DocumentRequests)
            {
                await AssertAnswered(session, method, new { textDocument = new { uri }, options = new { tabSize = 2, insertSpaces = true } });
            }
            await AssertAnswered(session, "textDocument/semanticTokens/range", new { textDocument = new { uri }, range = new { start = new { line = 2, character = 0 }, end = new { line = 9999, character = 0 } } });
            await AssertAnswered(session, "textDocument/inlayHint", new { textDocument = new { uri }, range = new { start = new { line = 0, character = 0 }, end = new { line = 9999, character = 0 } } });
            await AssertAnswered(session, "textDocument/rename", new { textDocument = new { uri }, position = new { line = 3, character = 6 }, newName = "renamed" });
            await session.Client.WaitForDiagnosticsAsync(path, p => p.Version == version);
        }
    }

    [Fact]
    public async Task Every_request_before_initialize_is_refused_and_the_session_still_starts()
    {
        await using var session = InProcessServer.Start();
        var document = new { textDocument = new { uri = "file:///nowhere/a.connector.json" }, position = new { line = 0, character = 0 } };
        foreach (var method in PositionRequests.Concat(DocumentRequests).Append("workspace/symbol").Append("patchworks/resolveRequest"))
        {
            var error = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => session.Client.RequestAsync<JsonElement?>(method, document));
            Assert.Equal(ErrorCodes.ServerNotInitialized, ErrorCode(error));
        }
        Assert.Equal(2, (await session.Client.InitializeAsync()).Capabilities.TextDocumentSync.Change);
    }

    [Fact]
    public async Task Requests_for_documents_the_server_has_never_seen_get_empty_answers()
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var uri = "file:///nowhere/never-opened.connector.json";
        foreach (var method in PositionRequests)
        {
            await AssertAnswered(session, method, new { textDocument = new { uri }, position = new { line = 5, character = 5 }, context = new { includeDeclaration = true } });
        }
        await AssertAnswered(session, "textDocument/hover", new { textDocument = new { uri = "not a uri" }, position = new { line = 0, character = 0 } });
    }

    /// <summary>A result, or an error the server chose to send; never an internal error, and the connection stays up.</summary>
    private static async Task AssertAnswered(InProcessServer session, string method, object parameters)
    {
        try
        {
            await session.Client.RequestAsync<JsonElement?>(method, parameters);
        }
        catch (RemoteRpcException error)
        {
            var code = ErrorCode(error);
            Assert.True(code is ErrorCodes.InvalidParams or ErrorCodes.RequestFailed or ErrorCodes.ContentModified,
                $"{method} answered with error {code}: {error.Message}");
        }
    }

    private static int ErrorCode(RemoteRpcException error) => error switch
    {
        RemoteInvocationException invocation => invocation.ErrorCode,
        RemoteMethodNotFoundException notFound => (int)notFound.ErrorCode,
        _ => int.MinValue,
    };

    private static string SamplesFolder()
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
}
