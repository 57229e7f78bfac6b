using System.Runtime.CompilerServices;

namespace Patchworks.Core.Syntax;

/// <summary>
/// Results computed from one node's subtree (an endpoint's model, its schema violations), kept with the node and
/// handed back while that subtree is unchanged. An edit the <see cref="IncrementalParser"/> applies in place replaces
/// the value it touched with new nodes and changes its ancestors; it makes every memo forget those ancestors
/// (<see cref="SubtreeMemos.Forget"/>), so a node found here has the same content as when its result was computed.
/// Only its position may differ: a result that holds offsets must keep them relative to the node's start.
/// A tree parsed anew has new nodes, which no memo knows; the entries of nodes no longer in use go with them (the
/// table holds its nodes weakly).
/// </summary>
public sealed class SubtreeMemo<TValue> : ISubtreeMemo where TValue : class
{
    private readonly ConditionalWeakTable<SyntaxNode, TValue> _table = new();

    public SubtreeMemo()
    {
        SubtreeMemos.Register(this);
    }

    public bool TryGet(SyntaxNode node, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TValue? value) =>
        _table.TryGetValue(node, out value);

    /// <summary>Keeps a result, if the node is in a tree that is edited in place (<see cref="SubtreeMemos.Track"/>); otherwise nothing would ever ask again.</summary>
    public void Set(SyntaxNode node, TValue value)
    {
        if (SubtreeMemos.IsTracked(node))
        {
            _table.AddOrUpdate(node, value);
        }
    }

    void ISubtreeMemo.Forget(SyntaxNode node) => _table.Remove(node);
}

/// <summary>What every <see cref="SubtreeMemo{TValue}"/> lets the parser do: forget a node whose subtree changed.</summary>
public interface ISubtreeMemo
{
    void Forget(SyntaxNode node);
}

/// <summary>The memos in the process (a few static ones), told by the parser which nodes an edit changed.</summary>
public static class SubtreeMemos
{
    private static readonly Lock Gate = new();
    private static ISubtreeMemo[] _all = [];

    internal static void Register(ISubtreeMemo memo)
    {
        lock (Gate)
        {
            _all = [.. _all, memo];
        }
    }

    private static readonly ConditionalWeakTable<SyntaxNode, object> Tracked = new();

    /// <summary>
    /// Results about the tree's nodes are worth keeping: it is an open document's, which edits will change in place.
    /// The files a workspace or the command line reads once are not tracked, and keep nothing.
    /// </summary>
    public static void Track(SyntaxTree tree)
    {
        if (tree.Root is { } root)
        {
            Tracked.AddOrUpdate(root, Tracked);
        }
    }

    internal static bool IsTracked(SyntaxNode node)
    {
        while (node.Parent is { } parent)
        {
            node = parent;
        }
        return Tracked.TryGetValue(node, out _);
    }

    /// <summary>The node's subtree changed in place: no memo may hand back what it computed from it before.</summary>
    public static void Forget(SyntaxNode node)
    {
        foreach (var memo in Volatile.Read(ref _all))
        {
            memo.Forget(node);
        }
    }
}
