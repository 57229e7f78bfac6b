using Patchworks.Core.Diagnostics;
using Patchworks.Core.Model;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Rules;

/// <summary>What a connector rule sees: the model, its index, the file system, and where to report.</summary>
public sealed class ConnectorRuleContext(ConnectorDocument document, IFileSystem files)
{
    private readonly Dictionary<string, DiagnosticBag> _otherFiles = new(StringComparer.Ordinal);

    public ConnectorDocument Document { get; } = document;
    public Connector Connector => Document.Model;
    public ConnectorIndex Index => Document.Index;
    public IFileSystem Files { get; } = files;

    /// <summary>Diagnostics of the connector file itself.</summary>
    public DiagnosticBag Diagnostics { get; } = new(document.FilePath, document.Tree.Lines);

    /// <summary>Diagnostics of a referenced file (a placeholder in a SOAP envelope is reported where it is written).</summary>
    public DiagnosticBag DiagnosticsOf(string filePath)
    {
        if (filePath == Document.FilePath)
        {
            return Diagnostics;
        }
        if (!_otherFiles.TryGetValue(filePath, out var bag))
        {
            var lines = Index.ReferencedFileLines.TryGetValue(filePath, out var known) ? known : new Text.LineIndex("");
            bag = new DiagnosticBag(filePath, lines);
            _otherFiles[filePath] = bag;
        }
        return bag;
    }

    public IEnumerable<Diagnostic> All() => Diagnostics.Items.Concat(_otherFiles.Values.SelectMany(b => b.Items));
}
