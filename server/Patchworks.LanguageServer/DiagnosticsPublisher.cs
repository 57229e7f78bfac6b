using Microsoft.Extensions.Logging;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;

namespace Patchworks.LanguageServer;

/// <summary>
/// Analyses files in the background, two at a time on two cores, and pushes their diagnostics: open documents before
/// the rest of the workspace, other files in the order they were queued, a file never by two workers at once,
/// each is analysed once however many edits arrived meanwhile, and every publish carries the version it
/// describes. A connector's analysis also reports on files it references (a SOAP envelope); those are
/// published under their own URI and cleared when the problems go.
/// </summary>
public sealed class DiagnosticsPublisher(ServerWorkspace workspace, Func<PublishDiagnosticsParams, Task> publish, ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly List<string> _queue = [];
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inProgress = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _publishedFor = new(StringComparer.Ordinal);
    private TaskCompletionSource _idle = Completed();
    private long _allocatedAtLastAnalysis;
    private int _running;

    /// <summary>
    /// How many files are analysed at once: one a core, at most two (a workspace of 2,500 files is diagnosed in about
    /// half the time on two cores; more would take the cores requests are answered on).
    /// </summary>
    private static readonly int MaxWorkers = Math.Clamp(Environment.ProcessorCount, 1, 2);

    /// <summary>Completes when everything queued so far has been published (tests wait on it).</summary>
    public Task Idle
    {
        get
        {
            lock (_gate)
            {
                return _idle.Task;
            }
        }
    }

    /// <summary>
    /// A file changed: analyse it, then the files whose diagnostics depend on it (its instances, connectors that
    /// reference it). Working out the dependents needs the file parsed, so that happens in the background,
    /// never on the thread that reads the client's messages.
    /// </summary>
    public void ScheduleChanged(string path)
    {
        lock (_gate)
        {
            _changed.Add(path);
        }
        Schedule([path]);
    }

    public void Schedule(IEnumerable<string> paths)
    {
        lock (_gate)
        {
            foreach (var path in paths)
            {
                if (_queued.Add(path))
                {
                    _queue.Add(path);
                }
            }
            if (_running == 0 && _queue.Count > 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            while (_running < MaxWorkers && _running < _queue.Count)
            {
                _running++;
                // A thread of its own, not the pool's: requests are answered on the pool, which grows slowly when its
                // threads are kept busy (the first hover waited most of a second behind two workers and the index).
                new Thread(Drain) { IsBackground = true, Name = "Diagnostics" }.Start();
            }
        }
    }

    /// <summary>
    /// The next file to analyse, open documents first, never one another worker is analysing (its publishes must stay in
    /// order); null when there is none, and then this worker stops.
    /// </summary>
    private string? Next(IReadOnlyList<string> open)
    {
        var next = -1;
        foreach (var candidate in open)
        {
            if (_queued.Contains(candidate) && !_inProgress.Contains(candidate))
            {
                var index = _queue.IndexOf(candidate);
                next = next < 0 ? index : Math.Min(next, index);
            }
        }
        if (next < 0)
        {
            next = _queue.FindIndex(p => !_inProgress.Contains(p));
        }
        if (next < 0)
        {
            return null;
        }
        var path = _queue[next];
        _queue.RemoveAt(next);
        _queued.Remove(path);
        _inProgress.Add(path);
        return path;
    }

    private void Drain()
    {
        while (true)
        {
            string? path;
            // The few open documents, asked once per file rather than once per queued file (2,500 queued at start-up).
            var open = workspace.OpenPaths();
            lock (_gate)
            {
                // Open documents first: the file being typed in must not wait behind a workspace being indexed.
                path = Next(open);
                if (path is null)
                {
                    // Nothing, or only files another worker is analysing: that worker takes them up again when it is done.
                    // The last worker out leaves nothing queued (a file in progress has a worker), and files queued by a
                    // worker (dependents) are queued before it stops.
                    if (--_running == 0)
                    {
                        _idle.TrySetResult();
                    }
                    return;
                }
            }
            try
            {
                PublishAsync(path).GetAwaiter().GetResult();
                bool changed;
                lock (_gate)
                {
                    changed = _changed.Remove(path);
                }
                if (changed)
                {
                    // One level only: the dependents' own dependents (other instances) are not re-queued in turn.
                    Schedule(workspace.AffectedBy(path).Where(p => p != path));
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // One file's failure must not stop diagnostics for the others, nor the server.
                logger.LogError(e, "Analysing {Path} failed", path);
            }
            finally
            {
                lock (_gate)
                {
                    _inProgress.Remove(path);
                }
            }
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    private async Task PublishAsync(string path)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var pausedBefore = GC.GetTotalPauseDuration();
        int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var result = workspace.Analyze(path, CancellationToken.None);
        var paused = GC.GetTotalPauseDuration() - pausedBefore;
        var analysed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        int[] collected = [GC.CollectionCount(0) - collectionsBefore[0], GC.CollectionCount(1) - collectionsBefore[1], GC.CollectionCount(2) - collectionsBefore[2]];
        var allocatedAfter = GC.GetTotalAllocatedBytes();
        var allocatedSinceLast = allocatedAfter - Interlocked.Exchange(ref _allocatedAtLastAnalysis, allocatedAfter);
        var byFile = new Dictionary<string, List<LspDiagnostic>>(StringComparer.Ordinal) { [path] = [] };
        foreach (var diagnostic in result?.Diagnostics ?? [])
        {
            if (!byFile.TryGetValue(diagnostic.FilePath, out var list))
            {
                byFile[diagnostic.FilePath] = list = [];
            }
            list.Add(diagnostic.ToLsp());
        }

        HashSet<string> previous;
        lock (_gate)
        {
            previous = _publishedFor.GetValueOrDefault(path) ?? [];
            _publishedFor[path] = [.. byFile.Keys.Where(f => f != path)];
        }

        var uri = result?.Uri ?? DocumentUri.FromPath(path);
        await publish(new PublishDiagnosticsParams(uri, result?.Version, byFile[path]));
        foreach (var (file, diagnostics) in byFile.Where(f => f.Key != path))
        {
            await publish(new PublishDiagnosticsParams(workspace.GetOpen(file)?.Uri ?? DocumentUri.FromPath(file), workspace.GetOpen(file)?.Version, diagnostics));
        }
        foreach (var cleared in previous.Where(f => !byFile.ContainsKey(f)))
        {
            await publish(new PublishDiagnosticsParams(workspace.GetOpen(cleared)?.Uri ?? DocumentUri.FromPath(cleared), null, []));
        }
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var (incremental, full) = workspace.ParseCounts;
            var collections = $"gen0 {collected[0]}, gen1 {collected[1]}, gen2 {collected[2]}; {(allocatedAfter - allocatedBefore) / 1e6:F1} MB allocated by the process meanwhile, {allocatedSinceLast / 1e6:F1} MB since the last analysis ended";
            logger.LogDebug("Diagnostics of {Path} (version {Version}): analysed in {Analysed:F1} ms (brought up to date in {Prepared:F1} ms; collections ({Collections}) paused the process {Paused:F1} ms), published after {Total:F1} ms; open connectors parsed {Incremental} times in place, {Full} anew; heap {Heap:F0} MB",
                path, result?.Version, analysed.TotalMilliseconds, (result?.Prepared ?? TimeSpan.Zero).TotalMilliseconds, collections, paused.TotalMilliseconds, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                incremental, full, GC.GetGCMemoryInfo().HeapSizeBytes / 1e6);
        }
    }
}
