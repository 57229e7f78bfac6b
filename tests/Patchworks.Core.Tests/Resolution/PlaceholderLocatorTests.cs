using Patchworks.Core.Model;
using Patchworks.Core.Resolution;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Tests.Resolution;

public sealed class PlaceholderLocatorTests
{
    private static ConnectorDocument Document(string text) =>
        ConnectorDocument.Create(InMemoryFileSystem.PathOf(Fixtures.ConnectorFile), text, new InMemoryFileSystem());

    [Fact]
    public void Finds_the_definition_and_the_scopes_searched()
    {
        var document = Document(Fixtures.Connector);
        var offset = Fixtures.Connector.IndexOf("{{host}}", StringComparison.Ordinal) + 3;
        var info = PlaceholderLocator.At(document, offset)!;
        Assert.Equal("host", info.Token.Name);
        Assert.Equal(VariableLevel.Connector, info.Definition!.Level);
        Assert.Equal(["endpoint 'list' variables", "auth method 'key' variables", "connector variables"], info.SearchedScopes);
        Assert.Equal("\"host\"", Fixtures.Connector.Substring(info.Definition.KeySyntax.Span.Start, info.Definition.KeySyntax.Span.Length));
    }

    [Fact]
    public void The_innermost_definition_wins()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("{ \"key\": \"status\" }", "{ \"key\": \"status\" }, { \"key\": \"region\" }"));
        var document = Document(text);
        var offset = text.IndexOf("{{region}}", StringComparison.Ordinal) + 2;
        var info = PlaceholderLocator.At(document, offset)!;
        Assert.Equal(VariableLevel.Endpoint, info.Definition!.Level);
        Assert.Equal("list", info.Definition.OwnerId);
    }

    [Fact]
    public void Auth_method_strings_see_their_own_variables_and_the_connectors()
    {
        var document = Document(Fixtures.Connector);
        var info = PlaceholderLocator.At(document, Fixtures.Connector.IndexOf("{{api_key}}", StringComparison.Ordinal) + 4)!;
        Assert.Equal(VariableLevel.AuthMethod, info.Definition!.Level);
        Assert.Equal(["auth method 'key' variables", "connector variables"], info.SearchedScopes);
    }

    [Fact]
    public void Undefined_placeholders_are_found_without_a_definition_and_other_places_give_nothing()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("{{region}}", "{{nowhere}}"));
        var document = Document(text);
        var info = PlaceholderLocator.At(document, text.IndexOf("{{nowhere}}", StringComparison.Ordinal))!;
        Assert.Null(info.Definition);
        Assert.Null(PlaceholderLocator.At(document, text.IndexOf("\"systemType\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void References_of_a_definition_are_every_use()
    {
        var document = Document(Fixtures.Connector);
        var host = document.Index.Definitions().Single(d => d.Key == "host");
        Assert.Equal(2, document.Index.ReferencesTo(host).Count());
        Assert.Same(host, document.Index.DefinitionAt(Fixtures.Connector.IndexOf("\"host\"", StringComparison.Ordinal) + 1));
    }
}
