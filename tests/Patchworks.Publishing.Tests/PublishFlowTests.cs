using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Patchworks.Core.Publishing;
using Patchworks.Publishing.Tests.Infrastructure;
using Patchworks.TestApi.Apis;

namespace Patchworks.Publishing.Tests;

/// <summary>Create, update, no-op, conflict and resume against the strict Core API stand-in, through the core library.</summary>
public sealed class PublishFlowTests
{
    private static string Id(JsonObject o) => o["id"]!.ToString();

    [Fact]
    public async Task The_first_publish_sends_ids_from_the_api_s_lists_uploads_the_icon_and_writes_the_version_last()
    {
        await using var h = await Harness.StartAsync();

        var (plan, result) = await h.PublishAsync();

        Assert.Null(plan.TemplateId);
        Assert.All(plan.Steps, s => Assert.Equal(PlanAction.Create, s.Action));
        var template = Assert.Single(h.Api.All("patchworks/system-templates"));
        Assert.Equal("Shopify", template["label"]!.GetValue<string>());
        Assert.Equal(1, template["version"]!.GetValue<int>());
        Assert.Equal("Version 1 - Admin API 2024-10", template["version_name"]!.GetValue<string>());
        Assert.Equal(h.Api.IdOf("system-types", "eCommerce"), template["system_type_id"]!.GetValue<int>());
        Assert.Null(template["system_type"]);
        var icon = File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(h.ConnectorPath)!, "icon.svg"));
        var logoUrl = template["logo_url"]!.GetValue<string>();
        Assert.Equal($"https://{DocumentedCoreApi.Host}/storage/logos/{Convert.ToHexStringLower(SHA256.HashData(icon))}.svg", logoUrl);
        Assert.Equal(icon, h.Api.Logos[logoUrl]);
        Assert.Equal(("second", 2), (template["rate_limit_unit"]!.GetValue<string>(), template["rate_limit_duration"]!.GetValue<int>()));
        var auth = Assert.Single(h.Api.All("authentication-implementations"));
        Assert.Equal(h.Api.IdOf("authentication-types", "Token"), auth["authentication_type_id"]!.GetValue<int>());
        Assert.Equal(Id(template), auth["system_template_id"]!.ToString());
        var endpoints = h.Api.All("endpoints");
        Assert.Equal(h.Load().Model.Endpoints.Count, endpoints.Count);
        var products = endpoints.Single(e => e["name"]!.GetValue<string>() == "List all products");
        Assert.Equal(h.Api.IdOf("entity-types", "Products"), products["entity_type_id"]!.GetValue<int>());
        Assert.Equal("Link Header", products["pagination_method"]!.GetValue<string>());
        Assert.Equal("Receive", products["direction"]!.GetValue<string>());
        var options = h.Api.All("request-options").Where(o => o["requestable_id"]!.ToString() == Id(products)).ToList();
        Assert.Contains(options, o => o["type"]!.GetValue<string>() == "url" && o["key"]!.GetValue<string>() == "limit" && o["value"]!.GetValue<string>() == "250" && o["required"]!.GetValue<bool>());
        Assert.All(h.Api.All("request-options"), o => Assert.Contains(o["type"]!.GetValue<string>(), new[] { "url", "header", "body" }));
        var tokenVariable = h.Api.All("variables").Single(v => v["key"]!.GetValue<string>() == "access_token");
        Assert.Equal(("authentication_implementation", Id(auth)), (tokenVariable["model_type"]!.GetValue<string>(), tokenVariable["model_id"]!.ToString()));
        Assert.True(tokenVariable["secret"]!.GetValue<bool>());

        // The template is created at version 0 (A7, a publish in progress) and its version written last.
        var writes = h.Api.Requests.Where(r => r.Method is "POST" or "PATCH").ToList();
        Assert.EndsWith("/patchworks/system-templates/logo", writes[0].PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("\"version\":0", writes[1].Body, StringComparison.Ordinal);
        Assert.Equal("PATCH", writes[^1].Method);
        Assert.Equal("{\"version\":1,\"version_name\":\"Version 1 - Admin API 2024-10\"}", writes[^1].Body);
        Assert.DoesNotContain(writes, w => w.Body?.Contains("data:", StringComparison.Ordinal) == true);

        Assert.Equal(plan.Steps.Count + 2, h.Api.Writes);
        Assert.Equal(h.Api.Writes, h.LoggedWrites);
        Assert.Equal(plan.Steps.Count + 2, result.Writes);
        var sidecar = JsonNode.Parse(File.ReadAllText(h.SidecarPath))!["targets"]![DocumentedCoreApi.BaseUrl]!;
        Assert.Equal(Id(template), sidecar["ids"]!["template"]!.GetValue<string>());
        Assert.Equal(plan.Steps.Count, sidecar["ids"]!.AsObject().Count);
        Assert.Equal(1, sidecar["publishedVersion"]!.GetValue<int>());
        Assert.Equal((Convert.ToHexStringLower(SHA256.HashData(icon)), logoUrl), (sidecar["icon"]!["sha256"]!.GetValue<string>(), sidecar["icon"]!["logoUrl"]!.GetValue<string>()));
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
    public async Task Without_the_sidecar_the_parts_are_matched_by_name_and_the_logo_by_its_bytes()
    {
        await using var h = await Harness.StartAsync();
        await h.PublishAsync();
        File.Delete(h.SidecarPath);
        var writes = h.LoggedWrites;

        var (plan, _) = await h.PublishAsync();

        Assert.False(plan.HasWrites);
        Assert.Null(plan.IconUpload);
        Assert.Equal(writes, h.LoggedWrites);
        Assert.True(File.Exists(h.SidecarPath));
        Assert.NotNull(JsonNode.Parse(File.ReadAllText(h.SidecarPath))!["targets"]![DocumentedCoreApi.BaseUrl]!["icon"]);
        // The logo was read without the API key.
        var download = Assert.Single(h.Server.Log.Requests, r => r.PathAndQuery.StartsWith("/storage/logos/", StringComparison.Ordinal));
        Assert.False(download.Headers.ContainsKey("Authorization"));
        h.AssertNoDuplicates();
    }

    [Fact]
    public async Task A_changed_icon_is_uploaded_and_shown_by_size_and_digest_and_an_unchanged_one_never()
    {
        await using var h = await Harness.StartAsync();
        await h.PublishAsync();
        var icon = Path.Combine(Path.GetDirectoryName(h.ConnectorPath)!, "icon.svg");
        File.WriteAllText(icon, File.ReadAllText(icon).Replace("</svg>", "<!-- new --></svg>", StringComparison.Ordinal));
        h.Edit("{ \"number\": 1, \"name\": \"Version 1 - Admin API 2024-10\" }", "{ \"number\": 2, \"name\": \"Version 2 - Admin API 2024-10\" }");

        using var client = h.Client();
        var plan = await h.PlanAsync(client);

        Assert.NotNull(plan.IconUpload);
        var bytes = File.ReadAllBytes(icon);
        Assert.Contains($"icon: uploading icon.svg, {bytes.Length:N0} bytes, sha256 {Convert.ToHexStringLower(SHA256.HashData(bytes))[..12]}", plan.ToText(), StringComparison.Ordinal);
        var result = await Publisher.PublishAsync(plan, h.Load(), client, null, CancellationToken.None);

        Assert.Equal(2, h.Api.Logos.Count);
        var template = Assert.Single(h.Api.All("patchworks/system-templates"));
        Assert.Equal(bytes, h.Api.Logos[template["logo_url"]!.GetValue<string>()]);
        Assert.Equal(3, result.Writes); // the upload, the logo_url, the version
        Assert.False((await h.PublishAsync()).Plan.HasWrites);
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
        var writes = h.Server.Log.Requests.Where(r => r.Method == "PATCH").TakeLast(2).ToList();
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
        await h.PublishAsync();
        var id = Id(h.Api.All("patchworks/system-templates")[0]);
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
    public async Task A_failure_part_way_is_recorded_with_true_counts_and_the_next_run_finishes_without_duplicates()
    {
        await using var h = await Harness.StartAsync(clock => new DocumentedCoreApi(time: clock));
        h.Api.FailWrite(7, 500);

        var failure = await Assert.ThrowsAsync<PublishException>(() => h.PublishAsync());

        Assert.Equal("failed", failure.Reason);
        Assert.Contains("Publishing stopped at", failure.Message, StringComparison.Ordinal);
        Assert.Contains("(500 Internal Server Error); a create is not retried", failure.Message, StringComparison.Ordinal);
        Assert.Contains(" 6 of ", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Running the same publish again finishes the job", failure.Message, StringComparison.Ordinal);
        var record = JsonNode.Parse(File.ReadAllText(h.SidecarPath))!["targets"]![DocumentedCoreApi.BaseUrl]!;
        Assert.Equal(6, record["unfinished"]!["done"]!.AsArray().Count);
        Assert.Equal(5, record["ids"]!.AsObject().Count);
        Assert.Contains("500", record["unfinished"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(6, h.Api.Writes);
        Assert.Equal(0, h.Api.All("patchworks/system-templates")[0]["version"]!.GetValue<int>());

        var (plan, result) = await h.PublishAsync();

        Assert.True(plan.Resuming);
        Assert.Null(plan.IconUpload); // the sidecar's record: uploaded, and the template holds its logo_url
        Assert.Equal(4, plan.UnchangedCount);
        var template = Assert.Single(plan.Steps, s => s.Action == PlanAction.Update);
        Assert.Equal(["version", "version_name"], template.Changes.Select(c => c.Field));
        Assert.Equal(plan.Steps.Count - 5, plan.Creates);
        Assert.Equal(plan.Creates + 1, result.Writes);
        await using var fresh = await Harness.StartAsync();
        await fresh.PublishAsync();
        Assert.Equal(fresh.Counts(), h.Counts());
        h.AssertNoDuplicates();
        Assert.Equal(1, h.Api.All("patchworks/system-templates")[0]["version"]!.GetValue<int>());
        Assert.Null(JsonNode.Parse(File.ReadAllText(h.SidecarPath))!["targets"]![DocumentedCoreApi.BaseUrl]!["unfinished"]);
    }

    [Fact]
    public async Task A_name_not_in_the_api_s_list_refuses_the_plan_at_the_file_field_naming_the_accepted_names()
    {
        await using var h = await Harness.StartAsync();
        h.Edit("\"entityType\": \"products\",\n      \"direction\": \"receive\",\n      \"method\": \"GET\",\n      \"url\": \"https://{{store_name}}.myshopify.com/admin/api/{{api_version}}/products.json\"",
            "\"entityType\": \"widgets\",\n      \"direction\": \"receive\",\n      \"method\": \"GET\",\n      \"url\": \"https://{{store_name}}.myshopify.com/admin/api/{{api_version}}/products.json\"");

        var error = await Assert.ThrowsAsync<PublishException>(() => h.PublishAsync());

        var problem = Assert.Single(error.Problems);
        var line = File.ReadAllLines(h.ConnectorPath).Select((text, index) => (text, index)).First(l => l.text.Contains("\"widgets\"", StringComparison.Ordinal));
        Assert.Equal((line.index + 1, line.text.IndexOf("\"widgets\"", StringComparison.Ordinal) + 1), (problem.Line, problem.Column));
        Assert.Contains("entity type 'widgets' is not in the Core API's list (/entity-types), which holds: ", problem.Message, StringComparison.Ordinal);
        Assert.Contains("Products", problem.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Api.WriteAttempts);
    }

    [Fact]
    public async Task A_first_publish_that_stopped_is_finished_from_a_fresh_checkout_and_the_plan_says_so()
    {
        await using var h = await Harness.StartAsync();
        h.Api.FailWrite(4, 503);
        h.Api.FailWrite(5, 503);
        h.Api.FailWrite(6, 503);
        h.Api.FailWrite(7, 503);
        await Assert.ThrowsAsync<PublishException>(() => h.PublishAsync());
        File.Delete(h.SidecarPath);

        using var client = h.Client();
        var plan = await h.PlanAsync(client);

        Assert.True(plan.UnfinishedRemote);
        Assert.Contains("an unfinished publish, finishing it", plan.ToText(), StringComparison.Ordinal);
        await Publisher.PublishAsync(plan, h.Load(), client, null, CancellationToken.None);
        h.AssertNoDuplicates();
        Assert.False((await h.PublishAsync()).Plan.HasWrites);
    }
}
