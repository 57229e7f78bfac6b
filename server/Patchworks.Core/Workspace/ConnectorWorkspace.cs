using Patchworks.Core.Diagnostics;
using Patchworks.Core.Rules;
using Patchworks.Core.Rules.Instances;
using Patchworks.Core.Syntax;
using Patchworks.Core.Text;

namespace Patchworks.Core.Workspace;

/// <summary>
/// A set of connector and instance files checked together, so cross-file rules (an instance's connector,
/// one live and one test instance per company group) see them all. Connectors that instances name but
/// that are not in the set are loaded on demand.
/// </summary>
public sealed class ConnectorWorkspace(IFileSystem files)
{
    /// <summary>Files larger than this are refused with a diagnostic rather than parsed.</summary>
    public const long MaxDocumentBytes = 64L * 1024 * 1024;

    private readonly Dictionary<string, ConnectorDocument?> _connectors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InstanceDocument> _instances = new(StringComparer.Ordinal);
    private readonly List<Diagnostic> _loadProblems = [];
    private readonly List<string> _unrecognised = [];

    public IFileSystem Files { get; } = files;

    public IEnumerable<ConnectorDocument> Connectors => _connectors.Values.OfType<ConnectorDocument>();

    public IEnumerable<InstanceDocument> Instances => _instances.Values;

    /// <summary>Files that were given but are neither connectors nor instances.</summary>
    public IReadOnlyList<string> Unrecognised => _unrecognised;

    /// <summary>Reads a file into the workspace; problems reading it become diagnostics.</summary>
    public void Add(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (ReadText(fullPath) is not { } text)
        {
            return;
        }
        var tree = JsonParser.Parse(text);
        switch (DocumentKinds.Detect(fullPath, tree))
        {
            case DocumentKind.Connector:
                _connectors[fullPath] = ConnectorDocument.Create(fullPath, text, Files);
                break;
            case DocumentKind.Instance:
                _instances[fullPath] = InstanceDocument.Create(fullPath, text);
                break;
            default:
                _unrecognised.Add(fullPath);
                break;
        }
    }

    /// <summary>The connector at an absolute path, loading it if the workspace does not hold it yet.</summary>
    public ConnectorDocument? GetConnector(string fullPath)
    {
        if (_connectors.TryGetValue(fullPath, out var known))
        {
            return known;
        }
        ConnectorDocument? document = null;
        if (Files.FileExists(fullPath) && ReadText(fullPath, report: false) is { } text)
        {
            document = ConnectorDocument.Create(fullPath, text, Files);
        }
        _connectors[fullPath] = document;
        return document;
    }

    public InstanceDocument? GetInstance(string fullPath) => _instances.GetValueOrDefault(fullPath);

    /// <summary>Every diagnostic of every file in the workspace, cross-file rules included, in file and position order.</summary>
    public IReadOnlyList<Diagnostic> Analyze(CancellationToken cancellationToken = default)
    {
        var result = new List<Diagnostic>(_loadProblems);
        foreach (var connector in Connectors.ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.AddRange(ConnectorAnalyzer.Analyze(connector, Files, cancellationToken));
        }
        foreach (var instance in _instances.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.AddRange(InstanceAnalyzer.Analyze(instance, GetConnector));
        }
        result.AddRange(EnvironmentPerCompanyGroupRule.Check(_instances.Values));
        return [.. result
            .Distinct()
            .OrderBy(d => d.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Range.Start)
            .ThenBy(d => d.Code, StringComparer.Ordinal)];
    }

    private string? ReadText(string fullPath, bool report = true)
    {
        try
        {
            var length = Files.GetLength(fullPath);
            if (length > MaxDocumentBytes)
            {
                if (report)
                {
                    _loadProblems.Add(FileProblem(fullPath, DiagnosticCatalog.FileTooLarge, length, MaxDocumentBytes));
                }
                return null;
            }
            return Files.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (report)
            {
                _loadProblems.Add(FileProblem(fullPath, DiagnosticCatalog.FileUnreadable, e.Message));
            }
            return null;
        }
    }

    private static Diagnostic FileProblem(string path, DiagnosticDescriptor descriptor, params object?[] args) =>
        new(descriptor, path, new TextSpan(0, 0), new TextRange(new Position(0, 0), new Position(0, 0)), PrintableText.Escape(descriptor.Format(args)));
}
