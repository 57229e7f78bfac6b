using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>The NetSuite stand-in: its OAuth 1.0a verifier against RFC 5849, its refusals, limit/offset paging.</summary>
public sealed class NetSuiteApiTests
{
    private const string Production = "https://1234567.suitetalk.api.netsuite.com";
    private const string Sandbox = "https://1234567-sb1.suitetalk.api.netsuite.com";

    [Fact]
    public void The_base_string_is_the_one_of_rfc_5849_section_3_4_1_1()
    {
        // POST /request?b5=%3D%253D&a3=a&c%40=&a2=r%20b with the form body c2&a3=2+q (realm left out of the base string).
        var parameters = OAuth1Signature.ParseForm("b5=%3D%253D&a3=a&c%40=&a2=r%20b")
            .Concat(OAuth1Signature.ParseForm("c2&a3=2+q"))
            .Concat(OAuth1Signature.ParseAuthorizationHeader(
                "OAuth realm=\"Example\", oauth_consumer_key=\"9djdj82h48djs9d2\", oauth_token=\"kkk9d7dh3k39sjv7\", oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"137131201\", oauth_nonce=\"7d8f3e4a\", oauth_signature=\"bYT5CMsGcbgUdFHObYMEfcx6bsw%3D\"")!
                .Select(p => (p.Key, p.Value)));

        var baseString = OAuth1Signature.BaseString("POST", OAuth1Signature.BaseUri("HTTP", "EXAMPLE.COM", 80, "/request"), parameters);

        Assert.Equal(
            "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9dj"
            + "dj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7",
            baseString);
        // HMAC-SHA256 of that base string, computed independently: printf %s "$BASE" | openssl dgst -sha256 -hmac 'j49sk3j29djd&dh893hdasih9' -binary | base64
        Assert.Equal("lIfydhbOitvsm4DvUwgM0NdR1Mzd08HnXI+q+EG0QKo=", OAuth1Signature.Sign("HMAC-SHA256", baseString, "j49sk3j29djd", "dh893hdasih9"));
    }

    [Fact]
    public void The_hmac_sha1_signature_is_the_one_of_rfc_5849_section_1_2()
    {
        var parameters = OAuth1Signature.ParseForm("file=vacation.jpg&size=original").Concat(
        [
            ("oauth_consumer_key", "dpf43f3p2l4k3l03"), ("oauth_token", "nnch734d00sl2jdk"), ("oauth_signature_method", "HMAC-SHA1"),
            ("oauth_timestamp", "137131202"), ("oauth_nonce", "chapoH"),
        ]);
        var baseString = OAuth1Signature.BaseString("GET", OAuth1Signature.BaseUri("http", "photos.example.net", null, "/photos"), parameters);

        Assert.Equal("MdpQcU8iPSUjWoN/UDMsK2sui9I=", OAuth1Signature.Sign("HMAC-SHA1", baseString, "kd94hf93k423kf44", "pfkkdhi9sl3r4s00"));
    }

    [Fact]
    public async Task Walking_limit_and_offset_yields_every_customer_once_and_in_order()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new NetSuiteApi(customerCount: 2345)]);
        using var client = TestApiClient.For(server);
        var ids = new List<int>();
        var offset = 0;
        JsonNode page;
        do
        {
            var (response, json) = await client.SendJsonAsync(Signed(HttpMethod.Get, $"{Sandbox}/services/rest/record/v1/customer?limit=1000&offset={offset}", "1234567_SB1"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            page = json!;
            ids.AddRange(page["items"]!.AsArray().Select(i => int.Parse(i!["id"]!.GetValue<string>(), CultureInfo.InvariantCulture)));
            Assert.Equal(page["items"]!.AsArray().Count, page["count"]!.GetValue<int>());
            Assert.Equal(2345, page["totalResults"]!.GetValue<int>());
            offset += 1000;
        }
        while (page["hasMore"]!.GetValue<bool>());

        Assert.Equal(Enumerable.Range(1, 2345), ids);
    }

    [Fact]
    public async Task A_query_with_spaces_quotes_and_plus_signs_verifies_and_its_links_keep_it()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new NetSuiteApi(customerCount: 3)]);
        using var client = TestApiClient.For(server);
        const string filter = "email CONTAIN \"a+b@example.com\" AND lastModifiedDate ON_OR_AFTER \"01/01/2024\"";
        var q = Uri.EscapeDataString(filter);

        var (response, json) = await client.SendJsonAsync(Signed(HttpMethod.Get, $"{Production}/services/rest/record/v1/customer?q={q}&limit=2", "1234567"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var next = json!["links"]!.AsArray().Single(l => l!["rel"]!.GetValue<string>() == "next")!["href"]!.GetValue<string>();
        var parameters = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(next).Query);
        Assert.Equal(filter, parameters["q"].ToString());
        Assert.Equal("2", parameters["offset"].ToString());
    }

    [Fact]
    public async Task A_tampered_signature_a_wrong_realm_a_replayed_nonce_and_a_stale_timestamp_get_invalid_login()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new NetSuiteApi()]);
        using var client = TestApiClient.For(server);
        var url = $"{Production}/services/rest/record/v1/customer?limit=5";

        var tampered = Signed(HttpMethod.Get, url, "1234567");
        tampered.RequestUri = new Uri($"{Production}/services/rest/record/v1/customer?limit=6");
        var replay = Signed(HttpMethod.Get, url, "1234567", nonce: "fixed-nonce");
        var (tamperedResponse, tamperedBody) = await client.SendJsonAsync(tampered);
        var (wrongRealm, _) = await client.SendJsonAsync(Signed(HttpMethod.Get, url, "1234567_SB1"));
        var (first, _) = await client.SendJsonAsync(replay);
        var (replayed, _) = await client.SendJsonAsync(Signed(HttpMethod.Get, url, "1234567", nonce: "fixed-nonce", timestamp: ParseTimestamp(replay)));
        var (stale, _) = await client.SendJsonAsync(Signed(HttpMethod.Get, url, "1234567", timestamp: DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds()));
        var (sha1, _) = await client.SendJsonAsync(Signed(HttpMethod.Get, url, "1234567", method: "HMAC-SHA1"));

        Assert.Equal(HttpStatusCode.Unauthorized, tamperedResponse.StatusCode);
        Assert.Equal("INVALID_LOGIN", tamperedBody!["o:errorDetails"]![0]!["o:errorCode"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, wrongRealm.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sha1.StatusCode);
    }

    [Fact]
    public async Task SuiteQl_needs_prefer_transient_pages_by_limit_and_offset_and_refuses_an_offset_off_the_limit()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new NetSuiteApi(customerCount: 25)]);
        using var client = TestApiClient.For(server);
        HttpRequestMessage Query(string url, bool prefer)
        {
            var request = Signed(HttpMethod.Post, url, "1234567");
            request.Content = new StringContent("{\"q\":\"SELECT id, Email FROM customer ORDER BY id\"}", Encoding.UTF8, "application/json");
            if (prefer)
            {
                request.Headers.TryAddWithoutValidation("Prefer", "transient");
            }
            return request;
        }

        var (noPrefer, _) = await client.SendJsonAsync(Query($"{Production}/services/rest/query/v1/suiteql?limit=10&offset=0", prefer: false));
        var (_, last) = await client.SendJsonAsync(Query($"{Production}/services/rest/query/v1/suiteql?limit=10&offset=20", prefer: true));
        var (misaligned, _) = await client.SendJsonAsync(Query($"{Production}/services/rest/query/v1/suiteql?limit=10&offset=5", prefer: true));

        Assert.Equal(HttpStatusCode.BadRequest, noPrefer.StatusCode);
        Assert.Equal(5, last!["count"]!.GetValue<int>());
        Assert.False(last["hasMore"]!.GetValue<bool>());
        Assert.Equal("21", last["items"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("customer21@example.com", last["items"]![0]!["email"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, misaligned.StatusCode);
    }

    /// <summary>A request signed the way the sample's TBA method signs: OAuth header with realm, HMAC-SHA256 by default.</summary>
    private static HttpRequestMessage Signed(HttpMethod httpMethod, string url, string realm, string method = "HMAC-SHA256", string? nonce = null, long? timestamp = null)
    {
        var uri = new Uri(url);
        var oauth = new Dictionary<string, string>
        {
            ["oauth_consumer_key"] = NetSuiteApi.ConsumerKey,
            ["oauth_token"] = NetSuiteApi.TokenId,
            ["oauth_signature_method"] = method,
            ["oauth_timestamp"] = (timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture),
            ["oauth_nonce"] = nonce ?? Guid.NewGuid().ToString("N"),
            ["oauth_version"] = "1.0",
        };
        var baseString = OAuth1Signature.BaseString(httpMethod.Method, OAuth1Signature.BaseUri(uri.Scheme, uri.Host, null, uri.AbsolutePath),
            OAuth1Signature.ParseForm(uri.Query).Concat(oauth.Select(p => (p.Key, p.Value))));
        oauth["oauth_signature"] = OAuth1Signature.Sign(method, baseString, NetSuiteApi.ConsumerSecret, NetSuiteApi.TokenSecret);
        var header = $"OAuth realm=\"{realm}\", " + string.Join(", ", oauth.Select(p => $"{p.Key}=\"{OAuth1Signature.Encode(p.Value)}\""));
        var request = new HttpRequestMessage(httpMethod, url);
        request.Headers.TryAddWithoutValidation("Authorization", header);
        return request;
    }

    private static long ParseTimestamp(HttpRequestMessage request) =>
        long.Parse(OAuth1Signature.ParseAuthorizationHeader(request.Headers.GetValues("Authorization").Single())!["oauth_timestamp"], CultureInfo.InvariantCulture);
}
