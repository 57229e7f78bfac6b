using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Patchworks.Core.Model;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Publishing;

/// <summary>
/// --bump: version.number is a whole number (the Core API's integer version), so every bump adds one to it. The
/// kind of bump matters for version.name: a semantic version in it (1.4.2) moves its patch, minor or major part;
/// otherwise a "Version N" or "vN" in it follows the number; any other name is kept.
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
        var semantic = SemanticVersion().Match(name);
        if (semantic.Success)
        {
            var (major, minor, patch) = (int.Parse(semantic.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(semantic.Groups[2].Value, CultureInfo.InvariantCulture),
                semantic.Groups[3].Success ? int.Parse(semantic.Groups[3].Value, CultureInfo.InvariantCulture) : 0);
            var bumped = bump switch
            {
                VersionBump.Major => $"{major + 1}.0.0",
                VersionBump.Minor => $"{major}.{minor + 1}.0",
                _ => $"{major}.{minor}.{patch + 1}",
            };
            return (next, name[..semantic.Index] + bumped + name[(semantic.Index + semantic.Length)..]);
        }
        var label = NumberedLabel().Match(name);
        if (label.Success && label.Groups[2].Value == number.ToString(CultureInfo.InvariantCulture))
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

    [GeneratedRegex(@"(\d+)\.(\d+)(?:\.(\d+))?")]
    private static partial Regex SemanticVersion();

    [GeneratedRegex(@"\b(version\s*|v)(\d+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NumberedLabel();
}
