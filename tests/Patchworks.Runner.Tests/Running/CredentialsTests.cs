using Patchworks.Core.Http;

namespace Patchworks.Runner.Tests.Running;

/// <summary>What <see cref="Credentials.Without"/> takes out of a request bound for another origin, and what it keeps.</summary>
public sealed class CredentialsTests
{
    private static OutgoingRequest Request(string url, params (string Name, string Value)[] headers) =>
        new("GET", url, [.. headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))], null, null)
        {
            CredentialHeaders = ["X-Api-Key"],
            CredentialQuery = ["api key"],
        };

    [Fact]
    public void Credential_headers_go_by_name_by_kind_and_by_value_and_the_rest_stay_in_order()
    {
        var request = Request("https://b.test/x",
            ("Accept", "application/json"), ("authorization", "Bearer t"), ("X-API-KEY", "k"), ("Cookie", "a=b"),
            ("Proxy-Authorization", "Basic x"), ("X-Echo", "token=s3cr3t-v4lue"), ("X-Page", "2"));

        var anonymous = Credentials.Without(request, text => text.Contains("s3cr3t-v4lue", StringComparison.Ordinal), out var dropped);

        Assert.True(anonymous.Anonymous);
        Assert.Equal(["Accept", "X-Page"], anonymous.Headers.Select(h => h.Key));
        Assert.Equal(["header authorization", "header X-API-KEY", "header Cookie", "header Proxy-Authorization", "header X-Echo"], dropped);
    }

    [Theory]
    [InlineData("https://b.test/x?page=2&api%20key=k1&oauth_token=t&OAUTH_signature=s&q=s3cr3t-v4lue&q2=s3cr3t%2Dv4lue&keep=1#frag",
        "https://b.test/x?page=2&keep=1#frag")]
    [InlineData("https://b.test/x?api+key=k1", "https://b.test/x")]
    [InlineData("https://b.test/x?flag&api%20key&page=3", "https://b.test/x?flag&page=3")]
    [InlineData("https://b.test/x?%zz=1&page=2", "https://b.test/x?%zz=1&page=2")]
    [InlineData("https://b.test/x", "https://b.test/x")]
    public void Credential_query_parameters_go_and_the_rest_stay_as_written(string url, string expected)
    {
        var anonymous = Credentials.Without(Request(url), text => text.Contains("s3cr3t-v4lue", StringComparison.Ordinal), out _);

        Assert.Equal(expected, anonymous.Url);
    }
}
