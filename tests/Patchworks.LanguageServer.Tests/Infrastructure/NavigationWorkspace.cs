using Patchworks.Core.Diagnostics;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Workspace;
using Patchworks.LanguageServer.Protocol;

namespace Patchworks.LanguageServer.Tests.Infrastructure;

/// <summary>
/// A folder holding a connector, a sample body file it references, an open instance and an instance the
/// server only knows from indexing the folder: cross-file features must reach all of them.
/// </summary>
public sealed class NavigationWorkspace : IAsyncDisposable
{
    public const string Body = "{ \"server\": \"{{host}}\" }\n";

    public static readonly string Connector = Fixtures.Edit(Fixtures.Connector,
        ("\"sampleBody\": { \"name\": \"Socks\" }", "\"sampleBody\": { \"$ref\": \"body.json\" }"));

    public static readonly string Instance = Fixtures.Edit(Fixtures.Instance,
        ("\"secrets\": { \"api_key\": \"env:TEST_API_KEY\" }",
         "\"secrets\": { \"api_key\": \"env:TEST_API_KEY\" }, // the key lives in the environment\n  \"endpointValues\": { \"list\": { \"status\": \"active\" } }"));

    public static readonly string LiveInstance = Fixtures.Edit(Fixtures.Instance,
        ("\"Test - UK\"", "\"Live - UK\""), ("\"environment\": \"test\"", "\"environment\": \"live\" /* production */"));

    private readonly TempFolder _folder;

    private NavigationWorkspace(InProcessServer session, TempFolder folder)
    {
        Session = session;
        _folder = folder;
    }

    public InProcessServer Session { get; }
    public LspClient Client => Session.Client;

    public string ConnectorPath => _folder.PathOf(Fixtures.ConnectorFile);
    public string InstancePath => _folder.PathOf(Fixtures.InstanceFile);
    public string LivePath => _folder.PathOf("live.instance.json");
    public string BodyPath => _folder.PathOf("body.json");

    /// <summary>Every file's text by URI, as the tests wrote them.</summary>
    public IReadOnlyDictionary<string, string> Texts => new Dictionary<string, string>
    {
        [LspClient.Uri(ConnectorPath)] = Connector,
        [LspClient.Uri(InstancePath)] = Instance,
        [LspClient.Uri(LivePath)] = LiveInstance,
        [LspClient.Uri(BodyPath)] = Body,
    };

    /// <summary>Writes the files, starts a server on the folder, opens the connector and one instance, and waits until the folder is indexed.</summary>
    public static async Task<NavigationWorkspace> StartAsync()
    {
        var folder = new TempFolder();
        folder.Write(Fixtures.ConnectorFile, Connector);
        folder.Write(Fixtures.InstanceFile, Instance);
        folder.Write("live.instance.json", LiveInstance);
        folder.Write("body.json", Body);
        var session = await InProcessServer.StartInitializedAsync(folder.Root);
        var workspace = new NavigationWorkspace(session, folder);
        await session.Client.OpenAsync(workspace.ConnectorPath, Connector);
        await session.Client.OpenAsync(workspace.InstancePath, Instance);
        await session.Client.WaitForDiagnosticsAsync(workspace.LivePath);
        return workspace;
    }

    public Task<T> RequestAsync<T>(string method, string path, LspPosition position, object? extra = null) =>
        Client.RequestAsync<T>(method, extra switch
        {
            null => new { textDocument = new { uri = LspClient.Uri(path) }, position },
            ReferenceContext context => new { textDocument = new { uri = LspClient.Uri(path) }, position, context },
            string newName => (object)new { textDocument = new { uri = LspClient.Uri(path) }, position, newName },
            _ => throw new ArgumentException("Unknown extra parameter.", nameof(extra)),
        });

    /// <summary>Validates texts (keyed by URI) with the core, as the command line would, in a fresh folder.</summary>
    public static IReadOnlyList<Diagnostic> Validate(IReadOnlyDictionary<string, string> texts)
    {
        using var folder = new TempFolder();
        var workspace = new ConnectorWorkspace(PhysicalFileSystem.Instance);
        // Every file first: a connector loads the files it references when it is added.
        var paths = texts.Select(t => folder.Write(Path.GetFileName(new Uri(t.Key).LocalPath), t.Value)).ToList();
        foreach (var path in paths.Where(p => DocumentKinds.FromFileName(p) != DocumentKind.Unknown))
        {
            workspace.Add(path);
        }
        return workspace.Analyze();
    }

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        _folder.Dispose();
    }
}
