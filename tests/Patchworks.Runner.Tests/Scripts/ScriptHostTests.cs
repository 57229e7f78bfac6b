using System.Text.Json.Nodes;
using Patchworks.Core.Running.Scripts;

namespace Patchworks.Runner.Tests.Scripts;

/// <summary>The host: handler forms, the sandbox, console capture, and errors with their place in the script.</summary>
public sealed class ScriptHostTests
{
    private readonly ScriptHost _host = new();

    private ScriptResult Run(string source, JsonObject? data = null) =>
        _host.Run(CompiledScript.Compile(source, "test script"), data ?? new JsonObject { ["payload"] = "abc" });

    private ScriptException Fails(string source) =>
        Assert.Throws<ScriptException>(() => Run(source));

    [Theory]
    [InlineData("module.exports = async function handle(data) { await null; return { seen: data.payload }; };")]
    [InlineData("module.exports = function (data) { return { seen: data.payload }; };")]
    [InlineData("function handle(data) { return { seen: data.payload }; }")]
    [InlineData("async function handle(data) { return { seen: data.payload }; }")]
    [InlineData("exports.handle = async (data) => ({ seen: data.payload });")]
    public void Every_handler_form_is_called_with_data(string source)
    {
        var result = Run(source);

        Assert.Equal("""{"seen":"abc"}""", result.Value!.ToJsonString());
    }

    [Fact]
    public void A_script_without_a_handler_says_how_to_write_one()
    {
        var error = Fails("const x = 1;");

        Assert.Equal(ScriptFailure.NoHandler, error.Failure);
        Assert.Contains("module.exports = async function handle(data)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Console_lines_are_captured_in_order_with_their_level()
    {
        var result = Run("""
            module.exports = async function handle(data) {
                console.log('page', 3, true, null, undefined);
                console.info({ has_next_page: false, rows: [1, 2] });
                console.warn('slow');
                console.error(new Error('bad row'));
                return data;
            };
            """);

        Assert.Equal(
            ["page 3 true null undefined", """{"has_next_page":false,"rows":[1,2]}""", "warning: slow", "error: Error: bad row"],
            result.Log);
    }

    [Fact]
    public void A_logging_loop_keeps_the_first_lines_and_counts_the_rest()
    {
        var result = _host.Run(
            CompiledScript.Compile("function handle(data) { for (let i = 0; i < 1500; i++) console.log('line ' + i); return 1; }", "loop"),
            []);

        Assert.Equal(1001, result.Log.Count);
        Assert.Equal("line 999", result.Log[999]);
        Assert.Equal("(500 more console lines dropped: the limit is 1000)", result.Log[1000]);
    }

    [Fact]
    public void Require_is_refused_with_a_clear_error()
    {
        var error = Fails("const fs = require('fs');\nmodule.exports = function handle(data) { return data; };");

        Assert.Equal(ScriptFailure.Thrown, error.Failure);
        Assert.Equal("require('fs') is not available: connector scripts run without modules, files or network access", error.ScriptMessage);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void The_clr_eval_and_host_apis_are_out_of_reach()
    {
        var result = Run("""
            module.exports = function handle(data) {
                return [typeof System, typeof importNamespace, typeof clrHelper, typeof process, typeof setTimeout,
                        typeof fetch, typeof XMLHttpRequest, typeof globalThis.host].join(',');
            };
            """);
        var eval = Fails("module.exports = function handle(data) { return eval('1 + 1'); };");
        var function = Fails("module.exports = function handle(data) { return new Function('return this')(); };");

        Assert.Equal("undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined", result.Value!.GetValue<string>());
        Assert.Contains("String compilation has been disabled", eval.ScriptMessage, StringComparison.Ordinal);
        Assert.Contains("String compilation has been disabled", function.ScriptMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Btoa_and_atob_round_trip_latin1_and_refuse_what_they_cannot_hold()
    {
        var result = Run("""
            module.exports = function handle(data) {
                return [btoa('ck_123:cs_456'), atob('Y2tfMTIzOmNzXzQ1Ng'), atob(btoa('caf\u00e9'))];
            };
            """);
        var wide = Fails("module.exports = function handle(data) { return btoa('\u20ac'); };");
        var invalid = Fails("module.exports = function handle(data) { return atob('%%%'); };");

        Assert.Equal("""["Y2tfMTIzOmNzXzQ1Ng==","ck_123:cs_456","café"]""", result.Value!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.StartsWith("btoa: the string has a character outside Latin-1", wide.ScriptMessage, StringComparison.Ordinal);
        Assert.Equal("atob: the string is not valid Base64", invalid.ScriptMessage);
    }

    [Fact]
    public void Globals_a_call_leaves_do_not_reach_the_next_call()
    {
        var script = CompiledScript.Compile("module.exports = function handle(data) { globalThis.calls = (globalThis.calls || 0) + 1; return calls; };", "counter");

        Assert.Equal(1, _host.Run(script, []).Value!.GetValue<int>());
        Assert.Equal(1, _host.Run(script, []).Value!.GetValue<int>());
    }

    [Fact]
    public void A_syntax_error_gives_its_line_and_column()
    {
        var error = Assert.Throws<ScriptException>(() => CompiledScript.Compile("module.exports = function handle(data) {\n  return data +;\n};", "pagination script of endpoint 'list-report'"));

        Assert.Equal(ScriptFailure.Syntax, error.Failure);
        Assert.Equal(2, error.Line);
        Assert.Equal(15, error.Column);
        Assert.Equal("Pagination script of endpoint 'list-report' does not parse: Unexpected token ';' (line 2, column 15).", error.Message);
    }

    [Fact]
    public void A_thrown_error_gives_its_message_line_and_column()
    {
        var error = Fails("module.exports = function handle(data) {\n  const x = 1;\n  throw new Error('no rows in ' + data.payload);\n};");

        Assert.Equal(ScriptFailure.Thrown, error.Failure);
        Assert.Equal("no rows in abc", error.ScriptMessage);
        // Where the Error was made (new Error), as Node's stack traces count it.
        Assert.Equal((3, 9), (error.Line, error.Column));
        Assert.Equal("Test script threw: no rows in abc (line 3, column 9).", error.Message);
    }

    [Fact]
    public void An_error_thrown_after_an_await_gives_its_line_and_column_too()
    {
        var error = Fails("module.exports = async function handle(data) {\n  await null;\n    throw new TypeError('late');\n};");

        Assert.Equal(ScriptFailure.Thrown, error.Failure);
        Assert.Equal("late", error.ScriptMessage);
        Assert.Equal((3, 11), (error.Line, error.Column));
        Assert.Equal("Test script threw: TypeError: late (line 3, column 11).", error.Message);
    }

    [Fact]
    public void A_runtime_type_error_names_itself()
    {
        var error = Fails("module.exports = function handle(data) {\n  return data.missing.field;\n};");

        Assert.Equal(ScriptFailure.Thrown, error.Failure);
        Assert.Equal("Cannot read properties of undefined (reading 'field')", error.ScriptMessage);
        Assert.Equal(2, error.Line);
        Assert.StartsWith("Test script threw: TypeError: Cannot read properties of undefined", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_thrown_string_is_the_message()
    {
        var error = Fails("module.exports = async function handle(data) { throw 'plain text'; };");

        Assert.Equal("plain text", error.ScriptMessage);
        Assert.Null(error.Line);
    }

    [Fact]
    public void Console_lines_written_before_a_failure_come_with_the_exception()
    {
        var error = Fails("module.exports = function handle(data) { console.log('about to fail'); throw new Error('x'); };");

        Assert.Equal(["about to fail"], error.Log);
    }

    [Fact]
    public void A_result_json_cannot_hold_is_refused()
    {
        var error = Fails("module.exports = function handle(data) { const o = {}; o.self = o; return o; };");

        Assert.Equal(ScriptFailure.BadResult, error.Failure);
        Assert.Contains("cannot be turned into JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Payloads_nested_deeper_than_the_usual_64_levels_parse_and_return()
    {
        var result = Run("module.exports = function handle(data) { const deep = JSON.parse('['.repeat(150) + ']'.repeat(150)); return deep; };");

        Assert.Equal(new string('[', 150) + new string(']', 150), result.Value!.ToJsonString());
    }

    [Fact]
    public void One_compiled_script_runs_on_several_threads_at_once()
    {
        var script = CompiledScript.Compile(
            "module.exports = async function handle(data) { let n = 0; for (let i = 0; i < 1000; i++) n += i % 7; return data.payload + ':' + n; };", "shared");

        var answers = new string[8 * 25];
        Parallel.For(0, answers.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            answers[i] = _host.Run(script, new JsonObject { ["payload"] = $"call {i}" }).Value!.GetValue<string>());

        Assert.Equal(Enumerable.Range(0, answers.Length).Select(i => $"call {i}:2997"), answers);
    }

    [Fact]
    public void Returning_nothing_gives_a_null_value()
    {
        Assert.Null(Run("module.exports = async function handle(data) { data.x = 1; };").Value);
    }
}
