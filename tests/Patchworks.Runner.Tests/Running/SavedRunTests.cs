using System.Text.Json;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Running.Results;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Running;

/// <summary>A saved run's page bodies: JSON written as JSON, laid out like the rest of the file, so runs diff line by line.</summary>
public sealed class SavedRunTests : IDisposable
{
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_json_body_is_saved_as_indented_json_not_as_a_string_and_reads_back_the_same()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("saved.test", routes =>
            Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(routes, "/items", () =>
                Microsoft.AspNetCore.Http.Results.Text("""{"items":[{"id":1,"name":"Tent é"},{"id":2,"name":"Stove"}],"total":2}""", "application/json")))]);
        var connector = Connectors.Write(_folder, "https://saved.test/items");

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));
        var saved = RunResultJson.Write(result);

        using var document = JsonDocument.Parse(saved);
        var json = document.RootElement.GetProperty("run").GetProperty("pages")[0].GetProperty("exchange").GetProperty("response").GetProperty("json");
        Assert.Equal(JsonValueKind.Object, json.ValueKind);
        Assert.Equal("Tent é", json.GetProperty("items")[0].GetProperty("name").GetString());
        Assert.Equal(2, json.GetProperty("total").GetInt32());
        // Indented with the file: each item on lines of its own.
        Assert.Matches("\n +\"id\": 2,\n +\"name\": \"Stove\"\n", saved);
        Assert.Equal("Tent é", result.Pages[0].Exchange.Response!.Json!.Parse()!["items"]![0]!["name"]!.GetValue<string>());
    }
}
