using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Diagnostics;
using Patchworks.Core.Publishing;
using Patchworks.Core.Publishing.Pull;
using Patchworks.Core.Rules;
using Patchworks.Publishing.Tests.Infrastructure;
using Patchworks.Core.Http;
using Patchworks.Core.Workspace;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Publishing.Tests;

/// <summary>
/// patchworks pull against the strict documented Core API stand-in over real HTTPS: every sample round-trips
/// (publish, pull, the same API fields, an empty plan), a template made "in the web builder" pulls to a valid file
/// with an empty plan, --diff, and the failures (not found, two of a name, a logo that cannot be had, no overwrite).
/// </summary>
public sealed class PullTests : IAsyncLifetime, IDisposable
{
    private readonly DocumentedCoreApi _api = new();
    private readonly LogoHost _logos = new();
    private readonly TempWorkspace _folder = new();
    private TestApiServer _server = null!;

    public async Task InitializeAsync() => _server = await TestApiServer.StartAsync(apis: [_api, _logos]);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Samples() => [.. SampleConnectors.Names()];

    private CoreApiClient Client() => new(new CoreApiOptions
    {
        BaseUrl = DocumentedCoreApi.BaseUrl,
        Credentials = new CoreApiCredentials.ApiKey(DocumentedCoreApi.ApiKey),
        Http = new HttpSettings
        {
            ConnectTo = [ConnectTo.Parse(_server.ConnectTo)],
            TrustedRoots = [X509Certificate2.CreateFromPem(_server.RootCertificatePem)],
        },
        MaxRetries = 0,
    });

    private static ConnectorDocument Load(string path)
    {
        var workspace = new ConnectorWorkspace(PhysicalFileSystem.Instance);
        workspace.Add(path);
        return workspace.GetConnector(Path.GetFullPath(path))!;
    }

    private static Task<PublishPlan> PlanAsync(CoreApiClient client, string path) =>
        PublishPlanner.PlanAsync(Load(path), PhysicalFileSystem.Instance, client, DocumentedCoreApi.BaseUrl, VersionBump.Check, null, CancellationToken.None);

    private async Task<PublishResult> PublishAsync(string path)
    {
        using var client = Client();
        var plan = await PlanAsync(client, path);
        return await Publisher.PublishAsync(plan, Load(path), client, null, CancellationToken.None);
    }

    private async Task<PullResult> PullAsync(string? id = null, string? name = null, string? into = null, bool force = false)
    {
        using var client = Client();
        return await Puller.PullAsync(client, new PullRequest(id, name, into ?? _folder.PathOf("pulled"), force, DocumentedCoreApi.BaseUrl), null, CancellationToken.None);
    }

    /// <summary>A mapped resource tree as one comparable string: kind, fields (logo_url aside: set by the planner), children in any order.</summary>
    private static string Canonical(DesiredResource resource)
    {
        var fields = string.Join(",", resource.Fields.Where(f => f.Key != "logo_url").OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value?.ToJsonString() ?? "null"}"));
        var children = resource.Children.Select(Canonical).Order(StringComparer.Ordinal);
        return $"{resource.Kind}{{{fields}}}[{string.Join(";", children)}]";
    }

    private static async Task<string> MappedAsync(CoreApiClient client, string path)
    {
        var references = await ReferenceLists.ReadAsync(client, CoreApiAssumptions.Default, CancellationToken.None);
        var mapped = ConnectorMapping.Map(Load(path).Model, references, CoreApiAssumptions.Default);
        Assert.Empty(mapped.Problems);
        return Canonical(mapped.Template);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Every_sample_round_trips_publish_pull_same_fields_and_nothing_to_publish(string sample)
    {
        var (name, file) = SampleConnectors.Split(sample);
        var original = Path.Combine(_folder.CopySample(name), file);
        var published = await PublishAsync(original);
        var writes = _api.Writes;

        var pulled = await PullAsync(id: published.TemplateId, into: _folder.PathOf("pulled-" + sample.Replace('/', '-')));

        Assert.Equal(writes, _api.Writes);
        Assert.True(File.Exists(pulled.ConnectorPath));
        Assert.True(File.Exists(PublishSidecar.PathFor(pulled.ConnectorPath)));
        Assert.Null(pulled.IconProblem);
        Assert.Empty(pulled.ValidationErrors);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(pulled.ConnectorPath)!, "icon.*"));
        using var client = Client();
        Assert.Equal(await MappedAsync(client, original), await MappedAsync(client, pulled.ConnectorPath));
        Assert.True(pulled.PlanWrites == 0, pulled.ToText());
        var plan = await PlanAsync(client, pulled.ConnectorPath);
        Assert.False(plan.HasWrites, plan.ToText());
        Assert.Empty(plan.LeftAlone);
        var again = await PublishAsync(pulled.ConnectorPath);
        Assert.Equal(0, again.Writes);
        Assert.Equal(writes, _api.Writes);
        Assert.Equal(published.TemplateId, again.TemplateId);
    }

    /// <summary>A template made through the API as the web builder would: an endpoint under two auth implementations, options of all three types.</summary>
    private async Task<string> WebBuilderTemplateAsync(string name = "Acme Shop", string? logoUrl = null)
    {
        using var client = Client();
        if (logoUrl is null)
        {
            var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
            logoUrl = await client.UploadLogoAsync(CoreApiAssumptions.Default, new IconFile { Path = "logo.png", Bytes = png, Sha256 = IconFile.Digest(png), ContentType = "image/png" }, CancellationToken.None);
        }
        var template = await client.CreateAsync("/patchworks/system-templates", new JsonObject
        {
            ["name"] = name, ["label"] = name, ["colour"] = "green", ["logo_url"] = logoUrl, ["version"] = 3, ["version_name"] = "3.0",
            ["rate_limit_unit"] = "minute", ["rate_limit_duration"] = 120, ["protocol"] = "HTTP",
            ["system_type_id"] = _api.IdOf("system-types", "eCommerce"), ["help_link"] = "https://acme.example/help",
        }, CancellationToken.None);
        var templateId = template["id"]!.ToString();
        await Variable(client, "system_template", templateId, "shop_domain", "Shop domain", required: true);
        var token = await client.CreateAsync("/authentication-implementations", new JsonObject
        {
            ["system_template_id"] = int.Parse(templateId), ["name"] = "Admin token", ["authentication_type_id"] = _api.IdOf("authentication-types", "Token"),
        }, CancellationToken.None);
        var oauth = await client.CreateAsync("/authentication-implementations", new JsonObject
        {
            ["system_template_id"] = int.Parse(templateId), ["name"] = "OAuth app", ["authentication_type_id"] = _api.IdOf("authentication-types", "OAuth 2 (Client Credentials)"),
            ["url"] = "https://{{shop_domain}}/oauth/token",
        }, CancellationToken.None);
        await Variable(client, "authentication_implementation", token["id"]!.ToString(), "access_token", "Access token", required: true, secret: true);
        await Option(client, "authentication_implementation", token["id"]!.ToString(), "header", "X-Shop-Token", "{{access_token}}", required: true);
        foreach (var auth in new[] { token, oauth })
        {
            var endpoint = await client.CreateAsync("/endpoints", new JsonObject
            {
                ["authentication_implementation_id"] = auth["id"]!.GetValue<int>(), ["name"] = "List orders", ["entity_type_id"] = _api.IdOf("entity-types", "Orders"),
                ["direction"] = "Receive", ["http_method"] = "GET", ["endpoint"] = "https://{{shop_domain}}/api/orders", ["data_type"] = "json",
                ["pagination_method"] = "Page number parameter",
            }, CancellationToken.None);
            var id = endpoint["id"]!.ToString();
            await Option(client, "endpoint", id, "url", "status", "open", required: false);
            await Option(client, "endpoint", id, "header", "Accept", "application/json", required: true);
            await Option(client, "endpoint", id, "body", "fields", "id,total", required: false);
        }
        var create = await client.CreateAsync("/endpoints", new JsonObject
        {
            ["authentication_implementation_id"] = token["id"]!.GetValue<int>(), ["name"] = "Create order", ["entity_type_id"] = _api.IdOf("entity-types", "Orders"),
            ["direction"] = "Send", ["http_method"] = "POST", ["endpoint"] = "https://{{shop_domain}}/api/orders/{{order_ref}}", ["data_type"] = "json",
        }, CancellationToken.None);
        await Variable(client, "endpoint", create["id"]!.ToString(), "order_ref", "Order reference", required: true);
        return templateId;
    }

    private static Task Variable(CoreApiClient client, string type, string id, string key, string label, bool required, bool secret = false) =>
        client.CreateAsync("/variables", new JsonObject
        {
            ["model_type"] = type, ["model_id"] = int.Parse(id), ["key"] = key, ["label"] = label,
            ["required"] = required, ["configurable"] = false, ["locked"] = false, ["secret"] = secret,
        }, CancellationToken.None);

    private static Task Option(CoreApiClient client, string type, string id, string optionType, string key, string value, bool required) =>
        client.CreateAsync("/request-options", new JsonObject
        {
            ["requestable_type"] = type, ["requestable_id"] = int.Parse(id), ["type"] = optionType, ["key"] = key, ["value"] = value,
            ["required"] = required, ["configurable"] = false,
        }, CancellationToken.None);

    [Fact]
    public async Task A_template_made_in_the_web_builder_pulls_to_a_valid_file_with_an_empty_plan()
    {
        var id = await WebBuilderTemplateAsync();
        var writes = _api.Writes;

        var pulled = await PullAsync(name: "Acme Shop");

        Assert.Equal(writes, _api.Writes);
        Assert.Equal(id, pulled.TemplateId);
        Assert.EndsWith("acme-shop.connector.json", pulled.ConnectorPath, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(pulled.ConnectorPath)!, "icon.png")));
        Assert.Empty(pulled.ValidationErrors);
        Assert.True(pulled.PlanWrites == 0, pulled.ToText());
        var document = Load(pulled.ConnectorPath);
        var errors = ConnectorAnalyzer.Analyze(document, PhysicalFileSystem.Instance).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.Empty(errors);
        var connector = document.Model;
        Assert.Equal("eCommerce", connector.SystemType);
        Assert.Equal(["admin-token", "oauth-app"], connector.AuthMethods.Select(a => a.Id));
        Assert.Equal(["token", "oauth2ClientCredentials"], connector.AuthMethods.Select(a => a.Type));
        Assert.Equal(["list-orders", "create-order"], connector.Endpoints.Select(e => e.Id));
        var list = connector.Endpoints[0];
        Assert.Null(list.AuthMethodRefs); // under every auth method
        Assert.Equal("orders", list.EntityType);
        Assert.Equal(["status"], list.Query.Select(p => p.Key));
        Assert.Equal(["Accept"], list.Headers.Select(p => p.Key));
        Assert.Equal(["fields"], list.Body.Select(p => p.Key));
        Assert.Equal(["admin-token"], connector.AuthMethodsFor(connector.Endpoints[1]).Select(a => a.Id));
        var text = File.ReadAllText(pulled.ConnectorPath);
        Assert.Contains("// TODO", text, StringComparison.Ordinal); // the oauth2 settings and the pagination placeholders
        Assert.Contains(pulled.Placeholders, p => p.Contains("oauth2", StringComparison.Ordinal));
        using var client = Client();
        var plan = await PlanAsync(client, pulled.ConnectorPath);
        Assert.False(plan.HasWrites, plan.ToText());
        Assert.Empty(plan.LeftAlone);
    }

    [Fact]
    public async Task Diff_shows_no_drift_then_the_field_changed_behind_the_files_back()
    {
        await WebBuilderTemplateAsync();
        var pulled = await PullAsync(name: "Acme Shop");
        using var client = Client();

        var clean = await DriftReport.CompareAsync(Load(pulled.ConnectorPath), PhysicalFileSystem.Instance, client, DocumentedCoreApi.BaseUrl, null, CancellationToken.None);
        var endpoint = _api.All("endpoints").First(e => e["name"]!.ToString() == "Create order");
        _api.Edit("endpoints", endpoint["id"]!.ToString(), e => e["endpoint"] = "https://{{shop_domain}}/api/v2/orders/{{order_ref}}");
        var writes = _api.Writes;
        var sidecar = File.ReadAllText(PublishSidecar.PathFor(pulled.ConnectorPath));
        var drift = await DriftReport.CompareAsync(Load(pulled.ConnectorPath), PhysicalFileSystem.Instance, client, DocumentedCoreApi.BaseUrl, null, CancellationToken.None);

        Assert.False(clean.HasDrift, clean.ToText());
        Assert.True(drift.HasDrift);
        var item = Assert.Single(drift.Items);
        Assert.Equal("endpoint", item.Field);
        Assert.Equal("\"https://{{shop_domain}}/api/orders/{{order_ref}}\"", item.File);
        Assert.Equal("\"https://{{shop_domain}}/api/v2/orders/{{order_ref}}\"", item.Patchworks);
        Assert.Equal(writes, _api.Writes);
        Assert.Equal(sidecar, File.ReadAllText(PublishSidecar.PathFor(pulled.ConnectorPath)));
    }

    [Fact]
    public async Task Not_found_by_id_or_name_and_two_of_one_name_list_their_ids()
    {
        var first = await WebBuilderTemplateAsync("Twice");
        var second = await WebBuilderTemplateAsync("Twice");

        var byId = await Assert.ThrowsAsync<PublishException>(() => PullAsync(id: "999999"));
        var byName = await Assert.ThrowsAsync<PublishException>(() => PullAsync(name: "Nobody"));
        var two = await Assert.ThrowsAsync<PublishException>(() => PullAsync(name: "Twice"));

        Assert.Equal("notFound", byId.Reason);
        Assert.Equal("notFound", byName.Reason);
        Assert.Equal("ambiguous", two.Reason);
        Assert.Contains($"ids {first}, {second}", two.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder.PathOf("pulled")) && Directory.EnumerateFiles(_folder.PathOf("pulled")).Any());
    }

    [Theory]
    [InlineData("https://core-documented.patchworks.test/storage/logos/missing.png", "404")]
    [InlineData("https://logos.pull.test/big.png", "larger than 10 MB")]
    [InlineData("https://logos.pull.test/chunked-big.png", "larger than 10 MB")]
    public async Task A_logo_that_cannot_be_had_is_reported_and_the_connector_still_written(string logoUrl, string problem)
    {
        await WebBuilderTemplateAsync(logoUrl: logoUrl);

        var pulled = await PullAsync(name: "Acme Shop");

        Assert.True(File.Exists(pulled.ConnectorPath));
        Assert.Contains(problem, pulled.IconProblem, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(pulled.ConnectorPath)!, "icon.*"));
        Assert.DoesNotContain("\"icon\"", File.ReadAllText(pulled.ConnectorPath), StringComparison.Ordinal);
        Assert.All(_logos.Authorizations, a => Assert.Null(a));
        Assert.Contains("icon: ", pulled.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_logo_is_downloaded_without_the_api_key()
    {
        await WebBuilderTemplateAsync(logoUrl: "https://logos.pull.test/small.svg");

        var pulled = await PullAsync(name: "Acme Shop");

        Assert.Null(pulled.IconProblem);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(pulled.ConnectorPath)!, "icon.svg")));
        Assert.Equal([null], _logos.Authorizations);
    }

    [Fact]
    public async Task Files_are_never_overwritten_without_force()
    {
        await WebBuilderTemplateAsync();
        var first = await PullAsync(name: "Acme Shop");
        File.WriteAllText(first.ConnectorPath, "// mine\n{}");

        var refused = await Assert.ThrowsAsync<PublishException>(() => PullAsync(name: "Acme Shop"));
        Assert.Equal("exists", refused.Reason);
        Assert.Contains("acme-shop.connector.json", refused.Message, StringComparison.Ordinal);
        Assert.Equal("// mine\n{}", File.ReadAllText(first.ConnectorPath));

        var forced = await PullAsync(name: "Acme Shop", force: true);
        Assert.Contains(forced.ConnectorPath, forced.Written);
        Assert.DoesNotContain("// mine", File.ReadAllText(forced.ConnectorPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_pulls_then_diffs_exit_0_and_3_on_drift()
    {
        await WebBuilderTemplateAsync();
        var ca = _folder.Write("ca.pem", _server.RootCertificatePem);
        var env = new Dictionary<string, string> { [CoreApiCredentials.ApiKeyVariable] = DocumentedCoreApi.ApiKey };
        string[] common = ["--api-url", DocumentedCoreApi.BaseUrl, "--connect-to", _server.ConnectTo, "--ca-cert", ca];

        var pull = CliProcess.Run(_folder.Root, env, ["pull", "--name", "Acme Shop", "--into", "out", .. common]);
        var again = CliProcess.Run(_folder.Root, env, ["pull", "--name", "Acme Shop", "--into", "out", .. common]);
        var clean = CliProcess.Run(_folder.Root, env, ["pull", "--diff", Path.Combine("out", "acme-shop.connector.json"), .. common]);
        var endpoint = _api.All("endpoints").First(e => e["name"]!.ToString() == "Create order");
        _api.Edit("endpoints", endpoint["id"]!.ToString(), e => e["http_method"] = "PUT");
        var drift = CliProcess.Run(_folder.Root, env, ["pull", "--diff", Path.Combine("out", "acme-shop.connector.json"), "--format", "json", .. common]);
        var usage = CliProcess.Run(_folder.Root, env, ["pull", "--id", "1", "--name", "x", .. common]);
        var missing = CliProcess.Run(_folder.Root, env, ["pull", "--id", "999999", .. common]);

        Assert.True(pull.ExitCode == 0, pull.ToString());
        Assert.Contains(pull.StdoutLines, l => l.StartsWith("  wrote ", StringComparison.Ordinal) && l.EndsWith("acme-shop.connector.json", StringComparison.Ordinal));
        Assert.Contains(pull.StdoutLines, l => l.StartsWith("publish --plan: Nothing to publish", StringComparison.Ordinal));
        Assert.True(File.Exists(_folder.PathOf("out/acme-shop.publish.json")));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("--force", again.Stderr, StringComparison.Ordinal);
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Contains("No drift", clean.Stdout, StringComparison.Ordinal);
        Assert.True(drift.ExitCode == 3, drift.ToString());
        var json = JsonNode.Parse(drift.Stdout)!;
        Assert.True(json["drift"]!.GetValue<bool>());
        Assert.Equal("http_method", json["items"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(2, usage.ExitCode);
        Assert.Equal(1, missing.ExitCode);
        Assert.DoesNotContain(DocumentedCoreApi.ApiKey, pull.AllOutput + drift.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoints_of_one_name_but_other_content_stay_apart_and_a_label_the_file_cannot_hold_is_reported()
    {
        using (var client = Client())
        {
            var template = await client.CreateAsync("/patchworks/system-templates", new JsonObject
            {
                ["name"] = "Split", ["label"] = "Split shop", ["colour"] = "red", ["logo_url"] = "https://logos.pull.test/small.svg", ["version"] = 1, ["version_name"] = "1",
                ["rate_limit_unit"] = "second", ["rate_limit_duration"] = 2,
            }, CancellationToken.None);
            foreach (var (auth, url) in new[] { ("Key A", "https://a.example/orders"), ("Key B", "https://b.example/orders") })
            {
                var implementation = await client.CreateAsync("/authentication-implementations", new JsonObject
                {
                    ["system_template_id"] = template["id"]!.GetValue<int>(), ["name"] = auth, ["authentication_type_id"] = _api.IdOf("authentication-types", "API Key"),
                }, CancellationToken.None);
                var endpoint = await client.CreateAsync("/endpoints", new JsonObject
                {
                    ["authentication_implementation_id"] = implementation["id"]!.GetValue<int>(), ["name"] = "Orders", ["direction"] = "Receive",
                    ["http_method"] = "GET", ["endpoint"] = url, ["data_type"] = "json",
                }, CancellationToken.None);
                // Made without the booleans: the API stores false.
                await client.CreateAsync("/variables", new JsonObject { ["model_type"] = "endpoint", ["model_id"] = endpoint["id"]!.GetValue<int>(), ["key"] = "since" }, CancellationToken.None);
            }
        }

        var pulled = await PullAsync(name: "Split");

        var connector = Load(pulled.ConnectorPath).Model;
        Assert.Equal(["orders", "orders-2"], connector.Endpoints.Select(e => e.Id));
        Assert.Equal(["Orders", "Orders"], connector.Endpoints.Select(e => e.Name));
        Assert.Equal(["key-a"], connector.AuthMethodsFor(connector.Endpoints[0]).Select(a => a.Id));
        Assert.Equal(["key-b"], connector.AuthMethodsFor(connector.Endpoints[1]).Select(a => a.Id));
        Assert.Equal(["apiKey", "apiKey"], connector.AuthMethods.Select(a => a.Type));
        Assert.Contains(pulled.NotInFile, n => n.Contains("label 'Split shop' differs from its name 'Split'", StringComparison.Ordinal));
        Assert.Equal(["since"], connector.Endpoints[1].Variables.Select(v => v.Key));
        Assert.Empty(pulled.ValidationErrors);
        // What the file cannot say (a label other than the name) shows in the plan, and nothing else does.
        Assert.Null(pulled.PlanWrites); // version 1 is published and the file differs: publish refuses without a bump
        Assert.Contains("The differences: system template 'Split': label: file \"Split\", Patchworks \"Split shop\"", pulled.PlanSummary, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cli_help_lists_pull_and_its_options()
    {
        var root = CliProcess.Run(_folder.Root, "--help");
        var pull = CliProcess.Run(_folder.Root, "pull", "--help");

        Assert.Contains(root.StdoutLines, l => l.TrimStart().StartsWith("pull ", StringComparison.Ordinal));
        foreach (var option in new[] { "--id", "--name", "--into", "--force", "--diff", "--format", "--quiet", "--api-url", "--login-url", "--connect-to", "--ca-cert", "--assumptions" })
        {
            Assert.Contains(option, pull.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void System_type_names_are_the_schemas_enum_and_slugs_are_valid_ids()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "schemas", "connector.schema.json")))!;
        Assert.Equal(schema["definitions"]!["systemType"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()), ConnectorMapping.SystemTypeNames);
        Assert.Equal("list-all-orders", ConnectorMapping.Slug("List all orders"));
        Assert.Equal("creer-une-commande", ConnectorMapping.Slug("Créer une commande!"));
        Assert.Equal("oauth-2-client-credentials", ConnectorMapping.Slug("  OAuth 2 (Client Credentials) "));
        Assert.Equal("item", ConnectorMapping.Slug("???"));
        Assert.Matches("^[A-Za-z0-9][A-Za-z0-9_-]*$", ConnectorMapping.Slug("—x—"));
    }

    [Fact]
    public void Sniffing_tells_the_four_image_types_and_refuses_the_rest()
    {
        Assert.Equal("png", Puller.Sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]));
        Assert.Equal("jpg", Puller.Sniff([0xFF, 0xD8, 0xFF, 0xE0]));
        Assert.Equal("gif", Puller.Sniff("GIF89a..."u8.ToArray()));
        Assert.Equal("svg", Puller.Sniff("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8.ToArray()));
        Assert.Null(Puller.Sniff("<html>not found</html>"u8.ToArray()));
        Assert.Null(Puller.Sniff([]));
    }

    /// <summary>Logos on another host: a small SVG, one over 10 MB by Content-Length, one over 10 MB streamed without it; records each request's Authorization.</summary>
    private sealed class LogoHost : IFakeApi
    {
        public IReadOnlyList<string> Hosts { get; } = ["logos.pull.test"];

        public List<string?> Authorizations { get; } = [];

        public void Map(IEndpointRouteBuilder routes)
        {
            routes.MapGet("/small.svg", (HttpContext context) =>
            {
                Record(context);
                return Results.Text("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>", "image/svg+xml");
            }).RequireHost(Hosts[0]);
            routes.MapGet("/big.png", (HttpContext context) =>
            {
                Record(context);
                return Results.Bytes(new byte[CoreApiClient.MaxLogoBytes + 1], "image/png");
            }).RequireHost(Hosts[0]);
            routes.MapGet("/chunked-big.png", async (HttpContext context) =>
            {
                Record(context);
                context.Response.ContentType = "image/png";
                var chunk = new byte[1024 * 1024];
                for (var i = 0; i < 11; i++)
                {
                    await context.Response.Body.WriteAsync(chunk);
                }
            }).RequireHost(Hosts[0]);
        }

        private void Record(HttpContext context)
        {
            lock (Authorizations)
            {
                Authorizations.Add(context.Request.Headers.Authorization.FirstOrDefault());
            }
        }
    }
}
