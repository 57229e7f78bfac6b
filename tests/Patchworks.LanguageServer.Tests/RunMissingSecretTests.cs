using System.Text.Json;
using Patchworks.LanguageServer.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.LanguageServer.Tests;

/// <summary>patchworks/runEndpoint with a secret whose environment variable is not set: the run stops before sending, naming it.</summary>
public sealed class RunMissingSecretTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _unset = "PW_UNSET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_run_answers_missing_secret_naming_the_variable_and_nothing_reaches_the_api()
    {
        await using var api = await TestApiServer.StartAsync(apis: [new MiraklApi()]);
        var connectorText = """
        {
          "name": "Mirakl test", "version": { "number": 1, "name": "1" }, "systemType": "Marketplaces", "protocol": "HTTP", "colour": "blue",
          "authMethods": [ { "id": "key", "name": "API key", "type": "apiKey",
            "variables": [ { "key": "api_key", "displayName": "API key", "required": true, "secret": true } ],
            "headers": [ { "key": "Authorization", "value": "{{api_key}}", "required": true } ] } ],
          "endpoints": [ { "id": "list-offers", "name": "Offers", "entityType": "products", "direction": "receive", "method": "GET",
            "url": "https://acme-preprod.mirakl.net/api/offers", "dataType": "json", "dataPath": "offers" } ]
        }
        """;
        var instanceText = $$"""
        { "name": "Mirakl - preprod", "connector": "test.connector.json", "environment": "test", "authMethod": "key",
          "secrets": { "api_key": "env:{{_unset}}" } }
        """;
        var connector = _folder.Write("test.connector.json", connectorText);
        var instance = _folder.Write("preprod.instance.json", instanceText);
        await using var session = await InProcessServer.StartInitializedAsync();
        await session.Client.OpenAsync(connector, connectorText);
        await session.Client.OpenAsync(instance, instanceText);

        var run = await session.Client.RequestAsync<JsonElement>("patchworks/runEndpoint", new
        {
            uri = LspClient.Uri(connector),
            endpointId = "list-offers",
            instanceUri = LspClient.Uri(instance),
            connectTo = new[] { $"*:443:127.0.0.1:{api.Port}" },
            trustedCertificatesPem = new[] { api.RootCertificatePem },
        });

        var body = run.GetProperty("run");
        Assert.Equal("missingSecret", body.GetProperty("stop").GetString());
        Assert.Equal($"Nothing was sent: the secret \"api_key\" (API key) of auth method 'key' (apiKey) has no value: the instance reads it from the environment variable {_unset} (env:{_unset}), which is not set. Set the environment variable {_unset} and run again.",
            body.GetProperty("stopMessage").GetString());
        Assert.Equal(0, body.GetProperty("requests").GetInt32());
        Assert.Empty(api.Log.Requests);
    }
}
