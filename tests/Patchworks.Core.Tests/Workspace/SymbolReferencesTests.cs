using Patchworks.Core.Model;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Tests.Workspace;

public sealed class SymbolReferencesTests
{
    private static string TextOf(SymbolReferences index, SymbolLocation location) =>
        index.Texts[location.FilePath].Substring(location.Span.Start, location.Span.Length);

    private static string Where(SymbolLocation location) => $"{Path.GetFileName(location.FilePath)}@{location.Span.Start}";

    [Fact]
    public void A_connector_variable_is_found_in_placeholders_uses_items_referenced_files_and_instance_values()
    {
        var index = SymbolFixture.Build();
        var (host, declaration) = index.At(SymbolFixture.ConnectorPath, SymbolFixture.At(SymbolFixture.Connector, "\"host\"", 2))!.Value;
        Assert.Equal((ConnectorSymbolKind.Variable, "host"), (host.Kind, host.Name));
        Assert.Equal(SymbolFixture.Connector.IndexOf("\"host\"", StringComparison.Ordinal) + 1, declaration.Span.Start);

        var locations = index.Locations(host, includeDeclaration: true);
        Assert.All(locations, l => Assert.Equal("host", TextOf(index, l)));
        Assert.Equal(declaration, locations[0]);
        var files = locations.Skip(1).Select(l => Path.GetFileName(l.FilePath)).ToList();
        Assert.Equal(["body.json", "test.connector.json", "test.connector.json", "test.connector.json", "test.instance.json"], files);
        Assert.Equal(locations.Count - 1, index.Locations(host, includeDeclaration: false).Count);
    }

    [Fact]
    public void A_placeholder_resolves_to_the_innermost_definition()
    {
        var connector = Fixtures.Edit(SymbolFixture.Connector, ("{ \"key\": \"status\" }", "{ \"key\": \"status\" }, { \"key\": \"region\" }"));
        var index = SymbolFixture.Build(connector);
        var (region, _) = index.At(SymbolFixture.ConnectorPath, SymbolFixture.At(connector, "{{region}}", 0))!.Value;
        Assert.Equal(VariableLevel.Endpoint, ((VariableDefinition)region.Model).Level);
        var inCreate = connector.LastIndexOf("{{region}}", StringComparison.Ordinal) + 3;
        Assert.Equal(VariableLevel.Connector, ((VariableDefinition)index.At(SymbolFixture.ConnectorPath, inCreate)!.Value.Symbol.Model).Level);
    }

    [Fact]
    public void Auth_method_ids_are_used_by_endpoints_and_instances()
    {
        var index = SymbolFixture.Build();
        var (auth, _) = index.At(SymbolFixture.InstancePath, SymbolFixture.At(SymbolFixture.Instance, "\"key\"", 2))!.Value;
        Assert.Equal(ConnectorSymbolKind.AuthMethod, auth.Kind);
        Assert.Equal("key", TextOf(index, auth.Declaration));
        Assert.Equal(SymbolFixture.Connector.IndexOf("\"id\": \"key\"", StringComparison.Ordinal) + 7, auth.Declaration.Span.Start);
        var uses = index.Locations(auth, includeDeclaration: false);
        Assert.Equal(["test.connector.json", "test.instance.json"], uses.Select(u => Path.GetFileName(u.FilePath)));
        Assert.Equal(SymbolFixture.Connector.IndexOf("[\"key\"]", StringComparison.Ordinal) + 2, uses[0].Span.Start);
    }

    [Fact]
    public void Instance_keys_name_auth_variables_endpoints_and_endpoint_variables()
    {
        var index = SymbolFixture.Build();
        var text = SymbolFixture.Instance;
        var apiKey = index.At(SymbolFixture.InstancePath, SymbolFixture.At(text, "\"api_key\""))!.Value.Symbol;
        Assert.Equal(VariableLevel.AuthMethod, ((VariableDefinition)apiKey.Model).Level);
        var list = index.At(SymbolFixture.InstancePath, SymbolFixture.At(text, "\"list\""))!.Value.Symbol;
        Assert.Equal((ConnectorSymbolKind.Endpoint, "list"), (list.Kind, list.Name));
        var status = index.At(SymbolFixture.InstancePath, SymbolFixture.At(text, "\"status\""))!.Value.Symbol;
        Assert.Equal(("status", "endpoint 'list'"), (status.Name, status.Container));
        var connector = index.At(SymbolFixture.InstancePath, SymbolFixture.At(text, "\"test.connector.json\""))!.Value.Symbol;
        Assert.Equal(ConnectorSymbolKind.ConnectorFile, connector.Kind);
        Assert.Equal(new TextSpanRange(0, 0), new TextSpanRange(connector.Declaration.Span.Start, connector.Declaration.Span.Length));
        Assert.Null(index.At(SymbolFixture.InstancePath, SymbolFixture.At(text, "\"environment\"")));
    }

    [Fact]
    public void A_placeholder_in_a_referenced_file_is_found_there()
    {
        var index = SymbolFixture.Build();
        var (host, location) = index.At(SymbolFixture.BodyPath, SymbolFixture.Body.IndexOf("{{host}}", StringComparison.Ordinal) + 3)!.Value;
        Assert.Equal("host", host.Name);
        Assert.Equal((0, 15), (location.Range.Start.Line, location.Range.Start.Character));
        Assert.NotNull(index.LinesOf(SymbolFixture.BodyPath));
    }

    [Fact]
    public void An_implicit_token_variable_does_not_hide_its_auth_method_id()
    {
        var connector = Fixtures.Edit(SymbolFixture.Connector, ("\"type\": \"apiKey\",", "\"type\": \"oauth2ClientCredentials\","));
        var index = SymbolFixture.Build(connector);
        var hit = index.At(SymbolFixture.ConnectorPath, SymbolFixture.At(connector, "\"key\","))!.Value.Symbol;
        Assert.Equal(ConnectorSymbolKind.AuthMethod, hit.Kind);
        var token = index.Symbols.Single(s => s.Name == "token");
        Assert.False(token.HasExplicitName);
    }

    private readonly record struct TextSpanRange(int Start, int Length);
}
