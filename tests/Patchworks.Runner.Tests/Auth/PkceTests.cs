using Patchworks.Core.Running.Auth;

namespace Patchworks.Runner.Tests.Auth;

public class PkceTests
{
    [Fact]
    public void Rfc7636_appendix_b_challenge()
    {
        // The RFC's value (its Appendix B, and `printf '%s' VERIFIER | openssl dgst -sha256 -binary | base64` with
        // +/ mapped to -_ and = removed). Note it ends "-cM"; a value ending "YgQzw" sometimes quoted for it is not the RFC's.
        Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Pkce.Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }

    [Theory]
    [InlineData(43)]
    [InlineData(64)]
    [InlineData(128)]
    public void Verifiers_are_unreserved_characters_of_the_asked_length(int length)
    {
        var verifier = Pkce.CreateVerifier(length);

        Assert.Matches($"^[A-Za-z0-9._~-]{{{length}}}$", verifier);
    }

    [Fact]
    public void Verifiers_are_random()
    {
        var verifiers = Enumerable.Range(0, 50).Select(_ => Pkce.CreateVerifier()).ToHashSet();

        Assert.Equal(50, verifiers.Count);
        // Every character of the set turns up across 3,200 draws from 66 (a missing one has odds below 1e-20).
        Assert.Equal(66, verifiers.SelectMany(v => v).Distinct().Count());
    }

    [Theory]
    [InlineData(42)]
    [InlineData(129)]
    public void Lengths_outside_43_to_128_are_refused(int length) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Pkce.CreateVerifier(length));

    [Fact]
    public void A_bad_verifier_is_refused_without_repeating_it()
    {
        var bad = new string('a', 42) + "+";

        var error = Assert.Throws<ArgumentException>(() => Pkce.Challenge(bad));

        Assert.DoesNotContain(bad, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pair_matches_and_hides_its_verifier()
    {
        var pair = Pkce.Create();

        Assert.Equal(Pkce.Challenge(pair.Verifier), pair.Challenge);
        Assert.Equal(43, pair.Challenge.Length);
        Assert.Equal("S256", pair.Method);
        Assert.Equal("PKCE S256 challenge " + pair.Challenge, pair.ToString());
    }

    [Fact]
    public void States_are_43_url_safe_characters_and_differ()
    {
        var first = OAuthState.Create();
        var second = OAuthState.Create();

        Assert.Matches("^[A-Za-z0-9_-]{43}$", first);
        Assert.NotEqual(first, second);
        Assert.True(OAuthState.Matches(first, first));
        Assert.False(OAuthState.Matches(first, second));
        Assert.False(OAuthState.Matches(first, null));
        Assert.False(OAuthState.Matches(first, first[..42]));
    }
}
