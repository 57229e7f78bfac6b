using Patchworks.Core.Diagnostics;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Rules.Connectors;

/// <summary>
/// Publishing requirements (PW60xx): the fields the Core API requires of a system template (domain notes,
/// section 15) that a connector may lack or leave empty and still run. Warnings in `patchworks validate`; the
/// publish plan reports the same codes as errors and refuses before any write, so that null or "" (which the
/// API counts as missing) is never sent.
/// </summary>
public static class PublishingRequirementRules
{
    public static void Check(ConnectorRuleContext context)
    {
        var connector = context.Connector;
        var root = connector.Syntax;
        if (root is null)
        {
            return;
        }
        var bag = context.Diagnostics;
        var nameNode = root.Find("name");
        // A missing field is reported on the connector's name (or the file's first brace): the place that names it.
        var anchorSpan = nameNode?.Key.Span ?? new Text.TextSpan(root.Span.Start, 1);

        if (nameNode?.Value is StringSyntax { } nameValue && string.IsNullOrWhiteSpace(nameValue.Value))
        {
            bag.Add(DiagnosticCatalog.PublishNameEmpty, nameValue.Span);
        }
        if (root["rateLimit"] is null)
        {
            bag.Add(DiagnosticCatalog.PublishRateLimitMissing, anchorSpan);
        }
        if (root.Find("colour") is not { } colour)
        {
            bag.Add(DiagnosticCatalog.PublishColourMissing, anchorSpan);
        }
        else if (colour.Value is StringSyntax { } colourValue && string.IsNullOrWhiteSpace(colourValue.Value))
        {
            bag.Add(DiagnosticCatalog.PublishColourMissing, colourValue.Span);
        }
        if (root.Find("icon") is not { } icon)
        {
            bag.Add(DiagnosticCatalog.PublishIconMissing, anchorSpan);
        }
        else if (icon.Value is StringSyntax { } iconValue && string.IsNullOrWhiteSpace(iconValue.Value))
        {
            bag.Add(DiagnosticCatalog.PublishIconMissing, iconValue.Span);
        }
        if (root["version"] is ObjectSyntax version)
        {
            var versionName = version.Find("name");
            if (versionName is null)
            {
                bag.Add(DiagnosticCatalog.PublishVersionNameMissing, root.Find("version")!.Key.Span);
            }
            else if (versionName.Value is StringSyntax { } versionNameValue && string.IsNullOrWhiteSpace(versionNameValue.Value))
            {
                bag.Add(DiagnosticCatalog.PublishVersionNameMissing, versionNameValue.Span);
            }
        }
    }
}
