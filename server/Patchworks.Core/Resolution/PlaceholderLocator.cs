using Patchworks.Core.Model;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Resolution;

/// <summary>What the placeholder at a position is: its definition (or none), and the scopes searched for it.</summary>
public sealed record PlaceholderInfo(PlaceholderReference Reference, VariableDefinition? Definition, IReadOnlyList<string> SearchedScopes)
{
    public PlaceholderToken Token => Reference.Token;
}

/// <summary>Answers "what is this {{key}}?" for a position in a connector file.</summary>
public static class PlaceholderLocator
{
    public static PlaceholderInfo? At(ConnectorDocument document, int offset)
    {
        if (document.Index.ReferenceAt(offset) is not { } reference)
        {
            return null;
        }
        var searched = document.Index.ScopeChain(reference.Scope).Select(s => s.ScopeName).ToList();
        return new PlaceholderInfo(reference, reference.Target, searched);
    }

    public static PlaceholderInfo? At(ConnectorDocument document, Text.Position position) =>
        At(document, document.Tree.Lines.GetOffset(position));
}
