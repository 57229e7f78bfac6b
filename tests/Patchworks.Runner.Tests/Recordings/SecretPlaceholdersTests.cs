using System.Text;
using Patchworks.Core.Running.Results;
using Patchworks.Core.Testing.Recordings;

namespace Patchworks.Runner.Tests.Recordings;

public sealed class SecretPlaceholdersTests
{
    private static SecretPlaceholders With(params RunSecret[] secrets)
    {
        var placeholders = new SecretPlaceholders();
        foreach (var secret in secrets)
        {
            placeholders.Observe(secret);
        }
        return placeholders;
    }

    [Fact]
    public void A_secret_variable_becomes_its_named_stand_in_in_every_form_and_other_text_is_left_alone()
    {
        var secrets = With(new RunSecret("p@ss word/+\"x", SecretKind.Variable, "password"));

        Assert.Equal("password=~secret.password~&user=ann", secrets.Scrub("password=" + Uri.EscapeDataString("p@ss word/+\"x") + "&user=ann"));
        Assert.Equal("password=~secret.password~", secrets.Scrub("password=" + Uri.EscapeDataString("p@ss word/+\"x").Replace("%20", "+", StringComparison.Ordinal)));
        Assert.Equal("{\"p\":\"~secret.password~\"}", secrets.Scrub("{\"p\":\"p@ss word/+\\\"x\"}"));
        Assert.Equal("<p>~secret.password~</p>", secrets.Scrub("<p>p@ss word/+&quot;x</p>"));
        Assert.Equal("p@ss word/+ and x", secrets.Scrub("p@ss word/+ and x")); // a near miss: part of it only
    }

    [Fact]
    public void Tokens_are_named_by_kind_and_order_and_keep_their_name_inside_a_composed_header()
    {
        var secrets = With(
            new RunSecret("eyJhbGciOi.first", SecretKind.AccessToken),
            new RunSecret("Bearer eyJhbGciOi.first", SecretKind.Value),
            new RunSecret("rt-0123456789", SecretKind.RefreshToken),
            new RunSecret("eyJhbGciOi.second", SecretKind.AccessToken),
            new RunSecret("eyJhbGciOi.first", SecretKind.Token, "token"));

        Assert.Equal("Bearer ~access-token.1~", secrets.ScrubHeader("Authorization", "Bearer eyJhbGciOi.first"));
        Assert.Equal("{\"access_token\":\"~access-token.2~\",\"refresh_token\":\"~refresh-token.1~\"}",
            secrets.Scrub("{\"access_token\":\"eyJhbGciOi.second\",\"refresh_token\":\"rt-0123456789\"}"));
    }

    [Fact]
    public void Basic_credentials_are_decoded_replaced_and_encoded_again_and_an_unknown_credential_is_masked()
    {
        var secrets = With(new RunSecret("cs_secret_value", SecretKind.Variable, "consumer_secret"));
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("ck_public:cs_secret_value"));

        var recorded = secrets.ScrubHeader("Authorization", "Basic " + basic);

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ck_public:~secret.consumer_secret~")), recorded);
        Assert.Equal("Bearer ~credentials~", secrets.ScrubHeader("Authorization", "Bearer never-registered"));
        Assert.Equal("text/plain", secrets.ScrubHeader("Accept", "text/plain")); // a near miss: not a credential header
    }

    [Fact]
    public void Cookies_get_stand_ins_in_their_headers_and_long_ones_in_text_too()
    {
        var secrets = new SecretPlaceholders();

        Assert.Equal("SID=~cookie.1~; Path=/; HttpOnly", secrets.ScrubHeader("Set-Cookie", "SID=a8f3c2e1d4b5a6c7; Path=/; HttpOnly"));
        Assert.Equal("consent=~cookie.2~", secrets.ScrubHeader("Set-Cookie", "consent=1"));
        Assert.Equal("SID=~cookie.1~; consent=~cookie.2~", secrets.ScrubHeader("Cookie", "SID=a8f3c2e1d4b5a6c7; consent=1"));
        Assert.Equal("session a ~cookie.1~, page 1", secrets.Scrub("session a a8f3c2e1d4b5a6c7, page 1")); // "1" stays: too short to hunt in text
    }

    [Fact]
    public void Stand_ins_are_recognised_so_a_replay_registering_them_changes_nothing()
    {
        var secrets = With(new RunSecret("~secret.api_key~", SecretKind.Variable, "api_key"), new RunSecret("~access-token.1~", SecretKind.AccessToken),
            new RunSecret("client-7,~session.1~", SecretKind.Value));

        Assert.True(SecretPlaceholders.IsPlaceholder("~access-token.1~"));
        Assert.False(SecretPlaceholders.IsPlaceholder("access-token.1"));
        Assert.Equal("key=~secret.api_key~", secrets.Scrub("key=~secret.api_key~"));
        Assert.Equal("<Session>client-7,~session.1~</Session>", secrets.Scrub("<Session>client-7,~session.1~</Session>"));
        Assert.Empty(secrets.Values);
    }
}

public sealed class RequestMatcherTests
{
    private static RecordedExchange Exchange(string method, string url, string? contentType = null, string? body = null) => new(
        new RecordedRequest(method, url, contentType is null ? [] : [new("Content-Type", contentType)], body is null ? null : new RecordedBody(body, null)),
        new RecordedResponse(200, "OK", [], new RecordedBody("{}", null)), null);

    [Fact]
    public void Query_order_oauth1_parameters_json_key_order_and_form_order_do_not_matter()
    {
        var matcher = new RequestMatcher([
            Exchange("GET", "https://api.test/items?b=2&a=1&oauth_nonce=abc&oauth_timestamp=1"),
            Exchange("POST", "https://api.test/search", "application/json", "{\"filter\":{\"x\":1,\"y\":[1,2]},\"page\":1}"),
            Exchange("POST", "https://api.test/token", "application/x-www-form-urlencoded", "grant_type=client_credentials&scope=read"),
        ]);

        Assert.NotNull(matcher.Take("GET", "https://API.test/items?a=1&b=2&oauth_nonce=xyz", null, "", out _));
        Assert.NotNull(matcher.Take("post", "https://api.test/search", "application/json; charset=utf-8", "{ \"page\": 1, \"filter\": { \"y\": [1, 2], \"x\": 1 } }", out _));
        Assert.NotNull(matcher.Take("POST", "https://api.test/token", "application/x-www-form-urlencoded", "scope=read&grant_type=client_credentials", out _));
        Assert.Empty(matcher.Unserved());
    }

    [Fact]
    public void Array_order_in_json_and_a_changed_field_do_matter_and_the_nearest_is_named()
    {
        var matcher = new RequestMatcher([
            Exchange("POST", "https://api.test/search", "application/json", "{\"ids\":[1,2],\"page\":1}"),
            Exchange("POST", "https://api.test/search", "application/json", "{\"ids\":[1,2],\"page\":2}"),
        ]);

        Assert.Null(matcher.Take("POST", "https://api.test/search", "application/json", "{\"ids\":[2,1],\"page\":2}", out var mismatch));
        Assert.Contains("nearest recorded: POST https://api.test/search (exchange 2)", mismatch, StringComparison.Ordinal);
        Assert.Contains("body $.ids[0]: sent 2, recorded 1", mismatch, StringComparison.Ordinal);
        Assert.DoesNotContain("$.page", mismatch, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_requests_take_the_recorded_exchanges_in_order_once_each()
    {
        var first = Exchange("GET", "https://api.test/flaky");
        var second = Exchange("GET", "https://api.test/flaky");
        var matcher = new RequestMatcher([first, second]);

        Assert.Same(first, matcher.Take("GET", "https://api.test/flaky", null, "", out _));
        Assert.Same(second, matcher.Take("GET", "https://api.test/flaky", null, "", out _));
        Assert.Null(matcher.Take("GET", "https://api.test/flaky", null, "", out var mismatch));
        Assert.Contains("already answered", mismatch, StringComparison.Ordinal);
        Assert.Null(matcher.Take("DELETE", "https://api.test/other", null, "", out var elsewhere));
        Assert.Contains("no recorded request is a DELETE to https://api.test/other; recorded: GET https://api.test/flaky", elsewhere, StringComparison.Ordinal);
    }
}
