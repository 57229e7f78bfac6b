using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Tests.Workspace;

/// <summary>
/// The clean fixtures, plus a sample body file holding a placeholder and endpoint values in the instance, staged
/// in memory: every kind of origin the symbol index knows appears at least once.
/// </summary>
internal static class SymbolFixture
{
    public const string BodyFile = "body.json";
    public const string Body = "{ \"server\": \"{{host}}\" }\n";

    public static readonly string Connector = Fixtures.Edit(Fixtures.Connector,
        ("\"sampleBody\": { \"name\": \"Socks\" }", "\"sampleBody\": { \"$ref\": \"body.json\" }"));

    public static readonly string Instance = Fixtures.Edit(Fixtures.Instance,
        ("\"secrets\": { \"api_key\": \"env:TEST_API_KEY\" }", "\"secrets\": { \"api_key\": \"env:TEST_API_KEY\" }, // the key lives in the environment\n  \"endpointValues\": { \"list\": { \"status\": \"active\" } }"));

    public static InMemoryFileSystem Files(string connector, string instance, string body = Body) =>
        new InMemoryFileSystem().Add(Fixtures.ConnectorFile, connector).Add(Fixtures.InstanceFile, instance).Add(BodyFile, body);

    public static SymbolReferences Build(string? connector = null, string? instance = null, string body = Body)
    {
        var workspace = new ConnectorWorkspace(Files(connector ?? Connector, instance ?? Instance, body));
        workspace.Add(ConnectorPath);
        workspace.Add(InstancePath);
        var document = workspace.GetConnector(ConnectorPath)!;
        return SymbolReferences.Build(document, workspace.InstancesOf(document.FilePath));
    }

    public static string ConnectorPath => InMemoryFileSystem.PathOf(Fixtures.ConnectorFile);
    public static string InstancePath => InMemoryFileSystem.PathOf(Fixtures.InstanceFile);
    public static string BodyPath => InMemoryFileSystem.PathOf(BodyFile);

    /// <summary>The offset of a needle in a text, plus a few characters to land inside it.</summary>
    public static int At(string text, string needle, int into = 1)
    {
        var index = text.IndexOf(needle, StringComparison.Ordinal);
        return index < 0 ? throw new InvalidOperationException($"Not in the text: {needle}") : index + into;
    }
}
