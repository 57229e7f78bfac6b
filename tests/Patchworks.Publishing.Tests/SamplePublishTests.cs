using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Publishing;
using Patchworks.Publishing.Tests.Infrastructure;
using Patchworks.TestApi.Apis;

namespace Patchworks.Publishing.Tests;

/// <summary>
/// Every sample publishes to the strict stand-in with the ids of the API's own lists and the documented request
/// option types; re-publishes with no write; and, after a failure part-way (500, a 500 on a create that was made,
/// 429s past the retries), is finished from a fresh checkout (no sidecar) without a duplicate.
/// </summary>
public sealed class SamplePublishTests
{
    public static TheoryData<string> Samples => [.. SampleConnectors.Names()];

    public static TheoryData<string> EventSamples => [.. Repository.EventSamples().Select(Path.GetFileName).Where(n => n is not null).Select(n => n!)];

    [Theory]
    [MemberData(nameof(EventSamples))]
    public async Task An_event_connector_is_refused_before_any_request(string sample)
    {
        await using var h = await Harness.StartAsync(sample: sample);

        var refused = await Assert.ThrowsAsync<PublishException>(() => h.PublishAsync());

        Assert.Equal("eventConnector", refused.Reason);
        Assert.Contains("event connector", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Api.Writes);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task A_sample_publishes_with_ids_from_the_api_s_lists_and_again_with_no_write(string sample)
    {
        await using var h = await Harness.StartAsync(sample: sample);
        var connector = h.Load().Model;

        var (plan, result) = await h.PublishAsync();

        Assert.Equal(h.Api.Writes, result.Writes);
        var template = Assert.Single(h.Api.All("patchworks/system-templates"));
        Assert.Equal(h.Api.IdOf("system-types", connector.SystemType!), template["system_type_id"]!.GetValue<int>());
        Assert.Equal(connector.VersionNumber, template["version"]!.GetValue<int>());
        Assert.StartsWith($"https://{DocumentedCoreApi.Host}/storage/logos/", template["logo_url"]!.GetValue<string>(), StringComparison.Ordinal);
        var endpoints = h.Api.All("endpoints");
        foreach (var endpoint in connector.Endpoints.Where(e => e.EntityType is not null))
        {
            Assert.All(endpoints.Where(e => e["name"]!.GetValue<string>() == endpoint.Name),
                e => Assert.Equal(h.Api.IdOf("entity-types", endpoint.EntityType!), e["entity_type_id"]!.GetValue<int>()));
        }
        Assert.All(h.Api.All("authentication-implementations"), a => Assert.NotNull(a["authentication_type_id"]));
        var options = h.Api.All("request-options");
        Assert.All(options, o => Assert.Contains(o["type"]!.GetValue<string>(), new[] { "url", "header", "body" }));
        var queryKeys = connector.Endpoints.SelectMany(e => e.Query).Select(q => q.Key).ToHashSet(StringComparer.Ordinal);
        var headerKeys = connector.Endpoints.SelectMany(e => e.Headers).Select(q => q.Key).ToHashSet(StringComparer.Ordinal);
        Assert.All(options.Where(o => queryKeys.Contains(o["key"]!.GetValue<string>()) && !headerKeys.Contains(o["key"]!.GetValue<string>())),
            o => Assert.NotEqual("header", o["type"]!.GetValue<string>()));
        if (queryKeys.Count > 0)
        {
            Assert.Contains(options, o => o["type"]!.GetValue<string>() == "url");
        }
        h.AssertNoDuplicates();

        var (again, second) = await h.PublishAsync();
        Assert.False(again.HasWrites, again.ToText());
        Assert.Equal(0, second.Writes);
        Assert.Equal(result.Writes, h.Api.Writes);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task After_a_500_part_way_a_fresh_checkout_finishes_the_publish_without_duplicates(string sample)
    {
        var (total, counts) = await CleanPublishAsync(sample);
        await using var h = await Harness.StartAsync(sample: sample);
        h.Api.FailWrite(total / 2, 500);

        var failure = await Assert.ThrowsAsync<PublishException>(() => h.PublishAsync());
        Assert.Contains($"{total / 2 - 1} of {total} writes were made", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Running the same publish again finishes the job", failure.Message, StringComparison.Ordinal);

        await FinishFromAFreshCheckoutAsync(h, counts);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task After_a_500_on_a_create_that_was_made_a_fresh_checkout_finishes_without_duplicates(string sample)
    {
        var (total, counts) = await CleanPublishAsync(sample);
        await using var h = await Harness.StartAsync(sample: sample);
        // Write 3 is a create (the upload and the template come first); the middle one may be an update of nothing.
        h.Api.FailWrite(Math.Max(3, total / 2), 500, carriedOut: true);

        await Assert.ThrowsAsync<PublishException>(() => h.PublishAsync());

        await FinishFromAFreshCheckoutAsync(h, counts);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task After_429s_past_the_retries_part_way_a_fresh_checkout_finishes_without_duplicates(string sample)
    {
        var (total, counts) = await CleanPublishAsync(sample);
        await using var h = await Harness.StartAsync(sample: sample);
        for (var attempt = total / 2; attempt < total / 2 + 4; attempt++)
        {
            h.Api.FailWrite(attempt, 429); // the first and its three retries
        }

        var failure = await Assert.ThrowsAsync<PublishException>(() => h.PublishAsync());
        Assert.Contains("too many requests (429)", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"{total / 2 - 1} of {total} writes were made", failure.Message, StringComparison.Ordinal);

        await FinishFromAFreshCheckoutAsync(h, counts);
    }

    /// <summary>The writes of an uninterrupted first publish, and what it leaves in each collection.</summary>
    private static async Task<(int Total, Dictionary<string, int> Counts)> CleanPublishAsync(string sample)
    {
        await using var clean = await Harness.StartAsync(sample: sample);
        var (_, result) = await clean.PublishAsync();
        return (result.Writes, clean.Counts());
    }

    private static async Task FinishFromAFreshCheckoutAsync(Harness h, Dictionary<string, int> counts)
    {
        File.Delete(h.SidecarPath);

        var (plan, _) = await h.PublishAsync();

        Assert.True(plan.UnfinishedRemote || plan.RemoteVersion is null, plan.ToText());
        Assert.Equal(counts, h.Counts());
        h.AssertNoDuplicates();
        Assert.Equal(h.Load().Model.VersionNumber, h.Api.All("patchworks/system-templates")[0]["version"]!.GetValue<int>());
        var writes = h.Api.Writes;
        var (again, result) = await h.PublishAsync();
        Assert.False(again.HasWrites, again.ToText());
        Assert.Equal(0, result.Writes);
        Assert.Equal(writes, h.Api.Writes);
    }
}
