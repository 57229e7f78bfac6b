using System.Diagnostics;
using Patchworks.Core.Running.Scripts;
using Xunit.Abstractions;

namespace Patchworks.Runner.Tests.Scripts;

/// <summary>The two scripts of the peoplevox sample, run as the runner will run them.</summary>
public sealed class PeoplevoxScriptTests(ITestOutputHelper output)
{
    private static readonly KeyValuePair<string, string>[] SoapHeaders =
        [new("Content-Type", "text/xml; charset=utf-8"), new("Cache-Control", "private, max-age=0")];

    private readonly ScriptHost _host = new();

    [Fact]
    public void Paginate_asks_for_the_next_page_number_while_rows_remain()
    {
        var request = Peoplevox.ReportRequest(pageNo: 1);
        var page = Peoplevox.ReportResponse(0, totalCount: 1203, Peoplevox.Rows(1, 500));

        var decision = _host.RunPagination(Peoplevox.Paginate, new PaginationScriptInput(request, 200, SoapHeaders, page));

        Assert.True(decision.HasNextPage);
        var next = decision.Next!;
        Assert.Equal(Peoplevox.Url, next.Url);
        Assert.Equal("POST", next.Method);
        Assert.Equal(request.Headers, next.Headers);
        Assert.Contains("<PageNo>2</PageNo>", next.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<PageNo>1</PageNo>", next.Body, StringComparison.Ordinal);
        // Only the page number changes: the rest of the envelope (session, template) goes out as before.
        Assert.Equal(request.Body!.Replace("<PageNo>1</PageNo>", "<PageNo>2</PageNo>", StringComparison.Ordinal), next.Body);
    }

    [Fact]
    public void Paginate_stops_after_the_page_that_reaches_the_total()
    {
        var third = _host.RunPagination(Peoplevox.Paginate, new PaginationScriptInput(
            Peoplevox.ReportRequest(pageNo: 3), 200, SoapHeaders, Peoplevox.ReportResponse(0, 1203, Peoplevox.Rows(1001, 203))));
        var second = _host.RunPagination(Peoplevox.Paginate, new PaginationScriptInput(
            Peoplevox.ReportRequest(pageNo: 2), 200, SoapHeaders, Peoplevox.ReportResponse(0, 1203, Peoplevox.Rows(501, 500))));

        Assert.False(third.HasNextPage);
        Assert.Null(third.Next);
        Assert.True(second.HasNextPage);
        Assert.Contains("<PageNo>3</PageNo>", second.Next!.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Paginate_stops_on_an_error_response_id_or_an_http_error()
    {
        var expired = Peoplevox.ReportResponse(-1, 0, "System.Exception: Session has expired or is invalid. Please re-authenticate.");
        var onError = _host.RunPagination(Peoplevox.Paginate, new PaginationScriptInput(Peoplevox.ReportRequest(1), 200, SoapHeaders, expired));
        var onHttp500 = _host.RunPagination(Peoplevox.Paginate, new PaginationScriptInput(
            Peoplevox.ReportRequest(1), 500, SoapHeaders, Peoplevox.ReportResponse(0, 1203, Peoplevox.Rows(1, 500))));
        var sameButFine = _host.RunPagination(Peoplevox.Paginate, new PaginationScriptInput(
            Peoplevox.ReportRequest(1), 200, SoapHeaders, Peoplevox.ReportResponse(0, 1203, Peoplevox.Rows(1, 500))));

        Assert.False(onError.HasNextPage);
        Assert.False(onHttp500.HasNextPage);
        Assert.True(sameButFine.HasNextPage);
    }

    [Fact]
    public void Post_auth_passes_a_successful_authentication_through_unchanged()
    {
        var body = Peoplevox.AuthenticateResponse(0, "acme1234,7d5e0c1a-93b4-4d0e-bb1f-2f6c0e8b9a11");
        var variables = new Dictionary<string, string> { ["client_id"] = "acme1234", ["environment_host"] = "wms.peoplevox.net" };

        var result = _host.RunPostAuth(Peoplevox.PostAuth, body, variables);

        Assert.Equal(body, result.Payload);
        Assert.Equal(variables, result.Variables);
        Assert.Empty(result.Log);
    }

    [Fact]
    public void Post_auth_fails_the_authentication_with_peoplevox_own_message()
    {
        var body = Peoplevox.AuthenticateResponse(-1, "Authentication failed, the password is not valid Base64");

        var error = Assert.Throws<ScriptException>(() => _host.RunPostAuth(Peoplevox.PostAuth, body, new Dictionary<string, string>()));

        Assert.Equal(ScriptFailure.Thrown, error.Failure);
        Assert.Equal("Peoplevox authentication failed (ResponseId -1): Authentication failed, the password is not valid Base64", error.ScriptMessage);
        Assert.Equal(Peoplevox.LineOf("post-auth.js", "Peoplevox authentication failed"), error.Line);
        Assert.StartsWith("Post-request script of auth method 'session' threw: Peoplevox authentication failed", error.Message, StringComparison.Ordinal);
        Assert.Contains($"(line {error.Line}, column ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Post_auth_refuses_a_detail_that_is_not_client_and_session()
    {
        var body = Peoplevox.AuthenticateResponse(0, "acme1234");

        var error = Assert.Throws<ScriptException>(() => _host.RunPostAuth(Peoplevox.PostAuth, body, new Dictionary<string, string>()));

        Assert.Equal("Peoplevox: AuthenticateResult/Detail is not \"ClientId,SessionId\"", error.ScriptMessage);
        Assert.Equal(Peoplevox.LineOf("post-auth.js", "AuthenticateResult/Detail is not"), error.Line);
    }

    [Fact]
    public void A_page_as_large_as_the_runner_keeps_in_memory_fits_the_default_limits()
    {
        // The runner keeps bodies up to 4 MB in memory; the script parses the page's JSON wrapper and scans it.
        var rows = Peoplevox.Rows(1, 100_000);
        var page = Peoplevox.ReportResponse(0, 250_000, rows);
        var clock = Stopwatch.StartNew();

        var decision = _host.RunPagination(Peoplevox.Paginate, new PaginationScriptInput(Peoplevox.ReportRequest(1, itemsPerPage: 100_000), 200, SoapHeaders, page));

        output.WriteLine($"page of {page.Length:N0} characters: {clock.ElapsedMilliseconds} ms");
        Assert.True(page.Length > 4_000_000, $"{page.Length}");
        Assert.True(decision.HasNextPage);
        Assert.Contains("<PageNo>2</PageNo>", decision.Next!.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_thousand_pagination_calls_on_one_compiled_script_stay_cheap()
    {
        var input = new PaginationScriptInput(Peoplevox.ReportRequest(1), 200, SoapHeaders, Peoplevox.ReportResponse(0, 1203, Peoplevox.Rows(1, 500)));
        for (var i = 0; i < 20; i++)
        {
            _host.RunPagination(Peoplevox.Paginate, input);
        }

        var compile = Stopwatch.StartNew();
        for (var i = 0; i < 100; i++)
        {
            CompiledScript.Compile(Peoplevox.ScriptText("paginate.js"), "pagination script");
        }
        compile.Stop();
        var run = Stopwatch.StartNew();
        var pagesWithNext = 0;
        for (var i = 0; i < 1000; i++)
        {
            pagesWithNext += _host.RunPagination(Peoplevox.Paginate, input).HasNextPage ? 1 : 0;
        }
        run.Stop();

        var perCall = run.Elapsed.TotalMilliseconds / 1000;
        output.WriteLine($"1,000 pagination calls (page of {input.Payload!.Length:N0} characters): {run.ElapsedMilliseconds} ms, {perCall:0.000} ms a call; compile: {compile.Elapsed.TotalMilliseconds / 100:0.000} ms");
        Assert.Equal(1000, pagesWithNext);
        // Loose on purpose (shared build machine); a fresh engine a call costs well under a millisecond here.
        Assert.True(perCall < 20, $"{perCall:0.000} ms a call");
    }
}
