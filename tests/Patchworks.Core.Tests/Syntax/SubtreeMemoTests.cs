using Patchworks.Core.Diagnostics;
using Patchworks.Core.Rules;
using Patchworks.Core.Syntax;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Tests.Syntax;

/// <summary>
/// What is kept per endpoint while the endpoint is unchanged (its model, its schema violations): after an edit applied
/// in place, the analysis must be exactly that of the new text parsed anew, and an endpoint the edit did not touch
/// must keep its model.
/// </summary>
public sealed class SubtreeMemoTests
{
    private static readonly string ConnectorPath = InMemoryFileSystem.PathOf(Fixtures.ConnectorFile);

    /// <summary>The fixture with a schema violation in its second endpoint (a direction that is not allowed).</summary>
    private static readonly string Broken = Fixtures.Edit(Fixtures.Connector, ("\"direction\": \"send\"", "\"direction\": \"sned\""));

    private sealed class Session(string text, InMemoryFileSystem files)
    {
        public string Text { get; private set; } = text;
        public ConnectorDocument Document { get; private set; } = ConnectorDocument.Create(ConnectorPath, text, files, Tracked(text));

        /// <summary>The text parsed as the server parses an open document: its nodes' results are kept.</summary>
        private static SyntaxTree Tracked(string text)
        {
            var tree = JsonParser.Parse(text);
            SubtreeMemos.Track(tree);
            return tree;
        }

        /// <summary>
        /// Replaces the first occurrence of <paramref name="old"/> in place, as the server does on an edit. Typing inside a
        /// string's quotes re-parses that string alone, so the endpoint holding it stays the same node.
        /// </summary>
        public void Edit(string old, string replacement)
        {
            var at = Text.IndexOf(old, StringComparison.Ordinal);
            Assert.True(at >= 0, $"no {old} in the text");
            var next = string.Concat(Text.AsSpan(0, at), replacement, Text.AsSpan(at + old.Length));
            var tree = IncrementalParser.TryApply(Document.Tree, next, new TextChange(at, old.Length, replacement.Length));
            Assert.NotNull(tree); // the edit is applied in place, the memo's case
            Assert.Same(Document.Tree.Root, tree.Root);
            Text = next;
            Document = ConnectorDocument.Create(ConnectorPath, next, files, tree);
        }

        public IReadOnlyList<Diagnostic> Analyze() => ConnectorAnalyzer.Analyze(Document, files);
    }

    private static IReadOnlyList<string> Fresh(string text, InMemoryFileSystem files) =>
        Describe(ConnectorAnalyzer.Analyze(ConnectorDocument.Create(ConnectorPath, text, files), files));

    private static IReadOnlyList<string> Describe(IEnumerable<Diagnostic> diagnostics) =>
        [.. diagnostics.Select(d => $"{d.Code} {d.Span.Start}+{d.Span.Length} {d.Message}").Order(StringComparer.Ordinal)];

    [Fact]
    public void A_violation_in_an_endpoint_the_edit_did_not_touch_moves_with_it()
    {
        var files = new InMemoryFileSystem();
        var session = new Session(Broken, files);
        var before = Describe(session.Analyze());
        Assert.Contains(before, d => d.Contains("\"sned\"", StringComparison.Ordinal));

        // Longer text in the first endpoint: everything after it, the second endpoint's violation too, moves by 11.
        session.Edit("List items", "List all the items");

        var after = Describe(session.Analyze());
        Assert.Equal(Fresh(session.Text, files), after);
        Assert.NotEqual(before, after); // the violation's offset moved (a memo handing back the old span fails here)
    }

    [Fact]
    public void An_edit_inside_an_endpoint_validates_it_again()
    {
        var files = new InMemoryFileSystem();
        var session = new Session(Broken, files);
        Assert.Contains(Describe(session.Analyze()), d => d.Contains("\"sned\"", StringComparison.Ordinal));

        session.Edit("sned", "send");

        Assert.Empty(session.Analyze());
        Assert.Empty(Fresh(session.Text, files));

        session.Edit("Create item", "Create");
        session.Edit("POST", "PSOT");
        Assert.Equal(Fresh(session.Text, files), Describe(session.Analyze()));
        Assert.NotEmpty(session.Analyze());
    }

    [Fact]
    public void An_untouched_endpoint_keeps_its_model_and_an_edited_one_is_read_again()
    {
        var files = new InMemoryFileSystem();
        var session = new Session(Fixtures.Connector, files);
        var list = session.Document.Model.Endpoints[0];
        var create = session.Document.Model.Endpoints[1];

        session.Edit("Create item", "Create an item");

        Assert.Same(list, session.Document.Model.Endpoints[0]);
        Assert.NotSame(create, session.Document.Model.Endpoints[1]);
        Assert.Equal("Create an item", session.Document.Model.Endpoints[1].Name);

        // A connector parsed anew has new nodes: nothing is kept from another tree.
        var fresh = ConnectorDocument.Create(ConnectorPath, session.Text, files);
        Assert.NotSame(session.Document.Model.Endpoints[0], fresh.Model.Endpoints[0]);
    }

    [Fact]
    public void A_kept_endpoint_reads_its_files_again()
    {
        var files = new InMemoryFileSystem().Add("item.schema.json", "{ \"type\": \"object\" }");
        var text = Fixtures.Edit(Fixtures.Connector, ("\"dataPath\": \"items\"", "\"dataPath\": \"items\", \"schema\": { \"$ref\": \"item.schema.json\" }"));
        var session = new Session(text, files);
        var list = session.Document.Model.Endpoints[0];
        Assert.NotNull(list.SchemaFile?.Text);

        files.Remove("item.schema.json");
        session.Edit("Create item", "Create an item");

        Assert.Same(list, session.Document.Model.Endpoints[0]);
        Assert.False(list.SchemaFile!.Exists);
        Assert.Null(list.SchemaFile.Text); // not the text of the file since deleted
        Assert.Equal(Fresh(session.Text, files), Describe(session.Analyze()));
    }

    [Fact]
    public void A_kept_endpoints_placeholders_move_with_it_and_resolve_against_the_variables_of_now()
    {
        var files = new InMemoryFileSystem();
        var session = new Session(Fixtures.Connector, files);
        Assert.Empty(session.Analyze());

        // The connector variable the endpoints' URLs use is renamed: the endpoints are untouched, their {{region}} now undefined.
        session.Edit("\"key\": \"region\"", "\"key\": \"regions\"");
        var renamed = Describe(session.Analyze());
        Assert.Equal(Fresh(session.Text, files), renamed);
        Assert.Contains(renamed, d => d.Contains("region", StringComparison.Ordinal));

        // Text added before the endpoints moves their placeholders: the one at the cursor is found where it now is.
        session.Edit("Test", "Test connector with a longer name");
        Assert.Equal(Fresh(session.Text, files), Describe(session.Analyze()));
        var at = session.Text.IndexOf("{{status}}", StringComparison.Ordinal) + 3;
        var reference = session.Document.Index.ReferenceAt(at);
        Assert.NotNull(reference);
        Assert.Equal("{{status}}", session.Text.Substring(reference.Span.Start, reference.Span.Length));
        Assert.Equal("status", session.Text.Substring(reference.NameSpan.Start, reference.NameSpan.Length));
        Assert.NotNull(reference.Target);
    }

    [Fact]
    public void A_rules_findings_in_an_untouched_endpoint_move_with_it_and_an_edited_one_is_checked_again()
    {
        var files = new InMemoryFileSystem();
        // A relative URL (PW3012) in the second endpoint; a pagination option linkHeader ignores (PW3007) in the first.
        var text = Fixtures.Edit(Fixtures.Connector,
            ("\"url\": \"https://{{host}}/{{region}}/items\",\n      \"sampleBody\"", "\"url\": \"items/new\",\n      \"sampleBody\""),
            ("\"dataPath\": \"items\"", "\"dataPath\": \"items\", \"pagination\": { \"method\": \"linkHeader\", \"limit\": 50 }"));
        var session = new Session(text, files);
        var before = Describe(session.Analyze());
        Assert.Equal(Fresh(session.Text, files), before);
        Assert.Contains(before, d => d.StartsWith("PW3012", StringComparison.Ordinal)); // the URL must start with http(s):// or a placeholder
        Assert.Contains(before, d => d.Contains("limit", StringComparison.Ordinal));

        session.Edit("List items", "List all the items"); // before both: every finding moves
        var moved = Describe(session.Analyze());
        Assert.Equal(Fresh(session.Text, files), moved);
        Assert.NotEqual(before, moved);

        session.Edit("items/new", "https://example.com/items"); // inside the second endpoint: checked again, its finding goes
        var fixedUrl = Describe(session.Analyze());
        Assert.Equal(Fresh(session.Text, files), fixedUrl);
        Assert.DoesNotContain(fixedUrl, d => d.StartsWith("PW3012", StringComparison.Ordinal));

        session.Edit("linkHeader", "pageNumber"); // the pagination block's method: its options are checked again
        Assert.Equal(Fresh(session.Text, files), Describe(session.Analyze()));
    }

    [Fact]
    public void A_tree_nobody_edits_keeps_nothing()
    {
        var files = new InMemoryFileSystem();
        var document = ConnectorDocument.Create(ConnectorPath, Fixtures.Connector, files); // as a workspace file or the command line reads it
        var list = document.Model.Endpoints[0];
        var at = Fixtures.Connector.IndexOf("Create item", StringComparison.Ordinal);
        var next = string.Concat(Fixtures.Connector.AsSpan(0, at), "Create an item", Fixtures.Connector.AsSpan(at + "Create item".Length));

        var tree = IncrementalParser.TryApply(document.Tree, next, new TextChange(at, "Create item".Length, "Create an item".Length));
        var edited = ConnectorDocument.Create(ConnectorPath, next, files, tree);

        Assert.NotSame(list, edited.Model.Endpoints[0]); // read again: nothing was kept for an untracked tree
        Assert.Equal(list.Syntax, edited.Model.Endpoints[0].Syntax);
    }
}
