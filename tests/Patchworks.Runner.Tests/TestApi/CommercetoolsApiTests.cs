using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>
/// The commercetools stand-in, as commercetools documents its HTTP API: client credentials as HTTP Basic on the
/// region's auth host, scopes per project (403 insufficient_scope), two-day tokens, the {statusCode, message, errors}
/// error shape, limit at most 500 and offset at most 10,000, withTotal, sort and where predicates (the id and date
/// comparisons the sample sends), and inventory update actions with optimistic concurrency (409 and currentVersion).
/// </summary>
public sealed class CommercetoolsApiTests
{
    private const string Auth = "https://auth." + CommercetoolsApi.TestRegion + ".commercetools.com/oauth/token";
    private const string Api = "https://api." + CommercetoolsApi.TestRegion + ".commercetools.com/" + CommercetoolsApi.TestProjectKey;
    private const string Key = CommercetoolsApi.TestProjectKey;

    private static HttpRequestMessage TokenRequest(string? scope, string clientId = CommercetoolsApi.TestClientId, string secret = CommercetoolsApi.TestClientSecret, string url = Auth, string grant = "client_credentials")
    {
        var fields = new Dictionary<string, string> { ["grant_type"] = grant };
        if (scope is not null)
        {
            fields["scope"] = scope;
        }
        return TestApiClient.With(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) },
            ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}"))));
    }

    private static async Task<string> TokenAsync(HttpClient client, string? scope = null)
    {
        var (response, body) = await client.SendJsonAsync(TokenRequest(scope));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body!["access_token"]!.GetValue<string>();
    }

    private static HttpRequestMessage Get(string url, string token) => TestApiClient.Get(url, ("Authorization", "Bearer " + token));

    private static void AssertError(HttpResponseMessage response, JsonNode? body, int status, string code)
    {
        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Equal(status, body!["statusCode"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(body["message"]!.GetValue<string>()));
        Assert.Equal(code, body["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Client_credentials_as_basic_on_the_regions_auth_host_give_a_two_day_token_of_the_scopes_asked()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new CommercetoolsApi()]);
        using var client = TestApiClient.For(server);

        var (ok, token) = await client.SendJsonAsync(TokenRequest($"view_products:{Key} view_orders:{Key}"));
        var (all, allToken) = await client.SendJsonAsync(TokenRequest(null));
        var (wrongSecret, wrongSecretBody) = await client.SendJsonAsync(TokenRequest(null, secret: "not-the-secret"));
        var (otherRegion, _) = await client.SendJsonAsync(TokenRequest(null, url: "https://auth.us-central1.gcp.commercetools.com/oauth/token"));
        var (notGiven, notGivenBody) = await client.SendJsonAsync(TokenRequest($"manage_project:{Key}"));
        var (otherProject, _) = await client.SendJsonAsync(TokenRequest($"view_products:{CommercetoolsApi.LiveProjectKey}"));
        var (password, passwordBody) = await client.SendJsonAsync(TokenRequest(null, grant: "password"));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(172_800, token!["expires_in"]!.GetValue<int>());
        Assert.Equal("Bearer", token["token_type"]!.GetValue<string>());
        Assert.Equal($"view_products:{Key} view_orders:{Key}", token["scope"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Contains($"manage_products:{Key}", allToken!["scope"]!.GetValue<string>(), StringComparison.Ordinal);
        AssertError(wrongSecret, wrongSecretBody, 401, "invalid_client");
        Assert.Equal("invalid_client", wrongSecretBody!["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, otherRegion.StatusCode); // the project's client is known in its own region only
        AssertError(notGiven, notGivenBody, 400, "invalid_scope");
        Assert.Equal(HttpStatusCode.BadRequest, otherProject.StatusCode);
        AssertError(password, passwordBody, 400, "unsupported_grant_type");
    }

    [Fact]
    public async Task The_api_wants_a_live_token_whose_scopes_cover_the_endpoint_and_the_project()
    {
        var clock = new ManualClock();
        await using var server = await TestApiServer.StartAsync(apis: [new CommercetoolsApi(time: clock)]);
        using var client = TestApiClient.For(server);
        var products = await TokenAsync(client, $"view_products:{Key}");
        var manage = await TokenAsync(client, $"manage_products:{Key}");

        var (fine, _) = await client.SendJsonAsync(Get($"{Api}/inventory", products));
        var (byManage, _) = await client.SendJsonAsync(Get($"{Api}/product-projections", manage));
        var (orders, ordersBody) = await client.SendJsonAsync(Get($"{Api}/orders", products));
        var (none, noneBody) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/inventory"));
        var (wrong, _) = await client.SendJsonAsync(Get($"{Api}/inventory", "not-a-token"));
        var (otherProject, _) = await client.SendJsonAsync(Get($"https://api.{CommercetoolsApi.TestRegion}.commercetools.com/{CommercetoolsApi.LiveProjectKey}/inventory", products));
        clock.Advance(TimeSpan.FromSeconds(172_799));
        var (stillLive, _) = await client.SendJsonAsync(Get($"{Api}/inventory", products));
        clock.Advance(TimeSpan.FromSeconds(1));
        var (expired, expiredBody) = await client.SendJsonAsync(Get($"{Api}/inventory", products));

        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byManage.StatusCode); // manage_products covers view_products
        AssertError(orders, ordersBody, 403, "insufficient_scope");
        Assert.Contains($"view_orders:{Key}", ordersBody!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        AssertError(none, noneBody, 401, "invalid_token");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherProject.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillLive.StatusCode);
        AssertError(expired, expiredBody, 401, "invalid_token");
    }

    [Fact]
    public async Task Queries_page_by_limit_and_offset_within_500_and_10000_and_count_unless_withTotal_is_false()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new CommercetoolsApi(customerCount: 45)]);
        using var client = TestApiClient.For(server);
        var token = await TokenAsync(client);

        var (_, first) = await client.SendJsonAsync(Get($"{Api}/customers", token));
        var (_, last) = await client.SendJsonAsync(Get($"{Api}/customers?limit=20&offset=40&withTotal=false", token));
        var (most, _) = await client.SendJsonAsync(Get($"{Api}/customers?limit=500&offset=10000", token));
        var (overLimit, overLimitBody) = await client.SendJsonAsync(Get($"{Api}/customers?limit=501", token));
        var (overOffset, overOffsetBody) = await client.SendJsonAsync(Get($"{Api}/customers?offset=10001", token));
        var (negative, _) = await client.SendJsonAsync(Get($"{Api}/customers?limit=-1", token));
        var (badTotal, _) = await client.SendJsonAsync(Get($"{Api}/customers?withTotal=yes", token));

        Assert.Equal(20, first!["limit"]!.GetValue<int>()); // 20 by default
        Assert.Equal(20, first["count"]!.GetValue<int>());
        Assert.Equal(45, first["total"]!.GetValue<int>());
        Assert.Equal(5, last!["count"]!.GetValue<int>());
        Assert.Equal(40, last["offset"]!.GetValue<int>());
        Assert.Null(last["total"]);
        Assert.Equal(HttpStatusCode.OK, most.StatusCode);
        AssertError(overLimit, overLimitBody, 400, "InvalidInput");
        AssertError(overOffset, overOffsetBody, 400, "InvalidInput");
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTotal.StatusCode);
    }

    [Fact]
    public async Task Sorting_by_id_and_asking_for_ids_after_the_last_reads_everything_once_in_an_order_other_than_creation()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new CommercetoolsApi(inventoryCount: 1234)]);
        using var client = TestApiClient.For(server);
        var token = await TokenAsync(client);

        var ids = new List<string>();
        var last = "";
        for (var page = 0; page < 10; page++)
        {
            var where = Uri.EscapeDataString($"id > \"{last}\"");
            var (response, body) = await client.SendJsonAsync(Get($"{Api}/inventory?sort=id%20asc&withTotal=false&limit=500&where={where}", token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var results = body!["results"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ToList();
            ids.AddRange(results);
            if (results.Count < 500)
            {
                break;
            }
            last = results[^1];
        }
        var (_, unsorted) = await client.SendJsonAsync(Get($"{Api}/inventory?limit=500", token));
        var (_, descending) = await client.SendJsonAsync(Get($"{Api}/inventory?limit=3&sort=id%20desc", token));

        Assert.Equal(1234, ids.Count);
        Assert.Equal(1234, ids.Distinct().Count());
        Assert.Equal(ids.OrderBy(i => i, StringComparer.Ordinal), ids);
        var creationOrder = unsorted!["results"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(CommercetoolsApi.IdOf("inventory", 1), creationOrder[0]);
        Assert.NotEqual(creationOrder.OrderBy(i => i, StringComparer.Ordinal), creationOrder);
        Assert.Equal(ids[^1], descending!["results"]![0]!["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("lastModifiedAt > \"2024-03-01T00:00:00.000Z\" and id > \"\"", 163)]
    [InlineData("lastModifiedAt > \"2024-03-01T00:00:00.000Z\"", 163)]
    [InlineData("id > \"\"", 300)]
    [InlineData("lastModifiedAt <= \"2024-03-01T00:00:00.000Z\"", 137)]
    public async Task Where_reads_comparisons_of_id_and_dates_joined_with_and(string where, int total)
    {
        await using var server = await TestApiServer.StartAsync(apis: [new CommercetoolsApi(orderCount: 300)]);
        using var client = TestApiClient.For(server);
        var token = await TokenAsync(client);

        var (response, body) = await client.SendJsonAsync(Get($"{Api}/orders?limit=1&where={Uri.EscapeDataString(where)}", token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(total, body!["total"]!.GetValue<int>());
        Assert.Equal(1, body["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Two_where_parameters_are_joined_with_and_and_a_predicate_it_cannot_read_is_a_400()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new CommercetoolsApi(orderCount: 300)]);
        using var client = TestApiClient.For(server);
        var token = await TokenAsync(client);
        var after = CommercetoolsApi.IdOf("order", 1);

        var (_, both) = await client.SendJsonAsync(Get($"{Api}/orders?limit=1&where={Uri.EscapeDataString("lastModifiedAt > \"2024-03-01T00:00:00.000Z\"")}&where={Uri.EscapeDataString($"id > \"{after}\"")}", token));
        var (_, oneOf) = await client.SendJsonAsync(Get($"{Api}/orders?limit=1&where={Uri.EscapeDataString($"id > \"{after}\"")}", token));
        var (unquoted, unquotedBody) = await client.SendJsonAsync(Get($"{Api}/orders?where={Uri.EscapeDataString("id > abc")}", token));
        var (badDate, badDateBody) = await client.SendJsonAsync(Get($"{Api}/orders?where={Uri.EscapeDataString("lastModifiedAt > \"1 March 2024\"")}", token));
        var (unknownField, _) = await client.SendJsonAsync(Get($"{Api}/orders?where={Uri.EscapeDataString("orderNumber = \"ORD-000001\"")}", token));
        var (badSort, _) = await client.SendJsonAsync(Get($"{Api}/orders?sort=id", token));

        Assert.True(both!["total"]!.GetValue<int>() < oneOf!["total"]!.GetValue<int>());
        Assert.True(both["total"]!.GetValue<int>() < 163);
        AssertError(unquoted, unquotedBody, 400, "InvalidInput");
        Assert.StartsWith("Malformed parameter: where:", unquotedBody!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        AssertError(badDate, badDateBody, 400, "InvalidInput");
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badSort.StatusCode);
    }

    [Fact]
    public async Task An_inventory_update_wants_the_current_version_and_answers_the_entry_at_the_next()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new CommercetoolsApi()]);
        using var client = TestApiClient.For(server);
        var token = await TokenAsync(client);
        var reader = await TokenAsync(client, $"view_products:{Key}");
        var id = CommercetoolsApi.IdOf("inventory", 76); // version 2
        HttpRequestMessage Post(string json, string with) => TestApiClient.With(
            new HttpRequestMessage(HttpMethod.Post, $"{Api}/inventory/{id}") { Content = new StringContent(json, Encoding.UTF8, "application/json") },
            ("Authorization", "Bearer " + with));

        var (stale, staleBody) = await client.SendJsonAsync(Post("""{"version":1,"actions":[{"action":"changeQuantity","quantity":75}]}""", token));
        var (readOnly, readOnlyBody) = await client.SendJsonAsync(Post("""{"version":2,"actions":[{"action":"changeQuantity","quantity":75}]}""", reader));
        var (noVersion, noVersionBody) = await client.SendJsonAsync(Post("""{"actions":[{"action":"changeQuantity","quantity":75}]}""", token));
        var (unknownAction, unknownActionBody) = await client.SendJsonAsync(Post("""{"version":2,"actions":[{"action":"setQuantity","quantity":75}]}""", token));
        var (ok, entry) = await client.SendJsonAsync(Post("""{"version":2,"actions":[{"action":"changeQuantity","quantity":75}]}""", token));
        var (again, againBody) = await client.SendJsonAsync(Post("""{"version":2,"actions":[{"action":"addQuantity","quantity":5}]}""", token));
        var (unknown, unknownBody) = await client.SendJsonAsync(TestApiClient.With(
            new HttpRequestMessage(HttpMethod.Post, $"{Api}/inventory/{Guid.Empty}") { Content = new StringContent("""{"version":1,"actions":[]}""", Encoding.UTF8, "application/json") },
            ("Authorization", "Bearer " + token)));
        var (_, listed) = await client.SendJsonAsync(Get($"{Api}/inventory?where={Uri.EscapeDataString($"id = \"{id}\"")}", token));

        AssertError(stale, staleBody, 409, "ConcurrentModification");
        Assert.Equal(2, staleBody!["errors"]![0]!["currentVersion"]!.GetValue<int>());
        AssertError(readOnly, readOnlyBody, 403, "insufficient_scope");
        AssertError(noVersion, noVersionBody, 400, "InvalidJsonInput");
        AssertError(unknownAction, unknownActionBody, 400, "InvalidJsonInput");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(3, entry!["version"]!.GetValue<int>());
        Assert.Equal(75, entry["quantityOnStock"]!.GetValue<int>());
        Assert.Equal(75 - 76 % 4, entry["availableQuantity"]!.GetValue<int>());
        AssertError(again, againBody, 409, "ConcurrentModification");
        Assert.Equal(3, againBody!["errors"]![0]!["currentVersion"]!.GetValue<int>());
        AssertError(unknown, unknownBody, 404, "ResourceNotFound");
        Assert.Equal(75, listed!["results"]![0]!["quantityOnStock"]!.GetValue<int>());
        Assert.Equal(3, listed["results"]![0]!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Creating_a_customer_wants_manage_customers_an_unused_email_and_a_password_unless_external()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new CommercetoolsApi(customerCount: 10)]);
        using var client = TestApiClient.For(server);
        var token = await TokenAsync(client);
        var viewer = await TokenAsync(client, $"view_customers:{Key}");
        HttpRequestMessage Post(string json, string with) => TestApiClient.With(
            new HttpRequestMessage(HttpMethod.Post, $"{Api}/customers") { Content = new StringContent(json, Encoding.UTF8, "application/json") },
            ("Authorization", "Bearer " + with));

        var (created, createdBody) = await client.SendJsonAsync(Post("""{"email":"jo.bloggs@example.com","firstName":"Jo","authenticationMode":"ExternalAuth"}""", token));
        var (withPassword, _) = await client.SendJsonAsync(Post("""{"email":"sam@example.com","password":"s3cret-Pass"}""", token));
        var (again, againBody) = await client.SendJsonAsync(Post("""{"email":"JO.BLOGGS@example.com","authenticationMode":"ExternalAuth"}""", token));
        var (existing, _) = await client.SendJsonAsync(Post("""{"email":"customer3@example.com","password":"x"}""", token));
        var (noPassword, noPasswordBody) = await client.SendJsonAsync(Post("""{"email":"new@example.com"}""", token));
        var (noEmail, noEmailBody) = await client.SendJsonAsync(Post("""{"firstName":"Jo","authenticationMode":"ExternalAuth"}""", token));
        var (unknownField, _) = await client.SendJsonAsync(Post("""{"email":"x@example.com","nickname":"jo","authenticationMode":"ExternalAuth"}""", token));
        var (readOnly, readOnlyBody) = await client.SendJsonAsync(Post("""{"email":"y@example.com","authenticationMode":"ExternalAuth"}""", viewer));
        var (_, listed) = await client.SendJsonAsync(Get($"{Api}/customers?limit=500", token));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("jo.bloggs@example.com", createdBody!["customer"]!["email"]!.GetValue<string>());
        Assert.Equal(1, createdBody["customer"]!["version"]!.GetValue<int>());
        Assert.Equal("ExternalAuth", createdBody["customer"]!["authenticationMode"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, withPassword.StatusCode);
        AssertError(again, againBody, 400, "DuplicateField");
        Assert.Equal("email", againBody!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, existing.StatusCode);
        AssertError(noPassword, noPasswordBody, 400, "InvalidOperation");
        AssertError(noEmail, noEmailBody, 400, "InvalidJsonInput");
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
        AssertError(readOnly, readOnlyBody, 403, "insufficient_scope");
        Assert.Equal(12, listed!["total"]!.GetValue<int>());
        Assert.DoesNotContain("s3cret-Pass", listed.ToJsonString(), StringComparison.Ordinal); // a password comes back hashed only
        Assert.Single(listed["results"]!.AsArray(), c => c!["password"] is not null);
    }
}
