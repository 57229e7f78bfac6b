using Patchworks.Core.Running.Auth;
using Patchworks.Core.Http;

namespace Patchworks.Runner.Tests.Auth;

public class OAuth1SignerTests
{
    private static OAuth1Signer Signer(OAuth1Credentials credentials, OAuth1Options options, long timestamp, string nonce) =>
        new(credentials, options, new FixedTime(timestamp), () => nonce);

    [Fact]
    public void Rfc5849_section_3_4_1_request_with_query_and_form_body()
    {
        // The RFC prints the base string but not the secrets; the signature for the secrets below was computed with
        //   printf '%s' "$BASE_STRING" | openssl dgst -sha1 -hmac 'j49sk3j29djd&dh893hdasih9' -binary | base64
        var signer = Signer(new OAuth1Credentials("9djdj82h48djs9d2", "j49sk3j29djd", "kkk9d7dh3k39sjv7", "dh893hdasih9"),
            new OAuth1Options { Realm = "Example", IncludeVersion = false }, 137131201, "7d8f3e4a");

        var signed = signer.Sign("POST", "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b", "c2&a3=2+q", "application/x-www-form-urlencoded");

        Assert.Equal(
            "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7",
            signed.SignatureBaseString);
        Assert.Equal("r6/TJjbCOr97/+UU0NsvSne7s5g=", signed.Signature);
        Assert.Equal("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b", signed.Url);
    }

    [Fact]
    public void Rfc5849_section_1_2_photos_request_header()
    {
        var signer = Signer(new OAuth1Credentials("dpf43f3p2l4k3l03", "kd94hf93k423kf44", "nnch734d00sl2jdk", "pfkkdhi9sl3r4s00"),
            new OAuth1Options { Realm = "Photos", IncludeVersion = false }, 137131202, "chapoH");

        var signed = signer.Sign("GET", "http://photos.example.net/photos?file=vacation.jpg&size=original");

        // The header exactly as the RFC prints it: realm first, quoted, comma and space between, values encoded.
        Assert.Equal(
            "OAuth realm=\"Photos\", oauth_consumer_key=\"dpf43f3p2l4k3l03\", oauth_token=\"nnch734d00sl2jdk\", oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"137131202\", oauth_nonce=\"chapoH\", oauth_signature=\"MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D\"",
            signed.AuthorizationHeader);
        Assert.Equal("MdpQcU8iPSUjWoN/UDMsK2sui9I=", signed.Signature);
    }

    [Fact]
    public void OAuth_core_1_0_appendix_a_photos_example()
    {
        var signer = Signer(new OAuth1Credentials("dpf43f3p2l4k3l03", "kd94hf93k423kf44", "nnch734d00sl2jdk", "pfkkdhi9sl3r4s00"),
            new OAuth1Options(), 1191242096, "kllo9940pd9333jh");

        var signed = signer.Sign("GET", "http://photos.example.net/photos?file=vacation.jpg&size=original");

        Assert.Equal(
            "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096%26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal",
            signed.SignatureBaseString);
        Assert.Equal("tR3+Ty81lMeYAr/Fid0kMTYa/WM=", signed.Signature);
    }

    [Fact]
    public void Twitter_documentation_example()
    {
        var signer = Signer(
            new OAuth1Credentials("xvz1evFS4wEEPTGEFPHBog", "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
                "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"),
            new OAuth1Options(), 1318622958, "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg");

        var signed = signer.Sign("post", "https://api.twitter.com/1.1/statuses/update.json?include_entities=true",
            "status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21", "application/x-www-form-urlencoded");

        Assert.Equal("hCtSmYh+iHYCEqBWrE7C7hYmtUk=", signed.Signature);
        Assert.Equal(
            "OAuth oauth_consumer_key=\"xvz1evFS4wEEPTGEFPHBog\", oauth_token=\"370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb\", oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"1318622958\", oauth_nonce=\"kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg\", oauth_version=\"1.0\", oauth_signature=\"hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D\"",
            signed.AuthorizationHeader);
    }

    [Fact]
    public void NetSuite_style_HMAC_SHA256_with_realm_and_an_encoded_query()
    {
        // Checked apart from this code: the base string below built by Python's urllib.parse.quote(safe='-._~'), then
        //   printf '%s' "$BASE_STRING" | openssl dgst -sha256 -hmac "$CONSUMER_SECRET&$TOKEN_SECRET" -binary | base64
        //   -> oy8dP5TXfJZmxRizr5zk+CbOl4lGNt35nRkmJF+1oPI=
        var signer = Signer(
            new OAuth1Credentials("ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4", "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9a8f5",
                "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc", "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295"),
            new OAuth1Options { SignatureMethod = OAuth1SignatureMethod.HmacSha256, Realm = "1234567_SB1" }, 1508242306, "fjaLirsIcCGVZWzBX0pg");

        // Upper-case host and the default port written out: neither may change the base string.
        var signed = signer.Sign("GET", "https://1234567-SB1.suitetalk.api.netsuite.com:443/services/rest/record/v1/customer?limit=5&q=companyName%20START_WITH%20%22Ac~me%2B%22");

        Assert.Equal(
            "GET&https%3A%2F%2F1234567-sb1.suitetalk.api.netsuite.com%2Fservices%2Frest%2Frecord%2Fv1%2Fcustomer&limit%3D5%26oauth_consumer_key%3Def40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4%26oauth_nonce%3DfjaLirsIcCGVZWzBX0pg%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1508242306%26oauth_token%3D2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc%26oauth_version%3D1.0%26q%3DcompanyName%2520START_WITH%2520%2522Ac~me%252B%2522",
            signed.SignatureBaseString);
        Assert.Equal("oy8dP5TXfJZmxRizr5zk+CbOl4lGNt35nRkmJF+1oPI=", signed.Signature);
        Assert.StartsWith("OAuth realm=\"1234567_SB1\", oauth_consumer_key=\"ef40", signed.AuthorizationHeader, StringComparison.Ordinal);
        Assert.EndsWith("oauth_signature=\"oy8dP5TXfJZmxRizr5zk%2BCbOl4lGNt35nRkmJF%2B1oPI%3D\"", signed.AuthorizationHeader, StringComparison.Ordinal);
    }

    [Fact]
    public void Plaintext_signature_is_the_encoded_secrets_encoded_again_in_the_header()
    {
        var signer = Signer(new OAuth1Credentials("key", "c&s ecret", "tok", "t+s"),
            new OAuth1Options { SignatureMethod = OAuth1SignatureMethod.PlainText, IncludeVersion = false }, 1000, "n");

        var signed = signer.Sign("GET", "https://example.com/");

        Assert.Equal("c%26s%20ecret&t%2Bs", signed.Signature);
        Assert.Equal(
            "OAuth oauth_consumer_key=\"key\", oauth_token=\"tok\", oauth_signature_method=\"PLAINTEXT\", oauth_timestamp=\"1000\", oauth_nonce=\"n\", oauth_signature=\"c%2526s%2520ecret%26t%252Bs\"",
            signed.AuthorizationHeader);
    }

    [Fact]
    public void Without_a_token_there_is_no_oauth_token_and_the_key_ends_with_an_ampersand()
    {
        var signer = Signer(new OAuth1Credentials("key", "secret"), new OAuth1Options { SignatureMethod = OAuth1SignatureMethod.PlainText }, 1, "n");

        var signed = signer.Sign("GET", "https://example.com/");

        Assert.Equal("secret&", signed.Signature);
        Assert.DoesNotContain("oauth_token", signed.AuthorizationHeader, StringComparison.Ordinal);
        Assert.DoesNotContain("oauth_token", signed.SignatureBaseString, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_placement_appends_the_parameters_and_leaves_out_the_realm()
    {
        var signer = Signer(new OAuth1Credentials("dpf43f3p2l4k3l03", "kd94hf93k423kf44", "nnch734d00sl2jdk", "pfkkdhi9sl3r4s00"),
            new OAuth1Options { Placement = OAuth1Placement.Query, Realm = "Photos", IncludeVersion = false }, 137131202, "chapoH");

        var signed = signer.Sign("GET", "http://photos.example.net/photos?file=vacation.jpg&size=original#top");

        // The same signature as the header form of RFC 5849 section 1.2: the placement does not change what is signed.
        Assert.Null(signed.AuthorizationHeader);
        Assert.Equal(
            "http://photos.example.net/photos?file=vacation.jpg&size=original&oauth_consumer_key=dpf43f3p2l4k3l03&oauth_token=nnch734d00sl2jdk&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131202&oauth_nonce=chapoH&oauth_signature=MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D#top",
            signed.Url);
    }

    [Fact]
    public void Query_placement_on_a_url_without_a_query()
    {
        var signer = Signer(new OAuth1Credentials("k", "s"), new OAuth1Options { Placement = OAuth1Placement.Query, SignatureMethod = OAuth1SignatureMethod.PlainText, IncludeVersion = false }, 5, "n");

        Assert.Equal("https://example.com/a?oauth_consumer_key=k&oauth_signature_method=PLAINTEXT&oauth_timestamp=5&oauth_nonce=n&oauth_signature=s%26",
            signer.Sign("GET", "https://example.com/a").Url);
    }

    [Fact]
    public void A_json_body_is_not_signed_but_a_form_body_is()
    {
        var signer = Signer(new OAuth1Credentials("k", "s"), new OAuth1Options(), 5, "n");

        var bare = signer.Sign("POST", "https://example.com/a").SignatureBaseString;
        var json = signer.Sign("POST", "https://example.com/a", "a=1", "application/json").SignatureBaseString;
        var form = signer.Sign("POST", "https://example.com/a", "a=1", "application/x-www-form-urlencoded; charset=utf-8").SignatureBaseString;

        Assert.Equal(bare, json);
        Assert.StartsWith("POST&https%3A%2F%2Fexample.com%2Fa&a%3D1%26oauth_consumer_key%3Dk", form, StringComparison.Ordinal);
    }

    [Theory]
    // The same request written raw and written encoded: both go on the wire alike, so both sign alike. Expected value
    // from Python's urllib.parse.quote(safe='-._~') over the decoded parameters.
    [InlineData("https://example.com/café/a b?q=é&r=a+b&s=%2B~&t=*!")]
    [InlineData("https://EXAMPLE.com/caf%C3%A9/a%20b?t=%2A%21&s=%2b%7e&r=a%20b&q=%C3%A9")]
    public void Non_ascii_spaces_plus_tilde_and_reserved_characters_in_path_and_query(string url)
    {
        var signer = Signer(new OAuth1Credentials("k", "s"), new OAuth1Options { SignatureMethod = OAuth1SignatureMethod.PlainText, IncludeVersion = false }, 5, "n");

        Assert.Equal(
            "GET&https%3A%2F%2Fexample.com%2Fcaf%25C3%25A9%2Fa%2520b&oauth_consumer_key%3Dk%26oauth_nonce%3Dn%26oauth_signature_method%3DPLAINTEXT%26oauth_timestamp%3D5%26q%3D%25C3%25A9%26r%3Da%2520b%26s%3D%252B~%26t%3D%252A%2521",
            signer.Sign("GET", url).SignatureBaseString);
    }

    [Fact]
    public void Realm_is_a_quoted_string_with_quotes_escaped()
    {
        var signer = Signer(new OAuth1Credentials("k", "s"), new OAuth1Options { Realm = "a \"b\" \\c", IncludeVersion = false, SignatureMethod = OAuth1SignatureMethod.PlainText }, 5, "n");

        Assert.StartsWith("OAuth realm=\"a \\\"b\\\" \\\\c\", oauth_consumer_key=\"k\"", signer.Sign("GET", "https://example.com/").AuthorizationHeader, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_nonce_and_timestamp_are_fresh_for_each_request()
    {
        var signer = new OAuth1Signer(new OAuth1Credentials("k", "s"));
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var first = signer.Sign("GET", "https://example.com/");
        var second = signer.Sign("GET", "https://example.com/");

        string Value(OAuth1SignedRequest r, string name) => r.ProtocolParameters.Single(p => p.Key == name).Value;
        Assert.NotEqual(Value(first, "oauth_nonce"), Value(second, "oauth_nonce"));
        Assert.Matches("^[A-Za-z0-9]{32}$", Value(first, "oauth_nonce"));
        var timestamp = long.Parse(Value(first, "oauth_timestamp"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(timestamp, before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    [Fact]
    public void Outgoing_request_gets_the_header_in_place_of_another_or_the_signed_url()
    {
        var request = new OutgoingRequest("POST", "https://example.com/a?x=1", [new("authorization", "Basic old"), new("Accept", "application/json")], "b=2", "application/x-www-form-urlencoded");
        var header = Signer(new OAuth1Credentials("k", "s"), new OAuth1Options { IncludeVersion = false }, 5, "n");
        var query = Signer(new OAuth1Credentials("k", "s"), new OAuth1Options { IncludeVersion = false, Placement = OAuth1Placement.Query }, 5, "n");

        var withHeader = header.Sign(request);
        var withQuery = query.Sign(request);

        Assert.Equal(header.Sign("POST", "https://example.com/a?x=1", "b=2", "application/x-www-form-urlencoded").AuthorizationHeader, withHeader.Header("Authorization"));
        Assert.Equal(2, withHeader.Headers.Count);
        Assert.Equal(request.Url, withHeader.Url);
        Assert.StartsWith("https://example.com/a?x=1&oauth_consumer_key=k&", withQuery.Url, StringComparison.Ordinal);
        Assert.Equal("Basic old", withQuery.Header("Authorization"));
    }

    [Fact]
    public void Secrets_never_show_in_ToString_or_errors()
    {
        var credentials = new OAuth1Credentials("the-key", "consumer-SECRET", "the-token", "token-SECRET");
        var signed = new OAuth1Signer(credentials, new OAuth1Options { SignatureMethod = OAuth1SignatureMethod.PlainText }).Sign("GET", "https://example.com/");
        var error = Assert.Throws<ArgumentException>(() => new OAuth1Signer(credentials).Sign("GET", "ftp://example.com/?key=consumer-SECRET"));

        Assert.Equal("OAuth 1 credentials (consumer key the-key, with a token)", credentials.ToString());
        Assert.Equal("OAuth 1 signed request (Authorization header)", signed.ToString());
        Assert.DoesNotContain("SECRET", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, OAuth1SignatureMethod.HmacSha1)]
    [InlineData("HMAC-SHA1", OAuth1SignatureMethod.HmacSha1)]
    [InlineData("HMAC-SHA256", OAuth1SignatureMethod.HmacSha256)]
    [InlineData("plaintext", OAuth1SignatureMethod.PlainText)]
    public void Schema_signature_methods(string? value, OAuth1SignatureMethod expected) =>
        Assert.Equal(expected, OAuth1Options.ParseSignatureMethod(value));

    [Fact]
    public void Schema_values_outside_the_enums_are_refused()
    {
        Assert.Equal(OAuth1Placement.Query, OAuth1Options.ParsePlacement("query"));
        Assert.Equal(OAuth1Placement.Header, OAuth1Options.ParsePlacement(null));
        Assert.Contains("RSA-SHA1", Assert.Throws<ArgumentException>(() => OAuth1Options.ParseSignatureMethod("RSA-SHA1")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => OAuth1Options.ParsePlacement("body"));
    }

    [Fact]
    public void Options_from_the_netsuite_sample_block() =>
        Assert.Equal(new OAuth1Options { SignatureMethod = OAuth1SignatureMethod.HmacSha256, Placement = OAuth1Placement.Header, Realm = "1234567_SB1" },
            OAuth1Options.FromSchema("HMAC-SHA256", "header", "1234567_SB1"));

    [Fact]
    public void Options_from_an_empty_block_are_the_defaults() =>
        Assert.Equal(new OAuth1Options(), OAuth1Options.FromSchema(null, null, ""));
}
