using Patchworks.Core.Diagnostics;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Rules;

/// <summary>Reports every item whose name was used before in its list, pointing at the first use.</summary>
internal static class DuplicateFinder
{
    /// <param name="name">The item's name and where it is written, or null for an item without one.</param>
    /// <param name="describe">The diagnostic and its arguments for a duplicate.</param>
    public static void Report<T>(
        IEnumerable<T> items,
        Func<T, (string Name, SyntaxNode Syntax)?> name,
        StringComparer comparer,
        DiagnosticBag bag,
        Func<T, (DiagnosticDescriptor Descriptor, object?[] Arguments)> describe,
        string firstMessage)
    {
        // Sized once: the endpoints of a 5 MB connector, checked at every edit, would otherwise grow it a dozen times.
        var first = new Dictionary<string, SyntaxNode>(items.TryGetNonEnumeratedCount(out var count) ? count : 0, comparer);
        foreach (var item in items)
        {
            if (name(item) is not { } named)
            {
                continue;
            }
            if (first.TryGetValue(named.Name, out var original))
            {
                var (descriptor, arguments) = describe(item);
                bag.Add(descriptor, named.Syntax.Span, arguments);
                bag.AmendLast(d => d with { Related = [bag.Related(original.Span, firstMessage)] });
            }
            else
            {
                first[named.Name] = named.Syntax;
            }
        }
    }
}
