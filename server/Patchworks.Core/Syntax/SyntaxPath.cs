namespace Patchworks.Core.Syntax;

/// <summary>The JSON path of a node, such as endpoints[2].pagination.method, for messages and tools.</summary>
public static class SyntaxPath
{
    public static string Of(SyntaxNode node)
    {
        var parts = new List<string>();
        var current = node;
        while (current?.Parent is { } parent)
        {
            switch (parent)
            {
                case PropertySyntax p:
                    parts.Add("." + p.Name);
                    current = p.Parent;
                    continue;
                case ArraySyntax a:
                    parts.Add($"[{IndexOf(a, current)}]");
                    break;
            }
            current = parent;
        }
        parts.Reverse();
        var path = string.Concat(parts);
        return path.StartsWith('.') ? path[1..] : path;
    }

    private static int IndexOf(ArraySyntax array, SyntaxNode item)
    {
        for (var i = 0; i < array.Items.Length; i++)
        {
            if (ReferenceEquals(array.Items[i], item))
            {
                return i;
            }
        }
        return -1;
    }
}
