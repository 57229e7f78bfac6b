using Patchworks.Core.Workspace;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>workspace/symbol: the endpoints, auth methods and variables of every connector in the workspace whose name holds the query's letters in order.</summary>
internal sealed class WorkspaceSymbolHandler(LanguageServer server)
{
    [JsonRpcMethod("workspace/symbol")]
    public IReadOnlyList<SymbolInformation> Symbols(WorkspaceSymbolParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        var query = parameters.Query ?? "";
        var result = new List<SymbolInformation>();
        foreach (var connector in server.Workspace.AllConnectors())
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var symbol in SymbolReferences.Build(connector, []).Symbols)
            {
                if (symbol.Kind != ConnectorSymbolKind.ConnectorFile && IsSubsequence(query, symbol.Name))
                {
                    result.Add(new SymbolInformation
                    {
                        Name = symbol.Name,
                        Kind = KindOf(symbol.Kind),
                        Location = symbol.Declaration.ToLsp(),
                        ContainerName = symbol.Container,
                    });
                }
            }
        }
        return result;
    }

    /// <summary>Editors filter fuzzily; a case-insensitive subsequence ("lsit" does not match "list", "lst" does) is what they expect.</summary>
    internal static bool IsSubsequence(string query, string name)
    {
        var at = 0;
        foreach (var c in query)
        {
            at = name.IndexOf(c.ToString(), at, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return false;
            }
            at++;
        }
        return true;
    }

    private static int KindOf(ConnectorSymbolKind kind) => kind switch
    {
        ConnectorSymbolKind.Endpoint => SymbolKind.Method,
        ConnectorSymbolKind.AuthMethod => SymbolKind.Key,
        _ => SymbolKind.Variable,
    };
}
