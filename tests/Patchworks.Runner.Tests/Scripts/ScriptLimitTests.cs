using System.Diagnostics;
using System.Text.Json.Nodes;
using Patchworks.Core.Running.Scripts;

namespace Patchworks.Runner.Tests.Scripts;

/// <summary>Every way a script could hang or exhaust the process ends in a ScriptException naming the limit and the script.</summary>
public sealed class ScriptLimitTests
{
    private static readonly TimeSpan ShortTime = TimeSpan.FromMilliseconds(300);

    // Timers and the regex timeout tick coarsely and may fire a few milliseconds early; a loaded machine makes them late.
    private static readonly TimeSpan Earliest = ShortTime - TimeSpan.FromMilliseconds(30);
    // Generous: the bound proves the limit ends the script rather than a hang, not how fast a loaded machine is.
    private static readonly TimeSpan Latest = ShortTime + TimeSpan.FromSeconds(20);

    private static ScriptException Fails(string source, ScriptLimits? limits = null, CancellationToken cancellationToken = default)
    {
        var script = CompiledScript.Compile(source, "pagination script of endpoint 'list-report'");
        return Assert.Throws<ScriptException>(() => new ScriptHost(limits).Run(script, new JsonObject { ["payload"] = "x" }, cancellationToken));
    }

    [Fact]
    public void An_infinite_loop_ends_at_the_time_limit()
    {
        var clock = Stopwatch.StartNew();
        var error = Fails("module.exports = function handle(data) { while (true) { } };", new ScriptLimits { TimeLimit = ShortTime });
        clock.Stop();

        Assert.Equal(ScriptFailure.TimeLimit, error.Failure);
        Assert.Equal("Pagination script of endpoint 'list-report' failed: it ran longer than the time limit of 300 ms.", error.Message);
        Assert.InRange(clock.Elapsed, Earliest, Latest);
    }

    [Fact]
    public void An_infinite_loop_after_an_await_ends_at_the_time_limit()
    {
        var clock = Stopwatch.StartNew();
        // The loop allocates nothing: one that does can reach the 64 MB memory limit first, and which limit wins is a race.
        var error = Fails("module.exports = async function handle(data) { await null; let n = 0; for (;;) { n = (n + 1) % 1000; } };", new ScriptLimits { TimeLimit = ShortTime });

        Assert.Equal(ScriptFailure.TimeLimit, error.Failure);
        Assert.InRange(clock.Elapsed, Earliest, Latest);
    }

    [Fact]
    public void The_time_limit_spans_the_top_level_and_the_handler_together()
    {
        // 200 ms at load and 200 ms in the handler: each within 300 ms, together not.
        var clock = Stopwatch.StartNew();
        var error = Fails("""
            const busy = (ms) => { const end = Date.now() + ms; while (Date.now() < end) { } };
            busy(200);
            module.exports = function handle(data) { busy(200); return data; };
            """, new ScriptLimits { TimeLimit = ShortTime });

        Assert.Equal(ScriptFailure.TimeLimit, error.Failure);
        Assert.InRange(clock.Elapsed, Earliest, Latest);
    }

    [Fact]
    public void A_catastrophic_regular_expression_ends_at_the_time_limit()
    {
        // The first regular expression of the process pays for compiling the regex engine: not the limit's doing.
        var warm = CompiledScript.Compile("module.exports = function handle(data) { return /^(a+)+$/.test('aaab'); };", "warm-up");
        Assert.False(new ScriptHost().Run(warm, []).Value!.GetValue<bool>());
        var clock = Stopwatch.StartNew();
        var error = Fails("module.exports = function handle(data) { return /^(a+)+$/.test('a'.repeat(40) + 'b'); };", new ScriptLimits { TimeLimit = ShortTime });

        Assert.Equal(ScriptFailure.TimeLimit, error.Failure);
        Assert.Contains("regular expression", error.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, Earliest, Latest);
    }

    [Fact]
    public void Growing_an_array_of_strings_ends_at_the_memory_limit()
    {
        // A generous time limit: on a loaded machine the memory limit must still be what ends it.
        var error = Fails("module.exports = function handle(data) { const rows = []; for (let i = 0; ; i++) rows.push('row ' + i + ' '.repeat(100)); };",
            new ScriptLimits { TimeLimit = TimeSpan.FromSeconds(60) });

        Assert.Equal(ScriptFailure.MemoryLimit, error.Failure);
        Assert.StartsWith("Pagination script of endpoint 'list-report' failed: it exceeded the memory limit of 64 MB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Doubling_a_string_ends_at_the_memory_limit()
    {
        var error = Fails("module.exports = function handle(data) { let s = 'x'; for (;;) s += s; };", new ScriptLimits { MemoryLimitBytes = 16L * 1024 * 1024, TimeLimit = TimeSpan.FromSeconds(60) });

        Assert.Equal(ScriptFailure.MemoryLimit, error.Failure);
        Assert.Contains("memory limit of 16 MB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_array_or_string_is_refused_before_it_is_allocated()
    {
        var array = Fails("module.exports = function handle(data) { return new Array(2 ** 32 - 1).fill(0).length; };");
        var text = Fails("module.exports = function handle(data) { return 'x'.repeat(2 ** 30).length; };");

        Assert.Equal(ScriptFailure.MemoryLimit, array.Failure);
        Assert.Contains("4294967295", array.Message, StringComparison.Ordinal);
        Assert.Equal(ScriptFailure.MemoryLimit, text.Failure);
        Assert.Contains("Invalid string length", text.Message, StringComparison.Ordinal);
        Assert.Equal(1, text.Line);
    }

    [Fact]
    public void Endless_recursion_ends_at_the_recursion_limit()
    {
        var error = Fails("module.exports = function handle(data) { return handle(data) + 1; };", new ScriptLimits { MaxRecursionDepth = 200 });

        Assert.Equal(ScriptFailure.RecursionLimit, error.Failure);
        Assert.Equal("Pagination script of endpoint 'list-report' failed: calls nested deeper than the recursion limit of 200.", error.Message);
    }

    [Fact]
    public void Recursion_deeper_than_the_stack_allows_is_stopped_not_a_crash()
    {
        // A small stack and no practical recursion count: only the stack guard stands between this and a
        // stack overflow, which would end the whole test process.
        ScriptException? error = null;
        var thread = new Thread(
            () => error = Fails(
                "module.exports = function handle(data) { return [data].map(d => handle(d))[0] + 1; };",
                new ScriptLimits { MaxRecursionDepth = 1_000_000, TimeLimit = TimeSpan.FromSeconds(30) }),
            maxStackSize: 512 * 1024);
        thread.Start();
        thread.Join();

        Assert.NotNull(error);
        Assert.Equal(ScriptFailure.RecursionLimit, error.Failure);
        Assert.Contains("deeper than the stack allows", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("let o = {}; for (let i = 0; i < 200000; i++) o = { o }; return JSON.stringify(o).length;", ScriptFailure.RecursionLimit)]
    [InlineData("let o = {}; for (let i = 0; i < 200000; i++) o = { o }; return o;", ScriptFailure.BadResult)]
    [InlineData("let a = []; for (let i = 0; i < 200000; i++) a = [a]; return String(a).length;", ScriptFailure.RecursionLimit)]
    public void Native_recursion_over_deeply_nested_data_is_stopped_not_a_crash(string body, ScriptFailure expected)
    {
        // Built by a loop, walked by Jint's own recursive code (JSON, join): the stack guard must catch it.
        ScriptException? error = null;
        object? value = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    value = new ScriptHost(new ScriptLimits { TimeLimit = TimeSpan.FromSeconds(30) })
                        .Run(CompiledScript.Compile($"module.exports = function handle(data) {{ {body} }};", "deep"), []).Value;
                }
                catch (ScriptException e)
                {
                    error = e;
                }
            },
            maxStackSize: 512 * 1024);
        thread.Start();
        thread.Join();

        Assert.Null(value);
        Assert.NotNull(error);
        Assert.Equal(expected, error.Failure);
    }

    [Fact]
    public void Logging_deeply_nested_data_logs_its_string_form()
    {
        ScriptResult? result = null;
        var thread = new Thread(
            () => result = new ScriptHost().Run(
                CompiledScript.Compile("function handle(data) { let o = {}; for (let i = 0; i < 200000; i++) o = { o }; console.log(o); return 1; }", "deep"), []),
            maxStackSize: 512 * 1024);
        thread.Start();
        thread.Join();

        Assert.NotNull(result);
        Assert.Equal(["[object Object]"], result.Log);
    }

    [Fact]
    public void The_statement_limit_counts_statements_when_set()
    {
        var error = Fails("module.exports = function handle(data) { let n = 0; for (let i = 0; i < 1e6; i++) { n++; } return n; };", new ScriptLimits { MaxStatements = 10_000 });
        var script = CompiledScript.Compile("module.exports = function handle(data) { let n = 0; for (let i = 0; i < 1000; i++) { n++; } return n; };", "counter");

        Assert.Equal(ScriptFailure.StatementLimit, error.Failure);
        Assert.Contains("10000 statements", error.Message, StringComparison.Ordinal);
        Assert.Equal(1000, new ScriptHost(new ScriptLimits { MaxStatements = 10_000 }).Run(script, []).Value!.GetValue<int>());
    }

    [Fact]
    public void Cancellation_stops_a_running_script()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var script = CompiledScript.Compile("module.exports = async function handle(data) { for (;;) { } };", "pagination script of endpoint 'list-report'");
        var clock = Stopwatch.StartNew();

        // A time limit far away, so that only the cancellation can have stopped it (a time limit is a ScriptException).
        var error = Assert.Throws<OperationCanceledException>(() => new ScriptHost(new ScriptLimits { TimeLimit = TimeSpan.FromMinutes(2) }).Run(script, [], cancel.Token));

        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.Equal("The pagination script of endpoint 'list-report' was canceled.", error.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void A_canceled_token_stops_the_call_before_it_starts()
    {
        var ran = CompiledScript.Compile("module.exports = function handle(data) { console.log('ran'); return 1; };", "script");

        Assert.Throws<OperationCanceledException>(() => new ScriptHost().Run(ran, [], new CancellationToken(canceled: true)));
    }

    [Fact]
    public void A_promise_that_can_never_settle_is_reported_at_once()
    {
        var clock = Stopwatch.StartNew();
        // A time limit far away: waiting it out would take minutes, so finishing within one shows it was seen at once.
        var error = Fails("module.exports = async function handle(data) { await new Promise(() => { }); return data; };", new ScriptLimits { TimeLimit = TimeSpan.FromMinutes(2) });

        Assert.Equal(ScriptFailure.NeverSettled, error.Failure);
        Assert.Contains("never settles", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{clock.Elapsed}");
    }
}
