using System.Text;
using Patchworks.Core.Model;
using Patchworks.Core.Resolution;
using Patchworks.Core.Schema;
using Patchworks.Core.Syntax;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// textDocument/hover: on a placeholder, what it refers to (definition, scope, default); elsewhere, the
/// schema's description of the property or value under the cursor (connector, instance and tests files); on a
/// tests file's endpoint key, the endpoint it tests (method, URL, description).
/// </summary>
internal sealed class HoverHandler(LanguageServer server)
{
    [JsonRpcMethod("textDocument/hover")]
    public Hover? Hover(TextDocumentPositionParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        if (DocumentUri.ToPath(parameters.TextDocument.Uri) is not { } path)
        {
            return null;
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (server.Workspace.GetConnector(path) is { } connector)
        {
            var offset = connector.Tree.Lines.GetOffset(parameters.Position.ToCore());
            if (PlaceholderLocator.At(connector, offset) is { } placeholder)
            {
                var description = DescribePlaceholder(placeholder) + ActiveValue(connector, placeholder.Reference);
                return new Hover(MarkupContent.Markdown(description), placeholder.Reference.Span.ToLsp(connector.Tree.Lines));
            }
            return SchemaHover(connector.Tree, offset, SchemaCatalog.Connector);
        }
        if (server.Workspace.GetInstance(path) is { } instance)
        {
            return SchemaHover(instance.Tree, instance.Tree.Lines.GetOffset(parameters.Position.ToCore()), SchemaCatalog.Instance);
        }
        if (Core.Testing.TestsFiles.IsTestsFile(path) && server.Workspace.GetTestsFile(path) is { } tests)
        {
            // An endpoint key says which request it tests; everything else is described by the schema.
            if (SymbolRequest.From(server, parameters)?.Hit is { Symbol.Kind: Core.Workspace.ConnectorSymbolKind.Endpoint } hit
                && hit.Location.FilePath == path && Core.Workspace.SymbolSummary.Markdown(hit.Symbol) is { } summary)
            {
                return new Hover(MarkupContent.Markdown(summary), hit.Location.Range.ToLsp());
            }
            return SchemaHover(tests.Tree, tests.Tree.Lines.GetOffset(parameters.Position.ToCore()), SchemaCatalog.Tests);
        }
        return null;
    }

    /// <summary>"Resolves to …" for the connector's active instance; nothing when none is chosen.</summary>
    private string ActiveValue(Core.Workspace.ConnectorDocument connector, PlaceholderReference reference) =>
        PlaceholderValues.ForActiveInstance(server, connector, reference) is { } value
            ? value.Source == ValueSourceKind.Missing
                ? $"\n\n{PlaceholderValues.NoValue} for the active instance: {value.SourceDescription}."
                : $"\n\nResolves to `{PlaceholderValues.Display(value)}` ({value.SourceDescription})"
            : "";

    private static Hover? SchemaHover(SyntaxTree tree, int offset, SchemaNode root)
    {
        if (tree.FindNodeAt(offset) is not { } node || node is ObjectSyntax or ArraySyntax)
        {
            return null;
        }
        var target = node is PropertySyntax property ? property.Key : node;
        if (SchemaNavigator.SchemaOf(target, root) is not { } schema)
        {
            return null;
        }
        var text = new StringBuilder();
        var isKey = target is StringSyntax { Parent: PropertySyntax owner } && ReferenceEquals(owner.Key, target);
        if (isKey)
        {
            text.Append("**").Append(((StringSyntax)target).Value).Append("**");
            if (schema.Resolved.Types != SchemaTypes.None)
            {
                text.Append(" · ").Append(SchemaFacts.TypeName(schema.Resolved.Types));
            }
            text.Append("\n\n");
        }
        if (schema.EffectiveDescription is { } description)
        {
            text.Append(description);
        }
        if (!isKey && target is StringSyntax value && SchemaFacts.EnumOf(schema).FirstOrDefault(e => e.Value == value.Value).Description is { } enumDescription)
        {
            text.Append("\n\n`").Append(value.Value).Append("`: ").Append(enumDescription);
        }
        return text.Length == 0 ? null : new Hover(MarkupContent.Markdown(text.ToString().Trim()), target.Span.ToLsp(tree.Lines));
    }

    private static string DescribePlaceholder(PlaceholderInfo placeholder)
    {
        var token = placeholder.Token;
        var text = new StringBuilder();
        if (token.Kind == PlaceholderKind.Builtin)
        {
            text.Append("**[[").Append(token.Name).Append("]]**\n\n");
            text.Append(token.Namespace == "meta"
                ? "A value from the flow's payload metadata."
                : "A value the endpoint's pagination sets for each page.");
            return text.ToString();
        }
        text.Append("**{{").Append(token.Name).Append("}}**");
        if (placeholder.Definition is not { } definition)
        {
            text.Append("\n\nNot defined. Searched: ").Append(string.Join(", ", placeholder.SearchedScopes)).Append('.');
            return text.ToString();
        }
        if (definition.DisplayName is { } displayName)
        {
            text.Append(" — ").Append(displayName);
        }
        var facts = new List<string> { definition.ScopeName + " variable" };
        if (definition.Required) facts.Add("required");
        if (definition.Secret) facts.Add("secret");
        if (definition.Advanced) facts.Add("advanced");
        if (definition.Locked) facts.Add("locked");
        text.Append("\n\n*").Append(string.Join(" · ", facts)).Append('*');
        if (definition.Default is { } defaultValue)
        {
            text.Append("\n\nDefault: `").Append(definition.Secret ? RequestResolver.Mask : defaultValue).Append('`');
        }
        if (definition.Alias is { } alias)
        {
            text.Append("\n\nCalled `").Append(alias).Append("` by the API.");
        }
        if (definition.Description is { } description)
        {
            text.Append("\n\n").Append(description);
        }
        return text.ToString();
    }
}
