using System.Text.Json.Nodes;
using Patchworks.Core.Publishing;
using Patchworks.Publishing.Tests.Infrastructure;
using Patchworks.TestApi.Apis;

namespace Patchworks.Publishing.Tests;

/// <summary>The Core API client's auth, paging and error paths against the strict Core API stand-in.</summary>
public sealed class CoreApiClientTests
{
    private static readonly CoreApiCredentials.Login GoodLogin = new(DocumentedCoreApi.Username, DocumentedCoreApi.Password);

    [Fact]
    public async Task A_wrong_api_key_is_a_401_that_names_the_variable_and_never_the_key()
    {
        await using var h = await Harness.StartAsync();
        const string wrong = "pw_wrong_key_0000000000000000";
        using var client = h.Client(new CoreApiCredentials.ApiKey(wrong));

        var error = await Assert.ThrowsAsync<CoreApiException>(() => h.PlanAsync(client));

        Assert.Equal(401, error.Status);
        Assert.Contains("refused the API key (401). Check PATCHWORKS_API_KEY", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.Message, StringComparison.Ordinal);
        Assert.Equal(wrong, h.Server.Log.Requests[^1].Headers["Authorization"]);
        Assert.Equal(0, h.LoggedWrites);
    }

    [Fact]
    public async Task A_login_gets_a_bearer_token_and_a_refused_login_shows_no_password()
    {
        await using var h = await Harness.StartAsync();

        var (_, result) = await h.PublishAsync(credentials: GoodLogin);
        Assert.True(result.Writes > 0);
        Assert.Equal(1, h.Api.Logins);
        Assert.All(h.Server.Log.Requests.Where(r => r.PathAndQuery.StartsWith("/api/v1/", StringComparison.Ordinal)),
            r => Assert.StartsWith("Bearer ", r.Headers["Authorization"], StringComparison.Ordinal));

        using var client = h.Client(new CoreApiCredentials.Login(DocumentedCoreApi.Username, "not-the-password-123"));
        var error = await Assert.ThrowsAsync<CoreApiException>(() => h.PlanAsync(client));
        Assert.Contains("the login was refused (401). Check PATCHWORKS_USERNAME and PATCHWORKS_PASSWORD", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password-123", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(DocumentedCoreApi.Password, string.Join("\n", h.Log), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_is_renewed_before_it_expires_and_once_after_a_401()
    {
        await using var h = await Harness.StartAsync(clock => new DocumentedCoreApi(time: clock, tokenLifetime: TimeSpan.FromHours(1)));
        using var client = h.Client(GoodLogin);

        var plan = await h.PlanAsync(client);
        Assert.Equal(1, client.Logins);
        h.Clock.Advance(TimeSpan.FromMinutes(56)); // within five minutes of expiry: renewed before the next request
        await client.ListAsync(CoreApiAssumptions.Default.SystemTemplatesPath, new Dictionary<string, string>(), CancellationToken.None);
        Assert.Equal(2, client.Logins);

        h.Api.RevokeTokens();
        var result = await Publisher.PublishAsync(plan, h.Load(), client, null, CancellationToken.None);

        Assert.Equal(3, client.Logins);
        Assert.Equal(3, h.Api.Logins);
        Assert.Contains(h.Log, l => l == "The Core API refused the token (401); logging in again.");
        Assert.Equal(plan.Steps.Count + 2, result.Writes); // the steps, the icon's upload and the version written last
    }

    [Fact]
    public async Task Lists_follow_the_pages_at_100_a_page()
    {
        await using var h = await Harness.StartAsync();
        await h.PublishAsync();
        using var client = h.Client();
        var templateId = h.Api.All("patchworks/system-templates")[0]["id"]!.GetValue<int>();
        for (var i = 0; i < 230; i++)
        {
            await client.CreateAsync(CoreApiAssumptions.Default.VariablesPath, new JsonObject { ["model_type"] = "system_template", ["model_id"] = templateId, ["key"] = $"extra_{i}" }, CancellationToken.None);
        }

        var all = await client.ListAsync(CoreApiAssumptions.Default.VariablesPath, new Dictionary<string, string> { ["model_type"] = "system_template", ["model_id"] = templateId.ToString(System.Globalization.CultureInfo.InvariantCulture) }, CancellationToken.None);

        Assert.Equal(230 + h.Load().Model.Variables.Count, all.Count);
        Assert.Equal(all.Count, all.Select(v => v["id"]!.ToString()).Distinct().Count());
        var pages = h.Server.Log.Requests.Where(r => r.Method == "GET" && r.PathAndQuery.StartsWith("/api/v1/variables?", StringComparison.Ordinal)).TakeLast(3).ToList();
        Assert.All(pages, p => Assert.Contains("per_page=100", p.PathAndQuery, StringComparison.Ordinal));
        Assert.Contains("page=3", pages[2].PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_waits_for_retry_after_and_carries_on()
    {
        await using var h = await Harness.StartAsync(clock => new DocumentedCoreApi(time: clock, burstLimit: 5, burstWindow: TimeSpan.FromSeconds(1), retryAfterSeconds: 1));

        var (plan, result) = await h.PublishAsync();

        Assert.NotEmpty(h.Waits);
        Assert.All(h.Waits, w => Assert.Equal(TimeSpan.FromSeconds(1), w));
        Assert.Contains(h.Log, l => l.Contains(": 429; retrying in 1 s", StringComparison.Ordinal));
        Assert.Equal(plan.Steps.Count + 2, result.Writes);
        Assert.Single(h.Api.All("patchworks/system-templates"));
    }

    [Fact]
    public async Task A_429_asking_for_too_long_a_wait_fails_with_a_clear_message()
    {
        await using var h = await Harness.StartAsync(clock => new DocumentedCoreApi(time: clock, burstLimit: 0, burstWindow: TimeSpan.FromMinutes(10), retryAfterSeconds: 600));
        using var client = h.Client();

        var error = await Assert.ThrowsAsync<CoreApiException>(() => h.PlanAsync(client));

        Assert.Equal(429, error.Status);
        Assert.Contains("too many requests (429)", error.Message, StringComparison.Ordinal);
        Assert.Contains("it asked to wait 600 s, more than the 60 s this client waits", error.Message, StringComparison.Ordinal);
        Assert.Empty(h.Waits);
    }

    [Fact]
    public async Task An_update_answered_500_is_retried_and_a_create_is_not()
    {
        await using var h = await Harness.StartAsync();
        await h.PublishAsync();
        h.Edit("\"name\": \"List all products\"", "\"name\": \"List products\"");
        h.Api.FailNextWrites(2);

        var (_, result) = await h.PublishAsync(VersionBump.Patch);

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], h.Waits);
        Assert.Equal("List products", h.Api.All("endpoints").Single(e => e["name"]!.GetValue<string>().StartsWith("List products", StringComparison.Ordinal))["name"]!.GetValue<string>());
        Assert.Equal(2, result.Writes);
    }

    [Fact]
    public async Task A_422_is_placed_on_the_connector_line_the_field_comes_from_and_says_to_fix_the_file()
    {
        await using var h = await Harness.StartAsync();
        // An assumption changed (A6) to a request option type the API does not take: the API's 422 names the field.
        var assumptions = CoreApiAssumptions.Default with { QueryRequestOptionType = "query" };

        var error = await Assert.ThrowsAsync<PublishException>(() => h.PublishAsync(assumptions: assumptions));

        Assert.Equal("connectorErrors", error.Reason);
        Assert.Contains("the Core API refused the data (422)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Fix the file where the problems are shown, then publish again", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("finishes the job", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("-1 of", error.Message, StringComparison.Ordinal);
        var problem = Assert.Single(error.Problems);
        Assert.Contains(": type: ", problem.Message, StringComparison.Ordinal);
        var document = h.Load();
        var parameter = document.Model.AuthMethods.SelectMany(a => a.Query).Concat(document.Model.Endpoints.SelectMany(e => e.Query)).First();
        var position = document.Tree.Lines.GetPosition(parameter.Syntax.Span.Start);
        Assert.Equal((position.Line + 1, position.Character + 1), (problem.Line, problem.Column));
    }

    [Fact]
    public async Task A_field_the_api_requires_and_the_file_lacks_is_refused_with_its_code_before_any_write()
    {
        await using var h = await Harness.StartAsync();
        h.Edit("\"colour\": \"green\",", "");

        var error = await Assert.ThrowsAsync<PublishException>(() => h.PublishAsync());

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("PW6002: Publishing needs \"colour\"", problem.Message, StringComparison.Ordinal);
        Assert.Equal(3, problem.Line);
        Assert.Empty(h.Server.Log.Requests);
    }

    [Fact]
    public async Task A_payload_over_8_mb_is_a_413_that_says_so_and_not_that_running_again_finishes()
    {
        await using var h = await Harness.StartAsync();
        // The schema caps every published string far below 8 MB, so a valid file cannot reach the limit: the planned
        // value of a variable is made huge after planning, as a much larger connector's payload would be.
        using var client = h.Client();
        var plan = await h.PlanAsync(client);
        plan.Steps.First(s => s.Resource.Kind == ResourceKind.Variable).Resource.Fields["value"] = new string('x', 9 * 1024 * 1024);

        var error = await Assert.ThrowsAsync<PublishException>(() => Publisher.PublishAsync(plan, h.Load(), client, null, CancellationToken.None));

        Assert.True(error.Problems.Count == 0, string.Join("\n", error.Problems));
        Assert.Contains("the payload is too large (413): 9.0 MB, over the Core API's 8 MB limit", error.Message, StringComparison.Ordinal);
        Assert.Contains("Make the file's largest value smaller", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("finishes the job", error.Message, StringComparison.Ordinal);
        Assert.Contains(" 2 of ", error.Message, StringComparison.Ordinal); // the upload and the template were written
    }

    [Fact]
    public async Task A_connector_with_validation_errors_is_refused_before_any_request()
    {
        await using var h = await Harness.StartAsync();
        h.Edit("\"direction\": \"receive\",\n      \"method\": \"GET\",\n      \"url\": \"https://{{store_name}}.myshopify.com/admin/api/{{api_version}}/products.json\"",
            "\"direction\": \"sideways\",\n      \"method\": \"GET\",\n      \"url\": \"https://{{store_name}}.myshopify.com/admin/api/{{api_version}}/products.json\"");

        var error = await Assert.ThrowsAsync<PublishException>(() => h.PublishAsync());

        Assert.StartsWith("The connector has 1 error", error.Message, StringComparison.Ordinal);
        Assert.Contains(error.Problems, p => p.Message.Contains("sideways", StringComparison.Ordinal));
        Assert.Empty(h.Server.Log.Requests);
    }
}

/// <summary>A Core API that quotes the credential back in its error: the client's message shows the mask, never the key (the runner's redactor, every form of it).</summary>
public sealed class CoreApiEchoTests
{
    [Fact]
    public async Task An_error_that_quotes_the_api_key_back_is_shown_masked()
    {
        const string key = "pw_echo_KEY_7c1e+/x";
        var port = FreePort();
        using var listener = new System.Net.HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var answering = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            context.Response.StatusCode = 422;
            context.Response.ContentType = "application/json";
            var body = new JsonObject
            {
                ["message"] = $"The key {key} may not list templates",
                ["errors"] = new JsonObject { ["filter"] = new JsonArray($"{Uri.EscapeDataString(key)} is not a filter") },
            }.ToJsonString();
            var bytes = System.Text.Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        });
        using var client = new CoreApiClient(new CoreApiOptions
        {
            BaseUrl = $"http://127.0.0.1:{port}/api/v1",
            Credentials = new CoreApiCredentials.ApiKey(key),
            MaxRetries = 0,
        });

        var error = await Assert.ThrowsAsync<CoreApiException>(() => client.ListAsync("/patchworks/system-templates", new Dictionary<string, string>(), CancellationToken.None));
        await answering;

        var shown = error.Message + "\n" + string.Join("\n", error.FieldErrors.SelectMany(f => f.Messages));
        Assert.Equal(422, error.Status);
        Assert.Contains("may not list templates", shown, StringComparison.Ordinal);
        Assert.Contains("•••••• is not a filter", shown, StringComparison.Ordinal); // the URL-encoded form too
        Assert.DoesNotContain(key, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(key), shown, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }
}
