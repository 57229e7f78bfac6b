using System.Text.Json;
using System.Text.RegularExpressions;

namespace Patchworks.LanguageServer.Tests.Infrastructure;

/// <summary>
/// The extension's protocol types (exported TypeScript interfaces) against what the server answers: every field the
/// server sends is declared, every field declared required is sent. Nested types are followed where the caller names
/// them: <c>"A.b" = "B"</c> for an object or each item of an array, <c>"A.b" = "{}B"</c> for each value of a map
/// (<c>Record&lt;string, B&gt;</c>). A rename on either side fails the check.
/// </summary>
public static partial class TypeScriptShapes
{
    public sealed record Shape(HashSet<string> All, HashSet<string> Required);

    /// <summary>The exported interfaces of files under extension/src (an <c>extends</c> takes its parent's fields).</summary>
    public static Dictionary<string, Shape> Interfaces(params string[] files)
    {
        var found = new Dictionary<string, (Shape Own, string[] Parents)>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "extension", "src", file));
            foreach (Match block in Interface().Matches(text))
            {
                var all = new HashSet<string>(StringComparer.Ordinal);
                var required = new HashSet<string>(StringComparer.Ordinal);
                foreach (Match field in Field().Matches(block.Groups[3].Value))
                {
                    all.Add(field.Groups[1].Value);
                    if (field.Groups[2].Value != "?")
                    {
                        required.Add(field.Groups[1].Value);
                    }
                }
                var parents = block.Groups[2].Success ? block.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
                found[block.Groups[1].Value] = (new Shape(all, required), parents);
            }
        }
        Shape Resolve(string name)
        {
            var (own, parents) = found[name];
            var all = new HashSet<string>(own.All, StringComparer.Ordinal);
            var required = new HashSet<string>(own.Required, StringComparer.Ordinal);
            foreach (var parent in parents.Where(found.ContainsKey).Select(Resolve))
            {
                all.UnionWith(parent.All);
                required.UnionWith(parent.Required);
            }
            return new Shape(all, required);
        }
        return found.Keys.ToDictionary(k => k, Resolve, StringComparer.Ordinal);
    }

    /// <summary>The repository (the folder with Patchworks.Lsp.sln) above the test assembly.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Patchworks.Lsp.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Patchworks.Lsp.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// Fails the test, listing every problem <see cref="Check"/> finds, unless <paramref name="value"/> matches the
    /// interface <paramref name="type"/> (and the nested types <paramref name="nested"/> names, none when left out).
    /// </summary>
    public static void AssertMatches(JsonElement value, string type, Dictionary<string, Shape> interfaces, IReadOnlyDictionary<string, string>? nested = null)
    {
        var problems = new List<string>();
        Check(value, type, interfaces, problems, nested ?? new Dictionary<string, string>(StringComparer.Ordinal));
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
    }

    public static void Check(JsonElement value, string type, Dictionary<string, Shape> interfaces, List<string> problems, IReadOnlyDictionary<string, string> nested)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            // A nested value the server left empty (`fault: null`): the types say `| null` or `?`.
            return;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{type} is sent as {value.ValueKind}, not an object");
            return;
        }
        var shape = interfaces[type];
        var sent = value.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(sent.Except(shape.All).Select(f => $"{type}.{f} is sent by the server but not declared in TypeScript"));
        problems.AddRange(shape.Required.Except(sent).Select(f => $"{type}.{f} is declared required but the server did not send it"));
        foreach (var property in value.EnumerateObject())
        {
            if (!nested.TryGetValue($"{type}.{property.Name}", out var element))
            {
                continue;
            }
            if (element.StartsWith("{}", StringComparison.Ordinal))
            {
                foreach (var entry in property.Value.EnumerateObject())
                {
                    Check(entry.Value, element[2..], interfaces, problems, nested);
                }
            }
            else if (property.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in property.Value.EnumerateArray())
                {
                    Check(item, element, interfaces, problems, nested);
                }
            }
            else
            {
                Check(property.Value, element, interfaces, problems, nested);
            }
        }
    }

    [GeneratedRegex(@"export interface (\w+)(?: extends ([\w, ]+))? \{(.*?)\n\}", RegexOptions.Singleline)]
    private static partial Regex Interface();

    [GeneratedRegex(@"^  (\w+)(\??):", RegexOptions.Multiline)]
    private static partial Regex Field();
}
