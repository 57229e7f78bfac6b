namespace Patchworks.Core.Tests.Infrastructure;

/// <summary>
/// A small connector and instance that validate clean. Rule tests change one thing in them and check that
/// exactly the expected diagnostic appears, at the expected text.
/// </summary>
public static class Fixtures
{
    public const string ConnectorFile = "test.connector.json";
    public const string InstanceFile = "test.instance.json";

    public const string Connector = """
        {
          // A connector every rule is happy with.
          "name": "Test",
          "version": { "number": 1, "name": "One" },
          "systemType": "Other",
          "protocol": "HTTP",
          "variables": [
            { "key": "host", "displayName": "Host", "required": true },
            { "key": "region", "default": "eu" },
          ],
          "authMethods": [
            {
              "id": "key",
              "name": "API key",
              "type": "apiKey",
              "uses": ["host"],
              "variables": [ { "key": "api_key", "required": true, "secret": true } ],
              "apiKey": { "name": "X-Api-Key", "value": "{{api_key}}" }
            }
          ],
          "endpoints": [
            {
              "id": "list",
              "name": "List items",
              "direction": "receive",
              "method": "GET",
              "url": "https://{{host}}/{{region}}/items",
              "authMethods": ["key"],
              "variables": [ { "key": "status" } ],
              "query": [ { "key": "status", "value": "{{status}}" } ],
              "dataPath": "items"
            },
            {
              "id": "create",
              "name": "Create item",
              "direction": "send",
              "method": "POST",
              "url": "https://{{host}}/{{region}}/items",
              "sampleBody": { "name": "Socks" }
            }
          ]
        }
        """;

    public const string Instance = """
        {
          "name": "Test - UK",
          "connector": "test.connector.json",
          "environment": "test",
          "companyGroup": "UK",
          "timeZone": "Europe/London",
          "authMethod": "key",
          "values": { "host": "api.example.com" },
          "secrets": { "api_key": "env:TEST_API_KEY" }
        }
        """;

    /// <summary>The fixture with each (old, new) replacement applied; a replacement that does not apply fails the test.</summary>
    public static string Edit(string text, params (string Old, string New)[] edits)
    {
        foreach (var (old, replacement) in edits)
        {
            if (!text.Contains(old, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The fixture does not contain the text to replace: {old}");
            }
            var at = text.IndexOf(old, StringComparison.Ordinal);
            text = string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + old.Length));
        }
        return text;
    }
}
