using System.Globalization;

namespace Patchworks.Core.Diagnostics;

/// <summary>One entry of the diagnostic catalogue: a stable code, its default severity and its message template.</summary>
public sealed record DiagnosticDescriptor(string Code, DiagnosticSeverity Severity, string Title, string MessageFormat, DiagnosticTags Tags = DiagnosticTags.None)
{
    public string Format(params object?[] args) =>
        args.Length == 0 ? MessageFormat : string.Format(CultureInfo.InvariantCulture, MessageFormat, args);
}
