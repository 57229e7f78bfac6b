using Patchworks.Core.Running.Auth;

namespace Patchworks.Runner.Tests.Auth;

public class AuthorizationRequestTests
{
    [Fact]
    public void Standard_parameters_follow_the_endpoints_own_query()
    {
        var url = AuthorizationRequest.Build("https://app.hubspot.com/oauth/authorize?optional_scope=a%20b&prompt=consent",
            "client 1", "http://127.0.0.1:8765/callback", "crm.objects.contacts.read crm.objects.deals.read", "st~ate", "E9Melhoa2OwvFrEXGuTmaQIDC6hhxhXGWMaCxhYgQzw");

        Assert.Equal(
            "https://app.hubspot.com/oauth/authorize?optional_scope=a%20b&prompt=consent&response_type=code&client_id=client%201&redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2Fcallback&scope=crm.objects.contacts.read%20crm.objects.deals.read&state=st~ate&code_challenge=E9Melhoa2OwvFrEXGuTmaQIDC6hhxhXGWMaCxhYgQzw&code_challenge_method=S256",
            url.AbsoluteUri);
    }

    [Fact]
    public void Without_scope_or_pkce_those_parameters_are_left_out_and_duplicates_replaced()
    {
        var url = AuthorizationRequest.Build("https://idp.example.com/authorize?client_id=old&response_type=token&x=1#frag", "cid", "http://localhost/cb", null, "s", null,
            [new("audience", "https://api.example.com")]);

        Assert.Equal(
            "https://idp.example.com/authorize?x=1&response_type=code&client_id=cid&redirect_uri=http%3A%2F%2Flocalhost%2Fcb&state=s&audience=https%3A%2F%2Fapi.example.com",
            url.AbsoluteUri);
    }

    [Fact]
    public void A_relative_endpoint_is_refused() =>
        Assert.Throws<ArgumentException>(() => AuthorizationRequest.Build("/oauth/authorize", "c", "http://127.0.0.1/cb", null, "s", null));
}
