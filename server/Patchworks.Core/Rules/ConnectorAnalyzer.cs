using Patchworks.Core.Diagnostics;
using Patchworks.Core.Rules.Connectors;
using Patchworks.Core.Schema;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Rules;

/// <summary>Runs every check on a connector document: syntax, schema, then the semantic rules.</summary>
public static class ConnectorAnalyzer
{
    public static IReadOnlyList<Diagnostic> Analyze(ConnectorDocument document, IFileSystem files, CancellationToken cancellationToken = default) =>
        Analyze(document, files, false, cancellationToken);

    /// <param name="publishingRequirements">Also the PW60xx publishing requirements (patchworks validate and the publish plan), when there is no error.</param>
    public static IReadOnlyList<Diagnostic> Analyze(ConnectorDocument document, IFileSystem files, bool publishingRequirements, CancellationToken cancellationToken = default)
    {
        var context = new ConnectorRuleContext(document, files);
        SyntaxAndSchemaRules.Check(document.Tree, SchemaCatalog.Connector, context.Diagnostics);
        if (document.Model.Syntax is null)
        {
            return [.. context.All()];
        }
        cancellationToken.ThrowIfCancellationRequested();
        PlaceholderRules.Check(context);
        VariableRules.Check(context);
        AuthMethodRules.Check(context);
        cancellationToken.ThrowIfCancellationRequested();
        EndpointRules.Check(context);
        PaginationRules.Check(context);
        ErrorDetectionRules.Check(context);
        RuntimeValueRules.Check(context);
        FileReferenceRules.Check(context);
        IconRules.Check(context);
        EventConnectorRules.Check(context);
        if (publishingRequirements && !context.All().Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            // Once the connector is otherwise sound: a broken file's errors come first, and are what publishing refuses.
            // An event connector cannot be published at all (publish refuses it): the Core API's requirements do not apply to it.
            if (!document.Model.IsEvent)
            {
                PublishingRequirementRules.Check(context);
            }
        }
        return [.. context.All()];
    }
}
