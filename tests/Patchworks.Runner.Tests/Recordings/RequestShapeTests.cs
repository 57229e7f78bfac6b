using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Testing.Recordings;
using Patchworks.Runner.Tests.Infrastructure;

namespace Patchworks.Runner.Tests.Recordings;

/// <summary>What makes a recording stale: what shapes the endpoint's requests, and nothing else.</summary>
public sealed class RequestShapeTests : IDisposable
{
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    private RequestShape Shape()
    {
        var (connector, _) = Runs.Load(_folder.PathOf("test.connector.json"), null);
        return RequestShape.Of(connector, "list", null);
    }

    [Fact]
    public void A_connector_variable_the_endpoint_uses_is_part_of_the_shape_and_one_it_does_not_is_not()
    {
        Connectors.Write(_folder, "https://{{host}}/pages/relative", """{ "method": "nextPageUrl", "nextUrlPath": "next" }""");
        _folder.Replace("test.connector.json", "\"colour\": \"blue\",", """
            "colour": "blue",
            "variables": [ { "key": "host", "displayName": "Host", "default": "{{region}}.trouble.test" }, { "key": "region", "default": "eu" } ],
            """);
        var recorded = Shape();

        _folder.Replace("test.connector.json", "{ \"key\": \"region\", \"default\": \"eu\" }", "{ \"key\": \"region\", \"default\": \"eu\" }, { \"key\": \"unused\", \"default\": \"x\" }");
        _folder.Replace("test.connector.json", "\"displayName\": \"Host\"", "\"displayName\": \"Host name\", \"description\": \"Where the API is\"");
        Assert.Equal(recorded.Hash, Shape().Hash);

        _folder.Replace("test.connector.json", "\"default\": \"eu\"", "\"default\": \"us\"");
        var changed = Shape();
        Assert.NotEqual(recorded.Hash, changed.Hash);
        Assert.Equal(["connectorVariables"], recorded.Differences(changed));
    }

    [Fact]
    public void Pagination_and_url_changes_are_named_and_schemas_and_data_paths_are_not_part_of_it()
    {
        Connectors.Write(_folder, "https://trouble.test/pages/relative", """{ "method": "nextPageUrl", "nextUrlPath": "next" }""");
        var recorded = Shape();

        _folder.Replace("test.connector.json", "\"dataPath\": \"items\"", "\"dataPath\": \"data.items\", \"schema\": { \"type\": \"object\" }");
        Assert.Equal(recorded.Hash, Shape().Hash);

        _folder.Replace("test.connector.json", "\"nextUrlPath\": \"next\"", "\"nextUrlPath\": \"links.next\"");
        _folder.Replace("test.connector.json", "/pages/relative", "/pages/absolute");
        Assert.Equal(["endpoint.pagination", "endpoint.url"], recorded.Differences(Shape()));
    }
}
