using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;
using StreamJsonRpc;
using Xunit.Abstractions;

namespace Patchworks.LanguageServer.Tests;

/// <summary>
/// Protocol fuzzing: every method the server registers, against params no editor should send but any may; out of
/// order notifications; cancellations; and a long seeded random session. Every request must be answered (a result,
/// or an error with an expected code and a message in the client's terms, never .NET's exception text) and the
/// server must still work at the end and exit cleanly.
/// </summary>
public sealed class ProtocolFuzzTests(ITestOutputHelper output)
{
    /// <summary>Codes a malformed request may be answered with: InvalidParams, and RequestFailed for a refusal of a valid-looking one.</summary>
    private static readonly int[] RefusalCodes = [ErrorCodes.InvalidParams, ErrorCodes.RequestFailed];

    private static readonly string Sample = Path.Combine(StdioServer.SamplesFolder(), "shopify", "shopify.connector.json");

    /// <summary>
    /// Every method of every handler class, found by its [JsonRpcMethod] attribute: a new handler is fuzzed without
    /// anyone listing it. Void methods are notifications.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, bool> Methods = typeof(LanguageServer).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        .Select(m => (Attribute: m.GetCustomAttribute<JsonRpcMethodAttribute>(), m.ReturnType))
        .Where(m => m.Attribute?.Name is not null)
        .ToDictionary(m => m.Attribute!.Name!, m => m.ReturnType == typeof(void), StringComparer.Ordinal);

    /// <summary>Which methods each capability of the initialize result announces.</summary>
    private static readonly Dictionary<string, string[]> Announced = new(StringComparer.Ordinal)
    {
        ["textDocumentSync"] = ["textDocument/didOpen", "textDocument/didChange", "textDocument/didClose", "textDocument/didSave"],
        ["hoverProvider"] = ["textDocument/hover"],
        ["documentSymbolProvider"] = ["textDocument/documentSymbol"],
        ["definitionProvider"] = ["textDocument/definition"],
        ["referencesProvider"] = ["textDocument/references"],
        ["documentHighlightProvider"] = ["textDocument/documentHighlight"],
        ["renameProvider"] = ["textDocument/rename", "textDocument/prepareRename"],
        ["workspaceSymbolProvider"] = ["workspace/symbol"],
        ["completionProvider"] = ["textDocument/completion"],
        ["codeActionProvider"] = ["textDocument/codeAction"],
        ["documentFormattingProvider"] = ["textDocument/formatting"],
        ["documentRangeFormattingProvider"] = ["textDocument/rangeFormatting"],
        ["semanticTokensProvider"] = ["textDocument/semanticTokens/full", "textDocument/semanticTokens/range"],
        ["codeLensProvider"] = ["textDocument/codeLens"],
        ["inlayHintProvider"] = ["textDocument/inlayHint"],
    };

    /// <summary>Ends the session: fuzzed on their own, at the end.</summary>
    private static readonly string[] Lifecycle = ["shutdown", "exit"];

    [Fact]
    public async Task Every_method_the_server_announces_is_one_it_registers()
    {
        await using var session = RawInProcessServer.Start();
        var initialize = await session.Client.RequestAsync("initialize", """{"capabilities":{}}""");
        var capabilities = initialize.GetProperty("result").GetProperty("capabilities");
        foreach (var capability in capabilities.EnumerateObject())
        {
            Assert.True(Announced.TryGetValue(capability.Name, out var methods), $"The server announces {capability.Name}: add its methods to the fuzz test's list.");
            Assert.All(methods, m => Assert.True(Methods.ContainsKey(m), $"{capability.Name} is announced, but no handler has [JsonRpcMethod(\"{m}\")]."));
        }
        Assert.Contains("patchworks/resolveRequest", Methods.Keys);
        Assert.True(Methods.Count >= 30, $"Only {Methods.Count} methods were found by reflection: {string.Join(", ", Methods.Keys)}");
    }

    /// <summary>The params every method gets: wrong JSON types at every level, and objects that carry every member any method reads, pointing at all kinds of URIs and positions.</summary>
    private static IEnumerable<string?> MalformedParams(string knownUri)
    {
        yield return null;
        foreach (var scalar in new[] { "null", "0", "-1", "1e400", "\"x\"", "true", "[]", "[1,2]", "[{}]", "{}" })
        {
            yield return scalar;
        }
        yield return """{"textDocument":5,"position":"x","range":[],"uri":{},"context":7,"options":"o","newName":3,"query":[],"contentChanges":{},"changes":5,"connectorUri":1,"instanceUri":2,"endpointId":{},"kind":[],"text":5,"token":{}}""";
        yield return """{"textDocument":{"uri":5,"version":"v","text":[]},"position":{"line":"a","character":null},"range":{"start":null,"end":5}}""";
        yield return """{"textDocument":{"uri":null},"position":null,"uri":null,"connectorUri":null,"endpointId":null,"contentChanges":null,"changes":null,"text":null,"kind":null,"instanceUri":null}""";
        // Names that reach a file or a lookup (a schema's, a template's, a run's, a test case's): outside the workspace,
        // control characters, and one long enough to be a denial of service if copied around.
        yield return """{"schema":"../../../../etc/passwd","name":"../../x","template":"/etc/passwd","folder":"/etc","path":"/etc/passwd","id":"\u0000","runId":"../../etc/passwd","file":"/proc/self/environ","caseId":"..\\..\\x","connectorUri":"file:///etc/passwd","instanceUri":"file:///dev/zero"}""";
        yield return $$"""{"schema":"{{new string('s', 100_000)}}","name":"{{new string('n', 100_000)}}","runId":"{{new string('r', 100_000)}}","endpointId":"{{new string('e', 100_000)}}"}""";
        var uris = new[] { "untitled:x", "http://h/x", "file:///nonexistent", "file:///nonexistent/a.connector.json", "not a uri", "", "file:///a%00b.connector.json", knownUri };
        var positions = new[] { (0, 0), (-1, -1), (3, -7), (int.MaxValue, int.MaxValue), (100000, 0), (2, 100000) };
        foreach (var uri in uris)
        {
            foreach (var (line, character) in positions)
            {
                yield return EveryMember(uri, line, character);
            }
        }
        yield return EveryMember(knownUri, 0, 0).Replace("\"line\":0", "\"line\":2147483648", StringComparison.Ordinal);
        // Ranges whose end comes before their start.
        yield return EveryMember(knownUri, 20, 4).Replace("\"end\":{\"line\":20", "\"end\":{\"line\":2", StringComparison.Ordinal);
        yield return EveryMember(knownUri, 3, 30).Replace("\"character\":35}", "\"character\":0}", StringComparison.Ordinal);
        // Lists and maps holding null where the protocol wants items.
        var u = JsonSerializer.Serialize(knownUri);
        yield return $$$"""
            {"textDocument":{"uri":{{{u}}},"version":2},"position":{"line":0,"character":0},"range":{"start":{"line":0,"character":0},"end":{"line":1,"character":0}},
             "contentChanges":[null],"changes":[null],"context":{"diagnostics":[null],"only":[null],"includeDeclaration":true},"options":{"tabSize":2,"insertSpaces":true},
             "uri":{{{u}}},"connectorUri":{{{u}}},"endpointId":"no-such-endpoint","values":{"a":null},"connectTo":[null],"trustedCertificatesPem":[null],"newName":"x","kind":"connector","text":"{}"}
            """;
        yield return $$$"""
            {"textDocument":{"uri":{{{u}}},"version":2},"position":{"line":0,"character":0},"range":{"start":{"line":0,"character":0},"end":{"line":1,"character":0}},
             "contentChanges":[{"range":null,"text":null}],"changes":[{"uri":null,"type":1}],"context":{"diagnostics":[{"range":null,"message":null}]},
             "uri":{{{u}}},"endpointId":"list-products","values":{"a":5},"connectTo":["nonsense"],"trustedCertificatesPem":["not a pem"],"maxPages":-1,"maxRecords":-5,"timeoutSeconds":-1}
            """;
    }

    private static string EveryMember(string uri, int line, int character)
    {
        var u = JsonSerializer.Serialize(uri);
        var position = $$"""{"line":{{line}},"character":{{character}}}""";
        var range = $$$"""{"start":{{{position}}},"end":{"line":{{{line}}},"character":{{{(long)character + 5}}}}}""";
        return $$"""
            {"textDocument":{"uri":{{u}},"version":1,"languageId":"jsonc","text":"{}"},"position":{{position}},"range":{{range}},
             "context":{"diagnostics":[{"range":{{range}},"message":"m","code":"PW1001","source":"patchworks"}],"includeDeclaration":true,"triggerKind":1},
             "options":{"tabSize":2,"insertSpaces":true},"newName":"renamed","query":"a",
             "contentChanges":[{"range":{{range}},"text":"x"}],"changes":[{"uri":{{u}},"type":2}],
             "uri":{{u}},"connectorUri":{{u}},"instanceUri":{{u}},"endpointId":"no-such-endpoint","kind":"connector","text":"{}","token":"t",
             "apiUrl":"http://127.0.0.1:9/","maxPages":1,"timeoutSeconds":1}
            """;
    }

    [Fact]
    public async Task Every_method_answers_malformed_params_and_the_server_survives_them()
    {
        await using var session = RawInProcessServer.Start();
        await InitializeAsync(session.Client);
        var knownUri = LspClient.Uri(Sample);
        var sampleText = await File.ReadAllTextAsync(Sample);
        await OpenAsync(session.Client, knownUri, sampleText);

        var sent = 0;
        foreach (var (method, isNotification) in Methods.Where(m => !Lifecycle.Contains(m.Key)).OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            foreach (var parameters in MalformedParams(knownUri))
            {
                // Publishing a real connector would go to the network; a refusal of its params is what is fuzzed here.
                if (method.StartsWith("patchworks/publish", StringComparison.Ordinal) && parameters?.Contains(knownUri, StringComparison.Ordinal) == true)
                {
                    continue;
                }
                var answer = await session.Client.RequestAsync(method, parameters);
                AssertAnswered(method, parameters, answer, RefusalCodes);
                if (isNotification)
                {
                    await session.Client.NotifyAsync(method, parameters);
                }
                sent++;
            }
            // The edits of didChange and didClose land on the sample: open it again for the methods after them.
            await OpenAsync(session.Client, knownUri, sampleText);
        }
        Assert.True(sent > 1000, $"Only {sent} malformed requests were sent.");
        Assert.DoesNotContain(session.Log.Lines, l => l.Level >= LogLevel.Error);
        Assert.Contains(session.Log.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("Dropped the notification textDocument/didOpen", StringComparison.Ordinal));

        await AssertAliveAndExitsCleanlyAsync(session, knownUri);
    }

    [Fact]
    public async Task Optional_members_may_be_null_or_omitted_other_servers_diagnostics_included()
    {
        await using var session = RawInProcessServer.Start();
        await InitializeAsync(session.Client);
        var uri = LspClient.Uri(Sample);
        await OpenAsync(session.Client, uri, await File.ReadAllTextAsync(Sample));
        var u = JsonSerializer.Serialize(uri);
        var range = """{"start":{"line":1,"character":0},"end":{"line":1,"character":3}}""";
        foreach (var (method, parameters) in new[]
        {
            ("textDocument/codeAction", $$$"""{"textDocument":{"uri":{{{u}}}},"range":{{{range}}},"context":{"diagnostics":[{"range":{{{range}}},"message":"Trailing comma","source":null,"code":519,"data":[1],"tags":null,"relatedInformation":null}],"only":null}}"""),
            ("textDocument/references", $$$"""{"textDocument":{"uri":{{{u}}}},"position":{"line":1,"character":3}}"""),
            ("textDocument/completion", $$$"""{"textDocument":{"uri":{{{u}}}},"position":{"line":1,"character":3},"context":null}"""),
            ("workspace/symbol", "{}"),
            ("workspace/symbol", """{"query":null}"""),
        })
        {
            var answer = await session.Client.RequestAsync(method, parameters);
            Assert.True(answer.TryGetProperty("result", out _), $"{method} {parameters}: {answer}");
        }
        await session.Client.NotifyAsync("textDocument/didSave", $$$"""{"textDocument":{"uri":{{{u}}}},"text":null}""");
        await session.Client.NotifyAsync("textDocument/didChange", $$$"""{"textDocument":{"uri":{{{u}}},"version":2},"contentChanges":[{"range":null,"text":"{}"}]}""");
        await session.Client.RequestAsync("textDocument/documentSymbol", Document(uri));
        Assert.DoesNotContain(session.Log.Lines, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task Shutdown_and_exit_with_null_omitted_or_odd_params_end_the_session_with_exit_code_0()
    {
        foreach (var parameters in new[] { "null", null, "{}", "[]", "0", "\"x\"" })
        {
            await using var session = RawInProcessServer.Start();
            await InitializeAsync(session.Client);
            var answer = await session.Client.RequestAsync("shutdown", parameters);
            Assert.True(answer.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Null, $"shutdown with params {parameters ?? "omitted"}: {answer}");
            await session.Client.NotifyAsync("exit", parameters);
            Assert.Equal(0, await session.Server.Exited.WaitAsync(TimeSpan.FromSeconds(10)));
        }
    }

    [Fact]
    public async Task Unknown_methods_get_method_not_found_and_requests_before_initialize_get_server_not_initialized()
    {
        await using var session = RawInProcessServer.Start();
        foreach (var (method, isNotification) in Methods.Where(m => !m.Value && m.Key != "initialize"))
        {
            foreach (var parameters in new[] { null, "null", "\"x\"", "{}", """{"textDocument":{"uri":"file:///a.connector.json"},"position":{"line":0,"character":0}}""" })
            {
                AssertAnswered(method, parameters, await session.Client.RequestAsync(method, parameters), [ErrorCodes.ServerNotInitialized]);
            }
        }
        await InitializeAsync(session.Client);
        foreach (var parameters in new[] { null, "null", "{}", "5" })
        {
            AssertAnswered("no/such/method", parameters, await session.Client.RequestAsync("no/such/method", parameters), [-32601]);
            await session.Client.NotifyAsync("no/such/notification", parameters);
            await session.Client.NotifyAsync("$/no.such", parameters);
        }
        var knownUri = LspClient.Uri(Sample);
        await OpenAsync(session.Client, knownUri, await File.ReadAllTextAsync(Sample));
        await AssertAliveAndExitsCleanlyAsync(session, knownUri);
    }

    [Fact]
    public async Task Messages_that_are_not_json_rpc_are_refused_or_logged_and_the_connection_stays()
    {
        await using var session = RawInProcessServer.Start();
        await InitializeAsync(session.Client);
        var client = session.Client;
        // A request whose id can be read is answered with InvalidRequest (-32600).
        foreach (var body in new[] { """{"jsonrpc":"2.0","id":901,"method":5}""", """{"jsonrpc":"2.0","id":902,"method":null,"params":{}}""", """{"jsonrpc":7,"id":903,"method":"textDocument/hover"}""" })
        {
            var answer = WaitForAnswerAsync(client, body);
            await client.WriteAsync(body);
            AssertAnswered("(invalid message)", body, await answer, [-32600]);
        }
        // Anything else is logged and dropped: not JSON, not an object, an id of the wrong type, a response of the wrong shape.
        foreach (var body in new[] { "not json", "{", " ", "[]", "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}]", "5", "null", "{}",
            """{"jsonrpc":"2.0","id":{},"method":"shutdown"}""", """{"jsonrpc":"2.0","id":[1],"method":"textDocument/hover","params":{}}""",
            """{"jsonrpc":"2.0","id":77,"error":{"code":"x"}}""", """{"jsonrpc":"2.0","id":78}""", "\u0000\uFFFF", "{\"a\":\"\\uD800\"}" })
        {
            await client.WriteAsync(body);
        }
        // Frames without a usable length: skipped (logged), the next one read as usual.
        foreach (var frame in new[] { "Content-Length: 0\r\n\r\n", "Content-Length: -5\r\n\r\n", "X-Other: 1\r\n\r\n", "Content-Type: application/vscode-jsonrpc\r\n\r\n" })
        {
            await client.WriteFrameAsync(System.Text.Encoding.ASCII.GetBytes(frame));
        }
        var uri = LspClient.Uri(Sample);
        await OpenAsync(client, uri, await File.ReadAllTextAsync(Sample));
        await client.RequestAsync("textDocument/documentSymbol", Document(uri));
        Assert.Contains(session.Log.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("it is not valid JSON", StringComparison.Ordinal));
        Assert.Equal(4, session.Log.Lines.Count(l => l.Level == LogLevel.Warning && l.Message.StartsWith("Skipped a message whose header", StringComparison.Ordinal)));
        await AssertAliveAndExitsCleanlyAsync(session, uri);
    }

    /// <summary>The answer to a raw message whose id is 9xx, written by the caller.</summary>
    private static Task<JsonElement> WaitForAnswerAsync(RawLspConnection client, string body)
    {
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetRawText();
        return client.ExpectAnswer(id).WaitAsync(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Notifications_out_of_order_are_applied_or_dropped_and_the_server_keeps_answering()
    {
        await using var session = RawInProcessServer.Start();
        await InitializeAsync(session.Client);
        var client = session.Client;
        var uri = LspClient.Uri(Sample);
        var text = await File.ReadAllTextAsync(Sample);

        // Before it is open; closed before it is open; saved before it is open.
        await client.NotifyAsync("textDocument/didChange", Change(uri, 5, null, "{}"));
        await client.NotifyAsync("textDocument/didClose", Document(uri));
        await client.NotifyAsync("textDocument/didSave", Document(uri));
        await OpenAsync(client, uri, text, version: 10);
        // Versions going back, ranges past the end and reversed, negative ones (dropped), a range without text.
        await client.NotifyAsync("textDocument/didChange", Change(uri, 3, """{"start":{"line":100000,"character":0},"end":{"line":100000,"character":5}}""", " "));
        await client.NotifyAsync("textDocument/didChange", Change(uri, 2, """{"start":{"line":4,"character":900},"end":{"line":1,"character":0}}""", ""));
        await client.NotifyAsync("textDocument/didChange", Change(uri, 1, """{"start":{"line":-1,"character":0},"end":{"line":0,"character":-3}}""", "x"));
        await client.NotifyAsync("textDocument/didChange", """{"textDocument":{"uri":"X","version":1},"contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}}}]}""".Replace("\"X\"", JsonSerializer.Serialize(uri), StringComparison.Ordinal));
        await client.NotifyAsync("textDocument/didChange", Change(uri, int.MaxValue, null, text));
        // Open twice, close twice, close one that never was.
        await OpenAsync(client, uri, text, version: 1);
        await client.NotifyAsync("textDocument/didClose", Document(uri));
        await client.NotifyAsync("textDocument/didClose", Document(uri));
        await client.NotifyAsync("textDocument/didClose", """{"textDocument":{"uri":"file:///never/opened.connector.json"}}""");
        await client.NotifyAsync("workspace/didChangeWatchedFiles", """{"changes":[{"uri":"file:///never/x.connector.json","type":3},{"uri":"untitled:1","type":1}]}""");

        await OpenAsync(client, uri, text);
        // Notifications are handled in order with requests: once this is answered, they all were.
        await client.RequestAsync("textDocument/documentSymbol", Document(uri));
        Assert.Contains(session.Log.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("Dropped the notification textDocument/didChange", StringComparison.Ordinal));
        Assert.DoesNotContain(session.Log.Lines, l => l.Level >= LogLevel.Error);
        await AssertAliveAndExitsCleanlyAsync(session, uri);
    }

    [Fact]
    public async Task Cancelling_unknown_requests_is_harmless_and_cancelled_requests_are_still_answered()
    {
        await using var session = RawInProcessServer.Start();
        await InitializeAsync(session.Client);
        var client = session.Client;
        var uri = LspClient.Uri(Sample);
        await OpenAsync(client, uri, await File.ReadAllTextAsync(Sample));

        foreach (var parameters in new[] { """{"id":123456}""", """{"id":"nope"}""", """{"id":null}""", """{"id":{}}""", "{}", "null", "7", null })
        {
            await client.NotifyAsync("$/cancelRequest", parameters);
            AssertAnswered("$/cancelRequest", parameters, await client.RequestAsync("$/cancelRequest", parameters), [ErrorCodes.InvalidParams]);
        }

        // Each request cancelled as soon as it is sent: answered with its result or with RequestCancelled (-32800).
        var answers = new List<(string Method, Task<JsonElement> Answer)>();
        var requests = new[] { "textDocument/documentSymbol", "textDocument/hover", "textDocument/completion", "textDocument/references", "workspace/symbol", "textDocument/semanticTokens/full" };
        for (var i = 0; i < 120; i++)
        {
            var method = requests[i % requests.Length];
            var (id, answer) = client.Send(method, EveryMember(uri, i % 40, i % 17));
            await client.NotifyAsync("$/cancelRequest", $$"""{"id":{{id}}}""");
            answers.Add((method, answer));
        }
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (method, answer) in answers)
        {
            var message = await answer.WaitAsync(TimeSpan.FromSeconds(15));
            AssertAnswered(method, "(cancelled)", message, [-32800]);
            outcomes[Outcome(message)] = outcomes.GetValueOrDefault(Outcome(message)) + 1;
        }
        output.WriteLine($"Cancelled as sent: {string.Join(", ", outcomes.Select(o => $"{o.Value} {o.Key}"))}");
        await AssertAliveAndExitsCleanlyAsync(session, uri);
    }

    [Fact]
    public async Task A_seeded_random_session_of_thousands_of_edits_and_requests_is_answered_throughout()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PATCHWORKS_FUZZ_SEED"), out var s) ? s : 20261206;
        var random = new Random(seed);
        await using var session = RawInProcessServer.Start();
        await InitializeAsync(session.Client);
        var client = session.Client;
        var uri = LspClient.Uri(Sample);
        var text = await File.ReadAllTextAsync(Sample);
        await OpenAsync(client, uri, text);

        string[] fragments = ["{", "}", "[", "]", "\"", ":", ",", "{{", "}}", "[[", "]]", "\n", "  ", "key", "\"url\": \"{{shop}}\"", "null", "1e999", "-0", "\\", "\\u12", "/*", "*/", "//", "\t", "é", "😀", ""];
        string[] requests =
        [
            "textDocument/hover", "textDocument/completion", "textDocument/definition", "textDocument/references", "textDocument/documentHighlight",
            "textDocument/prepareRename", "textDocument/rename", "textDocument/documentSymbol", "textDocument/semanticTokens/full", "textDocument/codeLens",
            "textDocument/inlayHint", "textDocument/formatting", "textDocument/rangeFormatting", "textDocument/codeAction", "workspace/symbol",
            "patchworks/resolveRequest", "textDocument/semanticTokens/range",
        ];
        var version = 1;
        var answered = new Dictionary<string, int>(StringComparer.Ordinal);
        var pending = new List<(int Step, string Method, string Params, Task<JsonElement> Answer)>();
        const int Steps = 3000;
        for (var step = 0; step < Steps; step++)
        {
            var lines = text.Split('\n');
            var line = random.Next(10) == 0 ? random.Next(lines.Length, lines.Length + 5) : random.Next(lines.Length);
            var width = line < lines.Length ? lines[line].Length : 0;
            var character = random.Next(8) == 0 ? width + random.Next(1, 50) : random.Next(width + 1);
            if (random.Next(3) != 0)
            {
                // An edit at a random place: mostly inside the text, sometimes past its end or across many lines.
                var endLine = Math.Min(line + (random.Next(6) == 0 ? random.Next(4) : 0), lines.Length + 3);
                var endCharacter = endLine == line ? character + random.Next(6) : random.Next(20);
                var newText = string.Concat(Enumerable.Range(0, random.Next(4)).Select(_ => fragments[random.Next(fragments.Length)]));
                var range = $$$"""{"start":{"line":{{{line}}},"character":{{{character}}}},"end":{"line":{{{endLine}}},"character":{{{endCharacter}}}}}""";
                await client.NotifyAsync("textDocument/didChange", Change(uri, ++version, range, newText));
                text = ApplyLocally(text, line, character, endLine, endCharacter, newText);
                if (random.Next(150) == 0)
                {
                    // Now and then the whole text again, as clients do after an undo of everything.
                    text = await File.ReadAllTextAsync(Sample);
                    await client.NotifyAsync("textDocument/didChange", Change(uri, ++version, null, text));
                }
            }
            else
            {
                var method = requests[random.Next(requests.Length)];
                var parameters = EveryMember(uri, line, character).Replace("\"endpointId\":\"no-such-endpoint\"", "\"endpointId\":\"list-products\"", StringComparison.Ordinal);
                pending.Add((step, method, parameters, client.Send(method, parameters).Answer));
            }
            if (pending.Count >= 64 || step == Steps - 1)
            {
                foreach (var (at, method, parameters, answer) in pending)
                {
                    JsonElement message;
                    try
                    {
                        message = await answer.WaitAsync(TimeSpan.FromSeconds(20));
                    }
                    catch (Exception e) when (e is TimeoutException or EndOfStreamException)
                    {
                        Assert.Fail($"Seed {seed} (set PATCHWORKS_FUZZ_SEED to replay), step {at}: {method} was not answered ({e.Message}).");
                        throw;
                    }
                    AssertAnswered(method, $"seed {seed}, step {at}: {parameters}", message, RefusalCodes);
                    var outcome = Outcome(message);
                    answered[outcome] = answered.GetValueOrDefault(outcome) + 1;
                }
                pending.Clear();
            }
        }
        output.WriteLine($"Seed {seed}: {version - 1} edits; answers: {string.Join(", ", answered.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Value} {a.Key}"))}");
        Assert.True(version > Steps / 2, $"Seed {seed}: only {version} edits were sent.");
        Assert.True(answered.GetValueOrDefault("result") > Steps / 20, $"Seed {seed}: few requests had a result.");
        Assert.DoesNotContain(session.Log.Lines, l => l.Level >= LogLevel.Error);

        // The server's text is the one the edits made: formatting the whole of it returns edits within it.
        var formatting = await client.RequestAsync("textDocument/formatting", $$$"""{"textDocument":{"uri":"{{{uri}}}"},"options":{"tabSize":2,"insertSpaces":true}}""");
        Assert.True(formatting.TryGetProperty("result", out _), $"Seed {seed}: {formatting}");
        await OpenAsync(client, uri, await File.ReadAllTextAsync(Sample));
        await AssertAliveAndExitsCleanlyAsync(session, uri);
    }

    [Fact]
    public async Task The_real_process_answers_null_number_and_string_params_and_exits_with_0_after_shutdown_with_null()
    {
        await using var server = RawStdioServer.Start();
        var client = server.Client;
        await InitializeAsync(client);
        foreach (var method in new[] { "textDocument/hover", "textDocument/documentSymbol", "textDocument/completion", "patchworks/resolveRequest", "workspace/symbol" })
        {
            foreach (var parameters in new[] { "null", "0", "\"x\"", "[]", "{}" })
            {
                var answer = await client.RequestAsync(method, parameters, timeoutMs: 30000);
                AssertAnswered(method, parameters, answer, [ErrorCodes.InvalidParams]);
            }
        }
        foreach (var parameters in new[] { "null", "0", "\"x\"" })
        {
            await client.NotifyAsync("textDocument/didOpen", parameters);
            await client.NotifyAsync("textDocument/didChange", parameters);
            await client.NotifyAsync("initialized", parameters);
        }
        var uri = LspClient.Uri(Sample);
        await OpenAsync(client, uri, await File.ReadAllTextAsync(Sample));
        var symbols = await client.RequestAsync("textDocument/documentSymbol", Document(uri), timeoutMs: 30000);
        Assert.True(symbols.GetProperty("result").GetArrayLength() > 0, symbols.ToString());

        var shutdown = await client.RequestAsync("shutdown", "null", timeoutMs: 30000);
        Assert.Equal(JsonValueKind.Null, shutdown.GetProperty("result").ValueKind);
        await client.NotifyAsync("exit", "null");
        using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await server.Process.WaitForExitAsync(exited.Token);
        Assert.Equal(0, server.Process.ExitCode);
        var stderr = await server.Stderr;
        Assert.Contains("Dropped the notification textDocument/didOpen", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", stderr, StringComparison.Ordinal);
    }

    /// <summary>A copy of the warehouse-events sample whose test instance reads its password from the editor's secret storage (the fuzzing client has none).</summary>
    private static string CopyEventsSample(string folder)
    {
        var sample = Path.Combine(StdioServer.SamplesFolder(), "warehouse-events");
        foreach (var file in Directory.EnumerateFiles(sample, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(sample, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var instance = Path.Combine(folder, "test.instance.json");
        File.WriteAllText(instance, File.ReadAllText(instance).Replace("env:WAREHOUSE_TEST_MQ_PASSWORD", "secret:fuzz-mq-password", StringComparison.Ordinal));
        return Path.Combine(folder, "warehouse-events.connector.json");
    }

    /// <summary>
    /// patchworks/events/listen and /send with every member wrong in turn (null, wrong types, missing, unknown settle,
    /// out of range, a connector outside the workspace, a listener that does not exist, huge strings): each is refused
    /// with an error, none hangs (a listen that got through would wait for messages until stopped), the server stays.
    /// patchworks/events/stop is a notification: as a request, wrong types are refused and an unknown listen is no error.
    /// </summary>
    [Fact]
    public async Task Events_requests_refuse_malformed_params_with_an_error_and_the_server_answers_after()
    {
        using var workspace = new TempFolder();
        using var elsewhere = new TempFolder();
        var connector = CopyEventsSample(workspace.Root);
        var outside = CopyEventsSample(elsewhere.Root);
        await using var session = RawInProcessServer.Start();
        var client = session.Client;
        var init = await client.RequestAsync("initialize", $$$"""{"processId":null,"rootUri":{{{JsonSerializer.Serialize(new Uri(workspace.Root).AbsoluteUri)}}},"capabilities":{},"initializationOptions":{"workspaceTrusted":true}}""", timeoutMs: 30000);
        Assert.True(init.TryGetProperty("result", out _), init.ToString());
        await client.NotifyAsync("initialized", "{}");
        var uri = LspClient.Uri(connector);
        await OpenAsync(client, uri, await File.ReadAllTextAsync(connector));
        var instanceUri = LspClient.Uri(Path.Combine(workspace.Root, "test.instance.json"));
        var huge = new string('x', 1_000_000);

        // The valid request, then each member replaced (or removed, with null as the value) in turn.
        var valid = new Dictionary<string, object?> { ["uri"] = uri, ["listenId"] = "fuzz", ["listenerId"] = "dispatch-confirmations", ["instanceUri"] = instanceUri, ["settle"] = "ack", ["maxMessages"] = 1, ["timeoutSeconds"] = 5 };
        var wrongs = new List<(string Member, object? Value)>
        {
            ("uri", 5), ("uri", new[] { uri }), ("uri", new { }), ("uri", ""), ("uri", "not a uri"), ("uri", "untitled:x.connector.json"), ("uri", "file:///etc/passwd"),
            ("uri", LspClient.Uri(outside)), ("uri", instanceUri), ("uri", "file:///" + huge + ".connector.json"), ("uri", "file:///a%00b.connector.json"),
            ("listenerId", "no-such-listener"), ("listenerId", 5), ("listenerId", new { id = "dispatch-confirmations" }), ("listenerId", huge), ("listenerId", "stock-counts\u0000"),
            ("instanceUri", 7), ("instanceUri", "file:///nonexistent/x.instance.json"), ("instanceUri", LspClient.Uri(Path.Combine(elsewhere.Root, "test.instance.json"))), ("instanceUri", uri), ("instanceUri", huge),
            ("values", new[] { 1, 2 }), ("values", "x"), ("values", 5), ("values", new Dictionary<string, object?> { ["site"] = 5 }), ("values", new Dictionary<string, object?> { ["site"] = null }),
            ("values", new Dictionary<string, object?> { ["site"] = new[] { "a" } }), ("values", new Dictionary<string, object?> { [huge] = huge }),
        };
        var listenOnly = new List<(string Member, object? Value)>
        {
            ("listenId", new { }), ("listenId", 5), ("listenId", new[] { "a" }), ("listenId", ""), ("listenId", huge), ("listenId", true),
            ("settle", "sometimes"), ("settle", "PEEK"), ("settle", ""), ("settle", 5), ("settle", new { }), ("settle", huge),
            ("maxMessages", -1), ("maxMessages", 0), ("maxMessages", 1e10), ("maxMessages", "1"), ("maxMessages", 1.5),
            ("timeoutSeconds", -1), ("timeoutSeconds", 86_401), ("timeoutSeconds", 1e300), ("timeoutSeconds", "5"), ("timeoutSeconds", new { }),
        };
        var sendOnly = new List<(string Member, object? Value)>
        {
            ("body", 5), ("body", new { shipments = Array.Empty<int>() }), ("body", new string('b', 16 * 1024 * 1024 + 1)),
            ("headers", new[] { "a" }), ("headers", new Dictionary<string, object?> { ["a"] = new { } }), ("headers", "h"),
            ("routingKey", 5), ("exchange", new { }), ("contentType", new[] { "application/json" }),
        };
        var requests = new List<(string Method, string? Params)>();
        foreach (var method in new[] { "patchworks/events/listen", "patchworks/events/send" })
        {
            var own = method.EndsWith("listen", StringComparison.Ordinal) ? listenOnly : sendOnly;
            var baseline = method.EndsWith("listen", StringComparison.Ordinal) ? valid : valid.Where(v => v.Key is not ("listenId" or "settle" or "maxMessages" or "timeoutSeconds")).ToDictionary();
            foreach (var parameters in new[] { null, "null", "0", "\"x\"", "[]", "[1,2]", "{}", "{\"uri\":null}", $$"""{"uri":{{JsonSerializer.Serialize(uri)}}}""" })
            {
                requests.Add((method, parameters));
            }
            foreach (var (member, value) in wrongs.Concat(own))
            {
                requests.Add((method, JsonSerializer.Serialize(new Dictionary<string, object?>(baseline) { [member] = value })));
            }
            foreach (var member in baseline.Keys)
            {
                var without = baseline.Where(v => v.Key != member).ToDictionary();
                requests.Add((method, JsonSerializer.Serialize(without)));
                requests.Add((method, JsonSerializer.Serialize(new Dictionary<string, object?>(baseline) { [member] = null })));
            }
        }

        var refusals = new List<(string Params, int Code, string Message)>();
        foreach (var (method, parameters) in requests)
        {
            var context = $"{method} {(parameters is null ? "(omitted)" : parameters.Length > 300 ? parameters[..300] + "…" : parameters)}";
            JsonElement answer;
            try
            {
                answer = await client.RequestAsync(method, parameters, timeoutMs: 30000);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"{context} was not answered within 30 s");
                throw;
            }
            Assert.True(answer.TryGetProperty("error", out var error), $"{context} was not refused: {answer}");
            AssertAnswered(method, context, answer, RefusalCodes);
            var message = error.GetProperty("message").GetString()!;
            Assert.True(message.Length < 2000, $"{context}: an error of {message.Length:N0} characters");
            Assert.DoesNotContain("Nothing was sent: Nothing was sent", message, StringComparison.Ordinal);
            refusals.Add(((parameters ?? "").Length > 300 ? "" : parameters ?? "", error.GetProperty("code").GetInt32(), message));
        }
        // The ones that got as far as the workspace and the connector: refused for what is wrong with them.
        Assert.Contains(refusals, r => r.Params.Contains(JsonSerializer.Serialize(LspClient.Uri(outside)), StringComparison.Ordinal)
            && r.Code == ErrorCodes.RequestFailed && r.Message == "warehouse-events.connector.json is outside every workspace folder (or a link leads out): only a connector inside the workspace listens or sends.");
        Assert.Contains(refusals, r => r.Params.Contains("\"listenerId\":\"no-such-listener\"", StringComparison.Ordinal) && r.Message.StartsWith("The connector has no listener \"no-such-listener\"", StringComparison.Ordinal));
        Assert.Contains(refusals, r => r.Message.StartsWith("uri is longer than 4,096 characters", StringComparison.Ordinal));
        Assert.Contains(refusals, r => r.Message.StartsWith("listenerId is longer than 4,096 characters", StringComparison.Ordinal));
        Assert.Contains(refusals, r => r.Message.StartsWith("instanceUri is longer than 4,096 characters", StringComparison.Ordinal));
        Assert.Contains(refusals, r => r.Message == "settle is peek, ack, reject or requeue, not \"sometimes\".");
        Assert.Contains(refusals, r => r.Message == "uri names the connector file; it is empty.");
        Assert.Contains(refusals, r => r.Message.StartsWith("Nothing was sent: the secret \"password\"", StringComparison.Ordinal));

        // The stop notification as a request: wrong types refused; an unknown or missing listen is nothing to stop.
        foreach (var parameters in new[] { "[]", "5", """{"listenId":{}}""", """{"listenId":5}""", """{"listenId":["a"]}""" })
        {
            var answer = await client.RequestAsync("patchworks/events/stop", parameters);
            Assert.True(answer.TryGetProperty("error", out _), $"patchworks/events/stop {parameters} was not refused: {answer}");
            AssertAnswered("patchworks/events/stop", parameters, answer, RefusalCodes);
            await client.NotifyAsync("patchworks/events/stop", parameters);
        }
        foreach (var parameters in new[] { """{"listenId":"no-such-listen"}""", $$"""{"listenId":"{{huge}}"}""", """{"listenId":null}""", "{}", "null", null })
        {
            AssertAnswered("patchworks/events/stop", parameters, await client.RequestAsync("patchworks/events/stop", parameters), RefusalCodes);
            await client.NotifyAsync("patchworks/events/stop", parameters);
        }
        output.WriteLine($"{requests.Count} malformed events requests, each refused");
        Assert.DoesNotContain(session.Log.Lines, l => l.Level >= LogLevel.Error);
        Assert.DoesNotContain(session.Log.Lines, l => l.Message.Contains(huge[..1000], StringComparison.Ordinal));

        // Still answering: the lenses, and a listen whose only fault is the missing password is refused for that.
        var lenses = await client.RequestAsync("textDocument/codeLens", Document(uri));
        Assert.Contains(lenses.GetProperty("result").EnumerateArray(), l => l.GetProperty("command").GetProperty("title").GetString() == "Listen");
        var missing = await client.RequestAsync("patchworks/events/listen", JsonSerializer.Serialize(valid), timeoutMs: 30000);
        Assert.Equal("missingSecret", missing.GetProperty("error").GetProperty("data").GetProperty("reason").GetString());
        await AssertAliveAndExitsCleanlyAsync(session, uri);
    }

    private static string Outcome(JsonElement answer) =>
        answer.TryGetProperty("error", out var error) ? $"error {error.GetProperty("code").GetInt32()}"
        : answer.GetProperty("result") is var result && (result.ValueKind == JsonValueKind.Null || result.ValueKind == JsonValueKind.Array && result.GetArrayLength() == 0) ? "empty"
        : "result";

    private static string Document(string uri) => $$$"""{"textDocument":{"uri":{{{JsonSerializer.Serialize(uri)}}}}}""";

    private static string Change(string uri, int version, string? range, string text) =>
        $$"""{"textDocument":{"uri":{{JsonSerializer.Serialize(uri)}},"version":{{version}}},"contentChanges":[{{{(range is null ? "" : $"\"range\":{range},")}}"text":{{JsonSerializer.Serialize(text)}}}]}""";

    /// <summary>The edit as the server applies it: positions clamped to their line and to the text, a reversed range swapped.</summary>
    private static string ApplyLocally(string text, int line, int character, int endLine, int endCharacter, string newText)
    {
        var start = Core.Text.LineIndex.OffsetOf(text, new Core.Text.Position(line, character));
        var end = Core.Text.LineIndex.OffsetOf(text, new Core.Text.Position(endLine, endCharacter));
        if (end < start)
        {
            (start, end) = (end, start);
        }
        return string.Concat(text.AsSpan(0, start), newText, text.AsSpan(end));
    }

    private static async Task InitializeAsync(RawLspConnection client)
    {
        var answer = await client.RequestAsync("initialize", """{"processId":null,"rootUri":null,"capabilities":{"workspace":{"inlayHint":{"refreshSupport":true}}}}""", timeoutMs: 30000);
        Assert.True(answer.TryGetProperty("result", out _), answer.ToString());
        await client.NotifyAsync("initialized", "{}");
    }

    private static Task OpenAsync(RawLspConnection client, string uri, string text, int version = 1) =>
        client.NotifyAsync("textDocument/didOpen", $$$"""{"textDocument":{"uri":{{{JsonSerializer.Serialize(uri)}}},"languageId":"jsonc","version":{{{version}}},"text":{{{JsonSerializer.Serialize(text)}}}}}""");

    /// <summary>A result, or an error with one of the expected codes whose message and data are in the client's terms.</summary>
    private static void AssertAnswered(string method, string? parameters, JsonElement answer, int[] expectedCodes)
    {
        var context = $"{method} with params {parameters ?? "(omitted)"} was answered {answer}";
        if (answer.TryGetProperty("result", out _))
        {
            Assert.False(answer.TryGetProperty("error", out _), context);
            return;
        }
        Assert.True(answer.TryGetProperty("error", out var error), context);
        var code = error.GetProperty("code").GetInt32();
        Assert.True(expectedCodes.Contains(code), $"Unexpected error code {code}: {context}");
        var message = error.GetProperty("message").GetString() ?? "";
        Assert.False(string.IsNullOrWhiteSpace(message), context);
        foreach (var leak in new[] { "Exception", "   at ", "Object reference", "System.", "Patchworks.LanguageServer", "{no object}" })
        {
            Assert.False(message.Contains(leak, StringComparison.Ordinal), $"The message shows .NET's text (\"{leak}\"): {context}");
        }
        if (error.TryGetProperty("data", out var data))
        {
            Assert.DoesNotContain("stack", data.GetRawText(), StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>The server still works after all that (an outline, a hover), then shutdown with null params and exit end it with code 0.</summary>
    private static async Task AssertAliveAndExitsCleanlyAsync(RawInProcessServer session, string uri)
    {
        var client = session.Client;
        var symbols = await client.RequestAsync("textDocument/documentSymbol", Document(uri));
        Assert.True(symbols.GetProperty("result").GetArrayLength() > 0, symbols.ToString());
        var hover = await client.RequestAsync("textDocument/hover", $$$"""{"textDocument":{"uri":"{{{uri}}}"},"position":{"line":1,"character":4}}""");
        Assert.True(hover.TryGetProperty("result", out _), hover.ToString());
        Assert.False(session.Server.Exited.IsCompleted, "The server ended its session.");

        var shutdown = await client.RequestAsync("shutdown", "null");
        Assert.Equal(JsonValueKind.Null, shutdown.GetProperty("result").ValueKind);
        await client.NotifyAsync("exit", null);
        Assert.Equal(0, await session.Server.Exited.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
