using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Patchworks.Publishing.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Publishing.Tests;

/// <summary>
/// The strict documented Core API stand-in (<see cref="DocumentedCoreApi"/>) over real HTTPS: every documented rule
/// is triggered once and passed once, so the publisher's tests can trust what it refuses and what it lets through.
/// </summary>
public sealed class DocumentedCoreApiTests
{
    private const string Templates = "patchworks/system-templates";

    private static JsonObject Template(string label = "Acme") => new()
    {
        ["label"] = label,
        ["colour"] = "blue",
        ["logo_url"] = "https://cdn.example.test/acme.png",
        ["version"] = 1,
        ["version_name"] = "1.0.0",
        ["rate_limit_unit"] = "minute",
        ["rate_limit_duration"] = 60,
    };

    /// <summary>A running stand-in and a client that reaches its host on 127.0.0.1 and trusts only the test root.</summary>
    private sealed class Stand : IAsyncDisposable
    {
        private Stand(DocumentedCoreApi api, TestApiServer server, ManualClock clock)
        {
            Api = api;
            Server = server;
            Clock = clock;
            var handler = new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                    await socket.ConnectAsync(IPAddress.Loopback, server.Port, cancellationToken);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                },
            };
            handler.SslOptions.RemoteCertificateValidationCallback = RootTrust.For(server);
            Http = new HttpClient(handler);
        }

        public DocumentedCoreApi Api { get; }
        public TestApiServer Server { get; }
        public ManualClock Clock { get; }
        public HttpClient Http { get; }

        public static async Task<Stand> StartAsync(Func<ManualClock, DocumentedCoreApi>? make = null)
        {
            var clock = new ManualClock();
            var api = make?.Invoke(clock) ?? new DocumentedCoreApi(time: clock);
            return new Stand(api, await TestApiServer.StartAsync(apis: [api]), clock);
        }

        /// <summary>Sends to BaseUrl + path (or an absolute URL) with the API key unless told otherwise.</summary>
        public async Task<(HttpStatusCode Status, JsonNode? Json, HttpResponseMessage Response)> SendAsync(
            HttpMethod method, string path, JsonNode? body = null, string? authorization = DocumentedCoreApi.ApiKey, HttpContent? content = null)
        {
            var url = path.StartsWith("https://", StringComparison.Ordinal) ? path : $"{DocumentedCoreApi.BaseUrl}/{path}";
            using var request = new HttpRequestMessage(method, url);
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Content = content ?? (body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            var response = await Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            JsonNode? json = null;
            try
            {
                json = text.Length == 0 ? null : JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
            }
            return (response.StatusCode, json, response);
        }

        public Task<(HttpStatusCode Status, JsonNode? Json, HttpResponseMessage Response)> GetAsync(string path, string? authorization = DocumentedCoreApi.ApiKey) =>
            SendAsync(HttpMethod.Get, path, authorization: authorization);

        public Task<(HttpStatusCode Status, JsonNode? Json, HttpResponseMessage Response)> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body);

        public Task<(HttpStatusCode Status, JsonNode? Json, HttpResponseMessage Response)> PatchAsync(string path, JsonNode body) => SendAsync(HttpMethod.Patch, path, body);

        public async Task<int> CreateAsync(string collection, JsonObject body)
        {
            var (status, json, _) = await PostAsync(collection, body);
            Assert.True(status == HttpStatusCode.Created, $"{collection}: {status} {json}");
            return json!["data"]!["id"]!.GetValue<int>();
        }

        public async Task<string> LoginAsync()
        {
            var (status, json, _) = await SendAsync(HttpMethod.Post, $"https://{DocumentedCoreApi.Host}/fabric/api/login",
                new JsonObject { ["username"] = DocumentedCoreApi.Username, ["password"] = DocumentedCoreApi.Password }, authorization: null);
            Assert.Equal(HttpStatusCode.OK, status);
            return json!["token"]!.GetValue<string>();
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Server.DisposeAsync();
        }
    }

    private static void AssertInvalid((HttpStatusCode Status, JsonNode? Json, HttpResponseMessage Response) reply, string field, string message)
    {
        Assert.True(reply.Status == HttpStatusCode.UnprocessableEntity, $"{reply.Status} {reply.Json}");
        Assert.Equal(message, reply.Json!["errors"]![field]![0]!.GetValue<string>());
        Assert.StartsWith(reply.Json!["errors"]!.AsObject().First().Value![0]!.GetValue<string>(), reply.Json["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    // ---- Authentication ----

    [Fact]
    public async Task The_raw_api_key_is_accepted_and_anything_else_is_401_unauthenticated()
    {
        await using var stand = await Stand.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await stand.GetAsync(Templates)).Status);
        foreach (var authorization in new[] { "pwk_doc_wrong", "Bearer " + DocumentedCoreApi.ApiKey, "", null })
        {
            var (status, json, _) = await stand.GetAsync(Templates, authorization);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("Unauthenticated.", json!["message"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_login_gives_a_bearer_token_that_works_and_a_bad_one_is_refused()
    {
        await using var stand = await Stand.StartAsync();
        var (status, json, _) = await stand.SendAsync(HttpMethod.Post, $"https://{DocumentedCoreApi.Host}/fabric/api/login",
            new JsonObject { ["username"] = DocumentedCoreApi.Username, ["password"] = DocumentedCoreApi.Password }, authorization: null);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(86400, json!["expires_in"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.OK, (await stand.GetAsync(Templates, "Bearer " + json["token"]!.GetValue<string>())).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stand.GetAsync(Templates, json["token"]!.GetValue<string>())).Status); // not raw
        var bad = await stand.SendAsync(HttpMethod.Post, $"https://{DocumentedCoreApi.Host}/fabric/api/login",
            new JsonObject { ["username"] = DocumentedCoreApi.Username, ["password"] = "nope" }, authorization: null);
        Assert.Equal(HttpStatusCode.Unauthorized, bad.Status);
        Assert.Equal("These credentials do not match our records.", bad.Json!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await stand.GetAsync($"https://{DocumentedCoreApi.Host}/fabric/api/login", null)).Status);
        Assert.Equal(1, stand.Api.Logins);
        Assert.Contains(stand.Api.Requests, r => r.PathAndQuery == "/fabric/api/login" && r.Status == 401);
    }

    [Fact]
    public async Task A_token_expires_after_its_lifetime()
    {
        await using var stand = await Stand.StartAsync(clock => new DocumentedCoreApi(tokenLifetime: TimeSpan.FromMinutes(5), time: clock));
        var token = "Bearer " + await stand.LoginAsync();
        stand.Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await stand.GetAsync(Templates, token)).Status);
        stand.Clock.Advance(TimeSpan.FromSeconds(1));
        var (status, json, _) = await stand.GetAsync(Templates, token);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Unauthenticated.", json!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_revoked_token_is_refused_and_a_new_login_works()
    {
        await using var stand = await Stand.StartAsync();
        var token = "Bearer " + await stand.LoginAsync();
        stand.Api.RevokeTokens();
        Assert.Equal(HttpStatusCode.Unauthorized, (await stand.GetAsync(Templates, token)).Status);
        Assert.Equal(HttpStatusCode.OK, (await stand.GetAsync(Templates, "Bearer " + await stand.LoginAsync())).Status);
        Assert.Equal(HttpStatusCode.OK, (await stand.GetAsync(Templates)).Status); // the API key is not a token
    }

    // ---- System templates: documented fields ----

    [Fact]
    public async Task A_valid_template_is_created_with_an_integer_id_and_timestamps_and_shown_as_stored()
    {
        await using var stand = await Stand.StartAsync();
        var (status, json, _) = await stand.PostAsync(Templates, Template());
        Assert.Equal(HttpStatusCode.Created, status);
        var data = json!["data"]!.AsObject();
        Assert.Equal(System.Text.Json.JsonValueKind.Number, data["id"]!.GetValueKind());
        Assert.Equal("2026-01-01T12:00:00.000000Z", data["created_at"]!.GetValue<string>());
        Assert.Null(data["system_type_id"]);
        var shown = await stand.GetAsync($"{Templates}/{data["id"]}");
        Assert.True(JsonNode.DeepEquals(data, shown.Json!["data"]));
        Assert.True(JsonNode.DeepEquals(data, stand.Api.All(Templates).Single()));
        Assert.Equal(1, stand.Api.Writes);
    }

    [Theory]
    [InlineData("label", "The label field is required.")]
    [InlineData("colour", "The colour field is required.")]
    [InlineData("logo_url", "The logo url field is required.")]
    [InlineData("version", "The version field is required.")]
    [InlineData("version_name", "The version name field is required.")]
    [InlineData("rate_limit_unit", "The rate limit unit field is required.")]
    [InlineData("rate_limit_duration", "The rate limit duration field is required.")]
    public async Task Each_required_template_field_is_required_and_an_empty_string_or_null_is_missing(string field, string message)
    {
        await using var stand = await Stand.StartAsync();
        var missing = Template();
        missing.Remove(field);
        var reply = await stand.PostAsync(Templates, missing);
        AssertInvalid(reply, field, message);
        Assert.Equal(message, reply.Json!["message"]!.GetValue<string>());
        foreach (var empty in new JsonNode?[] { "", null })
        {
            var blank = Template();
            blank[field] = empty;
            AssertInvalid(await stand.PostAsync(Templates, blank), field, message);
        }
        Assert.Empty(stand.Api.All(Templates));
        Assert.Equal(0, stand.Api.Writes);
    }

    [Fact]
    public async Task Several_errors_are_summed_up_in_the_message_as_laravel_does()
    {
        await using var stand = await Stand.StartAsync();
        var all = await stand.PostAsync(Templates, new JsonObject());
        Assert.Equal("The label field is required. (and 6 more errors)", all.Json!["message"]!.GetValue<string>());
        Assert.Equal(7, all.Json["errors"]!.AsObject().Count);
        var two = Template();
        two.Remove("label");
        two["version"] = "1";
        Assert.Equal("The label field is required. (and 1 more error)", (await stand.PostAsync(Templates, two)).Json!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("version", "\"1\"", "The version field must be an integer.")]
    [InlineData("version", "1.5", "The version field must be an integer.")]
    [InlineData("version", "1.0", "The version field must be an integer.")]
    [InlineData("rate_limit_duration", "\"60\"", "The rate limit duration field must be an integer.")]
    [InlineData("rate_limit_duration", "true", "The rate limit duration field must be an integer.")]
    [InlineData("label", "5", "The label field must be a string.")]
    [InlineData("version_name", "[\"1.0\"]", "The version name field must be a string.")]
    [InlineData("description", "{}", "The description field must be a string.")]
    [InlineData("colour", "\"Blue\"", "The selected colour is invalid.")]
    [InlineData("colour", "\"black\"", "The selected colour is invalid.")]
    [InlineData("rate_limit_unit", "\"minutes\"", "The selected rate limit unit is invalid.")]
    [InlineData("protocol", "\"http\"", "The selected protocol is invalid.")]
    [InlineData("logo_url", "\"acme.png\"", "The logo url field must be a valid URL.")]
    [InlineData("logo_url", "\"/storage/logos/acme.png\"", "The logo url field must be a valid URL.")]
    [InlineData("system_type_id", "\"CRM\"", "The system type id field must be an integer.")]
    [InlineData("system_type_id", "999", "The selected system type id is invalid.")]
    public async Task A_template_field_of_the_wrong_type_or_value_is_refused(string field, string json, string message)
    {
        await using var stand = await Stand.StartAsync();
        var body = Template();
        body[field] = JsonNode.Parse(json);
        AssertInvalid(await stand.PostAsync(Templates, body), field, message);
        Assert.Empty(stand.Api.All(Templates));
    }

    [Fact]
    public async Task Every_documented_colour_unit_and_protocol_and_a_real_system_type_id_are_accepted()
    {
        await using var stand = await Stand.StartAsync();
        string[] colours = ["blue", "cyan", "gray", "green", "orange", "pink", "purple", "red", "yellow"];
        string[] protocols = ["HTTP", "FTP", "SFTP", "FTPS", "S3", "MySQL", "PGSQL", "SQLSRV"];
        string[] units = ["second", "minute", "hour", "day"];
        var i = 0;
        foreach (var colour in colours.Concat(colours.Select(c => c + "_inverted")))
        {
            var body = Template();
            body["colour"] = colour;
            body["protocol"] = protocols[i % protocols.Length];
            body["rate_limit_unit"] = units[i % units.Length];
            body["system_type_id"] = stand.Api.IdOf("system-types", "crm");
            body["name"] = "acme";
            body["date_format"] = "Y-m-d";
            body["help_link"] = "https://help.example.test";
            body["description"] = "";
            await stand.CreateAsync(Templates, body);
            i++;
        }
        var stored = stand.Api.All(Templates);
        Assert.Equal(18, stored.Count);
        Assert.All(stored, t => Assert.Equal(stand.Api.IdOf("system-types", "CRM"), t["system_type_id"]!.GetValue<int>()));
        Assert.All(stored, t => Assert.Null(t["description"])); // "" is missing: an optional field stays empty
    }

    [Fact]
    public async Task Unknown_fields_are_ignored_never_stored_and_never_returned()
    {
        await using var stand = await Stand.StartAsync();
        var body = Template();
        body["marketplace_status"] = "published";
        body["system_type"] = "CRM";
        var (status, json, _) = await stand.PostAsync(Templates, body);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.False(json!["data"]!.AsObject().ContainsKey("marketplace_status"));
        var id = json["data"]!["id"]!.GetValue<int>();
        var shown = (await stand.GetAsync($"{Templates}/{id}")).Json!["data"]!.AsObject();
        Assert.False(shown.ContainsKey("marketplace_status"));
        Assert.False(shown.ContainsKey("system_type"));
        Assert.Null(shown["system_type_id"]); // a name under another key does not become an id
        Assert.False(stand.Api.All(Templates).Single().ContainsKey("marketplace_status"));
        var patched = await stand.PatchAsync($"{Templates}/{id}", new JsonObject { ["nonsense"] = 1 });
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.False(patched.Json!["data"]!.AsObject().ContainsKey("nonsense"));
    }

    [Fact]
    public async Task A_body_that_is_not_json_reads_as_no_input()
    {
        await using var stand = await Stand.StartAsync();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["label"] = "Acme" });
        var reply = await stand.SendAsync(HttpMethod.Post, Templates, content: form);
        AssertInvalid(reply, "label", "The label field is required.");
        using var broken = new StringContent("{\"label\": ", Encoding.UTF8, "application/json");
        AssertInvalid(await stand.SendAsync(HttpMethod.Post, Templates, content: broken), "label", "The label field is required.");
    }

    // ---- PATCH ----

    [Fact]
    public async Task A_patch_changes_only_the_given_fields_and_moves_updated_at()
    {
        await using var stand = await Stand.StartAsync();
        var id = await stand.CreateAsync(Templates, Template());
        stand.Clock.Advance(TimeSpan.FromMinutes(1));
        var (status, json, _) = await stand.PatchAsync($"{Templates}/{id}", new JsonObject { ["version"] = 2, ["version_name"] = "2.0.0" });
        Assert.Equal(HttpStatusCode.OK, status);
        var data = json!["data"]!;
        Assert.Equal(2, data["version"]!.GetValue<int>());
        Assert.Equal("Acme", data["label"]!.GetValue<string>());
        Assert.Equal("2026-01-01T12:00:00.000000Z", data["created_at"]!.GetValue<string>());
        Assert.Equal("2026-01-01T12:01:00.000000Z", data["updated_at"]!.GetValue<string>());
        Assert.Equal(2, stand.Api.Writes);
    }

    [Fact]
    public async Task A_patch_is_validated_as_the_merged_resource_and_a_refused_one_changes_nothing()
    {
        await using var stand = await Stand.StartAsync();
        var id = await stand.CreateAsync(Templates, Template());
        AssertInvalid(await stand.PatchAsync($"{Templates}/{id}", new JsonObject { ["label"] = "" }), "label", "The label field is required.");
        AssertInvalid(await stand.PatchAsync($"{Templates}/{id}", new JsonObject { ["version"] = "3" }), "version", "The version field must be an integer.");
        Assert.Equal(1, stand.Api.All(Templates).Single()["version"]!.GetValue<int>());
        stand.Api.Edit(Templates, id.ToString(System.Globalization.CultureInfo.InvariantCulture), t => t["colour"] = "mauve");
        AssertInvalid(await stand.PatchAsync($"{Templates}/{id}", new JsonObject { ["label"] = "Other" }), "colour", "The selected colour is invalid.");
        Assert.Equal(HttpStatusCode.OK, (await stand.PatchAsync($"{Templates}/{id}", new JsonObject { ["label"] = "Other", ["colour"] = "red" })).Status);
    }

    [Fact]
    public async Task A_patch_cannot_move_a_resource_to_another_owner()
    {
        await using var stand = await Stand.StartAsync();
        var first = await stand.CreateAsync(Templates, Template("One"));
        var second = await stand.CreateAsync(Templates, Template("Two"));
        var auth = await stand.CreateAsync("authentication-implementations", new JsonObject
        {
            ["system_template_id"] = first, ["name"] = "Token", ["authentication_type_id"] = stand.Api.IdOf("authentication-types", "Token"),
        });
        var reply = await stand.PatchAsync($"authentication-implementations/{auth}", new JsonObject { ["system_template_id"] = second, ["name"] = "Bearer" });
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(first, reply.Json!["data"]!["system_template_id"]!.GetValue<int>());
        Assert.Equal("Bearer", reply.Json["data"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_ids_and_routes_are_404_and_wrong_methods_405()
    {
        await using var stand = await Stand.StartAsync();
        var id = await stand.CreateAsync(Templates, Template());
        Assert.Equal(HttpStatusCode.OK, (await stand.GetAsync($"{Templates}/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stand.GetAsync($"{Templates}/{id + 1}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stand.GetAsync($"{Templates}/Acme")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stand.GetAsync($"endpoints/{id}")).Status); // ids are per collection
        Assert.Equal(HttpStatusCode.NotFound, (await stand.PatchAsync($"{Templates}/{id + 1}", new JsonObject { ["label"] = "x" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stand.GetAsync("system-templates")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stand.GetAsync("connectors")).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await stand.SendAsync(HttpMethod.Put, $"{Templates}/{id}", Template())).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await stand.SendAsync(HttpMethod.Delete, $"{Templates}/{id}")).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await stand.PatchAsync(Templates, Template())).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await stand.PostAsync("system-types", new JsonObject())).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await stand.GetAsync($"{Templates}/logo")).Status);
    }

    // ---- The other collections (assumed fields, documented id rules) ----

    [Fact]
    public async Task An_authentication_implementation_needs_an_authentication_type_id_never_its_name()
    {
        await using var stand = await Stand.StartAsync();
        var template = await stand.CreateAsync(Templates, Template());
        JsonObject Auth(JsonNode? type, JsonNode? owner) => new() { ["system_template_id"] = owner, ["name"] = "API key", ["authentication_type_id"] = type };
        AssertInvalid(await stand.PostAsync("authentication-implementations", Auth("API Key", template)), "authentication_type_id", "The authentication type id field must be an integer.");
        AssertInvalid(await stand.PostAsync("authentication-implementations", Auth(1, template)), "authentication_type_id", "The selected authentication type id is invalid.");
        AssertInvalid(await stand.PostAsync("authentication-implementations", Auth(stand.Api.IdOf("authentication-types", "API Key"), template + 1)), "system_template_id", "The selected system template id is invalid.");
        AssertInvalid(await stand.PostAsync("authentication-implementations", Auth(stand.Api.IdOf("authentication-types", "API Key"), null)), "system_template_id", "The system template id field is required.");
        await stand.CreateAsync("authentication-implementations", Auth(stand.Api.IdOf("authentication-types", "api key"), template));
    }

    [Fact]
    public async Task An_endpoint_needs_its_fields_an_entity_type_id_and_an_existing_authentication_implementation()
    {
        await using var stand = await Stand.StartAsync();
        var template = await stand.CreateAsync(Templates, Template());
        var auth = await stand.CreateAsync("authentication-implementations", new JsonObject
        {
            ["system_template_id"] = template, ["name"] = "Basic", ["authentication_type_id"] = stand.Api.IdOf("authentication-types", "Basic"),
        });
        JsonObject Endpoint() => new()
        {
            ["authentication_implementation_id"] = auth, ["name"] = "List orders", ["entity_type_id"] = stand.Api.IdOf("entity-types", "Orders"),
            ["direction"] = "Receive", ["http_method"] = "GET", ["endpoint"] = "/orders", ["data_type"] = "json", ["pagination_method"] = "Link Header",
        };
        await stand.CreateAsync("endpoints", Endpoint());
        var named = Endpoint();
        named["entity_type_id"] = "Orders";
        AssertInvalid(await stand.PostAsync("endpoints", named), "entity_type_id", "The entity type id field must be an integer.");
        var wrongList = Endpoint();
        wrongList["entity_type_id"] = stand.Api.IdOf("system-types", "CRM") + 1; // not an entity type id (ids step by 7 from 3)
        AssertInvalid(await stand.PostAsync("endpoints", wrongList), "entity_type_id", "The selected entity type id is invalid.");
        var direction = Endpoint();
        direction["direction"] = "receive";
        AssertInvalid(await stand.PostAsync("endpoints", direction), "direction", "The selected direction is invalid.");
        var owner = Endpoint();
        owner["authentication_implementation_id"] = template;
        AssertInvalid(await stand.PostAsync("endpoints", owner), "authentication_implementation_id", "The selected authentication implementation id is invalid.");
        var (_, json, _) = await stand.PostAsync("endpoints", new JsonObject());
        Assert.Equal(
            ["authentication_implementation_id", "name", "direction", "http_method", "endpoint", "data_type"],
            json!["errors"]!.AsObject().Select(p => p.Key).ToArray());
    }

    [Fact]
    public async Task A_variable_links_to_its_owner_by_model_type_and_model_id_and_takes_json_booleans()
    {
        await using var stand = await Stand.StartAsync();
        var template = await stand.CreateAsync(Templates, Template());
        JsonObject Variable(string type, int id) => new() { ["model_type"] = type, ["model_id"] = id, ["key"] = "store", ["required"] = true };
        var created = await stand.CreateAsync("variables", Variable("system_template", template));
        var stored = stand.Api.All("variables").Single();
        Assert.Equal(created, stored["id"]!.GetValue<int>());
        Assert.False(stored["secret"]!.GetValue<bool>());
        AssertInvalid(await stand.PostAsync("variables", Variable("endpoint", template)), "model_id", "The selected model id is invalid.");
        AssertInvalid(await stand.PostAsync("variables", Variable("SystemTemplate", template)), "model_type", "The selected model type is invalid.");
        var text = Variable("system_template", template);
        text["required"] = "true";
        AssertInvalid(await stand.PostAsync("variables", text), "required", "The required field must be true or false.");
        var number = Variable("system_template", template);
        number["secret"] = 1;
        AssertInvalid(await stand.PostAsync("variables", number), "secret", "The secret field must be true or false.");
    }

    [Fact]
    public async Task A_request_option_type_is_url_header_or_body_only()
    {
        await using var stand = await Stand.StartAsync();
        var template = await stand.CreateAsync(Templates, Template());
        var auth = await stand.CreateAsync("authentication-implementations", new JsonObject
        {
            ["system_template_id"] = template, ["name"] = "Basic", ["authentication_type_id"] = stand.Api.IdOf("authentication-types", "Basic"),
        });
        JsonObject Option(string type) => new()
        {
            ["requestable_type"] = "authentication_implementation", ["requestable_id"] = auth, ["type"] = type, ["key"] = "limit", ["value"] = "50",
            ["configurable"] = false, ["locked"] = true,
        };
        foreach (var type in new[] { "url", "header", "body" })
        {
            await stand.CreateAsync("request-options", Option(type));
        }
        foreach (var type in new[] { "query", "URL", "parameter" })
        {
            AssertInvalid(await stand.PostAsync("request-options", Option(type)), "type", "The selected type is invalid.");
        }
        var onTemplate = Option("url");
        onTemplate["requestable_type"] = "system_template";
        AssertInvalid(await stand.PostAsync("request-options", onTemplate), "requestable_type", "The selected requestable type is invalid.");
        var missing = Option("header");
        missing["requestable_type"] = "endpoint";
        AssertInvalid(await stand.PostAsync("request-options", missing), "requestable_id", "The selected requestable id is invalid.");
        Assert.Equal(3, stand.Api.All("request-options").Count);
    }

    // ---- Reference lists ----

    [Fact]
    public async Task Reference_lists_hold_the_documented_names_with_integer_ids_not_in_name_order()
    {
        await using var stand = await Stand.StartAsync();
        var (status, json, _) = await stand.GetAsync("system-types?per_page=100");
        Assert.Equal(HttpStatusCode.OK, status);
        var items = json!["data"]!.AsArray().Select(i => (Id: i!["id"]!.GetValue<int>(), Name: i["name"]!.GetValue<string>())).ToList();
        Assert.Equal(["3PL", "Accounting", "CRM", "Database", "eCommerce", "ERP", "Marketplaces", "Other", "PIM", "POS", "WMS"],
            items.Select(i => i.Name).Order(StringComparer.OrdinalIgnoreCase).ToArray());
        Assert.NotEqual(items.Select(i => i.Name).Order(StringComparer.OrdinalIgnoreCase), items.OrderBy(i => i.Id).Select(i => i.Name));
        Assert.DoesNotContain(items, i => i.Id is 0 or 1);
        Assert.Equal(15, (await stand.GetAsync("entity-types?per_page=100")).Json!["meta"]!["total"]!.GetValue<int>());
        Assert.Equal(8, (await stand.GetAsync("authentication-types?per_page=100")).Json!["meta"]!["total"]!.GetValue<int>());
        Assert.Equal(items.Single(i => i.Name == "eCommerce").Id, stand.Api.IdOf("system-types", "ECOMMERCE"));
        var filtered = await stand.GetAsync("authentication-types?filter[name]=basic,None");
        Assert.Equal(2, filtered.Json!["data"]!.AsArray().Count);
        Assert.Throws<KeyNotFoundException>(() => stand.Api.IdOf("entity-types", "Widgets"));
    }

    // ---- Lists ----

    [Fact]
    public async Task Lists_page_by_15_by_default_and_follow_absolute_next_links_to_the_end()
    {
        await using var stand = await Stand.StartAsync();
        for (var i = 0; i < 35; i++)
        {
            await stand.CreateAsync(Templates, Template($"T{i:D2}"));
        }
        var first = await stand.GetAsync(Templates);
        Assert.Equal(15, first.Json!["data"]!.AsArray().Count);
        Assert.Equal(3, first.Json["meta"]!["last_page"]!.GetValue<int>());
        var labels = new List<string>();
        string? next = $"{DocumentedCoreApi.BaseUrl}/{Templates}?per_page=10&filter[colour]=blue";
        var pages = 0;
        while (next is not null)
        {
            Assert.StartsWith($"https://{DocumentedCoreApi.Host}/api/v1/", next, StringComparison.Ordinal);
            var (status, json, _) = await stand.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, status);
            labels.AddRange(json!["data"]!.AsArray().Select(t => t!["label"]!.GetValue<string>()));
            Assert.Equal(10, json["meta"]!["per_page"]!.GetValue<int>());
            Assert.Equal(35, json["meta"]!["total"]!.GetValue<int>());
            Assert.Equal(++pages, json["meta"]!["current_page"]!.GetValue<int>());
            next = json["links"]!["next"]?.GetValue<string>();
        }
        Assert.Equal(4, pages);
        Assert.Equal(Enumerable.Range(0, 35).Select(i => $"T{i:D2}"), labels);
        var past = await stand.GetAsync($"{Templates}?page=9");
        Assert.Empty(past.Json!["data"]!.AsArray());
        Assert.Null(past.Json["links"]!["next"]);
    }

    [Fact]
    public async Task Per_page_is_at_most_100()
    {
        await using var stand = await Stand.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await stand.GetAsync($"{Templates}?per_page=100")).Status);
        AssertInvalid(await stand.GetAsync($"{Templates}?per_page=101"), "per_page", "The per page field must not be greater than 100.");
        AssertInvalid(await stand.GetAsync($"{Templates}?per_page=0"), "per_page", "The per page field must be at least 1.");
        AssertInvalid(await stand.GetAsync($"{Templates}?per_page=ten"), "per_page", "The per page field must be an integer.");
    }

    [Fact]
    public async Task A_filter_with_commas_matches_any_of_its_values_and_filters_combine()
    {
        await using var stand = await Stand.StartAsync();
        var one = await stand.CreateAsync(Templates, Template("One"));
        var two = await stand.CreateAsync(Templates, Template("Two"));
        await stand.CreateAsync(Templates, Template("Three"));
        async Task<string[]> Labels(string query) =>
            [.. (await stand.GetAsync($"{Templates}?{query}")).Json!["data"]!.AsArray().Select(t => t!["label"]!.GetValue<string>())];
        Assert.Equal(["One", "Three"], await Labels("filter[label]=One,Three"));
        Assert.Equal(["One", "Three"], await Labels("filter%5Blabel%5D=One%2CThree"));
        Assert.Equal(["Two"], await Labels($"filter[id]={two}"));
        Assert.Equal(["One"], await Labels($"filter[id]={one},{two}&filter[label]=One,Three"));
        Assert.Empty(await Labels("filter[label]=Four"));
        foreach (var (type, id) in new[] { ("system_template", one), ("system_template", two) })
        {
            await stand.CreateAsync("variables", new JsonObject { ["model_type"] = type, ["model_id"] = id, ["key"] = "k" + id });
        }
        var variables = await stand.GetAsync($"variables?filter[model_type]=system_template&filter[model_id]={two}");
        Assert.Equal("k" + two, variables.Json!["data"]!.AsArray().Single()!["key"]!.GetValue<string>());
        var unknown = await stand.GetAsync($"{Templates}?filter[owner]=me");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
    }

    // ---- Limits ----

    [Fact]
    public async Task A_payload_over_8_MB_is_413_by_content_length_or_by_the_bytes_read()
    {
        await using var stand = await Stand.StartAsync();
        var fits = Template();
        fits["description"] = new string('x', (int)DocumentedCoreApi.MaxPayloadBytes - 1024);
        Assert.Equal(HttpStatusCode.Created, (await stand.PostAsync(Templates, fits)).Status);
        var big = Template();
        big["description"] = new string('x', (int)DocumentedCoreApi.MaxPayloadBytes);
        var (status, json, _) = await stand.PostAsync(Templates, big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("Payload Too Large", json!["message"]!.GetValue<string>());
        using var chunked = new StreamContent(new NoLengthStream(Encoding.UTF8.GetBytes(big.ToJsonString())));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await stand.SendAsync(HttpMethod.Post, Templates, content: chunked)).Status);
        Assert.Single(stand.Api.All(Templates));
    }

    [Fact]
    public async Task Past_the_burst_limit_requests_are_429_with_retry_after_until_the_window_closes()
    {
        await using var stand = await Stand.StartAsync(clock => new DocumentedCoreApi(time: clock, burstLimit: 2, burstWindow: TimeSpan.FromSeconds(10), retryAfterSeconds: 7));
        Assert.Equal(HttpStatusCode.OK, (await stand.GetAsync(Templates)).Status);
        Assert.Equal(HttpStatusCode.Created, (await stand.PostAsync(Templates, Template())).Status);
        var (status, json, response) = await stand.GetAsync(Templates);
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal("7", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("Too Many Attempts.", json!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await stand.PostAsync(Templates, Template())).Status);
        stand.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, (await stand.GetAsync(Templates)).Status);
        Assert.Single(stand.Api.All(Templates));
    }

    // ---- Fault injection ----

    [Fact]
    public async Task An_injected_failure_answers_that_write_attempt_without_making_it()
    {
        await using var stand = await Stand.StartAsync();
        stand.Api.FailWrite(2, 500);
        Assert.Equal(HttpStatusCode.OK, (await stand.GetAsync(Templates)).Status); // reads are not write attempts
        Assert.Equal(HttpStatusCode.Created, (await stand.PostAsync(Templates, Template("A"))).Status);
        var (status, json, _) = await stand.PostAsync(Templates, Template("B"));
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("Server Error", json!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await stand.PostAsync(Templates, Template("B"))).Status);
        Assert.Equal(3, stand.Api.WriteAttempts);
        Assert.Equal(2, stand.Api.Writes);
        Assert.Equal(["A", "B"], stand.Api.All(Templates).Select(t => t["label"]!.GetValue<string>()));
        Assert.Equal([200, 201, 500, 201], stand.Api.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task A_carried_out_failure_makes_the_write_and_still_answers_the_error()
    {
        await using var stand = await Stand.StartAsync();
        stand.Api.FailNextWrites(1, 503, carriedOut: true);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await stand.PostAsync(Templates, Template())).Status);
        Assert.Single(stand.Api.All(Templates));
        Assert.Equal(1, stand.Api.Writes);
        var id = stand.Api.All(Templates).Single()["id"]!.GetValue<int>();
        stand.Api.FailNextWrites(1, 502, carriedOut: true);
        Assert.Equal(HttpStatusCode.BadGateway, (await stand.PatchAsync($"{Templates}/{id}", new JsonObject { ["version"] = 5 })).Status);
        Assert.Equal(5, stand.Api.All(Templates).Single()["version"]!.GetValue<int>());
        Assert.Equal(2, stand.Api.WriteAttempts);
    }

    [Fact]
    public async Task Injected_429_422_and_401_have_their_usual_shapes_and_count_as_write_attempts()
    {
        await using var stand = await Stand.StartAsync(clock => new DocumentedCoreApi(time: clock, retryAfterSeconds: 3));
        stand.Api.FailNextWrites(2, 429);
        stand.Api.FailWrite(3, 422);
        stand.Api.FailWrite(4, 401);
        var first = await stand.PostAsync(Templates, Template());
        Assert.Equal(HttpStatusCode.TooManyRequests, first.Status);
        Assert.Equal("3", first.Response.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await stand.PostAsync(Templates, Template())).Status);
        var invalid = await stand.PostAsync(Templates, Template());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.Status);
        Assert.NotNull(invalid.Json!["errors"]);
        var unauthorised = await stand.PostAsync(Templates, Template());
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorised.Status);
        Assert.Equal("Unauthenticated.", unauthorised.Json!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await stand.PostAsync(Templates, Template())).Status);
        Assert.Equal(5, stand.Api.WriteAttempts);
        Assert.Equal(1, stand.Api.Writes);
    }

    // ---- Logos ----

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3];

    private static MultipartFormDataContent Upload(byte[] bytes, string fileName, string field = "logo")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, field, fileName);
        return form;
    }

    [Fact]
    public async Task A_logo_upload_returns_its_url_which_serves_the_bytes_without_auth()
    {
        await using var stand = await Stand.StartAsync();
        using var upload = Upload(Png, "acme.png");
        var (status, json, _) = await stand.SendAsync(HttpMethod.Post, $"{Templates}/logo", content: upload);
        Assert.Equal(HttpStatusCode.Created, status);
        var url = json!["data"]!["logo_url"]!.GetValue<string>();
        Assert.Equal($"https://{DocumentedCoreApi.Host}/storage/logos/{Convert.ToHexStringLower(SHA256.HashData(Png))}.png", url);
        Assert.Equal(Png, stand.Api.Logos[url]);
        using var served = await stand.Http.GetAsync(new Uri(url));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Png, await served.Content.ReadAsByteArrayAsync());
        var template = Template();
        template["logo_url"] = url;
        Assert.Equal(HttpStatusCode.Created, (await stand.PostAsync(Templates, template)).Status);
        Assert.Equal(2, stand.Api.Writes);
        Assert.Equal(HttpStatusCode.NotFound, (await stand.Http.GetAsync(new Uri(url.Replace(".png", ".gif", StringComparison.Ordinal)))).StatusCode);
    }

    [Theory]
    [InlineData("logo.svg", "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "image/svg+xml")]
    [InlineData("logo.gif", "GIF89a....", "image/gif")]
    [InlineData("logo.JPEG", "\u00FF\u00D8\u00FF\u00E0JFIF", "image/jpeg")]
    public async Task Svg_gif_and_jpg_logos_are_accepted(string fileName, string content, string contentType)
    {
        await using var stand = await Stand.StartAsync();
        var bytes = content.StartsWith('\u00FF') ? [.. content.Select(c => (byte)c)] : Encoding.UTF8.GetBytes(content);
        using var upload = Upload(bytes, fileName);
        var (status, json, _) = await stand.SendAsync(HttpMethod.Post, $"{Templates}/logo", content: upload);
        Assert.Equal(HttpStatusCode.Created, status);
        using var served = await stand.Http.GetAsync(new Uri(json!["data"]!["logo_url"]!.GetValue<string>()));
        Assert.Equal(contentType, served.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("logo.txt", "png", "The logo field must be a file of type: png, jpg, gif, svg.")]
    [InlineData("logo.gif", "png", "The logo field must be a file of type: png, jpg, gif, svg.")]
    [InlineData("logo.png", "text", "The logo field must be a file of type: png, jpg, gif, svg.")]
    [InlineData("logo.svg", "text", "The logo field must be a file of type: png, jpg, gif, svg.")]
    [InlineData("logo.png", "empty", "The logo field must be a file.")]
    public async Task A_logo_of_another_type_or_whose_name_and_bytes_disagree_is_refused(string fileName, string content, string message)
    {
        await using var stand = await Stand.StartAsync();
        var bytes = content switch { "png" => Png, "empty" => [], _ => Encoding.UTF8.GetBytes("<html><body>not an image</body></html>") };
        using var upload = Upload(bytes, fileName);
        AssertInvalid(await stand.SendAsync(HttpMethod.Post, $"{Templates}/logo", content: upload), "logo", message);
        Assert.Empty(stand.Api.Logos);
    }

    [Fact]
    public async Task A_logo_over_10_MB_or_in_another_field_is_refused_and_10_MB_fits()
    {
        await using var stand = await Stand.StartAsync();
        var exact = new byte[DocumentedCoreApi.MaxLogoBytes];
        Png.CopyTo(exact, 0);
        using (var upload = Upload(exact, "big.png"))
        {
            Assert.Equal(HttpStatusCode.Created, (await stand.SendAsync(HttpMethod.Post, $"{Templates}/logo", content: upload)).Status);
        }
        var over = new byte[DocumentedCoreApi.MaxLogoBytes + 1];
        Png.CopyTo(over, 0);
        using (var upload = Upload(over, "bigger.png"))
        {
            AssertInvalid(await stand.SendAsync(HttpMethod.Post, $"{Templates}/logo", content: upload), "logo", "The logo field must not be greater than 10240 kilobytes.");
        }
        using (var upload = Upload(Png, "acme.png", field: "file"))
        {
            AssertInvalid(await stand.SendAsync(HttpMethod.Post, $"{Templates}/logo", content: upload), "logo", "The logo field is required.");
        }
        Assert.Single(stand.Api.Logos);
        Assert.Equal(3, stand.Api.WriteAttempts);
        Assert.All(stand.Api.Requests, r => Assert.StartsWith("[multipart/form-data", r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_logo_upload_needs_auth_and_is_a_write_attempt_that_faults_can_hit()
    {
        await using var stand = await Stand.StartAsync();
        using (var upload = Upload(Png, "acme.png"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await stand.SendAsync(HttpMethod.Post, $"{Templates}/logo", authorization: "wrong", content: upload)).Status);
        }
        stand.Api.FailNextWrites(1, 500, carriedOut: true);
        using (var upload = Upload(Png, "acme.png"))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, (await stand.SendAsync(HttpMethod.Post, $"{Templates}/logo", content: upload)).Status);
        }
        Assert.Single(stand.Api.Logos);
        Assert.Equal(2, stand.Api.WriteAttempts);
    }

    [Fact]
    public async Task Requests_are_recorded_in_order_with_their_bodies_and_statuses()
    {
        await using var stand = await Stand.StartAsync();
        await stand.PostAsync(Templates, Template());
        await stand.GetAsync($"{Templates}?filter[label]=Acme", authorization: "bad");
        var requests = stand.Api.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(new RecordedRequest("POST", "/api/v1/patchworks/system-templates", Template().ToJsonString(), 201), requests[0]);
        Assert.Equal(new RecordedRequest("GET", "/api/v1/patchworks/system-templates?filter[label]=Acme", null, 401), requests[1]);
    }

    /// <summary>A stream with no length, so HttpClient sends it chunked (no Content-Length).</summary>
    private sealed class NoLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
