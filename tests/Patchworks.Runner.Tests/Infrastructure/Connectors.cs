using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Running;
using Patchworks.Core.Running.Results;

namespace Patchworks.Runner.Tests.Infrastructure;

/// <summary>Small connectors written for one test, each with one endpoint "list" at a URL of the test's choosing.</summary>
public static class Connectors
{
    /// <param name="pagination">The endpoint's pagination block as JSON, or null.</param>
    /// <param name="extra">More endpoint properties as JSON members (without braces), or null.</param>
    /// <param name="dataType">The endpoint's dataType (json or xml).</param>
    /// <param name="dataPath">Where the records are in each answer.</param>
    public static string Write(TempWorkspace folder, string url, string? pagination = null, string? extra = null, string? rateLimit = null, string? authMethod = null,
        string dataType = "json", string dataPath = "items") =>
        folder.Write("test.connector.json", $$"""
        {
          "name": "Test API",
          "version": { "number": 1, "name": "1" },
          "systemType": "Other",
          "protocol": "HTTP",
          "colour": "blue",
          {{(rateLimit is null ? "" : $"\"rateLimit\": {rateLimit},")}}
          "authMethods": [ {{authMethod ?? """{ "id": "none", "name": "None", "type": "none" }"""}} ],
          "endpoints": [
            {
              "id": "list",
              "name": "List",
              "entityType": "products",
              "direction": "receive",
              "method": "GET",
              "url": "{{url}}",
              "dataType": "{{dataType}}",
              "dataPath": "{{dataPath}}"
              {{(pagination is null ? "" : $", \"pagination\": {pagination}")}}
              {{(extra is null ? "" : ", " + extra)}}
            }
          ]
        }
        """);

    public static Task<RunResult> RunAsync(string connectorPath, RunOptions options, CancellationToken cancellationToken = default)
    {
        var (connector, _) = Runs.Load(connectorPath, null);
        return EndpointRunner.RunAsync(connector, "list", null, options, cancellationToken);
    }
}
