using System.Runtime.CompilerServices;
using Patchworks.Core.Syntax;

namespace Patchworks.LanguageServer.Documents;

/// <summary>
/// Which syntax trees are being read without the workspace lock: by a request (from its dispatch to its answer), by
/// an analysis on a diagnostics thread. An open connector's tree is brought up to date with an edit in place
/// (<see cref="IncrementalParser"/>), which would change nodes under such a reader's feet; so that happens only to a tree
/// nobody holds, and a held one is left as it is while the edit is parsed anew.
/// <para>
/// A tree handed out inside a <see cref="Begin"/> scope is held until the scope ends; one handed out with no scope (work
/// that may go on for any time) is held for as long as the tree lives.
/// </para>
/// </summary>
public sealed class TreeLeases
{
    private static readonly AsyncLocal<Scope?> s_current = new();
    private static readonly object s_held = new();

    private readonly Lock _gate = new();
    private readonly Dictionary<SyntaxTree, int> _scoped = new(ReferenceEqualityComparer.Instance);
    private readonly ConditionalWeakTable<SyntaxTree, object> _unscoped = new();

    /// <summary>
    /// Starts a scope in the current flow (a request's dispatch, an analysis): trees handed out in it are held until it
    /// is disposed. Call it from the method whose end ends the scope's flow (an async method, or a using block).
    /// </summary>
    public IDisposable Begin()
    {
        var scope = new Scope(this, s_current.Value);
        s_current.Value = scope;
        return scope;
    }

    /// <summary>Marks a tree as read outside the lock by the current flow.</summary>
    public void Hold(SyntaxTree tree)
    {
        var scope = s_current.Value;
        switch (scope is not null && scope.Owner == this ? scope.Add(tree) : Added.NoScope)
        {
            case Added.New:
                lock (_gate)
                {
                    _scoped[tree] = _scoped.GetValueOrDefault(tree) + 1;
                }
                break;
            case Added.NoScope:
                // No scope, or one already ended (work a request left running): nobody says when the reading stops.
                _unscoped.AddOrUpdate(tree, s_held);
                break;
        }
    }

    private enum Added
    {
        New,
        Already,
        NoScope,
    }

    /// <summary>Whether anything may be reading the tree.</summary>
    public bool IsHeld(SyntaxTree tree)
    {
        lock (_gate)
        {
            if (_scoped.ContainsKey(tree))
            {
                return true;
            }
        }
        return _unscoped.TryGetValue(tree, out _);
    }

    /// <summary>How many trees scopes hold now (tests).</summary>
    public int ScopedCount
    {
        get
        {
            lock (_gate)
            {
                return _scoped.Count;
            }
        }
    }

    private void Release(IEnumerable<SyntaxTree> trees)
    {
        lock (_gate)
        {
            foreach (var tree in trees)
            {
                if (_scoped.TryGetValue(tree, out var count) && count > 1)
                {
                    _scoped[tree] = count - 1;
                }
                else
                {
                    _scoped.Remove(tree);
                }
            }
        }
    }

    private sealed class Scope(TreeLeases owner, Scope? previous) : IDisposable
    {
        private readonly HashSet<SyntaxTree> _trees = new(ReferenceEqualityComparer.Instance);
        private bool _disposed;

        public TreeLeases Owner => owner;

        /// <summary>A scope holds a tree once however often it is handed out; an ended scope holds nothing.</summary>
        public Added Add(SyntaxTree tree)
        {
            lock (_trees)
            {
                return _disposed ? Added.NoScope : _trees.Add(tree) ? Added.New : Added.Already;
            }
        }

        public void Dispose()
        {
            SyntaxTree[] trees;
            lock (_trees)
            {
                if (_disposed)
                {
                    return;
                }
                _disposed = true;
                trees = [.. _trees];
            }
            owner.Release(trees);
            if (s_current.Value == this)
            {
                s_current.Value = previous;
            }
        }
    }
}
