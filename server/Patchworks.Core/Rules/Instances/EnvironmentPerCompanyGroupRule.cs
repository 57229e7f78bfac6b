using Patchworks.Core.Diagnostics;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Rules.Instances;

/// <summary>
/// At most one live and one test instance of a connector per company group, across the workspace. Group names
/// are compared without regard to case: "UK" and "uk" are one group to a person, so they are one here.
/// </summary>
public static class EnvironmentPerCompanyGroupRule
{
    public static IEnumerable<Diagnostic> Check(IEnumerable<InstanceDocument> instances)
    {
        var groups = instances
            .Where(i => i.Model is { ConnectorFullPath: not null, Environment: "live" or "test", EnvironmentSyntax: not null })
            .GroupBy(i => (Connector: i.Model.ConnectorFullPath!, CompanyGroup: i.Model.CompanyGroup.ToUpperInvariant(), i.Model.Environment))
            .Where(g => g.Count() > 1);

        foreach (var group in groups)
        {
            var ordered = group.OrderBy(i => i.FilePath, StringComparer.Ordinal).ToList();
            var first = ordered[0];
            var firstRange = first.Tree.Lines.GetRange(first.Model.EnvironmentSyntax!.Span);
            foreach (var duplicate in ordered.Skip(1))
            {
                var span = duplicate.Model.EnvironmentSyntax!.Span;
                var descriptor = DiagnosticCatalog.DuplicateEnvironmentInstance;
                yield return new Diagnostic(descriptor, duplicate.FilePath, span, duplicate.Tree.Lines.GetRange(span),
                    Text.PrintableText.Escape(descriptor.Format(duplicate.Model.CompanyGroup, group.Key.Environment)))
                {
                    Related = [new RelatedLocation(first.FilePath, firstRange, Text.PrintableText.Escape($"The {group.Key.Environment} instance \"{first.Model.Name}\" of this company group."))],
                };
            }
        }
    }
}
