using System.Collections.Immutable;

namespace Patchworks.Core.Syntax;

/// <summary>Binary searches over a node's children (properties or items), which are in text order and do not overlap.</summary>
internal static class SyntaxChildren
{
    /// <summary>
    /// The index of the child holding an offset, or -1. With <paramref name="touchingEnd"/>, an offset just after a child
    /// counts as in it (a cursor at the end of a word is on it); without, a child's span is half-open (an edit there is after it).
    /// </summary>
    public static int IndexAt<T>(ImmutableArray<T> children, int offset, bool touchingEnd) where T : SyntaxNode
    {
        int lo = 0, hi = children.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var span = children[mid].Span;
            if (offset < span.Start)
            {
                hi = mid - 1;
            }
            else if (touchingEnd ? offset > span.End : offset >= span.End)
            {
                lo = mid + 1;
            }
            else
            {
                return mid;
            }
        }
        return -1;
    }

    /// <summary>The index of the child that starts at an offset, or -1.</summary>
    public static int IndexStartingAt<T>(ImmutableArray<T> children, int start) where T : SyntaxNode
    {
        int lo = 0, hi = children.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var childStart = children[mid].Span.Start;
            if (start < childStart)
            {
                hi = mid - 1;
            }
            else if (start > childStart)
            {
                lo = mid + 1;
            }
            else
            {
                return mid;
            }
        }
        return -1;
    }
}
