using System.IO.Compression;
using System.Text;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Running;
using Patchworks.Core.Http;
using Patchworks.Core.Running.Results;
using Patchworks.Runner.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Patchworks.Runner.Tests.Running;

/// <summary>
/// Issue 14, item 4: a real local listener answers a seeded random matrix of hostile responses (odd status codes,
/// garbage headers and Retry-After, invalid JSON and XML, deep nesting, wrong charsets, invalid UTF-8, Content-Length
/// lies, broken chunking, gzip bombs and garbage compression, malformed next links) to connectors of every
/// pagination method (a script included) and every auth type but the interactive authorisation code. Every run must end with a result, a stop reason and a
/// message, in bounded time; the same through the real CLI (exit code 1, no stack trace).
/// </summary>
public sealed class HostileResponseFuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly string[] Paginations =
    [
        "",
        """{ "method": "linkHeader" }""",
        """{ "method": "pageNumber", "pageParam": "page", "limitParam": "per_page", "limit": 2, "totalPagesHeader": "X-Total-Pages", "totalPath": "total" }""",
        """{ "method": "limitOffset", "limit": 2, "limitParam": "limit", "offsetParam": "offset", "countPath": "count", "totalPath": "total" }""",
        """{ "method": "nextPageToken", "tokenPath": "meta.next", "tokenParam": "page_token" }""",
        """{ "method": "nextPageUrl", "nextUrlPath": "links.next" }""",
        """{ "method": "graphqlCursor", "endCursorPath": "data.pageInfo.endCursor", "hasNextPagePath": "data.pageInfo.hasNextPage" }""",
        """{ "method": "customRelativeUri", "lastIdParam": "since_id", "idKey": "id", "limitParam": "limit", "limit": 2, "linkPath": "links.relative" }""",
        // A script that believes the page: it follows links.next, whatever the API put there (a number, garbage, a
        // javascript: URL), and says so with whatever type the body gives it; a body that is not JSON makes it throw.
        $$"""{ "method": "script", "script": {{System.Text.Json.JsonSerializer.Serialize("""
            module.exports = async function handle(data) {
                const { response, payload } = JSON.parse(data.payload);
                const body = JSON.parse(payload);
                const next = body && body.links ? body.links.next : undefined;
                return { ...data, payload: JSON.stringify({ has_next_page: next !== undefined && response.status_code < 400, url: next, headers: body.headers }) };
            };
            """)}} }""",
    ];

    private static readonly string[] AuthTypes = ["none", "oauth2ClientCredentials", "oauth2Password", "soap", "basic", "apiKey", "oauth1"];

    private static string AuthMethod(string type, string url) => type switch
    {
        "oauth2ClientCredentials" => $$"""
            { "id": "oauth", "name": "OAuth", "type": "oauth2ClientCredentials", "url": "{{url}}/token",
              "oauth2": { "clientId": "c1", "clientSecret": "s1" } }
            """,
        "soap" => $$"""
            { "id": "soap", "name": "SOAP", "type": "soap", "url": "{{url}}/login", "method": "POST",
              "soap": { "envelope": { "$ref": "login.xml" }, "tokenPattern": "^[^,]*,(.*)$" },
              "token": { "responsePath": "Envelope.Body.Detail" } }
            """,
        "oauth2Password" => $$"""
            { "id": "password", "name": "Password", "type": "oauth2Password", "url": "{{url}}/token",
              "oauth2": { "clientId": "c1", "clientSecret": "s1", "username": "u1", "password": "p1" } }
            """,
        // No token request: the hostile answers reach these through the pages only, with credentials on every one
        // (a redirect or a next link to another origin must not carry them).
        "basic" => """{ "id": "basic", "name": "Basic", "type": "basic", "basic": { "username": "u1", "password": "p1" } }""",
        "apiKey" => """{ "id": "key", "name": "Key", "type": "apiKey", "apiKey": { "in": "header", "name": "X-Api-Key", "value": "k1" } }""",
        "oauth1" => """
            { "id": "tba", "name": "TBA", "type": "oauth1",
              "oauth1": { "consumerKey": "ck-1", "consumerSecret": "cs-1", "token": "tk-1", "tokenSecret": "ts-1", "signatureMethod": "HMAC-SHA256" } }
            """,
        _ => """{ "id": "none", "name": "None", "type": "none" }""",
    };

    private const string Close = "Connection: close";

    private static byte[] Text(string status, string contentType, string body, params string[] headers) =>
        RawHttpServer.Response(status, [.. headers, $"Content-Type: {contentType}", $"Content-Length: {Encoding.UTF8.GetByteCount(body)}", Close], Encoding.UTF8.GetBytes(body));

    private static byte[] Gzip(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }
        return compressed.ToArray();
    }

    /// <summary>Inflates to 8 MB, past the fuzz runs' 2 MB cap.</summary>
    private static readonly Lazy<byte[]> Bomb = new(() => HostileResponseTests.Bomb(8L * 1024 * 1024));

    /// <summary>A good page that continues every pagination method at once, so runs get past page 1 into more hostility.</summary>
    private static byte[] GoodPage(int n, string url) => Text("200 OK", "application/json", $$"""
        { "items": [ { "id": {{n * 2}} }, { "id": {{n * 2 + 1}} } ], "count": 2, "total": 1000,
          "meta": { "next": "t{{n}}" }, "links": { "next": "{{url}}/items?n={{n}}", "relative": "/items?after={{n}}" },
          "data": { "pageInfo": { "endCursor": "c{{n}}", "hasNextPage": true } } }
        """, $"Link: <{url}/items?link={n}>; rel=\"next\"", "X-Total-Pages: 100");

    private static readonly string[] RetryAfters = ["1e12", "-5", "NaN", "Infinity", "soon", "", "Wed, 99 Foo 2026 99:99:99 GMT", "0.01", "99999999999999999999999", "1e-400", "0x10"];

    private static readonly string[] NextLinks = ["http://[::1", "http://", "%%%", "javascript:alert(1)", "////", "?", "?a=%zz", "http://exa mple.test/", "ftp://x/", "\\\\server\\share", "http://127.0.0.1:99999/x", "data:,x"];

    private static readonly string[] Links = ["<>; rel=next", "<http://[::1>; rel=\"next\"", "<:::>; rel=next", "garbage", "<javascript:x>; rel=next", "<//evil>; rel=next", "<", ";;;,,,<>", "<http://x/>; rel=\"next", "<http://127.0.0.1:0/>; rel=next"];

    /// <summary>The hostile answers: each takes the seeded random, the request number and the server's URL.</summary>
    private static readonly Func<Random, int, string, byte[]>[] Hostile =
    [
        (_, _, _) => RawHttpServer.Response("100 Continue", [], []),
        (_, _, _) => RawHttpServer.Response("101 Switching Protocols", ["Upgrade: nonsense", "Connection: Upgrade"], "garbage"u8.ToArray()),
        (_, _, _) => RawHttpServer.Response("302 Found", ["Content-Length: 0", Close], []),
        (r, _, _) => RawHttpServer.Response("301 Moved", [$"Location: {NextLinks[r.Next(NextLinks.Length)]}", "Content-Length: 0", Close], []),
        (_, _, _) => Text("999 Whatever", "application/json", "{}"),
        (_, _, _) => Text("399 Odd", "text/plain", "odd"),
        (_, _, _) => Encoding.ASCII.GetBytes("HTTP/1.1 abc\r\n\r\n"),
        (_, _, _) => Encoding.ASCII.GetBytes("garbage, not HTTP at all\r\n\r\n"),
        (_, _, _) => [],
        (r, _, _) => Text("429 Too Many Requests", "application/json", "{\"errors\":\"slow\"}", $"Retry-After: {RetryAfters[r.Next(RetryAfters.Length)]}"),
        (r, _, _) => Text("503 Unavailable", "text/plain", "later", $"Retry-After: {RetryAfters[r.Next(RetryAfters.Length)]}", "X-RateLimit-Remaining: -1", "X-RateLimit-Reset: 1e99"),
        (r, n, u) => Text("200 OK", "application/json", "{\"items\":[{\"id\":1}]}", $"Link: {Links[r.Next(Links.Length)]}", "X-Total-Pages: -7"),
        (r, _, _) => Text("200 OK", "application/json", new[] { "{", "[1,2", "\0", "{\"items\": [}", "nul", "{\"items\":[{\"id\":1}]} trailing", "\"just a string\"", "{\"items\": {\"id\": 1}}" }[r.Next(8)]),
        (_, _, _) => Text("200 OK", "application/json", "{\"items\":" + new string('[', 5000) + new string(']', 5000) + "}"),
        (_, _, _) => Text("200 OK", "application/json; charset=klingon", "{\"items\":[{\"id\":1}]}"),
        (_, _, _) => Text("200 OK", "application/json; charset=\"\"", "{\"items\":[{\"id\":1}]}"),
        (_, _, _) => Text("200 OK", "application/json; charset=utf-16", "{\"items\":[{\"id\":1}]}"),
        (_, _, _) => RawHttpServer.Response("200 OK", ["Content-Type: application/json", "Content-Length: 16", Close], [0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x22, 0x3a, 0x5b, 0xed, 0xa0, 0x80, 0x5d, 0x7d, 0xc0, 0xaf, 0x20]),
        (_, _, _) => RawHttpServer.Response("200 OK", ["Content-Type: application/json", "Content-Length: 5000", Close], "{\"items\":[{\"id\":1}"u8.ToArray()),
        (_, _, _) => RawHttpServer.Response("200 OK", ["Content-Type: application/json", "Content-Length: -1", Close], "{}"u8.ToArray()),
        (_, _, _) => RawHttpServer.Response("200 OK", ["Content-Type: application/json", "Content-Length: abc", Close], "{}"u8.ToArray()),
        (_, _, _) => RawHttpServer.Response("200 OK", ["Content-Type: application/json", "Content-Length: 2", "Content-Length: 3", Close], "{} "u8.ToArray()),
        (_, _, _) => RawHttpServer.Response("200 OK", ["Content-Type: application/json", "Transfer-Encoding: chunked", Close], "zz\r\n{}\r\n0\r\n\r\n"u8.ToArray()),
        (_, _, _) => RawHttpServer.Response("200 OK", ["Content-Type: application/json", "Transfer-Encoding: chunked", Close], "5\r\n{\"ite\r\n"u8.ToArray()),
        (_, _, _) => RawHttpServer.Response("200 OK", ["Content-Type: application/json", "Content-Encoding: gzip", $"Content-Length: {Bomb.Value.Length}", Close], Bomb.Value),
        (r, _, _) => RawHttpServer.Response("200 OK", ["Content-Type: application/json", $"Content-Encoding: {new[] { "gzip", "deflate", "br", "gzip, br", "zstd" }[r.Next(5)]}", "Content-Length: 12", Close], "not squeezed"u8.ToArray()),
        (_, _, _) => { var g = Gzip("{\"items\":[{\"id\":1}]}"u8.ToArray()); return RawHttpServer.Response("200 OK", ["Content-Type: application/json", "Content-Encoding: gzip", $"Content-Length: {g.Length / 2}", Close], g[..(g.Length / 2)]); },
        (_, _, _) => RawHttpServer.Response("200 OK", ["Content-Type: application/json", "Content-Length: 0", Close], []),
        (_, _, _) => RawHttpServer.Response("204 No Content", [Close], []),
        (_, _, _) => RawHttpServer.Response("200 OK", ["Content-Type: application/json", "Bad Header: x", "X-Latin: caf\u00e9", "Set-Cookie: ;;;=;", "Set-Cookie: a=b; Domain=evil.test", "Content-Length: 2", Close], "{}"u8.ToArray()),
        (r, n, u) => Text("200 OK", "application/json", $$"""{ "items": [ { "id": {{n}} } ], "links": { "next": {{System.Text.Json.JsonSerializer.Serialize(NextLinks[r.Next(NextLinks.Length)])}}, "relative": {{System.Text.Json.JsonSerializer.Serialize(NextLinks[r.Next(NextLinks.Length)])}} } }"""),
        (_, n, _) => Text("200 OK", "application/json", $$"""{ "items": [ { "id": {{n}} } ], "links": { "next": 12345, "relative": { "a": 1 } }, "meta": { "next": [1] }, "count": "two", "total": 1e400 }"""),
        (_, n, _) => Text("200 OK", "application/json", $$"""{ "items": [ { "id": {{n}} } ], "data": { "pageInfo": { "hasNextPage": "yes", "endCursor": null } }, "count": -5, "total": -1 }"""),
        (_, n, _) => Text("200 OK", "application/json", $$"""{ "items": [ { "noid": true }, 5, null ], "meta": { "next": "{{new string('x', 100_000)}}" }, "total": 99999999999999999999 }"""),
        (r, _, _) => Text("200 OK", "text/xml", new[] { "<Envelope><Body><Detail>", "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><Envelope><Body><Detail>&c;</Detail></Body></Envelope>", "<a><b></a>", "\u00ff\u00fe<" }[r.Next(4)]),
        (r, _, _) => Text("200 OK", "application/json", new[] { "{\"access_token\":123,\"expires_in\":\"1e400\"}", "{\"access_token\":null}", "{\"access_token\":\"t\",\"expires_in\":-1}", "{\"access_token\":\"t\",\"expires_in\":\"abc\"}", "{\"access_token\":{\"a\":1},\"expires_in\":1e308}", "{\"access_token\":\"t\",\"expires_in\":\"Infinity\",\"refresh_token\":[1]}" }[r.Next(6)]),
    ];

    private RunOptions Options() => new()
    {
        Secrets = new DictionarySecrets(new Dictionary<string, string>()),
        MaxPages = 4,
        MaxRetryWait = TimeSpan.FromMilliseconds(50),
        Http = new HttpSettings { Timeout = TimeSpan.FromSeconds(3), MaxBodyBytes = 2 * 1024 * 1024, MaxBodyInMemory = 256 * 1024, SpillDirectory = _folder.PathOf("spill") },
    };

    /// <summary>How the server answers: the auth request well or badly, then pages that are good or hostile at random.</summary>
    private static Func<RawRequest, byte[]> Answers(int seed, Func<string> url)
    {
        var random = new Random(seed);
        var gate = new object();
        var count = 0;
        return request =>
        {
            lock (gate)
            {
                var n = ++count;
                var hostile = random.Next(100) < 60;
                var pick = random.Next(Hostile.Length);
                if (request.Target.StartsWith("/token", StringComparison.Ordinal) && !hostile)
                {
                    return Text("200 OK", "application/json", "{\"access_token\":\"tok-" + n + "\",\"expires_in\":3600}");
                }
                if (request.Target.StartsWith("/login", StringComparison.Ordinal) && !hostile)
                {
                    return Text("200 OK", "text/xml", "<Envelope><Body><Detail>client," + "session-" + n + "</Detail></Body></Envelope>");
                }
                return hostile ? Hostile[pick](random, n, url()) : GoodPage(n, url());
            }
        };
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public async Task Every_run_against_hostile_answers_ends_with_a_stop_reason_and_a_message(int seed)
    {
        _folder.Write("login.xml", "<Envelope><Body><Login/></Body></Envelope>");
        var stops = new Dictionary<StopReason, int>();
        for (var p = 0; p < Paginations.Length; p++)
        {
            foreach (var auth in AuthTypes)
            {
                var runSeed = (seed * 1000) + (p * 10) + Array.IndexOf(AuthTypes, auth);
                RawHttpServer? server = null;
                server = new RawHttpServer(Answers(runSeed, () => server!.Url));
                await using var _ = server;
                var connector = Connectors.Write(_folder, server.Url + "/items", pagination: Paginations[p].Length == 0 ? null : Paginations[p],
                    authMethod: AuthMethod(auth, server.Url));
                var what = $"seed {runSeed}, pagination {(Paginations[p].Length == 0 ? "none" : Paginations[p])}, auth {auth}";

                RunResult result;
                try
                {
                    result = await Connectors.RunAsync(connector, Options()).WaitAsync(TimeSpan.FromSeconds(60));
                }
                catch (Exception e)
                {
                    Assert.Fail($"{what}: the run threw {e}");
                    throw;
                }
                using (result)
                {
                    Assert.True(Enum.IsDefined(result.Stop), what);
                    Assert.False(string.IsNullOrWhiteSpace(result.StopMessage), what);
                    Assert.DoesNotContain("   at ", result.StopMessage, StringComparison.Ordinal);
                    Assert.True(result.Requests <= 40, $"{what}: {result.Requests} requests");
                    Assert.True(result.Bytes <= 4L * 2 * 1024 * 1024 + 100_000, $"{what}: {result.Bytes} bytes read");
                    stops[result.Stop] = stops.GetValueOrDefault(result.Stop) + 1;
                    output.WriteLine($"{what}: {result.Stop}: {result.StopMessage}");
                }
            }
        }
        output.WriteLine(string.Join(", ", stops.Select(s => $"{s.Key} {s.Value}")));
    }

    public static TheoryData<string, string> CliCases => new()
    {
        { "retry-after", "" },
        { "next-url", """{ "method": "nextPageUrl", "nextUrlPath": "links.next" }""" },
        { "redirect-loop", "" },
        { "gzip-bomb", "" },
        { "token-pattern", "" },
    };

    [Theory]
    [MemberData(nameof(CliCases))]
    public async Task Through_the_real_cli_a_hostile_answer_exits_1_with_a_message_and_no_stack_trace(string kind, string pagination)
    {
        var bomb = kind == "gzip-bomb" ? HostileResponseTests.Bomb(300L * 1024 * 1024) : [];
        await using var server = new RawHttpServer(request => kind switch
        {
            "retry-after" => Text("429 Too Many Requests", "application/json", "{}", "Retry-After: 1e12"),
            "next-url" => Text("200 OK", "application/json", """{ "items": [ { "id": 1 } ], "links": { "next": "http://[::1" } }"""),
            "redirect-loop" => RawHttpServer.Response("302 Found", [request.Target == "/items" ? "Location: /again" : "Location: /items", "Content-Length: 0", Close], []),
            "gzip-bomb" => RawHttpServer.Response("200 OK", ["Content-Type: application/json", "Content-Encoding: gzip", $"Content-Length: {bomb.Length}", Close], bomb),
            _ when request.Target == "/login" => Text("200 OK", "text/xml", "<Envelope><Body><Detail>client,session</Detail></Body></Envelope>"),
            _ => Text("200 OK", "application/json", """{ "items": [] }"""),
        });
        _folder.Write("login.xml", "<Envelope><Body><Login/></Body></Envelope>");
        var auth = kind == "token-pattern" ? AuthMethod("soap", server.Url).Replace("^[^,]*,(.*)$", "^[^,]*,(.*$", StringComparison.Ordinal) : null;
        var connector = Connectors.Write(_folder, server.Url + "/items", pagination: pagination.Length == 0 ? null : pagination, authMethod: auth);

        var result = CliProcess.Run(_folder.Root, "run", connector, "list", "--max-pages", "3", "--timeout", "20", "--quiet");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.DoesNotContain("   at ", result.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception:", result.AllOutput, StringComparison.Ordinal);
        var expected = kind switch
        {
            "retry-after" => "longer than the runner waits",
            "next-url" => "is not an http or https URL",
            "redirect-loop" => "a redirect loop",
            "gzip-bomb" => "counted after decompression",
            _ => "soap.tokenPattern is not a valid regular expression",
        };
        Assert.Contains(expected, result.AllOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 0)]
    public async Task The_cli_reads_a_body_up_to_max_body_mb_and_no_further(int maxBodyMb, int expectedExit)
    {
        // 2 MB of records: over a 1 MB cap, under a 4 MB one.
        var body = "{\"items\":[" + string.Join(",", Enumerable.Range(1, 40_000).Select(i => $"{{\"id\":{i},\"pad\":\"{new string('x', 30)}\"}}")) + "]}";
        await using var server = new RawHttpServer(_ => Text("200 OK", "application/json", body));
        var connector = Connectors.Write(_folder, server.Url + "/items");

        var result = CliProcess.Run(_folder.Root, "run", connector, "list", "--max-body-mb", maxBodyMb.ToString(System.Globalization.CultureInfo.InvariantCulture), "--quiet");

        Assert.True(result.ExitCode == expectedExit, result.ToString());
        if (expectedExit == 1)
        {
            Assert.Contains("larger than 1,048,576 bytes", result.AllOutput, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("40000 records", result.AllOutput, StringComparison.Ordinal);
        }
    }
}
