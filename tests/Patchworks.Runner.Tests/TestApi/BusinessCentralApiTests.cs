using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>
/// The Business Central stand-in, as Microsoft documents it: the identity platform's client credentials grant and its
/// AADSTS errors, the API v2.0 paths under a tenant and environment, the bearer token, OData errors, and server-driven
/// paging with Prefer: odata.maxpagesize and @odata.nextLink.
/// </summary>
public sealed class BusinessCentralApiTests
{
    private const string Api = "https://api.businesscentral.dynamics.com/v2.0/" + BusinessCentralApi.TenantId + "/Sandbox/api/v2.0";
    private const string Company = Api + "/companies(" + BusinessCentralApi.CompanyId + ")";
    private const string TokenUrl = "https://login.microsoftonline.com/" + BusinessCentralApi.TenantId + "/oauth2/v2.0/token";

    private static HttpRequestMessage TokenRequest(string url = TokenUrl, string secret = BusinessCentralApi.ClientSecret, string scope = BusinessCentralApi.Scope, string clientId = BusinessCentralApi.ClientId) =>
        new(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = clientId,
                ["client_secret"] = secret,
                ["scope"] = scope,
            }),
        };

    private static async Task<string> TokenAsync(HttpClient client)
    {
        var (response, json) = await client.SendJsonAsync(TokenRequest());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return json!["access_token"]!.GetValue<string>();
    }

    [Fact]
    public async Task The_client_credentials_grant_gives_an_hours_bearer_token_and_refuses_as_the_identity_platform_does()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BusinessCentralApi()]);
        using var client = TestApiClient.For(server);

        var (ok, token) = await client.SendJsonAsync(TokenRequest());
        var (secret, secretError) = await client.SendJsonAsync(TokenRequest(secret: "wrong"));
        var (scope, scopeError) = await client.SendJsonAsync(TokenRequest(scope: "https://api.businesscentral.dynamics.com/API.ReadWrite.All"));
        var (app, _) = await client.SendJsonAsync(TokenRequest(clientId: "11111111-1111-1111-1111-111111111111"));
        var (tenant, tenantError) = await client.SendJsonAsync(TokenRequest(url: "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"));
        var (json, _) = await client.SendJsonAsync(new HttpRequestMessage(HttpMethod.Post, TokenUrl) { Content = new StringContent("{\"grant_type\":\"client_credentials\"}", Encoding.UTF8, "application/json") });

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("Bearer", token!["token_type"]!.GetValue<string>());
        Assert.Equal(3599, token["expires_in"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Unauthorized, secret.StatusCode);
        Assert.Equal("invalid_client", secretError!["error"]!.GetValue<string>());
        Assert.StartsWith("AADSTS7000215:", secretError["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, scope.StatusCode);
        Assert.Equal("invalid_scope", scopeError!["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, app.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tenant.StatusCode);
        Assert.Equal(90002, tenantError!["error_codes"]![0]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
    }

    [Fact]
    public async Task Following_next_links_yields_every_customer_once_in_order_and_keeps_the_filter()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BusinessCentralApi(customerCount: 120)]);
        using var client = TestApiClient.For(server);
        var bearer = ("Authorization", "Bearer " + await TokenAsync(client));
        var numbers = new List<string>();
        string? url = $"{Company}/customers";
        var pages = 0;
        while (url is not null)
        {
            var (response, json) = await client.SendJsonAsync(TestApiClient.Get(url, bearer, ("Prefer", "odata.maxpagesize=50")));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("odata.maxpagesize=50", response.Headers.GetValues("Preference-Applied").Single());
            numbers.AddRange(json!["value"]!.AsArray().Select(c => c!["number"]!.GetValue<string>()));
            url = json["@odata.nextLink"]?.GetValue<string>();
            Assert.True(url is null || url.StartsWith($"{Company}/customers?", StringComparison.Ordinal), url);
            pages++;
        }
        var (_, filtered) = await client.SendJsonAsync(TestApiClient.Get($"{Company}/customers?$filter={Uri.EscapeDataString("lastModifiedDateTime gt 2024-02-01T00:00:00Z")}", bearer, ("Prefer", "odata.maxpagesize=25")));
        var next = filtered!["@odata.nextLink"]!.GetValue<string>();
        var (_, second) = await client.SendJsonAsync(TestApiClient.Get(next, bearer, ("Prefer", "odata.maxpagesize=25")));
        var (_, whole) = await client.SendJsonAsync(TestApiClient.Get($"{Company}/customers", bearer));

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 120).Select(n => $"C{n:D5}"), numbers);
        Assert.Contains("?$filter=", next, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(81, 40).Select(n => $"C{n:D5}"), filtered["value"]!.AsArray().Concat(second!["value"]!.AsArray()).Select(c => c!["number"]!.GetValue<string>()));
        Assert.Null(second["@odata.nextLink"]);
        Assert.Equal(120, whole!["value"]!.AsArray().Count);
        Assert.Null(whole["@odata.nextLink"]);
    }

    [Fact]
    public async Task A_missing_token_an_unknown_environment_or_company_and_an_unknown_filter_are_refused_with_odata_errors()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BusinessCentralApi()]);
        using var client = TestApiClient.For(server);
        var bearer = ("Authorization", "Bearer " + await TokenAsync(client));

        var (anonymous, anonymousBody) = await client.SendJsonAsync(TestApiClient.Get($"{Company}/customers"));
        var (environment, environmentBody) = await client.SendJsonAsync(TestApiClient.Get($"https://api.businesscentral.dynamics.com/v2.0/{BusinessCentralApi.TenantId}/Staging/api/v2.0/companies({BusinessCentralApi.CompanyId})/customers", bearer));
        var (company, _) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/companies(00000000-0000-0000-0000-000000000009)/customers", bearer));
        var (filter, _) = await client.SendJsonAsync(TestApiClient.Get($"{Company}/customers?$filter=colour eq 'red'", bearer));
        var (companies, list) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/companies", bearer));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Authentication_InvalidCredentials", anonymousBody!["error"]!["code"]!.GetValue<string>());
        Assert.True(anonymous.Headers.WwwAuthenticate.Count > 0);
        Assert.Equal(HttpStatusCode.NotFound, environment.StatusCode);
        Assert.NotNull(environmentBody!["error"]!["message"]);
        Assert.Equal(HttpStatusCode.NotFound, company.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, filter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, companies.StatusCode);
        Assert.Equal(BusinessCentralApi.CompanyId, list!["value"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Creating_a_sales_order_answers_201_with_the_draft_order_and_refuses_unknown_customers_and_properties()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BusinessCentralApi()]);
        using var client = TestApiClient.For(server);
        var bearer = ("Authorization", "Bearer " + await TokenAsync(client));
        HttpRequestMessage Post(string body) => TestApiClient.With(new HttpRequestMessage(HttpMethod.Post, $"{Company}/salesOrders") { Content = new StringContent(body, Encoding.UTF8, "application/json") }, bearer);

        var (created, order) = await client.SendJsonAsync(Post("{\"customerNumber\":\"C00010\",\"externalDocumentNumber\":\"WEB-1\"}"));
        var (unknownCustomer, customerError) = await client.SendJsonAsync(Post("{\"customerNumber\":\"C99999\"}"));
        var (unknownProperty, _) = await client.SendJsonAsync(Post("{\"customerNumber\":\"C00010\",\"colour\":\"red\"}"));
        var (_, listed) = await client.SendJsonAsync(TestApiClient.Get($"{Company}/salesOrders", bearer));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.NotNull(created.Headers.Location);
        Assert.Equal("Draft", order!["status"]!.GetValue<string>());
        Assert.Equal("C00010", order["customerNumber"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, unknownCustomer.StatusCode);
        Assert.Equal("Internal_RecordNotFound", customerError!["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, unknownProperty.StatusCode);
        Assert.Contains(listed!["value"]!.AsArray(), o => o!["externalDocumentNumber"]!.GetValue<string>() == "WEB-1");
    }
}
