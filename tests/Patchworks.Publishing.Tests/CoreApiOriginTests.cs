using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Patchworks.Core.Publishing;
using Patchworks.Core.Http;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Publishing.Tests;

/// <summary>
/// The Core API client never sends its API key to another origin: a links.next there is refused, a redirect
/// there is followed without the Authorization header. Two plain HTTP listeners on loopback, two origins.
/// </summary>
public sealed class CoreApiOriginTests
{
    private const string Key = "pw_origin_test_key_5b7c91d2";

    private static CoreApiClient Client(PlainHttpOrigin origin) => new(new CoreApiOptions
    {
        BaseUrl = $"{origin.Url}/api/v1",
        Credentials = new CoreApiCredentials.ApiKey(Key),
        Http = new HttpSettings { Timeout = TimeSpan.FromSeconds(10) },
        MaxRetries = 0,
    });

    private static Task<PlainHttpOrigin> OtherAsync() => PlainHttpOrigin.StartAsync(routes =>
        routes.MapGet("/api/v1/things", () => Results.Json(new { data = new[] { new { id = "2" } }, links = new { next = (string?)null } })));

    private static Task<PlainHttpOrigin> CoreAsync(Func<string> next) => PlainHttpOrigin.StartAsync(routes =>
    {
        routes.MapGet("/api/v1/things", (HttpContext context) => context.Request.Query["page"] == "1"
            ? Results.Json(new { data = new[] { new { id = "1" } }, links = new { next = next() } })
            : Results.Json(new { data = new[] { new { id = "2" } }, links = new { next = (string?)null } }));
        routes.MapGet("/api/v1/moved", () => Results.Redirect(next()));
        routes.MapGet("/api/v1/here", () => Results.Json(new { data = new { id = "3" } }));
    });

    [Fact]
    public async Task A_next_link_to_another_origin_is_not_followed_and_gets_nothing()
    {
        await using var other = await OtherAsync();
        await using var core = await CoreAsync(() => $"{other.Url}/api/v1/things?page=2&per_page=100");
        using var client = Client(core);

        var error = await Assert.ThrowsAsync<CoreApiException>(() => client.ListAsync("/things", new Dictionary<string, string>(), CancellationToken.None));

        Assert.Contains($"links.next) leads to {other.Url}, not to the Core API at {core.Url}", error.Message, StringComparison.Ordinal);
        Assert.Empty(other.Log.Requests);
        Assert.Equal(Key, Assert.Single(core.Log.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task A_next_link_on_the_same_origin_is_followed_with_the_key()
    {
        PlainHttpOrigin? origin = null;
        await using var core = origin = await CoreAsync(() => "/api/v1/things?page=2&per_page=100"); // relative, as some APIs give it

        using var client = Client(core);
        var items = await client.ListAsync("/things", new Dictionary<string, string>(), CancellationToken.None);

        Assert.Equal(["1", "2"], items.Select(i => i["id"]!.GetValue<string>()));
        Assert.Equal(2, core.Log.Requests.Count);
        Assert.All(core.Log.Requests, r => Assert.Equal(Key, r.Headers["Authorization"]));
    }

    [Fact]
    public async Task A_redirect_to_another_origin_goes_without_the_key_and_on_the_same_origin_with_it()
    {
        await using var other = await PlainHttpOrigin.StartAsync(routes => routes.MapGet("/api/v1/here", () => Results.Json(new { data = new { id = "9" } })));
        var target = "";
        await using var core = await CoreAsync(() => target);
        using var client = Client(core);

        target = $"{other.Url}/api/v1/here";
        Assert.Equal("9", (await client.GetAsync("/moved", CancellationToken.None))!["id"]!.GetValue<string>());
        var arrived = Assert.Single(other.Log.Requests);
        Assert.False(arrived.Headers.ContainsKey("Authorization"));
        Assert.DoesNotContain(Key, string.Join("\n", arrived.Headers.Values), StringComparison.Ordinal);

        target = $"{core.Url}/api/v1/here";
        Assert.Equal("3", (await client.GetAsync("/moved", CancellationToken.None))!["id"]!.GetValue<string>());
        Assert.Equal(Key, core.Log.Requests[^1].Headers["Authorization"]);
    }
}
