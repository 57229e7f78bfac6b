using Patchworks.Core.Workspace;

namespace Patchworks.Core.Editing;

/// <summary>The quick fixes for a diagnostic, by its code. Each fix builds its edits from the current tree.</summary>
public static class QuickFixes
{
    public static IReadOnlyList<QuickFix> For(ConnectorDocument document, DiagnosticFacts diagnostic) => diagnostic.Code switch
    {
        "PW2001" => [.. PlaceholderFixes.For(document, diagnostic)],
        "PW1001" or "PW1004" or "PW3003" => [.. SuggestionFixes.For(document.Tree, diagnostic)],
        "PW3006" => [.. PaginationFixes.For(document.Tree, diagnostic)],
        _ => [],
    };

    public static IReadOnlyList<QuickFix> For(InstanceDocument document, DiagnosticFacts diagnostic) => diagnostic.Code switch
    {
        "PW5005" => [.. InstanceFixes.LiteralSecret(document, diagnostic)],
        "PW5004" => [.. InstanceFixes.MissingValue(document, diagnostic)],
        "PW1001" or "PW1004" or "PW5003" => [.. SuggestionFixes.For(document.Tree, diagnostic)],
        _ => [],
    };
}
