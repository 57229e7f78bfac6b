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
public sealed class ConnectorWorkspace(IFileSystem files, WorkspaceRoots? roots = null)
{
    /// <summary>Files larger than this are refused with a diagnostic rather than parsed.</summary>
    public const long MaxDocumentBytes = 64L * 1024 * 1024;

    private readonly Dictionary<string, ConnectorDocument?> _connectors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InstanceDocument> _instances = new(StringComparer.Ordinal);
    // The instances by the connector they name (ConnectorFullPath): the company-group rule and InstancesOf look at one
    // connector's instances, not the whole workspace's (2,000 instances checked one by one were 2,000 x 2,000).
    private readonly Dictionary<string, HashSet<string>> _instancesByConnector = new(StringComparer.Ordinal);
    private readonly List<Diagnostic> _loadProblems = [];
    private readonly List<string> _unrecognised = [];
    private readonly Dictionary<string, Testing.TestsFile> _tests = new(StringComparer.Ordinal);

    public IFileSystem Files { get; } = files;

    /// <summary>Where each file's workspace ends: files named by connectors and instances must lie inside it.</summary>
    public WorkspaceRoots Roots { get; set; } = roots ?? WorkspaceRoots.CommandLineDefault;

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
        if (Set(fullPath, text) == DocumentKind.Unknown)
        {
            _unrecognised.Add(fullPath);
        }
    }

    /// <summary>
    /// Puts a file's current text into the workspace (an editor's unsaved buffer, or the disk's), replacing what
    /// was there. Returns what kind of file it is; a file that is neither connector nor instance is dropped.
    /// </summary>
    public DocumentKind Set(string fullPath, string text) => Put(Parse(fullPath, text));

    /// <summary>As <see cref="Set(string, string)"/>, with the text already parsed (an open connector's tree brought up to date by <see cref="Syntax.IncrementalParser"/>).</summary>
    public DocumentKind Set(string fullPath, string text, SyntaxTree tree) => Put(Parse(fullPath, text, tree));

    /// <summary>
    /// A file's text parsed as <see cref="Set"/> parses it (the connector's referenced files loaded), without touching the
    /// workspace: several threads may parse at once (the file system permitting), and <see cref="Put"/> takes the result.
    /// </summary>
    public ParsedFile Parse(string fullPath, string text, SyntaxTree? tree = null)
    {
        // The name usually tells; parse for the kind only when it does not, and then parse once.
        var kind = DocumentKinds.FromFileName(fullPath);
        if (kind == DocumentKind.Unknown)
        {
            tree ??= JsonParser.Parse(text);
            kind = DocumentKinds.Detect(fullPath, tree);
        }
        return kind switch
        {
            DocumentKind.Connector => new ParsedFile(fullPath, kind, ConnectorDocument.Create(fullPath, text, Files, tree, Roots), null),
            DocumentKind.Instance => new ParsedFile(fullPath, kind, null, InstanceDocument.Create(fullPath, text, tree)),
            _ => new ParsedFile(fullPath, kind, null, null),
        };
    }

    /// <summary>Puts a parsed file (<see cref="Parse"/>) into the workspace, replacing what was there; a file that is neither connector nor instance is dropped.</summary>
    public DocumentKind Put(ParsedFile file)
    {
        Remove(file.Path);
        if (file.Connector is { } connector)
        {
            _connectors[file.Path] = connector;
        }
        else if (file.Instance is { } instance)
        {
            AddInstance(instance);
        }
        return file.Kind;
    }

    /// <summary>
    /// Reads a connector's tests file (name.tests.json) into the workspace, so <see cref="Analyze"/> checks it with
    /// the rest (PW7xxx against its connector, as the editor and <c>patchworks test</c> check it); problems reading it
    /// become diagnostics, as <see cref="Add"/>'s do.
    /// </summary>
    public void AddTests(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (ReadText(fullPath) is { } text)
        {
            _tests[fullPath] = Testing.TestsFileReader.Read(fullPath, text);
        }
    }

    /// <summary>A file a scan found but did not read (not a regular file, a link out, too large): a warning on its path.</summary>
    public void ReportSkipped(SkippedFile skipped) => _loadProblems.Add(FileProblem(skipped.Path, DiagnosticCatalog.FileSkipped, skipped.Reason));

    /// <summary>Forgets a file (deleted, or closed and no longer on disk).</summary>
    public void Remove(string fullPath)
    {
        _connectors.Remove(fullPath);
        if (_instances.Remove(fullPath, out var instance) && instance.Model.ConnectorFullPath is { } connector
            && _instancesByConnector.TryGetValue(connector, out var paths))
        {
            paths.Remove(fullPath);
            if (paths.Count == 0)
            {
                _instancesByConnector.Remove(connector);
            }
        }
        _tests.Remove(fullPath);
    }

    private void AddInstance(InstanceDocument instance)
    {
        _instances[instance.FilePath] = instance;
        if (instance.Model.ConnectorFullPath is { } connector)
        {
            if (!_instancesByConnector.TryGetValue(connector, out var paths))
            {
                _instancesByConnector[connector] = paths = new HashSet<string>(StringComparer.Ordinal);
            }
            paths.Add(instance.FilePath);
        }
    }

    /// <summary>Whether analysis includes the PW60xx publishing requirements (warnings): patchworks validate sets it.</summary>
    public bool PublishingRequirements { get; set; }

    /// <summary>The instances whose connector is the file at this path.</summary>
    public IEnumerable<InstanceDocument> InstancesOf(string connectorPath) =>
        _instancesByConnector.TryGetValue(connectorPath, out var paths)
            ? _instances.Values.Where(i => paths.Contains(i.FilePath)).ToList() // in the workspace's order, as before
            : [];

    /// <summary>
    /// The diagnostics of one file, cross-file rules included: for a connector, its own and those of the files
    /// it references; for an instance, its own and the one-live-one-test rule across the workspace.
    /// </summary>
    public IReadOnlyList<Diagnostic> AnalyzeFile(string fullPath, CancellationToken cancellationToken = default)
    {
        if (_connectors.TryGetValue(fullPath, out var connector) && connector is not null)
        {
            return ConnectorAnalyzer.Analyze(connector, Files, PublishingRequirements, cancellationToken);
        }
        if (_instances.TryGetValue(fullPath, out var instance))
        {
            // The rule groups by connector: the instances of this one's connector are all it needs to see.
            IEnumerable<InstanceDocument> sameConnector = instance.Model.ConnectorFullPath is { } connectorPath
                && _instancesByConnector.TryGetValue(connectorPath, out var paths)
                    ? [.. paths.Select(p => _instances[p])]
                    : [];
            return [.. InstanceAnalyzer.Analyze(instance, GetConnector, ConnectorRefusal),
                .. EnvironmentPerCompanyGroupRule.Check(sameConnector).Where(d => d.FilePath == fullPath)];
        }
        // A connector's tests file (name.tests.json): read as it is now (an editor's buffer over the disk), never kept.
        if (Testing.TestsFiles.IsTestsFile(fullPath) && Files.FileExists(fullPath) && ReadText(fullPath, report: false) is { } text)
        {
            return AnalyzeTests(Testing.TestsFileReader.Read(fullPath, text));
        }
        return [];
    }

    /// <summary>
    /// <see cref="AnalyzeFile"/> in two steps: what the analysis needs of the workspace is taken now (the documents, the
    /// instance's connector, loaded if need be, and the instances beside it), under the caller's lock; the returned
    /// function then analyses on any thread with no lock held (parsed documents do not change), with the same result.
    /// Tests files are analysed now.
    /// </summary>
    public Func<CancellationToken, IReadOnlyList<Diagnostic>> PrepareAnalysis(string fullPath)
    {
        if (_connectors.TryGetValue(fullPath, out var connector) && connector is not null)
        {
            var files = Files;
            var publishing = PublishingRequirements;
            return cancellationToken => ConnectorAnalyzer.Analyze(connector, files, publishing, cancellationToken);
        }
        if (_instances.TryGetValue(fullPath, out var instance))
        {
            var model = instance.Model;
            // As InstanceAnalyzer asks: the refusal only when the connector is named, the connector only when not refused.
            var named = model.Syntax is not null && model.ConnectorFullPath is not null && model.ConnectorSyntax is not null;
            var refusal = named ? ConnectorRefusal(model) : null;
            var own = named && refusal is null ? GetConnector(model.ConnectorFullPath!) : null;
            InstanceDocument[] sameConnector = model.ConnectorFullPath is { } connectorPath && _instancesByConnector.TryGetValue(connectorPath, out var paths)
                ? [.. paths.Select(p => _instances[p])]
                : [];
            return _ => [.. InstanceAnalyzer.Analyze(instance, _ => own, _ => refusal),
                .. EnvironmentPerCompanyGroupRule.Check(sameConnector).Where(d => d.FilePath == fullPath)];
        }
        var now = AnalyzeFile(fullPath);
        return _ => now;
    }

    /// <summary>A tests file's diagnostics; the files it names (its connector, its instances) only from inside its workspace.</summary>
    public IReadOnlyList<Diagnostic> AnalyzeTests(Testing.TestsFile file) =>
        Testing.TestsFileAnalyzer.Analyze(file, GetConnector, Files, TestsConnectorRefusal, TestsInstanceRefusal);

    /// <summary>The connector the workspace holds at an absolute path, or null; never loads one.</summary>
    public ConnectorDocument? FindConnector(string fullPath) => _connectors.GetValueOrDefault(fullPath);

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
            document = ConnectorDocument.Create(fullPath, text, Files, roots: Roots);
        }
        _connectors[fullPath] = document;
        return document;
    }

    public InstanceDocument? GetInstance(string fullPath) => _instances.GetValueOrDefault(fullPath);

    /// <summary>Why the connector an instance names is not read (outside the workspace, not a regular file), or null.</summary>
    public ReferenceRefusal? ConnectorRefusal(Model.Instance instance) =>
        instance.ConnectorFullPath is { } path
            ? WorkspaceBoundary.For(Files, Roots, instance.FilePath).Check(instance.ConnectorPath ?? path, path, MaxDocumentBytes, out _)
            : null;

    /// <summary>Why the connector a tests file names ("connector") is not read (outside the workspace, not a regular file), or null.</summary>
    public ReferenceRefusal? TestsConnectorRefusal(Testing.TestsFile file) =>
        file.ConnectorPath is { } written
            ? WorkspaceBoundary.For(Files, Roots, file.FilePath).Check(written, file.ConnectorFullPath, MaxDocumentBytes, out _)
            : null;

    /// <summary>
    /// Why an instance a tests file names (its own "instance" or a case's) is not read: outside the tests file's
    /// workspace root as written or through a link, not a regular file, too large; or null. A cloned repository is
    /// untrusted: "instance": "../../../etc/passwd" must not be opened, not even to see whether it exists.
    /// </summary>
    public ReferenceRefusal? TestsInstanceRefusal(Testing.TestsFile file, string written) =>
        WorkspaceBoundary.For(Files, Roots, file.FilePath).Check(written, RelativePath.Resolve(file.Directory, written), MaxDocumentBytes, out _);

    /// <summary>The connector an instance names, unless it is refused (<see cref="ConnectorRefusal"/>) or missing.</summary>
    public ConnectorDocument? ConnectorOf(Model.Instance instance) =>
        instance.ConnectorFullPath is { } path && ConnectorRefusal(instance) is null ? GetConnector(path) : null;

    /// <summary>The connector a tests file tests (its "connector", else the one of its name beside it), unless refused (<see cref="TestsConnectorRefusal"/>) or missing.</summary>
    public ConnectorDocument? ConnectorOf(Testing.TestsFile file) =>
        TestsConnectorRefusal(file) is null ? GetConnector(file.ConnectorFullPath) : null;

    /// <summary>Every diagnostic of every file in the workspace, cross-file rules included, in file and position order.</summary>
    public IReadOnlyList<Diagnostic> Analyze(CancellationToken cancellationToken = default)
    {
        var result = new List<Diagnostic>(_loadProblems);
        foreach (var connector in Connectors.ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.AddRange(ConnectorAnalyzer.Analyze(connector, Files, PublishingRequirements, cancellationToken));
        }
        foreach (var instance in _instances.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.AddRange(InstanceAnalyzer.Analyze(instance, GetConnector, ConnectorRefusal));
        }
        result.AddRange(EnvironmentPerCompanyGroupRule.Check(_instances.Values));
        // After the connectors: a connector loaded only because a tests file names it is not checked as if it had been given.
        foreach (var tests in _tests.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.AddRange(AnalyzeTests(tests));
        }
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
            var probe = Files.Probe(fullPath);
            if (probe.Kind is not (FileKind.Regular or FileKind.Missing))
            {
                if (report)
                {
                    _loadProblems.Add(FileProblem(fullPath, DiagnosticCatalog.FileSkipped, probe.KindName));
                }
                return null;
            }
            var length = probe.Length;
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

/// <summary>A file parsed for the workspace (<see cref="ConnectorWorkspace.Parse"/>), not yet in it.</summary>
public sealed record ParsedFile(string Path, DocumentKind Kind, ConnectorDocument? Connector, InstanceDocument? Instance);
