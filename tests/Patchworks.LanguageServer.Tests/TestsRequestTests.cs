using System.Text.Json;
using Patchworks.LanguageServer.Tests.Infrastructure;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Tests;

/// <summary>
/// patchworks/testCases and patchworks/runTests, the Test Explorer's requests, through the real server on a copy of
/// the Shopify sample (its tests file and recordings): cases where they are written, a replay with no network, one
/// case chosen, a failure at its expectation and at the endpoint, and the refusals.
/// </summary>
public sealed class TestsRequestTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>The Shopify sample (connector, instances, schemas, tests, recordings) copied into the workspace folder.</summary>
    private string CopyShopify()
    {
        var source = Path.Combine(RepositoryRoot(), "samples", "shopify");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = _folder.PathOf(Path.Combine("shopify", Path.GetRelativePath(source, file)));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return _folder.PathOf("shopify/shopify.tests.json");
    }

    private static Task<JsonElement> RunAsync(InProcessServer session, string tests, object? cases = null) =>
        session.Client.RequestAsync<JsonElement>("patchworks/runTests", new
        {
            uri = LspClient.Uri(tests),
            mode = "replay",
            cases,
            // Replay opens no socket; were it to, every host goes to a closed port.
            connectTo = new[] { "*:443:127.0.0.1:1" },
        });

    [Fact]
    public async Task Lists_the_cases_where_they_are_written_and_replays_them_all_or_one_with_no_network()
    {
        var tests = CopyShopify();
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);

        var listed = await session.Client.RequestAsync<JsonElement>("patchworks/testCases", new { uri = LspClient.Uri(tests) });
        var all = await RunAsync(session, tests);
        var one = await RunAsync(session, tests, new[] { "list-products/boots, any status" });

        var cases = listed.GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal(["list-products/active socks", "list-products/boots, any status", "list-customers-since-id/two pages at most"], cases.Select(c => c.GetProperty("id").GetString()));
        var lines = File.ReadAllLines(tests);
        var first = cases[0].GetProperty("range").GetProperty("start");
        Assert.Contains("\"active socks\"", lines[first.GetProperty("line").GetInt32()], StringComparison.Ordinal);
        Assert.Empty(listed.GetProperty("problems").EnumerateArray());
        Assert.Equal("Shopify", listed.GetProperty("connectorName").GetString());

        var results = all.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.True(r.GetProperty("passed").GetBoolean(), r.GetRawText()));
        Assert.Equal(150, results[1].GetProperty("records").GetInt32());
        var single = Assert.Single(one.GetProperty("results").EnumerateArray());
        Assert.Equal("boots, any status", single.GetProperty("name").GetString());

        // The extension's types of both answers (extension/src/testing/testProtocol.ts) are what the server sends.
        var interfaces = TypeScriptShapes.Interfaces("testing/testProtocol.ts");
        var nested = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TestCasesAnswer.cases"] = "TestCaseInfo",
            ["RunTestsAnswer.results"] = "TestCaseResult",
            ["TestCaseResult.failures"] = "TestFailure",
            ["TestCaseInfo.range"] = "LspRange",
            ["TestCaseResult.endpointRange"] = "LspRange",
            ["TestFailure.range"] = "LspRange",
        };
        TypeScriptShapes.AssertMatches(listed, "TestCasesAnswer", interfaces, nested);
        TypeScriptShapes.AssertMatches(all, "RunTestsAnswer", interfaces, nested);
    }

    [Fact]
    public async Task A_failing_expectation_is_answered_where_it_is_written_and_at_the_endpoint_in_the_connector()
    {
        var tests = CopyShopify();
        var text = File.ReadAllText(tests).Replace("\"records\": { \"exactly\": 150 }", "\"records\": { \"exactly\": 999 }", StringComparison.Ordinal);
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);
        // The open buffer, not the disk: what the user sees is what runs.
        await session.Client.OpenAsync(tests, text);

        var answer = await RunAsync(session, tests, new[] { "list-products/boots, any status" });

        var result = Assert.Single(answer.GetProperty("results").EnumerateArray());
        Assert.False(result.GetProperty("passed").GetBoolean());
        var failure = Assert.Single(result.GetProperty("failures").EnumerateArray());
        Assert.Equal("records.exactly", failure.GetProperty("expectation").GetString());
        Assert.Equal("150", failure.GetProperty("actual").GetString());
        var line = failure.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32();
        Assert.Contains("999", text.Split('\n')[line], StringComparison.Ordinal);
        var connector = File.ReadAllLines(_folder.PathOf("shopify/shopify.connector.json"));
        var endpointLine = result.GetProperty("endpointRange").GetProperty("start").GetProperty("line").GetInt32();
        Assert.Contains("\"list-products\"", connector[endpointLine], StringComparison.Ordinal);
        Assert.EndsWith("shopify.connector.json", answer.GetProperty("connectorUri").GetString(), StringComparison.Ordinal);
        TypeScriptShapes.AssertMatches(answer, "RunTestsAnswer", TypeScriptShapes.Interfaces("testing/testProtocol.ts"), new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["RunTestsAnswer.results"] = "TestCaseResult",
            ["TestCaseResult.failures"] = "TestFailure",
        });
    }

    [Fact]
    public async Task A_tests_file_with_an_error_a_file_outside_the_workspace_and_an_unknown_mode_are_refused_and_nothing_runs()
    {
        var tests = CopyShopify();
        using var elsewhere = new TempFolder();
        var outside = elsewhere.Write("shopify.tests.json", File.ReadAllText(tests));
        var broken = File.ReadAllText(tests).Replace("\"list-customers-since-id\": {", "\"no-such-endpoint\": {", StringComparison.Ordinal);
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);
        await session.Client.OpenAsync(tests, broken);

        var listed = await session.Client.RequestAsync<JsonElement>("patchworks/testCases", new { uri = LspClient.Uri(tests) });
        var withError = await Assert.ThrowsAsync<RemoteInvocationException>(() => RunAsync(session, tests));
        var outsideError = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => session.Client.RequestAsync<JsonElement>("patchworks/testCases", new { uri = LspClient.Uri(outside) }));
        var mode = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => session.Client.RequestAsync<JsonElement>("patchworks/runTests", new { uri = LspClient.Uri(tests), mode = "fast" }));

        var problem = Assert.Single(listed.GetProperty("problems").EnumerateArray());
        Assert.Equal("PW7002", problem.GetProperty("code").GetString());
        Assert.Contains("1 error", withError.Message, StringComparison.Ordinal);
        Assert.Contains("outside the workspace", outsideError.Message, StringComparison.Ordinal);
        Assert.Contains("mode must be replay, live or record", mode.Message, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Patchworks.Lsp.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
