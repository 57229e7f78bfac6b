using Patchworks.Core.Model;
using Patchworks.Core.Syntax;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Editing;

/// <summary>PW2001 (undefined placeholder): use the nearest defined key, or define the variable where the placeholder is written.</summary>
public static class PlaceholderFixes
{
    public static IEnumerable<QuickFix> For(ConnectorDocument document, DiagnosticFacts diagnostic)
    {
        if (document.Index.ReferenceAt(diagnostic.Span.Start) is not { } reference || reference.NameSpan != diagnostic.Span)
        {
            yield break;
        }
        var key = reference.Token.Name;
        if (diagnostic["key"] is { } reported && reported != key || reference.Target is not null)
        {
            // The text changed since the diagnostic was made: it is about another placeholder now.
            yield break;
        }
        if (diagnostic["suggestion"] is { } suggestion)
        {
            yield return new QuickFix($"Change to '{{{{{suggestion}}}}}'", [new TextEdit(reference.NameSpan, suggestion)], IsPreferred: true);
        }
        var (owner, where) = reference.Scope switch
        {
            { Endpoint: { } endpoint } => (endpoint.Syntax, $"endpoint '{endpoint.Id}'"),
            { AuthMethod: { } auth } => (auth.Syntax, $"auth method '{auth.Id}'"),
            _ => (document.Model.Syntax, "the connector"),
        };
        if (owner is null)
        {
            yield break;
        }
        yield return new QuickFix($"Define variable '{key}' in {where}", DefineVariable(document.Tree, owner, key));
    }

    /// <summary>Appends { "key": key } to the owner's "variables" array, creating the array when there is none.</summary>
    public static IReadOnlyList<TextEdit> DefineVariable(SyntaxTree tree, ObjectSyntax owner, string key)
    {
        var definition = $"{{ \"key\": {JsonEdits.Quote(key)} }}";
        return owner["variables"] is ArraySyntax variables
            ? JsonEdits.AddItem(tree, variables, definition)
            : JsonEdits.AddProperty(tree, owner, "variables", $"[ {definition} ]");
    }
}
