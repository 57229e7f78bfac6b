using Patchworks.Core.Syntax;

namespace Patchworks.Core.Editing;

/// <summary>"Did you mean ...?" fixes: the diagnostic's data names the suggestion; the fix writes it over the string.</summary>
public static class SuggestionFixes
{
    /// <summary>PW1001 (unknown property), PW1004 (value not allowed), PW3003 (unknown auth method).</summary>
    public static IEnumerable<QuickFix> For(SyntaxTree tree, DiagnosticFacts diagnostic)
    {
        if (diagnostic["suggestion"] is not { } suggestion || tree.FindNodeAt(diagnostic.Span.Start) is not StringSyntax target
            || target.Span != diagnostic.Span)
        {
            yield break;
        }
        yield return new QuickFix($"Change to \"{suggestion}\"", [JsonEdits.Replace(target, JsonEdits.Quote(suggestion))], IsPreferred: true);
    }
}
