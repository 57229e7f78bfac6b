using Patchworks.Core.Text;

namespace Patchworks.Core.Syntax;

/// <summary>One edit of a document's text: <see cref="OldLength"/> characters at <see cref="Start"/> replaced by <see cref="NewLength"/> others.</summary>
public readonly record struct TextChange(int Start, int OldLength, int NewLength)
{
    public int OldEnd => Start + OldLength;

    /// <summary>How far the text after the change moved.</summary>
    public int Delta => NewLength - OldLength;
}

/// <summary>
/// Brings a syntax tree up to date with one edit by re-parsing only the smallest value the edit lies inside, instead of
/// the whole text: typing in a string of a 5 MB connector re-scans that string, not five megabytes.
/// <para>
/// The value re-parsed is the deepest complete one (closed, terminated) whose first and last characters the edit leaves
/// alone (a string's quotes, an object's braces). Its new text is parsed on its own, at its nesting depth; the result is taken only when it is one
/// complete value filling exactly that text (closed, terminated) with no problem at its edges. The text before it is
/// unchanged and the tokens after it start where they did, so the rest of the document parses as it did: its nodes,
/// errors and comments are kept and moved by the edit's length. Otherwise the next enclosing value is tried; past half
/// the document, or at the root, the caller parses the whole text (<see cref="Apply"/> does).
/// </para>
/// <para>
/// The old tree's nodes are reused and changed in place: the old <see cref="SyntaxTree"/> (and every model or index
/// that holds its nodes) must not be read afterwards. The language server re-uses a tree only when nothing else holds it.
/// </para>
/// </summary>
public static class IncrementalParser
{
    /// <summary>A region larger than this share of the document is not worth re-parsing apart: the whole text is parsed.</summary>
    private const double MaxRegionShare = 0.5;

    /// <summary>The tree of <paramref name="newText"/>: <paramref name="old"/> updated in place when it can be, a fresh parse otherwise.</summary>
    public static SyntaxTree Apply(SyntaxTree old, string newText, TextChange change) =>
        TryApply(old, newText, change) ?? JsonParser.Parse(newText);

    /// <summary>The tree of <paramref name="newText"/> made from <paramref name="old"/> in place, or null (and the old tree untouched) when only a full parse will do.</summary>
    public static SyntaxTree? TryApply(SyntaxTree old, string newText, TextChange change)
    {
        if (old.Root is not { } root
            || change.Start < 0 || change.OldLength < 0 || change.NewLength < 0
            || change.OldEnd > old.Text.Length
            || newText.Length != old.Text.Length + change.Delta)
        {
            return null;
        }
        // The values the edit lies strictly inside, outermost first. The root is never re-parsed apart. Those around the
        // value re-parsed may be incomplete (an unclosed brace elsewhere in the file): what they hold after it is unchanged.
        var enclosing = new List<SyntaxNode>();
        for (SyntaxNode? node = root; node is not null && Encloses(node, change); node = ChildEnclosing(node, change))
        {
            enclosing.Add(node);
        }
        for (var i = enclosing.Count - 1; i >= 1; i--)
        {
            var candidate = enclosing[i];
            if (candidate.Span.Length + change.Delta > newText.Length * MaxRegionShare)
            {
                return null;
            }
            if (IsComplete(candidate) && TryReplace(old, newText, change, candidate) is { } tree)
            {
                return tree;
            }
        }
        return null;
    }

    /// <summary>Whether the edit lies inside the node, its first and last characters untouched.</summary>
    private static bool Encloses(SyntaxNode node, TextChange change) =>
        node.Span.Start < change.Start && change.OldEnd < node.Span.End && node is not PropertySyntax;

    private static bool IsComplete(SyntaxNode node) => node switch
    {
        ObjectSyntax o => o.IsClosed,
        ArraySyntax a => a.IsClosed,
        StringSyntax s => s.IsTerminated && s.Span.Length >= 2,
        PropertySyntax => false,
        _ => true,
    };

    /// <summary>The value inside this one that holds the whole edit: a property's value (not its key), an array's item.</summary>
    private static SyntaxNode? ChildEnclosing(SyntaxNode node, TextChange change)
    {
        switch (node)
        {
            case ObjectSyntax o:
                {
                    var index = SyntaxChildren.IndexAt(o.Properties, change.Start, touchingEnd: false);
                    if (index < 0)
                    {
                        return null;
                    }
                    var property = o.Properties[index];
                    return property.Value is { } value && Encloses(value, change) ? value : null;
                }
            case ArraySyntax a:
                {
                    var index = SyntaxChildren.IndexAt(a.Items, change.Start, touchingEnd: false);
                    return index >= 0 && Encloses(a.Items[index], change) ? a.Items[index] : null;
                }
            default:
                return null;
        }
    }

    private static SyntaxTree? TryReplace(SyntaxTree old, string newText, TextChange change, SyntaxNode candidate)
    {
        var start = candidate.Span.Start;
        var oldEnd = candidate.Span.End;
        var newLength = candidate.Span.Length + change.Delta;
        var depth = 0;
        for (var up = candidate.Parent; up is not null; up = up.Parent)
        {
            if (up is ObjectSyntax or ArraySyntax)
            {
                depth++;
            }
        }
        var region = JsonParser.ParseRegion(newText.Substring(start, newLength), depth);
        if (region.Root is not { } replacement || replacement.Span != new TextSpan(0, newLength) || !IsComplete(replacement))
        {
            return null;
        }
        foreach (var error in region.Errors)
        {
            // A problem at the value's first character or its end would be reported (or merged) by what holds it in a full parse.
            if (error.Span.Start <= 0 || error.Span.End >= newLength)
            {
                return null;
            }
        }

        // Errors: the value's own (strictly inside it) are replaced by the region's; the rest stay, moved if after it.
        var errors = new List<SyntaxError>(old.Errors.Count + region.Errors.Count);
        var insertAt = -1;
        foreach (var error in old.Errors)
        {
            if (error.Span.Start < start && error.Span.End > start || error.Span.Start < oldEnd && error.Span.End > oldEnd)
            {
                return null; // straddles the value's edge: not a problem of either side alone
            }
            if (error.Span.Start > start && error.Span.Start < oldEnd)
            {
                if (insertAt < 0)
                {
                    insertAt = errors.Count;
                }
                continue;
            }
            if (error.Span.Start >= oldEnd)
            {
                if (insertAt < 0)
                {
                    insertAt = errors.Count;
                }
                errors.Add(error with { Span = new TextSpan(error.Span.Start + change.Delta, error.Span.Length) });
            }
            else
            {
                errors.Add(error);
            }
        }
        errors.InsertRange(insertAt < 0 ? errors.Count : insertAt, region.Errors.Select(e => e with { Span = new TextSpan(e.Span.Start + start, e.Span.Length) }));

        // Comments are in text order: those before the value, the region's, those after it moved.
        var comments = new List<TextSpan>(old.Comments.Count + region.Comments.Count);
        var regionAdded = false;
        foreach (var comment in old.Comments)
        {
            if (comment.Start < start)
            {
                comments.Add(comment);
                continue;
            }
            if (!regionAdded)
            {
                comments.AddRange(region.Comments.Select(c => new TextSpan(c.Start + start, c.Length)));
                regionAdded = true;
            }
            if (comment.Start >= oldEnd)
            {
                comments.Add(new TextSpan(comment.Start + change.Delta, comment.Length));
            }
        }
        if (!regionAdded)
        {
            comments.AddRange(region.Comments.Select(c => new TextSpan(c.Start + start, c.Length)));
        }

        // From here on the old tree is changed in place. Every ancestor grows by the edit, everything after the value moves.
        var delta = change.Delta;
        SyntaxNode branch = candidate;
        for (var holder = candidate.Parent; holder is not null; branch = holder, holder = holder.Parent)
        {
            // What was computed from the holder's subtree no longer holds (SubtreeMemo); its siblings' subtrees only move.
            SubtreeMemos.Forget(holder);
            switch (holder)
            {
                case ObjectSyntax o:
                    {
                        var properties = o.Properties;
                        for (var i = SyntaxChildren.IndexStartingAt(properties, branch.Span.Start) + 1; i < properties.Length; i++)
                        {
                            Shift(properties[i], delta);
                        }
                        break;
                    }
                case ArraySyntax a:
                    {
                        var items = a.Items;
                        for (var i = SyntaxChildren.IndexStartingAt(items, branch.Span.Start) + 1; i < items.Length; i++)
                        {
                            Shift(items[i], delta);
                        }
                        break;
                    }
            }
            holder.Span = new TextSpan(holder.Span.Start, holder.Span.Length + delta);
        }
        Shift(replacement, start);
        switch (candidate.Parent)
        {
            case PropertySyntax property:
                property.SetValue(replacement);
                break;
            case ArraySyntax array:
                array.ReplaceItem(SyntaxChildren.IndexStartingAt(array.Items, start), replacement);
                break;
        }
        var tree = new SyntaxTree(newText, old.Root, errors, comments);
        tree.FollowLines(old, change);
        return tree;
    }

    /// <summary>Moves a node and everything in it.</summary>
    private static void Shift(SyntaxNode node, int delta)
    {
        node.Span = new TextSpan(node.Span.Start + delta, node.Span.Length);
        switch (node)
        {
            case PropertySyntax p:
                p.Key.Span = new TextSpan(p.Key.Span.Start + delta, p.Key.Span.Length);
                if (p.ColonOffset >= 0)
                {
                    p.ColonOffset += delta;
                }
                if (p.Value is { } value)
                {
                    Shift(value, delta);
                }
                break;
            case ObjectSyntax o:
                foreach (var property in o.Properties)
                {
                    Shift(property, delta);
                }
                break;
            case ArraySyntax a:
                foreach (var item in a.Items)
                {
                    Shift(item, delta);
                }
                break;
        }
    }
}
