using System.Net;
using System.Text;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>
/// The Freshdesk stand-in, as Freshdesk documents API v2: Basic with the API key, page/per_page (at most 100) with the
/// next page in the Link header and none on the last page, the 30-day default of the ticket list, 300 pages at most,
/// the Validation failed shape, the per-minute limit with its headers, and ticket creation.
/// </summary>
public sealed class FreshdeskApiTests
{
    private const string Api = "https://" + FreshdeskApi.TestDomain + ".freshdesk.com/api/v2";
    private static readonly (string, string) Key = ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(FreshdeskApi.TestApiKey + ":X")));

    [Fact]
    public async Task Following_the_link_header_yields_every_ticket_once_and_the_last_page_has_no_link()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new FreshdeskApi(ticketCount: 300)]);
        using var client = TestApiClient.For(server);
        var ids = new List<int>();
        string? url = $"{Api}/tickets?per_page=100&updated_since=2026-01-01T00:00:00Z&order_by=created_at&order_type=asc";
        var pages = 0;
        while (url is not null)
        {
            var (response, json) = await client.SendJsonAsync(TestApiClient.Get(url, Key));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            ids.AddRange(json!.AsArray().Select(t => t!["id"]!.GetValue<int>()));
            pages++;
            url = response.Headers.TryGetValues("Link", out var links)
                ? System.Text.RegularExpressions.Regex.Match(links.Single(), "<([^>]+)>; rel=\"next\"").Groups[1].Value
                : null;
            if (url is not null)
            {
                Assert.Contains("updated_since=", url, StringComparison.Ordinal); // the query is kept
            }
        }

        Assert.Equal(Enumerable.Range(1, 300), ids);
        Assert.Equal(3, pages); // 300 exactly: the third page is full and still carries no Link
    }

    [Fact]
    public async Task Per_page_over_100_a_bad_page_and_a_page_past_300_are_400_validation_failed()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new FreshdeskApi(ticketCount: 50)]);
        using var client = TestApiClient.For(server);

        var (over, overJson) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/contacts?per_page=101", Key));
        var (zero, _) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/companies?page=0", Key));
        var (past, pastJson) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/tickets?updated_since=2026-01-01T00:00:00Z&page=301", Key));
        var (order, _) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/tickets?order_by=id", Key));

        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Equal("Validation failed", overJson!["description"]!.GetValue<string>());
        Assert.Equal("per_page", overJson["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("invalid_value", overJson["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Equal("page", pastJson!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, order.StatusCode);
    }

    [Fact]
    public async Task Without_updated_since_only_tickets_created_in_the_last_30_days_come_newest_first()
    {
        var clock = new ManualClock();
        clock.Advance(FreshdeskApi.TicketCreated(100).AddDays(30) - clock.GetUtcNow());
        await using var server = await TestApiServer.StartAsync(apis: [new FreshdeskApi(ticketCount: 120, time: clock)]);
        using var client = TestApiClient.For(server);

        var (response, json) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/tickets?per_page=100", Key));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Enumerable.Range(100, 21).Reverse(), json!.AsArray().Select(t => t!["id"]!.GetValue<int>()));
        Assert.False(response.Headers.Contains("Link"));
    }

    [Fact]
    public async Task A_wrong_or_missing_key_is_401_and_the_minute_window_ends_in_429_with_retry_after()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new FreshdeskApi(perMinute: 3)]);
        using var client = TestApiClient.For(server);

        var (missing, missingJson) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/companies"));
        var (live, _) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/companies", ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(FreshdeskApi.LiveApiKey + ":X")))));
        var statuses = new List<(HttpStatusCode, string?)>();
        for (var i = 0; i < 4; i++)
        {
            var (response, _) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/companies", Key));
            statuses.Add((response.StatusCode, response.Headers.TryGetValues("X-Ratelimit-Remaining", out var left) ? left.Single() : null));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("60", response.Headers.GetValues("Retry-After").Single());
            }
        }

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("invalid_credentials", missingJson!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, live.StatusCode);
        Assert.Equal([(HttpStatusCode.OK, "2"), (HttpStatusCode.OK, "1"), (HttpStatusCode.OK, "0"), (HttpStatusCode.TooManyRequests, "0")], statuses);
    }

    [Fact]
    public async Task Creating_a_ticket_needs_json_a_requester_and_valid_status_and_priority()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new FreshdeskApi(ticketCount: 10)]);
        using var client = TestApiClient.For(server);
        HttpRequestMessage Post(string body, string type = "application/json")
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{Api}/tickets") { Content = new StringContent(body, Encoding.UTF8, type) };
            request.Headers.TryAddWithoutValidation(Key.Item1, Key.Item2);
            return request;
        }

        var (created, createdJson) = await client.SendJsonAsync(Post("{\"email\":\"a@example.com\",\"subject\":\"s\",\"description\":\"d\",\"status\":2,\"priority\":1}"));
        var (noRequester, noRequesterJson) = await client.SendJsonAsync(Post("{\"subject\":\"s\",\"description\":\"d\",\"status\":2,\"priority\":1}"));
        var (badStatus, _) = await client.SendJsonAsync(Post("{\"email\":\"a@example.com\",\"subject\":\"s\",\"description\":\"d\",\"status\":9,\"priority\":1}"));
        var (form, formJson) = await client.SendJsonAsync(Post("subject=s", "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(11, createdJson!["id"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, noRequester.StatusCode);
        Assert.Equal("requester_id", noRequesterJson!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Equal("invalid_content_type", formJson!["code"]!.GetValue<string>());
    }
}
