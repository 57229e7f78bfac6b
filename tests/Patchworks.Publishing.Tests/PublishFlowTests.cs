using System.Text.Json.Nodes;
using Patchworks.Core.Publishing;
using Patchworks.Publishing.Tests.Infrastructure;
using Patchworks.TestApi.Apis;

namespace Patchworks.Publishing.Tests;

/// <summary>Create, update, no-op, conflict and resume against the fake Core API, through the core library.</summary>
public sealed class PublishFlowTests
{
    [Fact]
    public async Task The_first_publish_creates_every_part_once_and_stores_their_ids_in_the_sidecar()
    {
        await using var h = await Harness.StartAsync();

        var (plan, result) = await h.PublishAsync();

        Assert.Null(plan.TemplateId);
        Assert.All(plan.Steps, s => Assert.Equal(PlanAction.Create, s.Action));
        var template = Assert.Single(h.Api.All("patchworks/system-templates"));
        Assert.Equal("Shopify", template["label"]!.GetValue<string>());
        Assert.Equal(1, template["version"]!.GetValue<int>());
        Assert.StartsWith("data:image/svg+xml;base64,", template["logo_url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("second", template["rate_limit_unit"]!.GetValue<string>());
        var auth = Assert.Single(h.Api.All("authentication-implementations"));
        Assert.Equal("Token", auth["authentication_type"]!.GetValue<string>());
        Assert.Equal(template["id"]!.GetValue<string>(), auth["system_template_id"]!.GetValue<string>());
        var endpoints = h.Api.All("endpoints");
        Assert.Equal(h.Load().Model.Endpoints.Count, endpoints.Count);
        var products = endpoints.Single(e => e["name"]!.GetValue<string>() == "List all products");
        Assert.Equal("Link Header", products["pagination_method"]!.GetValue<string>());
        Assert.Equal("Receive", products["direction"]!.GetValue<string>());
        var options = h.Api.All("request-options").Where(o => o["requestable_id"]!.GetValue<string>() == products["id"]!.GetValue<string>()).ToList();
        Assert.Contains(options, o => o["type"]!.GetValue<string>() == "query" && o["key"]!.GetValue<string>() == "limit" && o["value"]!.GetValue<string>() == "250" && o["required"]!.GetValue<bool>());
        var tokenVariable = h.Api.All("variables").Single(v => v["key"]!.GetValue<string>() == "access_token");
        Assert.Equal(("authentication_implementation", auth["id"]!.GetValue<string>()), (tokenVariable["model_type"]!.GetValue<string>(), tokenVariable["model_id"]!.GetValue<string>()));
        Assert.True(tokenVariable["secret"]!.GetValue<bool>());

        Assert.Equal(plan.Steps.Count, h.Api.Writes);
        Assert.Equal(h.Api.Writes, h.LoggedWrites);
        Assert.Equal(plan.Steps.Count, result.Writes);
        var sidecar = JsonNode.Parse(File.ReadAllText(h.SidecarPath))!["targets"]![PatchworksCoreApi.BaseUrl]!;
        Assert.Equal(template["id"]!.GetValue<string>(), sidecar["ids"]!["template"]!.GetValue<string>());
        Assert.Equal(plan.Steps.Count, sidecar["ids"]!.AsObject().Count);
        Assert.Equal(1, sidecar["publishedVersion"]!.GetValue<int>());
        Assert.Null(sidecar["unfinished"]);
    }

    [Fact]
    public async Task Publishing_an_unchanged_connector_again_writes_nothing()
    {
        await using var h = await Harness.StartAsync();
        await h.PublishAsync();
        var writesAfterFirst = h.LoggedWrites;
        var sidecarAfterFirst = File.ReadAllText(h.SidecarPath);

        var (plan, result) = await h.PublishAsync();

        Assert.False(plan.HasWrites);
        Assert.All(plan.Steps, s => Assert.Equal(PlanAction.Unchanged, s.Action));
        Assert.Empty(plan.LeftAlone);
        Assert.Equal(0, result.Writes);
        Assert.Equal(writesAfterFirst, h.LoggedWrites);
        Assert.Equal(sidecarAfterFirst, File.ReadAllText(h.SidecarPath));
        Assert.StartsWith("Nothing to publish", plan.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_sidecar_the_parts_are_matched_by_name_and_nothing_is_duplicated()
    {
        await using var h = await Harness.StartAsync();
        await h.PublishAsync();
        File.Delete(h.SidecarPath);
        var writes = h.LoggedWrites;

        var (plan, _) = await h.PublishAsync();

        Assert.False(plan.HasWrites);
        Assert.Equal(writes, h.LoggedWrites);
        Assert.True(File.Exists(h.SidecarPath));
        Assert.Single(h.Api.All("patchworks/system-templates"));
    }

    [Fact]
    public async Task A_changed_file_with_a_raised_version_updates_only_the_changed_fields_and_the_version_last()
    {
        await using var h = await Harness.StartAsync();
        await h.PublishAsync();
        h.Edit("\"name\": \"List all products\"", "\"name\": \"List products\"");
        h.Edit("{ \"number\": 1, \"name\": \"Version 1 - Admin API 2024-10\" }", "{ \"number\": 2, \"name\": \"Version 2 - Admin API 2024-10\" }");
        var before = h.LoggedWrites;

        using var client = h.Client();
        var plan = await h.PlanAsync(client);

        var changed = plan.Steps.Where(s => s.Action != PlanAction.Unchanged).ToList();
        Assert.Equal(2, changed.Count);
        var endpoint = Assert.Single(changed, s => s.Resource.Kind == ResourceKind.Endpoint);
        var change = Assert.Single(endpoint.Changes);
        Assert.Equal(("name", "\"List all products\"", "\"List products\""), (change.Field, FieldChange.Show(change.From), FieldChange.Show(change.To)));
        var template = Assert.Single(changed, s => s.Resource.Kind == ResourceKind.SystemTemplate);
        Assert.Equal(["version", "version_name"], template.Changes.Select(c => c.Field));
        Assert.Contains("~ endpoint 'list-products' under auth method 'admin-token'", plan.ToText(), StringComparison.Ordinal);

        var result = await Publisher.PublishAsync(plan, h.Load(), client, null, CancellationToken.None);

        Assert.Equal(2, h.LoggedWrites - before);
        var writes = h.Server.Log.Requests.Where(r => r.Method == "PATCH").ToList();
        Assert.EndsWith("/endpoints/" + endpoint.RemoteId, writes[0].PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("{\"name\":\"List products\"}", writes[0].Body);
        Assert.Contains("/patchworks/system-templates/", writes[1].PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(2, h.Api.All("patchworks/system-templates")[0]["version"]!.GetValue<int>());
        Assert.Equal(2, result.Version);
    }

    [Fact]
    public async Task A_changed_file_at_the_published_version_is_refused_unless_bumped_and_the_bump_is_written_to_the_file()
    {
        await using var h = await Harness.StartAsync();
        await h.PublishAsync();
        h.Edit("\"name\": \"List all products\"", "\"name\": \"List products\"");
        var before = h.LoggedWrites;

        var refused = await Assert.ThrowsAsync<PublishException>(() => h.PublishAsync());
        Assert.Contains("Version 1 of 'Shopify' is already in the marketplace", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--bump", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, h.LoggedWrites);

        var (plan, result) = await h.PublishAsync(VersionBump.Minor);

        Assert.Equal(("minor", 2, "Version 2 - Admin API 2024-10"), (plan.Bump, plan.PublishVersion, plan.PublishVersionName));
        Assert.True(result.FileBumped);
        var text = File.ReadAllText(h.ConnectorPath);
        Assert.Contains("\"version\": { \"number\": 2, \"name\": \"Version 2 - Admin API 2024-10\" }", text, StringComparison.Ordinal);
        Assert.Contains("// REST calls drain a leaky bucket", text, StringComparison.Ordinal);
        Assert.Equal(2, h.Api.All("patchworks/system-templates")[0]["version"]!.GetValue<int>());
        Assert.False((await h.PublishAsync()).Plan.HasWrites);
    }

    [Fact]
    public async Task A_newer_version_in_the_marketplace_is_never_overwritten()
    {
        await using var h = await Harness.StartAsync();
        var (first, _) = await h.PublishAsync();
        var id = File.ReadAllText(h.SidecarPath).Contains("\"template\"", StringComparison.Ordinal) ? h.Api.All("patchworks/system-templates")[0]["id"]!.GetValue<string>() : "";
        h.Api.Edit("patchworks/system-templates", id, t => t["version"] = 3);
        h.Edit("\"name\": \"List all products\"", "\"name\": \"List products\"");
        var before = h.LoggedWrites;

        var refused = await Assert.ThrowsAsync<PublishException>(() => h.PublishAsync(VersionBump.Patch));

        Assert.StartsWith("The marketplace holds version 3 of 'Shopify', newer than the file's version 1", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, h.LoggedWrites);
        Assert.Equal(3, h.Api.All("patchworks/system-templates")[0]["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Parts_only_in_the_marketplace_are_left_alone_and_listed()
    {
        await using var h = await Harness.StartAsync();
        await h.PublishAsync();
        var before = h.Api.All("endpoints").Count;
        // Without the sidecar's ids, a renamed endpoint is a new one; the old one stays in the marketplace.
        File.Delete(h.SidecarPath);
        h.Edit("\"name\": \"List all products\"", "\"name\": \"List products\"");

        var (plan, _) = await h.PublishAsync(VersionBump.Patch);

        Assert.Contains(plan.LeftAlone, l => l.Label == "endpoint 'List all products' of auth method 'admin-token'");
        Assert.Contains(plan.Steps, s => s.Action == PlanAction.Create && s.Resource.Key == "endpoint:admin-token/list-products");
        Assert.Contains("left alone (in the marketplace, not in the file): endpoint 'List all products' of auth method 'admin-token'", plan.ToText(), StringComparison.Ordinal);
        Assert.Equal(before + 1, h.Api.All("endpoints").Count);
    }

    [Fact]
    public async Task A_failure_part_way_is_recorded_and_the_next_run_finishes_without_duplicates()
    {
        await using var h = await Harness.StartAsync(clock => new PatchworksCoreApi(time: clock, failWrites: [6]));

        var failure = await Assert.ThrowsAsync<PublishException>(() => h.PublishAsync());

        Assert.Contains("Publishing stopped at", failure.Message, StringComparison.Ordinal);
        Assert.Contains("(500 Internal Server Error); a create is not retried", failure.Message, StringComparison.Ordinal);
        Assert.Contains("5 of ", failure.Message, StringComparison.Ordinal);
        var record = JsonNode.Parse(File.ReadAllText(h.SidecarPath))!["targets"]![PatchworksCoreApi.BaseUrl]!;
        Assert.Equal(5, record["unfinished"]!["done"]!.AsArray().Count);
        Assert.Equal(5, record["ids"]!.AsObject().Count);
        Assert.Contains("500", record["unfinished"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(5, h.Api.Writes);

        var (plan, result) = await h.PublishAsync();

        Assert.True(plan.Resuming);
        Assert.Equal(5, plan.UnchangedCount);
        Assert.Equal(plan.Steps.Count - 5, result.Writes);
        await using var fresh = await Harness.StartAsync();
        var (clean, _) = await fresh.PublishAsync();
        foreach (var collection in new[] { "patchworks/system-templates", "authentication-implementations", "endpoints", "variables", "request-options" })
        {
            Assert.Equal(fresh.Api.All(collection).Count, h.Api.All(collection).Count);
        }
        Assert.Equal(clean.Steps.Count, h.Api.Writes);
        Assert.Null(JsonNode.Parse(File.ReadAllText(h.SidecarPath))!["targets"]![PatchworksCoreApi.BaseUrl]!["unfinished"]);
    }
}
