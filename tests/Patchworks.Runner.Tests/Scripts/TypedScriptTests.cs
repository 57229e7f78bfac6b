using System.Text.Json.Nodes;
using Patchworks.Core.Running.Scripts;

namespace Patchworks.Runner.Tests.Scripts;

/// <summary>The typed entry points: the data each kind of script gets, and how its answer is read.</summary>
public sealed class TypedScriptTests
{
    private static readonly ScriptRequest Previous = new(
        "https://api.example.com/v1/orders?page=1", "GET", [new("Accept", "application/json"), new("X-Trace", "a"), new("x-trace", "b")], null);

    private static readonly PaginationScriptInput Page = new(
        Previous, 200, [new("Link", "<https://api.example.com/v1/orders?page=2>; rel=\"next\"")], """{"orders":[{"id":1}],"next":"p2"}""",
        new Dictionary<string, string> { ["store"] = "acme" });

    private readonly ScriptHost _host = new();

    private static CompiledScript Script(string source) => CompiledScript.Compile(source, "pagination script of endpoint 'list-orders'");

    [Fact]
    public void A_pagination_script_gets_the_documented_data()
    {
        var echo = Script("module.exports = async function handle(data) { console.log(data.payload); console.log(data.variables); return { ...data, payload: JSON.stringify({ has_next_page: false }) }; };");

        var decision = _host.RunPagination(echo, Page);

        var seen = JsonNode.Parse(decision.Log[0])!;
        Assert.Equal(
            """{"request":{"url":"https://api.example.com/v1/orders?page=1","method":"GET","headers":{"Accept":"application/json","X-Trace":"a, b"},"body":null},"response":{"status_code":200,"headers":{"Link":"<https://api.example.com/v1/orders?page=2>; rel=\"next\""}},"payload":"{\"orders\":[{\"id\":1}],\"next\":\"p2\"}"}""",
            seen.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Equal("""{"store":"acme"}""", decision.Log[1]);
        Assert.False(decision.HasNextPage);
    }

    [Fact]
    public void Fields_the_next_request_leaves_out_are_the_previous_request_s()
    {
        var script = Script("""
            module.exports = async function handle(data) {
                const { payload } = JSON.parse(data.payload);
                const next = JSON.parse(payload).next;
                return { ...data, payload: JSON.stringify({ has_next_page: true, url: 'https://api.example.com/v1/orders?cursor=' + next }) };
            };
            """);

        var decision = _host.RunPagination(script, Page);

        Assert.True(decision.HasNextPage);
        Assert.Equal(new ScriptRequest("https://api.example.com/v1/orders?cursor=p2", "GET", Previous.Headers, null), decision.Next);
    }

    [Fact]
    public void A_decision_may_come_as_an_object_with_headers_and_a_json_body()
    {
        var script = Script("""
            module.exports = function handle(data) {
                data.payload = { has_next_page: true, method: 'POST', headers: { 'X-Page': 2 }, body: { query: 'q', after: 'c1' } };
                return data;
            };
            """);

        var next = _host.RunPagination(script, Page).Next!;

        Assert.Equal("POST", next.Method);
        Assert.Equal([new KeyValuePair<string, string>("X-Page", "2")], next.Headers);
        Assert.Equal("""{"query":"q","after":"c1"}""", next.Body);
        Assert.Equal(Previous.Url, next.Url);
    }

    [Fact]
    public void A_next_page_that_is_the_same_request_again_is_flagged()
    {
        var same = _host.RunPagination(Script("function handle(data) { return { payload: JSON.stringify({ has_next_page: true }) }; }"), Page);
        var moved = _host.RunPagination(Script("function handle(data) { return { payload: JSON.stringify({ has_next_page: true, url: 'https://api.example.com/v1/orders?page=2' }) }; }"), Page);
        var sameHeadersRewritten = _host.RunPagination(Script("""
            function handle(data) {
                const { request } = JSON.parse(data.payload);
                return { payload: JSON.stringify({ has_next_page: true, ...request }) };
            }
            """), Page with { Request = Previous with { Headers = [new("Accept", "application/json")] } });

        Assert.True(same.HasNextPage);
        Assert.True(same.RepeatsPreviousRequest);
        Assert.False(moved.RepeatsPreviousRequest);
        Assert.True(sameHeadersRewritten.RepeatsPreviousRequest);
    }

    [Fact]
    public void The_decision_returned_directly_is_understood()
    {
        var decision = _host.RunPagination(Script("function handle(data) { return { has_next_page: false }; }"), Page);

        Assert.False(decision.HasNextPage);
    }

    [Theory]
    [InlineData("return undefined;", "it returned nothing (undefined or null): return data with data.payload set to the JSON text of { has_next_page, url, method, headers, body }")]
    [InlineData("return 'next';", "it returned a string: return data with data.payload set to")]
    [InlineData("return { payload: '{\"has_next_page\":\"yes\"}' };", "has_next_page is a string (\"yes\"), not true or false")]
    [InlineData("return { payload: '{}' };", "its answer has no has_next_page (true or false)")]
    [InlineData("return { payload: 'has_next_page=false' };", "data.payload is not JSON text (")]
    [InlineData("return { payload: '[1]' };", "data.payload is JSON text of an array, not of an object")]
    [InlineData("return { variables: {} };", "it returned no data.payload")]
    [InlineData("return { payload: { has_next_page: true, url: 42, headers: [] } };", "the next page's request.headers is an array, not an object of names to values")]
    public void A_wrong_answer_says_what_is_wrong(string body, string expected)
    {
        var error = Assert.Throws<ScriptException>(() => _host.RunPagination(Script($"module.exports = async function handle(data) {{ {body} }};"), Page));

        Assert.Equal(ScriptFailure.BadResult, error.Failure);
        Assert.StartsWith("Pagination script of endpoint 'list-orders' failed: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_post_auth_script_can_take_the_token_out_of_a_compound_field()
    {
        var script = CompiledScript.Compile("""
            module.exports = async function handle(data) {
                const body = JSON.parse(data.payload);
                const [, token] = body.result.split('|');
                data.variables.token = token;
                data.payload = JSON.stringify({ access_token: token });
                return data;
            };
            """, "post-request script of auth method 'login'");

        var result = _host.RunPostAuth(script, """{"result":"ok|tok-123"}""", new Dictionary<string, string> { ["username"] = "api" });

        Assert.Equal("""{"access_token":"tok-123"}""", result.Payload);
        Assert.Equal(new Dictionary<string, string> { ["username"] = "api", ["token"] = "tok-123" }, result.Variables);
    }

    [Fact]
    public void A_post_auth_script_that_returns_nothing_is_told_to_return_data()
    {
        var script = CompiledScript.Compile("module.exports = async function handle(data) { data.variables.token = 'x'; };", "post-request script of auth method 'login'");

        var error = Assert.Throws<ScriptException>(() => _host.RunPostAuth(script, "{}", new Dictionary<string, string>()));

        Assert.Equal(ScriptFailure.BadResult, error.Failure);
        Assert.Equal("Post-request script of auth method 'login' failed: it returned nothing (undefined or null): return data (with data.payload and data.variables).", error.Message);
    }

    [Fact]
    public void A_pre_auth_script_can_sign_the_request_and_set_variables()
    {
        var script = CompiledScript.Compile("""
            module.exports = async function handle(data) {
                const request = JSON.parse(data.payload);
                request.headers['X-Signature'] = 'sig:' + request.body.length;
                request.body = request.body.replace('{{nonce}}', 'n-1');
                data.payload = JSON.stringify(request);
                data.variables.nonce = 'n-1';
                return data;
            };
            """, "pre-request script of auth method 'login'");
        var request = new ScriptRequest("https://auth.example.com/token", "POST", [new("Content-Type", "application/json")], """{"nonce":"{{nonce}}"}""");

        var result = _host.RunPreAuth(script, request, new Dictionary<string, string> { ["client_id"] = "c1" });

        Assert.Equal(request.Url, result.Request.Url);
        Assert.Equal("POST", result.Request.Method);
        Assert.Equal([new("Content-Type", "application/json"), new KeyValuePair<string, string>("X-Signature", "sig:21")], result.Request.Headers);
        Assert.Equal("""{"nonce":"n-1"}""", result.Request.Body);
        Assert.Equal(new Dictionary<string, string> { ["client_id"] = "c1", ["nonce"] = "n-1" }, result.Variables);
    }

    [Fact]
    public void A_pre_auth_script_that_returns_data_unchanged_keeps_the_request()
    {
        var script = CompiledScript.Compile("function handle(data) { return data; }", "pre-request script");
        var request = new ScriptRequest("https://auth.example.com/token", "POST", [new("Accept", "*/*")], "a=1");

        var result = _host.RunPreAuth(script, request, new Dictionary<string, string>());

        Assert.Equal(request.Url, result.Request.Url);
        Assert.Equal(request.Headers, result.Request.Headers);
        Assert.Equal(request.Body, result.Request.Body);
    }
}
