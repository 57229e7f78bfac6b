using Patchworks.Core.Diagnostics;

namespace Patchworks.Core.Rules.Connectors;

/// <summary>Every file a connector names lies in the workspace, is a regular file, exists, can be read, and, for JSON files, parses.</summary>
public static class FileReferenceRules
{
    public static void Check(ConnectorRuleContext context)
    {
        var bag = context.Diagnostics;
        foreach (var reference in context.Connector.FileReferences())
        {
            if (reference.Refusal is { } refusal)
            {
                bag.Add(refusal.Descriptor, reference.PathSyntax.Span, refusal.Args);
            }
            else if (!reference.Exists)
            {
                bag.Add(DiagnosticCatalog.ReferencedFileMissing, reference.PathSyntax.Span, reference.RelativePath, reference.FullPath);
            }
            else if (reference.LoadError is { } error)
            {
                bag.Add(DiagnosticCatalog.ReferencedFileUnreadable, reference.PathSyntax.Span, reference.RelativePath, error);
            }
            else if (reference.Tree is { } tree && tree.Errors.Count > 0)
            {
                var first = tree.Errors[0];
                var position = tree.Lines.GetPosition(first.Span.Start);
                bag.Add(DiagnosticCatalog.ReferencedJsonInvalid, reference.PathSyntax.Span, reference.RelativePath,
                    $"{first.Message} (line {position.Line + 1}, column {position.Character + 1}{(tree.Errors.Count > 1 ? $", and {tree.Errors.Count - 1} more" : "")})");
            }
        }
    }
}
