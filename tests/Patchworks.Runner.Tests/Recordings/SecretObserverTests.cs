using System.Collections.Concurrent;
using Patchworks.Core.Running.Results;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Recordings;

/// <summary>RunOptions.SecretObserver hears every secret the run registers, with its kind and variable name, and nothing else.</summary>
public sealed class SecretObserverTests
{
    [Fact]
    public async Task A_password_grant_run_tells_the_password_by_name_and_the_tokens_by_kind_but_not_the_shop_address()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopwareApi()]);
        var heard = new ConcurrentBag<RunSecret>();
        var options = Runs.OptionsFor(server, new Dictionary<string, string> { ["SHOPWARE_DE_STAGING_PASSWORD"] = ShopwareApi.AdminPassword }, maxPages: 1)
            with { SecretObserver = heard.Add, ShareTokens = false };

        var result = await Runs.SampleAsync("shopware6", "list-products", "de-staging.instance.json", options);

        Assert.True(result.Stop is StopReason.Completed or StopReason.MaxPages, result.StopMessage);
        Assert.Contains(heard, s => s is { Kind: SecretKind.Variable, Name: "password" } && s.Value == ShopwareApi.AdminPassword);
        Assert.Contains(heard, s => s.Kind == SecretKind.AccessToken && s.Value.Length > 10);
        Assert.Contains(heard, s => s.Kind == SecretKind.RefreshToken);
        Assert.DoesNotContain(heard, s => s.Value.Contains("acme-outdoor", StringComparison.Ordinal)); // a near miss: the shop's address is no secret
    }

    /// <remarks>The runs that share no token get their own token store too: a refresh token kept there is another way to a token.</remarks>
    [Fact]
    public async Task A_run_that_does_not_share_tokens_asks_for_its_own_and_one_that_does_reuses_the_last()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopwareApi()]);
        var options = Runs.OptionsFor(server, new Dictionary<string, string> { ["SHOPWARE_DE_STAGING_PASSWORD"] = ShopwareApi.AdminPassword }, maxPages: 1);

        Core.Running.Auth.TokenCache.Clear();
        var alone = await Runs.SampleAsync("shopware6", "list-products", "de-staging.instance.json", options with { ShareTokens = false, TokenStore = new Core.Running.Auth.MemoryTokenStore() });
        var first = await Runs.SampleAsync("shopware6", "list-products", "de-staging.instance.json", options);
        var shared = await Runs.SampleAsync("shopware6", "list-products", "de-staging.instance.json", options);
        // Last: the fake API revokes a user's earlier tokens when it grants a new one.
        var own = await Runs.SampleAsync("shopware6", "list-products", "de-staging.instance.json", options with { ShareTokens = false, TokenStore = new Core.Running.Auth.MemoryTokenStore() });

        Assert.Single(alone.Auth);
        Assert.Single(first.Auth); // the run that kept nothing left nothing to reuse
        Assert.True(shared.Auth.Count == 0, string.Join(" / ", shared.Auth.Select(a => a.Purpose))); // a near miss: sharing reuses
        Assert.Single(own.Auth); // a fresh token in the cache, and still its own
    }
}
