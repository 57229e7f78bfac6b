using Patchworks.Core.Importing;
using Patchworks.Importing.Tests.Infrastructure;
using static Patchworks.Importing.Tests.Infrastructure.Harness;

namespace Patchworks.Importing.Tests;

/// <summary>Never a literal secret in a written file: credentials in every place a collection or a curl line can hold them.</summary>
public sealed class SecretTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly string[] Secrets =
    [
        "basic-pass-A1b2C3", "bearer-tok-D4e5F6", "apikey-val-G7h8I9", "o2-secret-J1k2L3", "o1-consumer-M4n5O6", "o1-secret-P7q8R9",
        "hdr-auth-S1t2U3", "hdr-xkey-V4w5X6", "cookie-val-Y7z8A9", "hdr-token-B1c2D3", "hdr-clientsecret-E4f5G6",
        "q-apikey-H7i8J9", "q-access-K1l2M3", "form-pass-N4o5P6", "json-pass-Q7r8S9", "json-nested-T1u2V3",
        "var-secret-W4x5Y6", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk", "env-secret-Z7a8B9", "env-named-C1d2E3",
    ];

    private static readonly string SecretCollection = Collection(string.Join(",",
            Request("Basic", "GET", "https://api.example.com/a", """ "auth": { "type": "basic", "basic": [ { "key": "username", "value": "me" }, { "key": "password", "value": "basic-pass-A1b2C3" } ] } """),
            Request("Bearer", "GET", "https://api.example.com/b", """ "auth": { "type": "bearer", "bearer": [ { "key": "token", "value": "bearer-tok-D4e5F6" } ] } """),
            Request("Key", "GET", "https://api.example.com/c", """ "auth": { "type": "apikey", "apikey": [ { "key": "key", "value": "api_key" }, { "key": "value", "value": "apikey-val-G7h8I9" }, { "key": "in", "value": "query" } ] } """),
            Request("OAuth2", "GET", "https://api.example.com/d", """ "auth": { "type": "oauth2", "oauth2": [ { "key": "grant_type", "value": "client_credentials" }, { "key": "accessTokenUrl", "value": "https://api.example.com/token" }, { "key": "clientId", "value": "cid" }, { "key": "clientSecret", "value": "o2-secret-J1k2L3" } ] } """),
            Request("OAuth1", "GET", "https://api.example.com/e", """ "auth": { "type": "oauth1", "oauth1": [ { "key": "consumerKey", "value": "o1-consumer-M4n5O6" }, { "key": "consumerSecret", "value": "o1-secret-P7q8R9" } ] } """),
            Request("Headers", "GET", "https://api.example.com/f", """
                "header": [ { "key": "Authorization", "value": "Token hdr-auth-S1t2U3" }, { "key": "X-Api-Key", "value": "hdr-xkey-V4w5X6" }, { "key": "Cookie", "value": "sid=cookie-val-Y7z8A9" },
                            { "key": "X-Auth-Token", "value": "hdr-token-B1c2D3" }, { "key": "X-Client-Secret", "value": "hdr-clientsecret-E4f5G6" }, { "key": "X-Var", "value": "{{jwt}}" } ],
                "description": "Send hdr-xkey-V4w5X6 as the key."
                """, """ "event": [ { "listen": "prerequest", "script": { "exec": ["pm.request.headers.add('X-Api-Key', 'hdr-xkey-V4w5X6');"] } } ] """),
            Request("Query", "GET", "https://api.example.com/g?api_key=q-apikey-H7i8J9&access_token=q-access-K1l2M3&page=1"),
            Request("Form", "POST", "https://api.example.com/h", """ "body": { "mode": "urlencoded", "urlencoded": [ { "key": "user", "value": "me" }, { "key": "password", "value": "form-pass-N4o5P6" } ] } """),
            Request("Json", "POST", "https://api.example.com/i", """ "body": { "mode": "raw", "raw": "{ \"login\": { \"password\": \"json-pass-Q7r8S9\", \"meta\": { \"refresh_token\": \"json-nested-T1u2V3\" } } }" } """),
            Request("Env", "GET", "https://api.example.com/j/{{env_secret}}", """ "header": [ { "key": "X-Sig", "value": "{{signing_key}}" } ] """)),
        """ "variable": [ { "key": "client_password", "value": "var-secret-W4x5Y6" }, { "key": "jwt", "value": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk" }, { "key": "uses_pw", "value": "{{client_password}}" } ] """);

    private const string SecretEnvironment = """
        { "name": "Secrets", "values": [
          { "key": "env_secret", "value": "env-secret-Z7a8B9", "type": "secret", "enabled": true },
          { "key": "signing_key", "value": "env-named-C1d2E3", "type": "default", "enabled": true } ] }
        """;

    [Fact]
    public void No_credential_of_a_collection_or_its_environment_is_written_anywhere()
    {
        var (_, instance, result) = ImportValid(_folder, SecretCollection.Replace("https://api.example.com/a\"", "https://api.example.com/a?x={{client_password}}\"", StringComparison.Ordinal), SecretEnvironment);

        foreach (var text in _folder.AllText().Append(result.Report.ToText()).Append(result.Report.ToJson()))
        {
            foreach (var secret in Secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
        foreach (var (key, _) in result.Secrets)
        {
            Assert.StartsWith("env:", (string?)instance["secrets"]![key], StringComparison.Ordinal);
        }
        Assert.True(result.Secrets.Count >= 15, string.Join(", ", result.Secrets.Select(s => s.Key)));
    }

    [Fact]
    public void No_credential_of_curl_lines_is_written_anywhere()
    {
        var text = """
            curl https://api.example.com/a -u me:curl-pass-1a2b3c
            curl https://api.example.com/b -H 'Authorization: Bearer curl-bearer-4d5e6f' -b 'session=curl-cookie-7g8h9i'
            curl 'https://api.example.com/c?apikey=curl-query-1j2k3l' --oauth2-bearer curl-oauth-4m5n6o
            curl https://api.example.com/d -d 'client_secret=curl-form-7p8q9r&grant_type=client_credentials'
            curl https://api.example.com/e --json '{"password": "curl-json-1s2t3u"}'
            """;

        var (_, _, result) = ImportValid(_folder, text);

        foreach (var written in _folder.AllText().Append(result.Report.ToText()))
        {
            foreach (var secret in new[] { "curl-pass-1a2b3c", "curl-bearer-4d5e6f", "curl-cookie-7g8h9i", "curl-query-1j2k3l", "curl-oauth-4m5n6o", "curl-form-7p8q9r", "curl-json-1s2t3u" })
            {
                Assert.DoesNotContain(secret, written, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("Authorization", true)]
    [InlineData("X-Api-Key", true)]
    [InlineData("x-shopify-access-token", true)]
    [InlineData("consumer_secret", true)]
    [InlineData("Cookie", true)]
    [InlineData("client_password", true)]
    [InlineData("privateKey", true)]
    [InlineData("Idempotency-Key", false)]
    [InlineData("author", false)]
    [InlineData("authType", false)]
    [InlineData("token_type", false)]
    [InlineData("sort_key", false)]
    [InlineData("Content-Type", false)]
    [InlineData("monkey", false)]
    [InlineData("accessKey", true)]
    [InlineData("consumerKey", true)]
    [InlineData("ApiKey", true)]
    [InlineData("storeKey", true)]
    [InlineData("shippingMethodKey", false)] // commercetools' identifiers: productKey, customerKey, shippingMethodKey
    [InlineData("productKey", false)]
    [InlineData("CustomerKey", false)]
    public void Secret_names(string name, bool secret) => Assert.Equal(secret, SecretRules.IsSecretName(name));

    [Theory]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk", true)]
    [InlineData("Bearer abcdefghijkl", true)]
    [InlineData("sk_live_1234567890abcdef", true)]
    [InlineData("{{token}}", false)]
    [InlineData("Bearer {{token}}", false)]
    [InlineData("application/json", false)]
    public void Secret_values(string value, bool secret) => Assert.Equal(secret, SecretRules.LooksLikeSecret(value));

    /// <summary>
    /// Akeneo's published token request (pim-api-docs, Swagger 2.0) has the example body username "admin", password
    /// "admin", grant_type "password": the password becomes a secret, and the other fields keep their values (the import
    /// made all three {{password}} by replacing every "admin" and "password" in the file).
    /// </summary>
    [Fact]
    public void An_example_password_is_made_a_secret_without_garbling_the_fields_that_share_its_value()
    {
        var (connector, _, result) = ImportValid(_folder, Collection(Request("Token", "POST", "https://pim.example.com/api/oauth/v1/token",
            """ "body": { "mode": "raw", "raw": "{ \"username\": \"admin\", \"password\": \"admin\", \"grant_type\": \"password\" }" } """)));

        var body = connector["endpoints"]!.AsArray().Single()!["sampleBody"]!;
        Assert.Equal("admin", (string?)body["username"]);
        Assert.Equal("password", (string?)body["grant_type"]);
        Assert.Matches(@"^\{\{password(_\d+)?\}\}$", (string?)body["password"]);
        Assert.Contains(result.Secrets, s => s.Key.StartsWith("password", StringComparison.Ordinal));
    }

    [Fact]
    public void A_real_looking_password_is_still_hidden_wherever_it_appears()
    {
        var (connector, _, _) = ImportValid(_folder, Collection(Request("Token", "POST", "https://pim.example.com/api/oauth/v1/token",
            """ "body": { "mode": "raw", "raw": "{ \"username\": \"s3cr3t-Xy9\", \"password\": \"s3cr3t-Xy9\" }" } """)));

        Assert.DoesNotContain("s3cr3t-Xy9", connector.ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Square's published Swagger has the example body field access_token "ACCESS_TOKEN": the secret's value was then
    /// replaced in the instance's own reference, env:SQUARE_CONNECT_API_ACCESS_TOKEN became env:SQUARE_CONNECT_API_{{access_token}}.
    /// </summary>
    [Fact]
    public void An_all_capitals_example_value_becomes_a_secret_variable_and_leaves_the_secret_references_alone()
    {
        var (connector, instance, _) = ImportValid(_folder, Collection(Request("Renew", "POST", "https://api.example.com/oauth2/renew",
            """ "body": { "mode": "raw", "raw": "{ \"access_token\": \"ACCESS_TOKEN\", \"note\": \"ACCESS_TOKEN\" }" } """), name: "Shop"));

        var body = connector["endpoints"]!.AsArray().Single()!["sampleBody"]!;
        Assert.Matches(@"^\{\{access_token(_\d+)?\}\}$", (string?)body["access_token"]);
        Assert.Equal("ACCESS_TOKEN", (string?)body["note"]);
        Assert.Equal("env:SHOP_ACCESS_TOKEN", (string?)instance["secrets"]!["access_token"]);
    }

    [Fact]
    public void A_secret_whose_value_is_part_of_an_environment_variable_name_does_not_rewrite_the_reference()
    {
        var (_, instance, _) = ImportValid(_folder, Collection(Request("Login", "POST", "https://api.example.com/login",
            """ "body": { "mode": "raw", "raw": "{ \"password\": \"ZQ9K\" }" } """), name: "Zq9k"));

        Assert.Equal("env:ZQ9K_PASSWORD", (string?)instance["secrets"]!["password"]);
    }
}
