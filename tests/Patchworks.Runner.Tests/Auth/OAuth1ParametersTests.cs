using Patchworks.Core.Running.Auth;

namespace Patchworks.Runner.Tests.Auth;

public class OAuth1ParametersTests
{
    [Theory]
    // RFC 5849 section 3.4.1.2's examples, and the default-port and case rules.
    [InlineData("HTTP://EXAMPLE.COM:80/r%20v/X?id=123", "http://example.com/r%20v/X")]
    [InlineData("https://www.example.net:8080/?q=1", "https://www.example.net:8080/")]
    [InlineData("https://Api.Example.com:443/a/b#frag", "https://api.example.com/a/b")]
    [InlineData("http://example.com:443/", "http://example.com:443/")]
    [InlineData("https://example.com:80/", "https://example.com:80/")]
    [InlineData("http://example.com", "http://example.com/")]
    public void Base_string_uri(string url, string expected) =>
        Assert.Equal(expected, OAuth1Parameters.BaseStringUri(new Uri(url)));

    [Fact]
    public void Form_pairs_are_decoded_in_order_with_duplicates_and_bare_names()
    {
        var pairs = OAuth1Parameters.ParseForm("?b5=%3D%253D&a3=a&c%40=&a2=r%20b&c2&a3=2+q&&");
        Assert.Equal(
            [new("b5", "=%3D"), new("a3", "a"), new("c@", ""), new("a2", "r b"), new("c2", ""), new("a3", "2 q")],
            pairs);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", true)]
    [InlineData("Application/X-WWW-Form-URLEncoded; charset=utf-8", true)]
    [InlineData("application/json", false)]
    [InlineData("multipart/form-data; boundary=x", false)]
    [InlineData(null, false)]
    public void Only_form_bodies_are_signed(string? contentType, bool expected) =>
        Assert.Equal(expected, OAuth1Parameters.IsFormContentType(contentType));

    [Fact]
    public void Normalised_parameters_sort_by_encoded_name_then_value_and_drop_the_signature()
    {
        var normalized = OAuth1Parameters.Normalize(
        [
            new("b", "2"), new("a", "z"), new("a", "10"), new("a", "1"), new("A", "x"), new("a b", "é"), new("oauth_signature", "x"), new("~", ""),
        ]);
        // "A" < "a" < "a%20b" < "b" < "~" in byte order; values of "a" in byte order too ("1" < "10" < "z").
        Assert.Equal("A=x&a=1&a=10&a=z&a%20b=%C3%A9&b=2&~=", normalized);
    }

    [Fact]
    public void Rfc5849_section_3_4_1_signature_base_string()
    {
        // POST /request?b5=%3D%253D&a3=a&c%40=&a2=r%20b with body "c2&a3=2+q" and the example's protocol parameters.
        var uri = new Uri("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b");
        var parameters = OAuth1Parameters.ParseForm(uri.Query)
            .Concat(OAuth1Parameters.ParseForm("c2&a3=2+q"))
            .Concat(
            [
                new("oauth_consumer_key", "9djdj82h48djs9d2"), new("oauth_token", "kkk9d7dh3k39sjv7"), new("oauth_signature_method", "HMAC-SHA1"),
                new("oauth_timestamp", "137131201"), new("oauth_nonce", "7d8f3e4a"), new("oauth_signature", "bYT5CMsGcbgUdFHObYMEfcx6bsw%3D"),
            ]);
        Assert.Equal(
            "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7",
            OAuth1Parameters.SignatureBaseString("post", uri, parameters));
    }
}
