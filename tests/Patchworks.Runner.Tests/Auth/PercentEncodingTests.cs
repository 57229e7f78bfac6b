using Patchworks.Core.Running.Auth;

namespace Patchworks.Runner.Tests.Auth;

public class PercentEncodingTests
{
    [Theory]
    // The unreserved set stays as it is; everything else is encoded with upper-case hex.
    [InlineData("AZaz09-._~", "AZaz09-._~")]
    [InlineData("a b", "a%20b")]
    [InlineData("a+b", "a%2Bb")]
    [InlineData("*", "%2A")]
    [InlineData("!'()", "%21%27%28%29")]
    [InlineData(":/?#[]@!$&'()*+,;=", "%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D")]
    [InlineData("%", "%25")]
    [InlineData("é", "%C3%A9")]
    [InlineData("☃", "%E2%98%83")]
    [InlineData("😀", "%F0%9F%98%80")]
    [InlineData("", "")]
    public void Encodes_all_but_the_unreserved_set(string value, string expected) =>
        Assert.Equal(expected, PercentEncoding.Encode(value));

    [Theory]
    [InlineData("a%20b", false, "a b")]
    [InlineData("a+b", false, "a+b")]
    [InlineData("a+b", true, "a b")]
    [InlineData("a%2Bb", true, "a+b")]
    [InlineData("%C3%A9%e2%98%83", false, "é☃")]
    [InlineData("100%", false, "100%")]
    [InlineData("%zz%4", false, "%zz%4")]
    [InlineData("é+", true, "é ")]
    public void Decodes_utf8_and_leaves_broken_escapes(string value, bool plusIsSpace, string expected) =>
        Assert.Equal(expected, PercentEncoding.Decode(value, plusIsSpace));
}
