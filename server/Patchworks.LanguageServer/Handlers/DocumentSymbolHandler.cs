using Patchworks.Core.Model;
using Patchworks.Core.Syntax;
using Patchworks.Core.Text;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>textDocument/documentSymbol: the outline. Connectors: basic details, variables, auth methods, endpoints (event connectors: broker, listeners); instances: their settings and values.</summary>
internal sealed class DocumentSymbolHandler(LanguageServer server)
{
    [JsonRpcMethod("textDocument/documentSymbol")]
    public IReadOnlyList<DocumentSymbol> DocumentSymbols(DocumentSymbolParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        if (DocumentUri.ToPath(parameters.TextDocument.Uri) is not { } path)
        {
            return [];
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (server.Workspace.GetConnector(path) is { Model: { Syntax: { } root } model } connector)
        {
            return ConnectorOutline(model, root, connector.Tree.Lines);
        }
        if (server.Workspace.GetInstance(path) is { Model.Syntax: { } instanceRoot } instance)
        {
            return [.. instanceRoot.Properties.Select(p => PropertySymbol(p, instance.Tree.Lines))];
        }
        return [];
    }

    private static List<DocumentSymbol> ConnectorOutline(Connector model, ObjectSyntax root, LineIndex lines)
    {
        var symbols = new List<DocumentSymbol>();
        var details = root.Properties.Where(p => p.Name is not ("variables" or "authMethods" or "endpoints" or "broker" or "listeners" or "$schema")).ToList();
        if (details.Count > 0)
        {
            var span = TextSpan.FromBounds(details.Min(p => p.Span.Start), details.Max(p => p.Span.End));
            symbols.Add(new DocumentSymbol
            {
                Name = "Basic details",
                Detail = model.Name,
                Kind = SymbolKind.Module,
                Range = span.ToLsp(lines),
                SelectionRange = details[0].Key.Span.ToLsp(lines),
                Children = [.. details.Select(p => PropertySymbol(p, lines))],
            });
        }
        if (root.Find("variables") is { } variables)
        {
            symbols.Add(Group("Variables", variables, lines, model.Variables.Select(v => VariableSymbol(v, lines))));
        }
        if (root.Find("authMethods") is { } authMethods)
        {
            symbols.Add(Group("Auth methods", authMethods, lines, model.AuthMethods.Where(a => a.IdSyntax is not null).Select(a => new DocumentSymbol
            {
                Name = a.Id!,
                Detail = $"{a.Type} · {a.Name}",
                Kind = SymbolKind.Interface,
                Range = a.Syntax.Span.ToLsp(lines),
                SelectionRange = a.IdSyntax!.Span.ToLsp(lines),
                Children = [.. a.Variables.Select(v => VariableSymbol(v, lines))],
            })));
        }
        if (root.Find("endpoints") is { } endpoints)
        {
            symbols.Add(Group("Endpoints", endpoints, lines, model.Endpoints.Where(e => e.IdSyntax is not null).Select(e => new DocumentSymbol
            {
                Name = e.Id!,
                Detail = $"{e.HttpMethod} {e.Name}",
                Kind = SymbolKind.Method,
                Range = e.Syntax.Span.ToLsp(lines),
                SelectionRange = e.IdSyntax!.Span.ToLsp(lines),
                Children = [.. e.Variables.Select(v => VariableSymbol(v, lines))],
            })));
        }
        if (root.Find("broker") is { Value: ObjectSyntax } broker)
        {
            symbols.Add(PropertySymbol(broker, lines) with { Name = "Broker", Detail = model.Broker?.Type, Kind = SymbolKind.Namespace });
        }
        if (root.Find("listeners") is { } listeners)
        {
            symbols.Add(Group("Listeners", listeners, lines, model.Listeners.Where(l => l.IdSyntax is not null).Select(l => new DocumentSymbol
            {
                Name = l.Id!,
                Detail = l.Name,
                Kind = SymbolKind.Event,
                Range = l.Syntax.Span.ToLsp(lines),
                SelectionRange = l.IdSyntax!.Span.ToLsp(lines),
            })));
        }
        return symbols;
    }

    private static DocumentSymbol Group(string name, PropertySyntax property, LineIndex lines, IEnumerable<DocumentSymbol> children) => new()
    {
        Name = name,
        Kind = SymbolKind.Namespace,
        Range = property.Span.ToLsp(lines),
        SelectionRange = property.Key.Span.ToLsp(lines),
        Children = [.. children],
    };

    private static DocumentSymbol VariableSymbol(VariableDefinition variable, LineIndex lines) => new()
    {
        Name = variable.Key,
        Detail = variable.DisplayName,
        Kind = variable.Secret ? SymbolKind.Key : SymbolKind.Variable,
        Range = (variable.Syntax?.Span ?? variable.KeySyntax.Span).ToLsp(lines),
        SelectionRange = variable.KeySyntax.Span.ToLsp(lines),
    };

    private static DocumentSymbol PropertySymbol(PropertySyntax property, LineIndex lines) => new()
    {
        Name = property.Name.Length == 0 ? "\"\"" : property.Name,
        Detail = property.Value is StringSyntax s ? s.Value : null,
        Kind = property.Value switch
        {
            ObjectSyntax => SymbolKind.Struct,
            ArraySyntax => SymbolKind.Namespace,
            StringSyntax => SymbolKind.String,
            _ => SymbolKind.Property,
        },
        Range = property.Span.ToLsp(lines),
        SelectionRange = property.Key.Span.ToLsp(lines),
        Children = property.Value is ObjectSyntax o && o.Properties.Length > 0 ? [.. o.Properties.Select(p => PropertySymbol(p, lines))] : null,
    };
}
