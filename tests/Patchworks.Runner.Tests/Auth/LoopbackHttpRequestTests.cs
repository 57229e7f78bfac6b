using System.Text;
using Patchworks.Core.Running.Auth;

namespace Patchworks.Runner.Tests.Auth;

public class LoopbackHttpRequestTests
{
    [Theory]
    [InlineData("GET /callback?code=a&state=b HTTP/1.1\r\nHost: 127.0.0.1:5000\r\nUser-Agent: x", "GET", "/callback", "code=a&state=b")]
    [InlineData("POST /cb HTTP/1.0", "POST", "/cb", "")]
    [InlineData("GET http://127.0.0.1:5000/cb?x=1 HTTP/1.1\nHost: 127.0.0.1", "GET", "/cb", "x=1")]
    [InlineData("GET /?code=%20 HTTP/1.1", "GET", "/", "code=%20")]
    public void Request_lines(string head, string method, string path, string query)
    {
        var request = LoopbackHttpRequest.Parse(Encoding.ASCII.GetBytes(head));

        Assert.Equal(new LoopbackHttpRequest(method, path, query), request);
    }

    [Theory]
    [InlineData("get /cb HTTP/1.1")]
    [InlineData("GET /cb")]
    [InlineData("GET  /cb HTTP/1.1")]
    [InlineData("GET /cb HTTP/2.0")]
    [InlineData("GET * HTTP/1.1")]
    [InlineData("GET cb HTTP/1.1")]
    [InlineData("GET /cb HTTP/1.1\r\nno colon here")]
    [InlineData("GET /cb HTTP/1.1\r\n: empty name")]
    [InlineData("GET /c\u0001b HTTP/1.1")]
    [InlineData("GET /cb HTTP/1.1\r\nX: \u00e9")]
    [InlineData("")]
    public void Garbage_is_not_a_request(string head) =>
        Assert.Null(LoopbackHttpRequest.Parse(Encoding.Latin1.GetBytes(head)));

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n\r\n", 14)]
    [InlineData("GET / HTTP/1.1\n\n", 14)]
    [InlineData("GET / HTTP/1.1\r\nA: b\r\n\r\nbody", 20)]
    [InlineData("GET / HTTP/1.1\r\nA: b\r\n", -1)]
    public void End_of_head(string data, int expected) =>
        Assert.Equal(expected, LoopbackHttpRequest.EndOfHead(Encoding.ASCII.GetBytes(data)));
}
