using Microsoft.Extensions.Logging;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;

namespace Patchworks.LanguageServer;

/// <summary>
/// Analyses files in the background and pushes their diagnostics: open documents before the rest of the
/// workspace, other files in the order they were queued,
/// each is analysed once however many edits arrived meanwhile, and every publish carries the version it
/// describes. A connector's analysis also reports on files it references (a SOAP envelope); those are
/// published under their own URI and cleared when the problems go.
/// </summary>
public sealed class DiagnosticsPublisher(ServerWorkspace workspace, Func<PublishDiagnosticsParams, Task> publish, ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly List<string> _queue = [];
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _publishedFor = new(StringComparer.Ordinal);
    private Task _worker = Task.CompletedTask;
    private bool _running;

    /// <summary>Completes when everything queued so far has been published (tests wait on it).</summary>
    public Task Idle
    {
        get
        {
            lock (_gate)
            {
                return _worker;
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
            if (!_running && _queue.Count > 0)
            {
                _running = true;
                _worker = Task.Run(DrainAsync);
            }
        }
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            string path;
            // The few open documents, asked once per file rather than once per queued file (2,500 queued at start-up).
            var open = workspace.OpenPaths();
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _running = false;
                    return;
                }
                // Open documents first: the file being typed in must not wait behind a workspace being indexed.
                var next = -1;
                foreach (var candidate in open)
                {
                    if (_queued.Contains(candidate))
                    {
                        var index = _queue.IndexOf(candidate);
                        next = next < 0 ? index : Math.Min(next, index);
                    }
                }
                if (next < 0)
                {
                    next = 0;
                }
                path = _queue[next];
                _queue.RemoveAt(next);
                _queued.Remove(path);
            }
            try
            {
                await PublishAsync(path);
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
        }
    }

    private async Task PublishAsync(string path)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = workspace.Analyze(path, CancellationToken.None);
        var analysed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
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
            logger.LogDebug("Diagnostics of {Path} (version {Version}): analysed in {Analysed:F1} ms, published after {Total:F1} ms",
                path, result?.Version, analysed.TotalMilliseconds, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
