using System.Text;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Running.Results;

namespace Patchworks.Runner.Tests.Redaction;

public sealed class RedactorTests : IDisposable
{
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Every_wire_form_of_a_secret_is_masked()
    {
        var redactor = new Redactor();
        redactor.Add("p@ss word/+&\"<x>");

        Assert.Equal("a=•••••• b=•••••• c=•••••• d=•••••• e=•••••• f=•••••• g=••••••",
            redactor.Redact($"a=p@ss word/+&\"<x> b={Uri.EscapeDataString("p@ss word/+&\"<x>")} c=p%40ss+word%2F%2B%26%22%3Cx%3E "
                + "d=p@ss word/\\u002B\\u0026\\u0022\\u003Cx\\u003E e=p@ss word/+&amp;&quot;&lt;x&gt; f=p@ss word/+&\\\"<x> g=p@ss word\\/+&\\\"<x>"));
    }

    [Fact]
    public void A_secret_inside_another_is_replaced_with_the_longer_one_whole()
    {
        var redactor = new Redactor();
        redactor.Add("abc");
        redactor.Add("xxabcxx");

        Assert.Equal("[••••••] [••••••]", redactor.Redact("[xxabcxx] [abc]"));
    }

    [Fact]
    public void Credential_headers_keep_only_their_scheme_and_other_headers_are_redacted_by_value()
    {
        var redactor = new Redactor();
        redactor.Add("key-123456");

        Assert.Equal(new KeyValuePair<string, string>("Authorization", "Bearer ••••••"), redactor.RedactHeader(new("Authorization", "Bearer whatever-token")));
        Assert.Equal(new KeyValuePair<string, string>("Cookie", "••••••"), redactor.RedactHeader(new("Cookie", "session=abc")));
        Assert.Equal(new KeyValuePair<string, string>("X-Api-Key", "••••••"), redactor.RedactHeader(new("X-Api-Key", "key-123456")));
        Assert.Equal(new KeyValuePair<string, string>("Accept", "application/json"), redactor.RedactHeader(new("Accept", "application/json")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(9)]
    public void A_streamed_body_is_redacted_even_where_a_secret_straddles_two_chunks(int offsetBeforeBoundary)
    {
        const string secret = "SECRET-0123";
        const int chunk = 1 << 20;
        var redactor = new Redactor();
        redactor.Add(secret);
        var text = new StringBuilder().Append('a', chunk - offsetBeforeBoundary).Append(secret).Append('b', 100).Append(secret).ToString();
        var path = _folder.Write("body.bin", text);

        redactor.RedactFile(path);

        var redacted = File.ReadAllText(path);
        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Equal(text.Replace(secret, "••••••", StringComparison.Ordinal), redacted);
    }
}
