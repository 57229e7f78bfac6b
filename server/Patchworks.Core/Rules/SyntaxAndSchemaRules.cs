using Patchworks.Core.Diagnostics;
using Patchworks.Core.Schema;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Rules;

/// <summary>Syntax errors and schema violations of any document, as diagnostics.</summary>
public static class SyntaxAndSchemaRules
{
    public static void Check(SyntaxTree tree, SchemaNode schema, DiagnosticBag diagnostics)
    {
        foreach (var error in tree.Errors)
        {
            diagnostics.AddMessage(error.Descriptor, error.Span, error.Message);
        }
        if (tree.Root is null)
        {
            return;
        }
        foreach (var violation in SchemaValidator.Validate(tree.Root, schema))
        {
            diagnostics.AddMessage(violation.Descriptor, violation.Span, violation.Message);
            if (violation.Suggestion is { } suggestion)
            {
                diagnostics.AmendLast(d => d with { Data = new Dictionary<string, string> { ["suggestion"] = suggestion } });
            }
        }
    }
}
