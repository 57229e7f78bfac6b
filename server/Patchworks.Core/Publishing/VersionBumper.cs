using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Patchworks.Core.Model;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Publishing;

/// <summary>
/// --bump: version.number is a whole number (the Core API's integer version), so every bump adds one to it. In
/// version.name only a "Version N" or "vN" naming that number follows it; every other digit in the name (an API
/// version such as "Shopware 6.5/6.6" or "2024-10", a semantic version) is the vendor's and stays as it is.
/// </summary>
public static partial class VersionBumper
{
    public static (int Number, string? Name) Next(int number, string? name, VersionBump bump)
    {
        var next = number + 1;
        if (name is null)
        {
            return (next, null);
        }
        var current = number.ToString(CultureInfo.InvariantCulture);
        var label = NumberedLabel().Matches(name).FirstOrDefault(m => m.Groups[2].Value == current);
        if (label is not null)
        {
            return (next, name[..label.Groups[2].Index] + next.ToString(CultureInfo.InvariantCulture) + name[(label.Groups[2].Index + label.Groups[2].Length)..]);
        }
        return (next, name);
    }

    /// <summary>Writes the bumped version into the connector file's text, keeping everything else (comments included) as it is.</summary>
    public static string Apply(Connector connector, int number, string? name)
    {
        var text = connector.Tree.Text;
        if (connector.Syntax?["version"] is not ObjectSyntax version || version["number"] is not NumberSyntax numberNode)
        {
            throw new PublishException("The connector has no version.number to bump.");
        }
        var edits = new List<(int Start, int Length, string Text)> { (numberNode.Span.Start, numberNode.Span.Length, number.ToString(CultureInfo.InvariantCulture)) };
        if (name is not null && version["name"] is StringSyntax nameNode && nameNode.Value != name)
        {
            edits.Add((nameNode.Span.Start, nameNode.Span.Length, JsonSerializer.Serialize(name)));
        }
        foreach (var (start, length, replacement) in edits.OrderByDescending(e => e.Start))
        {
            text = text[..start] + replacement + text[(start + length)..];
        }
        return text;
    }

    /// <summary>"Version 3", "version3", "v3": not "v3.1" nor "6.5" (a number followed by a dot and digit is a vendor's version).</summary>
    [GeneratedRegex(@"\b(version\s*|v)(\d+)\b(?!\.\d)", RegexOptions.IgnoreCase)]
    private static partial Regex NumberedLabel();
}
