using Patchworks.Core.Rules;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Text;
using Patchworks.Core.Workspace;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;

namespace Patchworks.LanguageServer.Tests;

/// <summary>
/// An open connector's tree is brought up to date with each edit (IncrementalParser) instead of parsed anew, unless
/// something reads it: the diagnostics must be those of a fresh parse of the same text, and a tree a request holds
/// must not change under it.
/// </summary>
public sealed class IncrementalEditTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string CopySample(string name)
    {
        var source = SampleCorpus.Absolute(name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (!relative.StartsWith("recordings", StringComparison.Ordinal))
            {
                _folder.Write(relative, File.ReadAllText(file));
            }
        }
        return _folder.PathOf(name + ".connector.json");
    }

    /// <summary>The Shopify sample copied into the temporary workspace: its connector's path and text.</summary>
    private (string Path, string Text) ShopifyConnector()
    {
        var path = CopySample("shopify");
        return (path, File.ReadAllText(path));
    }

    /// <summary>A server workspace over the temporary folder with the connector open at version 1.</summary>
    private ServerWorkspace OpenWorkspace(string path, string text)
    {
        var workspace = new ServerWorkspace(PhysicalFileSystem.Instance);
        workspace.SetRoots([_folder.Root]);
        workspace.Open(LspClient.Uri(path), path, 1, text);
        return workspace;
    }

    [Fact]
    public async Task Edits_through_the_protocol_give_the_diagnostics_of_a_fresh_parse_and_mostly_reuse_the_tree()
    {
        var (path, text) = ShopifyConnector();
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);
        await session.Client.OpenAsync(path, text);
        await session.Client.WaitForDiagnosticsAsync(path, p => p.Version == 1);
        var random = new Random(7);
        var broken = 0;
        (int Start, int Length)? undo = null;
        for (var version = 2; version <= 41; version++)
        {
            // Typing in string values; now and then a quote or a brace that breaks the file, taken out by the next edit.
            var (start, removed, inserted) = undo is { } last ? (last.Start, last.Length, "") : RandomEdit(random, text);
            undo = undo is null && Breakers.Contains(inserted) ? (start, inserted.Length) : null;
            var range = new LineIndex(text).GetRange(new TextSpan(start, removed));
            text = string.Concat(text.AsSpan(0, start), inserted, text.AsSpan(start + removed));
            await session.Client.ChangeAsync(path, version, new TextDocumentContentChangeEvent(range.ToLsp(), inserted));

            var published = await session.Client.WaitForDiagnosticsAsync(path, p => p.Version == version);

            var expected = FreshDiagnostics(path, text);
            Assert.Equal(expected, published.Diagnostics.Select(Describe).ToList());
            broken += expected.Count > 0 ? 1 : 0;
        }
        var (incremental, full) = session.Server.Workspace.ParseCounts;
        Assert.True(incremental >= 20, $"{incremental} incremental, {full} full parses");
        Assert.True(broken > 0, "no edit broke the file: the comparison saw only clean files");
        // The connector's instances are analysed after its publish, each holding the connector: wait for them.
        await session.Server.Diagnostics.Idle;
        Assert.Equal(0, session.Server.Workspace.Leases.ScopedCount);
    }

    [Fact]
    public async Task A_request_holds_its_connector_only_while_it_runs_so_the_next_edit_still_updates_the_tree()
    {
        var (path, text) = ShopifyConnector();
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);
        await session.Client.OpenAsync(path, text);
        await session.Client.WaitForDiagnosticsAsync(path, p => p.Version == 1);
        var uri = LspClient.Uri(path);
        var lines = new LineIndex(text);

        var start = text.IndexOf("X-Shopify-Access-Token", StringComparison.Ordinal) + 2;
        for (var version = 2; version <= 6; version++)
        {
            // Requests that are handed the connector (hover, semantic tokens, code lenses, symbols) between edits.
            var at = lines.GetPosition(text.IndexOf("\"url\"", StringComparison.Ordinal) + 2);
            await session.Client.RequestAsync<System.Text.Json.JsonElement?>("textDocument/hover", new { textDocument = new { uri }, position = new { line = at.Line, character = at.Character } });
            await session.Client.RequestAsync<System.Text.Json.JsonElement>("textDocument/semanticTokens/full", new { textDocument = new { uri } });
            await session.Client.RequestAsync<System.Text.Json.JsonElement>("textDocument/codeLens", new { textDocument = new { uri } });
            await session.Client.RequestAsync<System.Text.Json.JsonElement>("textDocument/documentSymbol", new { textDocument = new { uri } });
            // A scope ends just after its answer is written (and the instances' analyses hold the connector a moment).
            await WaitUntilAsync(() => session.Server.Workspace.Leases.ScopedCount == 0);

            var range = lines.GetRange(new TextSpan(start, 0));
            text = text.Insert(start, "y");
            lines = new LineIndex(text);
            await session.Client.ChangeAsync(path, version, new TextDocumentContentChangeEvent(range.ToLsp(), "y"));
            await session.Client.WaitForDiagnosticsAsync(path, p => p.Version == version);
        }
        // The open was parsed; every edit after it updated the tree, though requests had it in between.
        Assert.Equal((5, 1), session.Server.Workspace.ParseCounts);
    }

    [Fact]
    public void A_tree_a_request_holds_is_not_changed_by_an_edit_and_is_reused_once_released()
    {
        var (path, text) = ShopifyConnector();
        var workspace = OpenWorkspace(path, text);

        ConnectorDocument held;
        using (workspace.BeginRead())
        {
            held = workspace.GetConnector(path)!;
            var heldSpan = held.Model.Endpoints[^1].IdSyntax!.Span;
            text = Edit(workspace, path, 2, text, "X-Shopify-Access-Token", "X-Shopify-Access-Token-Edited");
            var after = workspace.GetConnector(path)!;

            Assert.NotSame(held.Tree.Root, after.Tree.Root); // parsed anew: the held tree is as it was
            Assert.Equal(heldSpan, held.Model.Endpoints[^1].IdSyntax!.Span);
            Assert.Equal((0, 2), workspace.ParseCounts);
        }
        Assert.Equal(0, workspace.Leases.ScopedCount);

        // Nothing holds the current tree: the next edit updates it in place.
        ConnectorDocument current;
        using (workspace.BeginRead())
        {
            current = workspace.GetConnector(path)!;
        }
        text = Edit(workspace, path, 3, text, "X-Shopify-Access-Token-Edited", "X-Shopify-Access-Token");
        using (workspace.BeginRead())
        {
            var updated = workspace.GetConnector(path)!;
            Assert.Same(current.Tree.Root, updated.Tree.Root);
            Assert.Equal(text, updated.Tree.Text);
            Assert.Equal((1, 2), workspace.ParseCounts);
        }
    }

    [Fact]
    public void A_tree_handed_out_with_no_scope_is_never_changed_in_place()
    {
        var (path, text) = ShopifyConnector();
        var workspace = OpenWorkspace(path, text);

        var unscoped = workspace.GetConnector(path)!; // work that may run for any time: no scope says when it ends
        Edit(workspace, path, 2, text, "X-Shopify-Access-Token", "X-Shopify-Access-Token-Edited");

        Assert.NotSame(unscoped.Tree.Root, workspace.GetConnector(path)!.Tree.Root);
        Assert.Equal((0, 2), workspace.ParseCounts);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 10)
        {
            Assert.True(waited < 5000, "timed out");
            await Task.Delay(10);
        }
    }

    private static string Edit(ServerWorkspace workspace, string path, int version, string text, string find, string replace)
    {
        var start = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(start > 0, find);
        var range = new LineIndex(text).GetRange(new TextSpan(start, find.Length));
        workspace.Change(path, version, [new TextDocumentContentChangeEvent(range.ToLsp(), replace)]);
        return string.Concat(text.AsSpan(0, start), replace, text.AsSpan(start + find.Length));
    }

    private static List<string> FreshDiagnostics(string path, string text)
    {
        var workspace = new ConnectorWorkspace(PhysicalFileSystem.Instance, WorkspaceRoots.ForFolders([Path.GetDirectoryName(path)!]));
        workspace.Set(path, text);
        return [.. workspace.AnalyzeFile(path).Where(d => d.FilePath == path).Select(d => Describe(d.ToLsp()))];
    }

    private static string Describe(LspDiagnostic diagnostic) =>
        $"{diagnostic.Code} {diagnostic.Range.Start.Line}:{diagnostic.Range.Start.Character}-{diagnostic.Range.End.Line}:{diagnostic.Range.End.Character} {diagnostic.Message}";

    private static readonly string[] Breakers = ["\"", "{", "}", "\\"];

    private static readonly string[] Insertions = ["x", "Edited", "2", " ", "\\n", ",", "{{region}}", "{{nope}}", .. Breakers];

    private static (int Start, int Removed, string Inserted) RandomEdit(Random random, string text)
    {
        // Inside a string (a value or a key) of the text as it is now.
        var strings = new List<Core.Syntax.StringSyntax>();
        Collect(Core.Syntax.JsonParser.Parse(text).Root, strings);
        var chosen = strings[random.Next(strings.Count)];
        var content = chosen.ContentSpan;
        var start = random.Next(content.Start, content.End + 1);
        var removed = random.Next(3) == 0 ? Math.Min(random.Next(1, 4), content.End - start) : 0;
        return (start, removed, Insertions[random.Next(Insertions.Length)]);
    }

    private static void Collect(Core.Syntax.SyntaxNode? node, List<Core.Syntax.StringSyntax> strings)
    {
        switch (node)
        {
            case Core.Syntax.StringSyntax { IsTerminated: true } s:
                strings.Add(s);
                break;
            case Core.Syntax.ObjectSyntax o:
                foreach (var property in o.Properties)
                {
                    Collect(property.Key, strings);
                    Collect(property.Value, strings);
                }
                break;
            case Core.Syntax.ArraySyntax a:
                foreach (var item in a.Items)
                {
                    Collect(item, strings);
                }
                break;
        }
    }
}
