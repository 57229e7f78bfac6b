using Patchworks.Core.Diagnostics;
using Patchworks.Core.Syntax;
using Patchworks.Core.Testing;
using Patchworks.Core.Workspace;
using Patchworks.LanguageServer.Protocol;

namespace Patchworks.LanguageServer.Documents;

/// <summary>
/// What the server knows: the open documents and every connector and instance file under the workspace
/// folders, kept in a core <see cref="ConnectorWorkspace"/>. Edits are applied at once and parsed lazily:
/// a file is re-parsed the first time a feature or the diagnostics need it after a change. One lock guards it
/// all; every operation under it is short (parsing a 1 MB file takes a few milliseconds). An open connector's tree is
/// brought up to date with its edits rather than parsed anew (<see cref="IncrementalParser"/>) when nothing is reading it
/// (<see cref="TreeLeases"/>): connectors handed out are held by the request or analysis they were handed to.
/// </summary>
public sealed class ServerWorkspace
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, OpenDocument> _open = new(StringComparer.Ordinal);
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stale = new(StringComparer.Ordinal);
    // Files a folder scan found that LoadIndexed has not put in place yet: diagnostics do not parse them all under the
    // lock meanwhile (the index's own schedule analyses every file once they are loaded).
    private readonly HashSet<string> _pendingIndex = new(StringComparer.Ordinal);
    private readonly OverlayFileSystem _files;
    private readonly IFileSystem _disk;
    private readonly ConnectorWorkspace _workspace;
    private readonly Dictionary<string, (ConnectorDocument Connector, InstanceDocument[] Instances, TestsFile[] Tests, SymbolReferences Index)> _symbols = new(StringComparer.Ordinal);
    private readonly TreeLeases _leases = new();

    // Tests files are neither connectors nor instances: the core workspace does not hold them. The server knows the
    // ones the folder scan found or the watcher reported, and parses each once until it changes.
    private readonly HashSet<string> _knownTests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TestsFile?> _tests = new(StringComparer.Ordinal);

    public ServerWorkspace(IFileSystem disk)
    {
        _disk = disk;
        _files = new OverlayFileSystem(disk);
        _workspace = new ConnectorWorkspace(_files);
    }

    /// <summary>
    /// Files larger than this that are not open are left out of the workspace index: a 50 MB file in a cloned repository
    /// must not cost every request the time and memory of parsing it. Opening it still checks it.
    /// </summary>
    public const long MaxIndexedFileBytes = 16L * 1024 * 1024;

    /// <summary>The workspace folders: files that connectors and instances name must lie under the folder holding them.</summary>
    public void SetRoots(IEnumerable<string> folders)
    {
        lock (_gate)
        {
            _workspace.Roots = WorkspaceRoots.ForFolders(folders);
        }
    }

    /// <summary>Whether a folder lies inside a workspace folder, links followed: the only places the server writes files a request names.</summary>
    public bool ContainsFolder(string folder)
    {
        lock (_gate)
        {
            return _workspace.Roots.ContainsFolder(folder);
        }
    }

    /// <summary>The workspace folder a file belongs to: where a new file looks for the workspace's own copy of a schema.</summary>
    public string RootOf(string path)
    {
        lock (_gate)
        {
            return _workspace.Roots.RootOf(path);
        }
    }

    /// <summary>
    /// Starts the scope of a request: the connectors it is handed are held until the scope is disposed, so that no edit
    /// changes their trees in place meanwhile. The server's dispatch wraps every request in one.
    /// </summary>
    public IDisposable BeginRead() => _leases.Begin();

    /// <summary>Which trees requests and analyses hold now.</summary>
    public TreeLeases Leases => _leases;

    /// <summary>How the open connectors were last brought up to date (tests and the verbose log): edits applied to the tree, and full parses.</summary>
    public (int Incremental, int Full) ParseCounts { get; private set; }

    private ConnectorDocument? Held(ConnectorDocument? connector)
    {
        if (connector is not null)
        {
            _leases.Hold(connector.Tree);
        }
        return connector;
    }

    /// <summary>Open buffers over the disk, as the analyzers read files.</summary>
    public IFileSystem Files => _files;

    public void Open(string uri, string path, int version, string text)
    {
        lock (_gate)
        {
            _open[path] = new OpenDocument(uri, path, version, text);
            _files.SetBuffer(path, text);
            MarkChanged(path);
        }
    }

    public bool Change(string path, int version, IReadOnlyList<TextDocumentContentChangeEvent> changes)
    {
        lock (_gate)
        {
            if (!_open.TryGetValue(path, out var document))
            {
                return false;
            }
            document.Apply(version, changes);
            _files.SetBuffer(path, document.Text);
            MarkChanged(path);
            return true;
        }
    }

    public void Close(string path)
    {
        lock (_gate)
        {
            _open.Remove(path);
            _files.RemoveBuffer(path);
            MarkChanged(path);
        }
    }

    /// <summary>A file changed on disk (or was created or deleted), as the client's file watcher reports.</summary>
    public void DiskChanged(string path)
    {
        lock (_gate)
        {
            if (DocumentKinds.FromFileName(path) != DocumentKind.Unknown)
            {
                _known.Add(path);
            }
            else if (TestsFiles.IsTestsFile(path))
            {
                _knownTests.Add(path);
                _tests.Remove(path);
            }
            if (!_open.ContainsKey(path))
            {
                MarkChanged(path);
            }
            else
            {
                MarkDependentsChanged(path);
            }
        }
    }

    /// <summary>
    /// Adds every connector and instance file under a folder, as the editor's workspace holds them. Only regular files
    /// of at most <see cref="MaxIndexedFileBytes"/> are taken, linked folders are entered once and only within the
    /// folder; the scan holds no lock, so open documents are answered meanwhile.
    /// </summary>
    public WorkspaceScan IndexFolder(string folder, CancellationToken cancellationToken = default)
    {
        var scan = WorkspaceFiles.Scan(folder, MaxIndexedFileBytes, cancellationToken);
        lock (_gate)
        {
            foreach (var path in scan.Files)
            {
                _known.Add(path);
                _stale.Add(path);
                _pendingIndex.Add(path);
            }
            _knownTests.UnionWith(scan.TestsFiles);
        }
        return scan;
    }

    /// <summary>How many indexed files are read and parsed at once before they are put in place, in order.</summary>
    private const int LoadBatch = 32;

    /// <summary>
    /// Reads and parses indexed files on every core, a batch at a time, with no lock held; each is then put in place
    /// (in the given order) under the lock only for that moment, so that requests about open documents are answered
    /// between files instead of waiting for the whole index. Files opened or already refreshed meanwhile are left as they are.
    /// </summary>
    public void LoadIndexed(IEnumerable<string> paths, CancellationToken cancellationToken = default)
    {
        var all = paths.ToList();
        try
        {
            LoadBatches(all, cancellationToken);
        }
        finally
        {
            // Cancelled or failed part way: what is left is refreshed as any stale file is, when something needs it.
            lock (_gate)
            {
                _pendingIndex.ExceptWith(all);
            }
        }
    }

    private void LoadBatches(List<string> paths, CancellationToken cancellationToken)
    {
        foreach (var batch in paths.Chunk(LoadBatch))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var parsed = new ParsedFile?[batch.Length];
            var loaded = new bool[batch.Length];
            var next = -1;
            Exception? failure = null;
            void Work()
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < batch.Length && Volatile.Read(ref failure) is null && !cancellationToken.IsCancellationRequested)
                {
                    try
                    {
                        var path = batch[i];
                        lock (_gate)
                        {
                            if (!_stale.Contains(path) || _open.ContainsKey(path))
                            {
                                continue;
                            }
                        }
                        var text = ReadIndexed(path);
                        parsed[i] = text is null ? null : _workspace.Parse(path, text);
                        loaded[i] = true;
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        Interlocked.CompareExchange(ref failure, e, null);
                    }
                }
            }
            // Helpers on threads of their own, not the thread pool's: requests (the first hover) are answered on the pool,
            // and a pool of two threads kept busy here waited for the pool to grow, about half a second a thread.
            var helpers = Enumerable.Range(0, Environment.ProcessorCount - 1)
                .Select(_ => new Thread(Work) { IsBackground = true, Name = "Workspace index" })
                .ToList();
            helpers.ForEach(t => t.Start());
            Work();
            helpers.ForEach(t => t.Join());
            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < batch.Length; i++)
            {
                var path = batch[i];
                lock (_gate)
                {
                    _pendingIndex.Remove(path);
                    if (!loaded[i] || !_stale.Contains(path) || _open.ContainsKey(path))
                    {
                        continue;
                    }
                    _stale.Remove(path);
                    if (parsed[i] is { } file)
                    {
                        _workspace.Put(file);
                    }
                    else
                    {
                        _workspace.Remove(path);
                    }
                }
            }
        }
    }

    /// <summary>A file's text from the disk when it is a regular file small enough to index; null otherwise. Takes no lock.</summary>
    private string? ReadIndexed(string path)
    {
        try
        {
            // Only regular files, and not too large to index: a FIFO would block this read forever.
            var probe = _disk.Probe(path);
            return probe.Kind == FileKind.Regular && probe.Length <= MaxIndexedFileBytes ? _disk.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The open document at a path, or null.</summary>
    public OpenDocument? GetOpen(string path)
    {
        lock (_gate)
        {
            return _open.GetValueOrDefault(path);
        }
    }

    /// <summary>The paths of the open documents.</summary>
    public IReadOnlyList<string> OpenPaths()
    {
        lock (_gate)
        {
            return _open.Count == 0 ? [] : [.. _open.Keys];
        }
    }

    public ConnectorDocument? GetConnector(string path)
    {
        lock (_gate)
        {
            Refresh(path);
            return Held(_workspace.FindConnector(path));
        }
    }

    /// <summary>
    /// The connector an instance names, even when it is not in the workspace folders (loaded on demand, from its open
    /// buffer when there is one), unless it lies outside the instance's workspace or is not a regular file.
    /// </summary>
    public ConnectorDocument? ConnectorOf(InstanceDocument instance)
    {
        lock (_gate)
        {
            if (instance.Model.ConnectorFullPath is { } path)
            {
                Refresh(path);
            }
            return Held(_workspace.ConnectorOf(instance.Model));
        }
    }

    /// <summary>
    /// The outline (<see cref="ConnectorOutline"/>) of a connector, or of the connector an instance names, as the
    /// editor has the files now, with the connector's path; null when the path is neither (or the instance's
    /// connector is not there).
    /// </summary>
    public (string ConnectorPath, ConnectorOutline Outline)? OutlineOf(string path)
    {
        lock (_gate)
        {
            RefreshAll();
            var connector = _workspace.Connectors.FirstOrDefault(c => c.FilePath == path)
                ?? (_workspace.GetInstance(path) is { } instance ? _workspace.ConnectorOf(instance.Model) : null);
            return connector is null ? null : (connector.FilePath, ConnectorOutline.Build(connector, _workspace, TestsFilesOf(connector.FilePath, null)));
        }
    }

    /// <summary>Every connector (path, name, kind) and instance (path, name, environment, connector path) the workspace holds, current with the editor's buffers.</summary>
    public (IReadOnlyList<ConnectorDocument> Connectors, IReadOnlyList<InstanceDocument> Instances) ConnectorsAndInstances()
    {
        lock (_gate)
        {
            RefreshAll();
            return ([.. _workspace.Connectors.OrderBy(c => c.FilePath, StringComparer.Ordinal).Select(Held).OfType<ConnectorDocument>()],
                [.. _workspace.Instances.OrderBy(i => i.FilePath, StringComparer.Ordinal)]);
        }
    }

    public InstanceDocument? GetInstance(string path)
    {
        lock (_gate)
        {
            Refresh(path);
            return _workspace.GetInstance(path);
        }
    }

    /// <summary>
    /// The symbol index of the connector a file belongs to (the connector itself, one of its instances or tests files,
    /// or a file it references), over every instance and tests file of that connector the server knows; null for other files.
    /// </summary>
    public SymbolReferences? SymbolsFor(string path)
    {
        lock (_gate)
        {
            RefreshAll();
            var testsFile = TestsFiles.IsTestsFile(path) ? ReadTestsFile(path) : null;
            var connector = testsFile is not null
                ? _workspace.ConnectorOf(testsFile)
                : _workspace.GetInstance(path) is { } instance
                    ? _workspace.ConnectorOf(instance.Model)
                    : _workspace.Connectors.FirstOrDefault(c => c.FilePath == path)
                        ?? _workspace.Connectors.FirstOrDefault(c => c.Model.FileReferences().Any(r => r.FullPath == path));
            if (connector is null)
            {
                return null;
            }
            Held(connector);
            // Highlights are asked for at every cursor move: reuse the index until the connector, an instance or a tests file changes.
            var instances = _workspace.InstancesOf(connector.FilePath).ToArray();
            var tests = TestsFilesOf(connector.FilePath, testsFile);
            if (_symbols.TryGetValue(connector.FilePath, out var cached)
                && ReferenceEquals(cached.Connector, connector) && cached.Instances.SequenceEqual(instances) && cached.Tests.SequenceEqual(tests))
            {
                return cached.Index;
            }
            var index = SymbolReferences.Build(connector, instances, tests);
            _symbols[connector.FilePath] = (connector, instances, tests, index);
            return index;
        }
    }

    /// <summary>A tests file as it is now (its open buffer over the disk), parsed once until it changes; null when it cannot be read.</summary>
    public TestsFile? GetTestsFile(string path)
    {
        lock (_gate)
        {
            return ReadTestsFile(path);
        }
    }

    /// <summary>The connector a tests file tests, as its diagnostics find it (<see cref="ConnectorWorkspace.ConnectorOf(TestsFile)"/>), current with the editor's buffers.</summary>
    public ConnectorDocument? ConnectorOf(TestsFile file)
    {
        lock (_gate)
        {
            Refresh(file.ConnectorFullPath);
            return Held(_workspace.ConnectorOf(file));
        }
    }

    /// <summary>Every instance file the workspace holds, for completing paths that name one.</summary>
    public IReadOnlyList<string> InstanceFiles()
    {
        lock (_gate)
        {
            RefreshAll();
            return [.. _workspace.Instances.Select(i => i.FilePath)];
        }
    }

    private TestsFile? ReadTestsFile(string path)
    {
        if (_tests.TryGetValue(path, out var cached))
        {
            return cached;
        }
        TestsFile? file = null;
        try
        {
            var probe = _files.Probe(path);
            if (probe.Kind == FileKind.Regular && probe.Length <= MaxIndexedFileBytes)
            {
                file = TestsFileReader.Read(path, _files.ReadAllText(path));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable tests file names nothing.
        }
        _tests[path] = file;
        return file;
    }

    /// <summary>The tests files (known from the scan, the watcher, open, or the connector's namesake beside it) whose connector is this one, in path order.</summary>
    private TestsFile[] TestsFilesOf(string connectorPath, TestsFile? asked)
    {
        var paths = _knownTests.Union(_open.Keys.Where(TestsFiles.IsTestsFile));
        if (asked is not null)
        {
            paths = paths.Append(asked.FilePath);
        }
        // NAME.tests.json beside NAME.connector.json, even when no scan saw it (a server without workspace folders).
        var name = Path.GetFileName(connectorPath);
        if (name.EndsWith(DocumentKinds.ConnectorSuffix, StringComparison.OrdinalIgnoreCase))
        {
            paths = paths.Append(Path.Combine(Path.GetDirectoryName(connectorPath) ?? ".", name[..^DocumentKinds.ConnectorSuffix.Length] + TestsFile.Suffix));
        }
        return [.. paths.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(ReadTestsFile).OfType<TestsFile>()
            .Where(t => t.ConnectorFullPath == connectorPath && _workspace.TestsConnectorRefusal(t) is null)];
    }

    /// <summary>Every connector the workspace holds, current with the editor's buffers.</summary>
    public IReadOnlyList<ConnectorDocument> AllConnectors()
    {
        lock (_gate)
        {
            RefreshAll();
            return [.. _workspace.Connectors.Select(Held).OfType<ConnectorDocument>()];
        }
    }

    /// <summary>
    /// A file's diagnostics (its own and those it causes in files it references), with the version they are for. What the
    /// analysis needs is taken under the lock; the analysis itself runs without it (ConnectorWorkspace.PrepareAnalysis),
    /// so requests are answered meanwhile and several files can be analysed at once.
    /// </summary>
    /// <returns>Also how long bringing the files up to date took (parse or update, model, index), for the verbose log.</returns>
    public (IReadOnlyList<Diagnostic> Diagnostics, int? Version, string Uri, TimeSpan Prepared)? Analyze(string path, CancellationToken cancellationToken)
    {
        Func<CancellationToken, IReadOnlyList<Diagnostic>> analysis;
        int? version;
        string uri;
        TimeSpan prepared;
        using var scope = _leases.Begin();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        lock (_gate)
        {
            Refresh(path);
            RefreshAll(exceptPendingIndex: true);
            prepared = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (!_open.ContainsKey(path) && !_known.Contains(path))
            {
                return null;
            }
            analysis = _workspace.PrepareAnalysis(path);
            // The connector the analysis reads: the file itself, or the instance's.
            Held(_workspace.FindConnector(path) ?? (_workspace.GetInstance(path) is { } instance ? _workspace.ConnectorOf(instance.Model) : null));
            // The version as it is while the documents are taken (an open document's changes with each edit): the diagnostics describe that text.
            var open = _open.GetValueOrDefault(path);
            version = open?.Version;
            uri = open?.Uri ?? DocumentUri.FromPath(path);
        }
        return (analysis(cancellationToken), version, uri, prepared);
    }

    /// <summary>
    /// The diagnostics a file would have if it held this text (a wizard's draft), cross-file rules included, without
    /// keeping it: the workspace is back to the buffer's or the disk's text (or no file) when this returns. For an
    /// instance, a second live or test instance in a company group is reported on the draft even when the rule
    /// would flag the file already there (it flags the one whose path sorts later).
    /// </summary>
    public IReadOnlyList<Diagnostic> AnalyzeDraft(string path, string text, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            RefreshAll();
            var kind = _workspace.Set(path, text);
            try
            {
                var diagnostics = _workspace.AnalyzeFile(path, cancellationToken).ToList();
                if (kind == DocumentKind.Instance && _workspace.GetInstance(path) is { Model.EnvironmentSyntax: { } environment } draft)
                {
                    var range = draft.Tree.Lines.GetRange(environment.Span);
                    diagnostics.AddRange(Core.Rules.Instances.EnvironmentPerCompanyGroupRule.Check(_workspace.Instances)
                        .Where(d => d.FilePath != path && d.Related.Any(r => r.FilePath == path))
                        .Select(d => d with
                        {
                            FilePath = path,
                            Span = environment.Span,
                            Range = range,
                            Related = [new RelatedLocation(d.FilePath, d.Range, "The other instance of this company group and environment.")],
                        }));
                }
                return diagnostics;
            }
            finally
            {
                _workspace.Remove(path);
                _stale.Add(path);
                Refresh(path);
            }
        }
    }

    /// <summary>The files whose diagnostics may change when this one does: itself, instances of it, instances beside it, connectors that reference it, open tests files when it is a connector.</summary>
    public IReadOnlyList<string> AffectedBy(string path)
    {
        lock (_gate)
        {
            Refresh(path);
            var affected = new List<string> { path };
            affected.AddRange(_workspace.InstancesOf(path).Select(i => i.FilePath));
            if (_workspace.GetInstance(path)?.Model.ConnectorFullPath is { } connector)
            {
                affected.AddRange(_workspace.InstancesOf(connector).Select(i => i.FilePath));
            }
            affected.AddRange(ConnectorsReferencing(path));
            if (DocumentKinds.FromFileName(path) == DocumentKind.Connector)
            {
                // Open tests files check their endpoint ids and variables against their connector (few are open at once).
                affected.AddRange(_open.Keys.Where(Core.Testing.TestsFiles.IsTestsFile));
            }
            return [.. affected.Distinct(StringComparer.Ordinal)];
        }
    }

    /// <summary>Every file the server publishes diagnostics for.</summary>
    public IReadOnlyList<string> AllFiles()
    {
        lock (_gate)
        {
            return [.. _known.Union(_open.Keys)];
        }
    }

    private void MarkChanged(string path)
    {
        _stale.Add(path);
        _tests.Remove(path);
        MarkDependentsChanged(path);
    }

    /// <summary>Connectors load referenced files when they are parsed, so a change to one makes them stale too.</summary>
    private void MarkDependentsChanged(string path)
    {
        foreach (var connector in ConnectorsReferencing(path))
        {
            _stale.Add(connector);
        }
    }

    private IEnumerable<string> ConnectorsReferencing(string path) =>
        _workspace.Connectors
            .Where(c => c.Model.Icon?.FullPath == path || c.Model.FileReferences().Any(r => r.FullPath == path))
            .Select(c => c.FilePath)
            .ToList();

    /// <param name="exceptPendingIndex">Leave the files a folder scan found and LoadIndexed has not loaded yet (it loads them on every core, then they are all analysed).</param>
    private void RefreshAll(bool exceptPendingIndex = false)
    {
        foreach (var stale in _stale.ToList())
        {
            if (!exceptPendingIndex || !_pendingIndex.Contains(stale))
            {
                Refresh(stale);
            }
        }
    }

    /// <summary>
    /// The tree after the edits, made from the one before them in place, edit by edit; null when an edit needs the
    /// whole text parsed (the caller parses the final text then: intermediate texts are not worth a full parse each).
    /// </summary>
    private static SyntaxTree? Reparse(SyntaxTree tree, IReadOnlyList<(TextChange Change, string Text)> edits)
    {
        try
        {
            foreach (var (change, text) in edits)
            {
                if (IncrementalParser.TryApply(tree, text, change) is not { } next)
                {
                    return null;
                }
                tree = next;
            }
            return tree;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A fault in the in-place update must cost a full parse, not the document: the caller parses the text anew.
            return null;
        }
    }

    /// <summary>From this size on, a document's previous tree is collected before its new one is built.</summary>
    private const int LargeDocumentChars = 2_000_000;

    /// <summary>
    /// The tree of a large document lives in the oldest generation, so without help it outlives a few edits and
    /// the collector keeps the regions it freed: the process held two trees and more (about 45 MB each at 5 MB
    /// of text; VmHWM 240 MB after 30 edits). Dropping the old tree and collecting it (a full blocking collection)
    /// before parsing keeps the peak near one tree, the new tree built in the regions the old one freed. Not
    /// compacting, nor giving memory back: an aggressive compacting collection kept VmHWM at 162.6 MB after 20 edits
    /// of the 5 MB connector against 164.7 MB for this one, but made each edit slower (217 ms median against 178 in the
    /// same interleaved lspbench run, 2026-12-07, loaded machine). Smaller documents never pay for it.
    /// <para>
    /// When the tree is brought up to date in place instead, the collection still runs: each edit's model, index and
    /// whole-text string (10 MB at 5 MB) end in the oldest generation and nothing else collects them. Without it, 20
    /// edits of the 5 MB connector left VmHWM at 391-407 MB (a collection after every sixth edit's publish, or none);
    /// with it 206 MB, as before in-place updates (lspbench, 3 interleaved runs, 2026-12-07).
    /// </para>
    /// </summary>
    private void ReleaseBeforeReparse(string path)
    {
        _workspace.Remove(path);
        _symbols.Remove(path);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
    }

    /// <summary>Re-reads a stale file from its buffer or the disk into the core workspace.</summary>
    private void Refresh(string path)
    {
        if (!_stale.Remove(path))
        {
            return;
        }
        if (_open.TryGetValue(path, out var open))
        {
            var current = _workspace.FindConnector(path);
            var edits = open.TakeEdits(current?.Tree.Text);
            if (current is not null && edits is { Count: > 0 } && !_leases.IsHeld(current.Tree) && Reparse(current.Tree, edits) is { } tree)
            {
                if (open.Text.Length >= LargeDocumentChars)
                {
                    // The tree lives on (in a local); the previous model, index and texts go before the new ones are built.
                    ReleaseBeforeReparse(path);
                }
                _symbols.Remove(path);
                _workspace.Set(path, open.Text, tree);
                ParseCounts = (ParseCounts.Incremental + 1, ParseCounts.Full);
                return;
            }
            if (open.Text.Length >= LargeDocumentChars)
            {
                ReleaseBeforeReparse(path);
            }
            // An open document's tree is edited in place from now on: what the analysis finds per endpoint is kept with it.
            var parsed = JsonParser.Parse(open.Text);
            SubtreeMemos.Track(parsed);
            _workspace.Set(path, open.Text, parsed);
            ParseCounts = (ParseCounts.Incremental, ParseCounts.Full + 1);
            return;
        }
        var text = _known.Contains(path) ? ReadIndexed(path) : null;
        if (text is null)
        {
            _workspace.Remove(path);
            return;
        }
        _workspace.Set(path, text);
    }
}
