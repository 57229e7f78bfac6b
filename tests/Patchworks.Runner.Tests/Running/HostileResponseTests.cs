using System.IO.Compression;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Running;
using Patchworks.Core.Http;
using Patchworks.Core.Running.Results;
using Patchworks.Runner.Tests.Infrastructure;

namespace Patchworks.Runner.Tests.Running;

/// <summary>
/// Issue 14, item 4: whatever the API sends, a run ends with a result that names what was wrong, never an
/// exception. Each case here threw (or ended unnamed) before the runner parsed it defensively.
/// </summary>
public sealed class HostileResponseTests : IDisposable
{
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    private static RunOptions Options(HttpSettings? http = null) => new()
    {
        Secrets = new DictionarySecrets(new Dictionary<string, string>()),
        MaxPages = 5,
        Http = http ?? new HttpSettings { Timeout = TimeSpan.FromSeconds(5) },
    };

    [Fact]
    public async Task A_retry_after_of_1e12_seconds_ends_the_run_saying_it_is_too_long_instead_of_overflowing()
    {
        await using var server = new RawHttpServer(_ => RawHttpServer.Json("""{"errors":"slow down"}""", "429 Too Many Requests", "Retry-After: 1e12"));
        var connector = Connectors.Write(_folder, server.Url + "/items");

        using var result = await Connectors.RunAsync(connector, Options());

        Assert.Equal(StopReason.HttpError, result.Stop);
        Assert.Contains("(Retry-After), longer than the runner waits (60 s)", result.StopMessage, StringComparison.Ordinal);
        Assert.Equal(1, server.Requests);
    }

    [Theory]
    [InlineData("1e12")]
    [InlineData("Infinity")]
    [InlineData("1.7976931348623157E+308")]
    public void Retry_after_values_past_what_a_TimeSpan_holds_are_read_as_forever(string value) =>
        Assert.Equal(TimeSpan.MaxValue, RetryAfter.Parse(value, DateTimeOffset.UnixEpoch));

    [Theory]
    [InlineData("NaN")]
    [InlineData("-1")]
    [InlineData("soon")]
    public void Retry_after_values_that_say_nothing_are_ignored(string value) => Assert.Null(RetryAfter.Parse(value, DateTimeOffset.UnixEpoch));

    [Theory]
    [InlineData("http://[::1")]
    [InlineData("http://")]
    [InlineData("javascript:alert(1)")]
    public async Task A_malformed_next_url_ends_the_run_as_an_invalid_response_naming_it(string next)
    {
        await using var server = new RawHttpServer(_ => RawHttpServer.Json($$"""{"items":[{"id":1}],"next":{{System.Text.Json.JsonSerializer.Serialize(next)}}}"""));
        var connector = Connectors.Write(_folder, server.Url + "/items", pagination: """{ "method": "nextPageUrl", "nextUrlPath": "next" }""");

        using var result = await Connectors.RunAsync(connector, Options());

        Assert.Equal(StopReason.InvalidResponse, result.Stop);
        Assert.Contains($"Page 1: the next link \"{next}\" is not an http or https URL", result.StopMessage, StringComparison.Ordinal);
        Assert.Equal(1, result.Records);
        Assert.Single(result.Pages);
    }

    [Fact]
    public async Task A_malformed_link_header_ends_the_run_as_an_invalid_response()
    {
        await using var server = new RawHttpServer(_ => RawHttpServer.Json("""{"items":[{"id":1}]}""", "200 OK", "Link: <http://[::1>; rel=\"next\""));
        var connector = Connectors.Write(_folder, server.Url + "/items", pagination: """{ "method": "linkHeader" }""");

        using var result = await Connectors.RunAsync(connector, Options());

        Assert.Equal(StopReason.InvalidResponse, result.Stop);
        Assert.Contains("rel=\"next\" link \"http://[::1\" is not an http or https URL", result.StopMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_soap_token_pattern_fails_the_authentication_naming_the_pattern()
    {
        await using var server = new RawHttpServer(_ => RawHttpServer.Response("200 OK", ["Content-Type: text/xml", "Connection: close"],
            "<Envelope><Body><Detail>client,session</Detail></Body></Envelope>"u8.ToArray()));
        _folder.Write("login.xml", "<Envelope><Body><Login/></Body></Envelope>");
        var connector = Connectors.Write(_folder, server.Url + "/items", authMethod: $$"""
            { "id": "soap", "name": "SOAP", "type": "soap", "url": "{{server.Url}}/login", "method": "POST",
              "soap": { "envelope": { "$ref": "login.xml" }, "tokenPattern": "^[^,]*,(.*$" },
              "token": { "responsePath": "Envelope.Body.Detail" } }
            """);

        using var result = await Connectors.RunAsync(connector, Options());

        Assert.Equal(StopReason.AuthenticationFailed, result.Stop);
        Assert.Contains("soap.tokenPattern is not a valid regular expression", result.StopMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("session", result.StopMessage, StringComparison.Ordinal);
    }

    /// <summary>About 300 MB of zeros, gzipped to about 300 KB: more than the runner's default cap of 256 MB.</summary>
    private static readonly Lazy<byte[]> GzipBomb = new(() => Bomb(300L * 1024 * 1024));

    internal static byte[] Bomb(long inflatedBytes)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (long written = 0; written < inflatedBytes; written += zeros.Length)
            {
                gzip.Write(zeros);
            }
        }
        return compressed.ToArray();
    }

    [Fact]
    public async Task A_gzip_bomb_is_cut_off_at_the_body_cap_counted_after_decompression_and_the_run_says_so()
    {
        var bomb = GzipBomb.Value;
        await using var server = new RawHttpServer(_ => RawHttpServer.Response("200 OK",
            ["Content-Type: application/json", "Content-Encoding: gzip", $"Content-Length: {bomb.Length}", "Connection: close"], bomb));
        var connector = Connectors.Write(_folder, server.Url + "/items");
        var spill = _folder.PathOf("spill");
        var watch = System.Diagnostics.Stopwatch.StartNew();

        using var result = await Connectors.RunAsync(connector, Options(new HttpSettings { Timeout = TimeSpan.FromSeconds(30), SpillDirectory = spill }));

        Assert.Equal(StopReason.InvalidResponse, result.Stop);
        Assert.Equal("Page 1: the body is larger than 268,435,456 bytes (counted after decompression), the most the runner reads: it was cut off there.", result.StopMessage);
        Assert.Equal(256L * 1024 * 1024, result.Bytes);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_smaller_body_cap_cuts_a_bomb_early()
    {
        var bomb = Bomb(64L * 1024 * 1024);
        await using var server = new RawHttpServer(_ => RawHttpServer.Response("200 OK",
            ["Content-Type: application/json", "Content-Encoding: gzip", $"Content-Length: {bomb.Length}", "Connection: close"], bomb));
        var connector = Connectors.Write(_folder, server.Url + "/items");

        using var result = await Connectors.RunAsync(connector, Options(new HttpSettings { MaxBodyBytes = 1_000_000, SpillDirectory = _folder.PathOf("spill") }));

        Assert.Equal(StopReason.InvalidResponse, result.Stop);
        Assert.Contains("is larger than 1,000,000 bytes", result.StopMessage, StringComparison.Ordinal);
        Assert.Equal(1_000_000, result.Bytes);
    }

    [Fact]
    public async Task A_redirect_loop_ends_as_a_named_failure_after_ten_redirects()
    {
        await using var server = new RawHttpServer(request => RawHttpServer.Response("302 Found",
            [request.Target == "/a" ? "Location: /b" : "Location: /a", "Content-Length: 0", "Connection: close"], []));
        var connector = Connectors.Write(_folder, server.Url + "/a");

        using var result = await Connectors.RunAsync(connector, Options());

        Assert.Equal(StopReason.InvalidResponse, result.Stop);
        Assert.Contains("more than 10 redirects", result.StopMessage, StringComparison.Ordinal);
        Assert.Contains("a redirect loop", result.StopMessage, StringComparison.Ordinal);
        Assert.Equal(11, server.Requests);
    }

    [Theory]
    [InlineData("1e300")]
    [InlineData("\"Infinity\"")]
    [InlineData("-5")]
    [InlineData("\"soon\"")]
    public async Task An_expires_in_the_runner_cannot_use_never_breaks_the_run(string expiresIn)
    {
        await using var server = new RawHttpServer(request => request.Target.StartsWith("/token", StringComparison.Ordinal)
            ? RawHttpServer.Json($$"""{"access_token":"t0k3n-value","expires_in":{{expiresIn}}}""")
            : RawHttpServer.Json("""{"items":[{"id":1}]}"""));
        var connector = Connectors.Write(_folder, server.Url + "/items", authMethod: $$"""
            { "id": "oauth", "name": "OAuth", "type": "oauth2ClientCredentials", "url": "{{server.Url}}/token",
              "oauth2": { "clientId": "c1", "clientSecret": "s1" } }
            """);

        using var result = await Connectors.RunAsync(connector, Options());

        Assert.True(result.Stop == StopReason.Completed, result.StopMessage);
        Assert.Equal(1, result.Records);
    }

    [Theory]
    [InlineData("{\"items\": [{\"id\": 1}, ", "expected")]
    [InlineData("<html>Please sign in</html>", "'<' is an invalid start of a value")]
    public async Task A_page_that_says_json_and_is_not_ends_as_an_invalid_response_instead_of_completing_empty(string body, string why)
    {
        await using var server = new RawHttpServer(_ => RawHttpServer.Response("200 OK",
            ["Content-Type: application/json", $"Content-Length: {System.Text.Encoding.UTF8.GetByteCount(body)}", "Connection: close"], System.Text.Encoding.UTF8.GetBytes(body)));
        var connector = Connectors.Write(_folder, server.Url + "/items", pagination: """{ "method": "pageNumber", "pageParam": "page" }""");

        using var result = await Connectors.RunAsync(connector, Options());

        Assert.Equal(StopReason.InvalidResponse, result.Stop);
        Assert.StartsWith("Page 1: the body is not valid JSON (", result.StopMessage, StringComparison.Ordinal);
        Assert.Contains(why, result.StopMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Json_nested_deeper_than_the_parser_goes_ends_as_an_invalid_response_naming_the_depth()
    {
        var body = "{\"items\":" + new string('[', 5000) + new string(']', 5000) + "}";
        await using var server = new RawHttpServer(_ => RawHttpServer.Json(body));
        var connector = Connectors.Write(_folder, server.Url + "/items");

        using var result = await Connectors.RunAsync(connector, Options());

        Assert.Equal(StopReason.InvalidResponse, result.Stop);
        Assert.Contains("depth", result.StopMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_billion_laughs_login_answer_ends_the_authentication_quickly()
    {
        var entities = string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY l{i} \"{string.Concat(Enumerable.Repeat($"&l{i - 1};", 10))}\">"));
        var body = $"<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY l0 \"lol\">{entities}]><Envelope><Body><Detail>&l9;</Detail></Body></Envelope>";
        await using var server = new RawHttpServer(_ => RawHttpServer.Response("200 OK", ["Content-Type: text/xml", $"Content-Length: {body.Length}", "Connection: close"],
            System.Text.Encoding.ASCII.GetBytes(body)));
        _folder.Write("login.xml", "<Envelope><Body><Login/></Body></Envelope>");
        var connector = Connectors.Write(_folder, server.Url + "/items", authMethod: $$"""
            { "id": "soap", "name": "SOAP", "type": "soap", "url": "{{server.Url}}/login", "method": "POST",
              "soap": { "envelope": { "$ref": "login.xml" }, "tokenPattern": "^[^,]*,(.*)$" },
              "token": { "responsePath": "Envelope.Body.Detail" } }
            """);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        using var result = await Connectors.RunAsync(connector, Options());

        Assert.Equal(StopReason.AuthenticationFailed, result.Stop);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_server_that_closes_without_answering_is_a_network_error_that_says_what_happened()
    {
        await using var server = new RawHttpServer(_ => []);
        var connector = Connectors.Write(_folder, server.Url + "/items");

        using var result = await Connectors.RunAsync(connector, Options());

        Assert.Equal(StopReason.NetworkError, result.Stop);
        Assert.StartsWith("The request to 127.0.0.1 failed: An error occurred while sending the request (", result.StopMessage, StringComparison.Ordinal);
    }
}
