using Patchworks.Core.Model;
using Patchworks.Core.Running.Scripts;
using Patchworks.Core.Syntax;
using Patchworks.Core.Workspace;

namespace Patchworks.Runner.Tests.Scripts;

/// <summary>Scripts as the connector model holds them: a file reference read by ReferenceLoader, or inline text.</summary>
public sealed class ScriptModelTests
{
    private static Connector Read(string path, string text)
    {
        var connector = ConnectorReader.Read(JsonParser.Parse(text), path);
        ReferenceLoader.Load(connector, PhysicalFileSystem.Instance);
        return connector;
    }

    [Fact]
    public void The_peoplevox_connector_s_referenced_scripts_compile_and_run()
    {
        var path = Path.Combine(Peoplevox.RepositoryRoot, "samples", "peoplevox", "peoplevox.connector.json");
        var connector = Read(path, File.ReadAllText(path));
        var endpoint = connector.FindEndpoint("get-inventory-report")!;
        var auth = connector.FindAuthMethod("session")!;

        var paginate = CompiledScript.FromModel(endpoint.Pagination!.Script!, $"pagination script of endpoint '{endpoint.Id}'");
        var postAuth = CompiledScript.FromModel(auth.PostRequestScript!, $"post-request script of auth method '{auth.Id}'");
        var host = new ScriptHost();
        var decision = host.RunPagination(paginate, new PaginationScriptInput(Peoplevox.ReportRequest(1), 200, [], Peoplevox.ReportResponse(0, 501, Peoplevox.Rows(1, 500))));
        var failure = Assert.Throws<ScriptException>(() => host.RunPostAuth(postAuth, Peoplevox.AuthenticateResponse(-1, "Invalid credentials"), new Dictionary<string, string>()));

        Assert.True(decision.HasNextPage);
        Assert.Equal("scripts/paginate.js", paginate.SourceName);
        Assert.Equal("Peoplevox authentication failed (ResponseId -1): Invalid credentials", failure.ScriptMessage);
    }

    [Fact]
    public void An_inline_script_compiles_from_the_model()
    {
        var connector = Read("/nowhere/inline.connector.json", """
            { "name": "Inline", "authMethods": [ { "id": "login", "name": "Login", "type": "token",
              "postRequestScript": "module.exports = async function handle(data) { data.variables.token = data.payload.split(':')[1]; return data; };" } ] }
            """);

        var script = CompiledScript.FromModel(connector.FindAuthMethod("login")!.PostRequestScript!, "post-request script of auth method 'login'");
        var result = new ScriptHost().RunPostAuth(script, "session:abc", new Dictionary<string, string>());

        Assert.Equal("abc", result.Variables["token"]);
    }

    [Fact]
    public void A_missing_script_file_is_named_in_the_error()
    {
        var folder = Path.Combine(Path.GetTempPath(), "patchworks-scripts-" + Guid.NewGuid().ToString("N"));
        var connector = Read(Path.Combine(folder, "x.connector.json"), """
            { "name": "X", "endpoints": [ { "id": "list", "name": "List", "pagination": { "method": "script", "script": { "$ref": "scripts/missing.js" } } } ] }
            """);

        var error = Assert.Throws<ScriptException>(() => CompiledScript.FromModel(connector.FindEndpoint("list")!.Pagination!.Script!, "pagination script of endpoint 'list'"));

        Assert.Equal(ScriptFailure.NotLoaded, error.Failure);
        Assert.Equal("Pagination script of endpoint 'list' failed: the file 'scripts/missing.js' does not exist.", error.Message);
    }
}
