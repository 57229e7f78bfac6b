using Patchworks.Core.Diagnostics;

namespace Patchworks.Cli.Output;

/// <summary>Writes diagnostics in one output format.</summary>
public interface IDiagnosticWriter
{
    void Write(IReadOnlyList<Diagnostic> diagnostics, TextWriter output);
}
