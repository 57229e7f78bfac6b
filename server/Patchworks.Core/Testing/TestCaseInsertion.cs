using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.Core.Editing;
using Patchworks.Core.Syntax;
using Patchworks.Core.Text;

namespace Patchworks.Core.Testing;

/// <summary>What a tests file that does not exist yet starts with: its "$schema" and, when chosen, its "instance".</summary>
public sealed record NewTestsFile(string SchemaReference, string? Instance = null);

/// <summary>
/// The edits that add a case, the whole text after them, and where the new case's name is in that text (for the
/// editor to show the case).
/// </summary>
public sealed record TestCaseInsertionResult(IReadOnlyList<TextEdit> Edits, string NewText, TextSpan CaseNameSpan);

/// <summary>A case that cannot be added as asked; the message says why, for the person who asked.</summary>
public sealed class TestCaseInsertionException(string message, bool duplicateName = false) : Exception(message)
{
    /// <summary>The endpoint has a case of that name: another name would do (a wizard shows it at the name).</summary>
    public bool DuplicateName { get; } = duplicateName;
}

/// <summary>
/// Adds a named case to a tests file (the wizards' "Add Test"): the file is a person's JSONC, so the case is inserted
/// by text edits where they would have typed it, indented like its siblings and with trailing commas when the file
/// writes them, and every comment stays. A file that does not parse is refused (with where it fails) rather than
/// rewritten, and a case name already used for the endpoint is refused rather than shadowed by a duplicate key.
/// </summary>
public static class TestCaseInsertion
{
    /// <summary>The tests schema's published $id: the "$schema" of a new file when the workspace has no copy of the schema.</summary>
    public const string PublishedSchemaId = "https://patchworks-toolkit.invalid/schemas/connector-tests.schema.json";

    private static readonly JsonSerializerOptions ScalarOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The "$schema" a new tests file in <paramref name="testsFolder"/> writes, as the samples have it: the path to the
    /// workspace's own schemas/connector-tests.schema.json relative to the file (forward slashes) when there is one,
    /// else the published $id.
    /// </summary>
    public static string SchemaReference(string testsFolder, string? workspaceSchemaPath) =>
        workspaceSchemaPath is null ? PublishedSchemaId : Path.GetRelativePath(testsFolder, workspaceSchemaPath).Replace('\\', '/');

    /// <summary>
    /// The edits adding <paramref name="testCase"/> as <paramref name="caseName"/> under <paramref name="endpointId"/>.
    /// <paramref name="text"/> null (or only whitespace): the file is new and is written whole from <paramref name="newFile"/>.
    /// </summary>
    /// <exception cref="TestCaseInsertionException">The file does not parse, is not shaped as a tests file, or has the case already.</exception>
    public static TestCaseInsertionResult Insert(string? text, string endpointId, string caseName, JsonObject testCase, NewTestsFile? newFile = null)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        if (string.IsNullOrWhiteSpace(endpointId))
        {
            throw new TestCaseInsertionException("The endpoint id is empty.");
        }
        if (string.IsNullOrWhiteSpace(caseName))
        {
            throw new TestCaseInsertionException("The case name is empty.");
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return Create(text ?? "", endpointId, caseName, testCase, newFile ?? new NewTestsFile(PublishedSchemaId));
        }

        var tree = JsonParser.Parse(text);
        if (tree.Errors.Count > 0)
        {
            var error = tree.Errors[0];
            var at = tree.Lines.GetPosition(error.Span.Start);
            throw new TestCaseInsertionException(
                $"The tests file is not valid JSON at line {at.Line + 1}, column {at.Character + 1} ({error.Message.TrimEnd('.')}); fix it first: it was left as it is.");
        }
        if (tree.Root is not ObjectSyntax root)
        {
            throw new TestCaseInsertionException("The tests file is not a JSON object; it was left as it is.");
        }

        var trailingCommas = UsesTrailingCommas(tree);
        ObjectSyntax target;
        string name;
        JsonNode value;
        switch (root.Find("endpoints")?.Value)
        {
            case null:
                (target, name, value) = (root, "endpoints", new JsonObject { [endpointId] = new JsonObject { [caseName] = testCase.DeepClone() } });
                break;
            case ObjectSyntax endpoints:
                switch (endpoints.Find(endpointId)?.Value)
                {
                    case null:
                        (target, name, value) = (endpoints, endpointId, new JsonObject { [caseName] = testCase.DeepClone() });
                        break;
                    case ObjectSyntax endpoint:
                        if (endpoint.Find(caseName) is not null)
                        {
                            throw new TestCaseInsertionException($"The endpoint {endpointId} has a case named \"{caseName}\" already; choose another name.", duplicateName: true);
                        }
                        (target, name, value) = (endpoint, caseName, testCase.DeepClone());
                        break;
                    default:
                        throw new TestCaseInsertionException($"\"endpoints\".\"{endpointId}\" in the tests file is not an object; it was left as it is.");
                }
                break;
            default:
                throw new TestCaseInsertionException("\"endpoints\" in the tests file is not an object; it was left as it is.");
        }

        var edits = AddProperty(tree, target, name, value, trailingCommas);
        var newText = TextEdit.Apply(text, edits);
        return new TestCaseInsertionResult(edits, newText, CaseNameSpan(newText, endpointId, caseName));
    }

    private static TestCaseInsertionResult Create(string text, string endpointId, string caseName, JsonObject testCase, NewTestsFile newFile)
    {
        var file = new JsonObject { ["$schema"] = newFile.SchemaReference };
        if (newFile.Instance is { Length: > 0 } instance)
        {
            file["instance"] = instance;
        }
        file["endpoints"] = new JsonObject { [endpointId] = new JsonObject { [caseName] = testCase.DeepClone() } };
        var builder = new StringBuilder();
        Write(builder, file, "", "  ", "\n", trailingCommas: false, key: null);
        var newText = builder.Append('\n').ToString();
        TextEdit[] edits = [new TextEdit(TextSpan.FromBounds(0, text.Length), newText)];
        return new TestCaseInsertionResult(edits, newText, CaseNameSpan(newText, endpointId, caseName));
    }

    /// <summary>Adds one property whose value may span lines, indented as <see cref="JsonEdits"/> places a member.</summary>
    private static IReadOnlyList<TextEdit> AddProperty(SyntaxTree tree, ObjectSyntax target, string name, JsonNode value, bool trailingCommas)
    {
        var text = tree.Text;
        string? indentation;
        if (target.Properties.Length == 0)
        {
            var close = target.IsClosed ? target.Span.End - 1 : target.Span.End;
            // An empty object on one line ("{}") still gets the case over lines when the file is written over lines.
            indentation = text.AsSpan(target.Span.Start, close - target.Span.Start).ContainsAny('\n', '\r') || Multiline(text)
                ? JsonTrivia.IndentationAt(text, target.Span.Start) + JsonTrivia.IndentUnit(tree)
                : null;
            if (indentation is not null && !text.AsSpan(target.Span.Start, close - target.Span.Start).ContainsAny('\n', '\r'))
            {
                // "{}" becomes "{" newline member newline "}": JsonEdits would keep it on one line.
                var newLine = JsonTrivia.NewLine(text);
                var builder = new StringBuilder().Append(newLine).Append(indentation).Append(JsonEdits.Quote(name)).Append(": ");
                Write(builder, value, indentation, JsonTrivia.IndentUnit(tree), newLine, trailingCommas, name);
                builder.Append(trailingCommas ? "," : "").Append(newLine).Append(JsonTrivia.IndentationAt(text, target.Span.Start));
                return [new TextEdit(TextSpan.FromBounds(target.Span.Start + 1, close), builder.ToString())];
            }
        }
        else
        {
            var last = target.Properties[^1];
            indentation = JsonTrivia.StartsLine(text, last.Span.Start) ? JsonTrivia.IndentationAt(text, last.Span.Start) : null;
        }
        var member = new StringBuilder().Append(JsonEdits.Quote(name)).Append(": ");
        if (indentation is null)
        {
            member.Append(OneLine(value));
        }
        else
        {
            Write(member, value, indentation, JsonTrivia.IndentUnit(tree), JsonTrivia.NewLine(text), trailingCommas, name);
        }
        var edits = JsonEdits.AddMemberText(tree, target, member.ToString());
        if (target.Properties.Length == 0 && trailingCommas && indentation is not null)
        {
            // JsonEdits adds a comma after the new member only when the last one had it; an empty object had none.
            return [.. edits.Select(e => e with { NewText = e.NewText + "," })];
        }
        return edits;
    }

    /// <summary>Whether the file is written over lines (its root's members each on a line of their own).</summary>
    private static bool Multiline(string text) => text.AsSpan().ContainsAny('\n', '\r');

    /// <summary>
    /// Whether the file ends its multi-line objects and arrays with a comma after the last member (JSONC allows it,
    /// and the samples write it): most of those that could have one decide.
    /// </summary>
    private static bool UsesTrailingCommas(SyntaxTree tree)
    {
        var with = 0;
        var without = 0;
        var pending = new Stack<SyntaxNode>();
        if (tree.Root is { } root)
        {
            pending.Push(root);
        }
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            IReadOnlyList<SyntaxNode> members = node switch
            {
                ObjectSyntax o => [.. o.Properties],
                ArraySyntax a => [.. a.Items],
                _ => [],
            };
            foreach (var member in members)
            {
                var inner = member is PropertySyntax p ? p.Value : member;
                if (inner is ObjectSyntax or ArraySyntax)
                {
                    pending.Push(inner);
                }
            }
            if (members.Count > 0 && JsonTrivia.StartsLine(tree.Text, members[^1].Span.Start))
            {
                var next = JsonTrivia.SkipForward(tree.Text, members[^1].Span.End);
                if (next < tree.Text.Length && tree.Text[next] == ',')
                {
                    with++;
                }
                else
                {
                    without++;
                }
            }
        }
        return with > without;
    }

    /// <summary>
    /// Objects over several lines, one unit deeper per level, as the samples write cases; on one line: arrays of
    /// scalars, empty containers, and count bounds ("records": { "min": 1, "max": 250 }).
    /// </summary>
    private static void Write(StringBuilder builder, JsonNode? value, string indentation, string unit, string newLine, bool trailingCommas, string? key)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } o when !(key is "records" or "pages" && o.All(p => p.Value is JsonValue)):
                builder.Append('{');
                var first = true;
                foreach (var (name, item) in o)
                {
                    builder.Append(first ? "" : ",").Append(newLine).Append(indentation).Append(unit).Append(JsonEdits.Quote(name)).Append(": ");
                    Write(builder, item, indentation + unit, unit, newLine, trailingCommas, name);
                    first = false;
                }
                builder.Append(trailingCommas ? "," : "").Append(newLine).Append(indentation).Append('}');
                break;
            case JsonArray { Count: > 0 } a when !a.All(i => i is JsonValue or null):
                builder.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    builder.Append(i == 0 ? "" : ",").Append(newLine).Append(indentation).Append(unit);
                    Write(builder, a[i], indentation + unit, unit, newLine, trailingCommas, null);
                }
                builder.Append(trailingCommas ? "," : "").Append(newLine).Append(indentation).Append(']');
                break;
            default:
                builder.Append(OneLine(value));
                break;
        }
    }

    /// <summary>JSON on one line with a space after each comma and colon, as a person writes a short value.</summary>
    private static string OneLine(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject { Count: 0 } => "{}",
        JsonArray { Count: 0 } => "[]",
        JsonObject o => "{ " + string.Join(", ", o.Select(p => $"{JsonEdits.Quote(p.Key)}: {OneLine(p.Value)}")) + " }",
        JsonArray a => "[" + string.Join(", ", a.Select(OneLine)) + "]",
        _ => value.ToJsonString(ScalarOptions),
    };

    /// <summary>Where the new case's name is in the text after the edits: the editor reveals it there.</summary>
    private static TextSpan CaseNameSpan(string newText, string endpointId, string caseName)
    {
        var tree = JsonParser.Parse(newText);
        var endpoints = (tree.Root as ObjectSyntax)?["endpoints"] as ObjectSyntax;
        var endpoint = endpoints?[endpointId] as ObjectSyntax;
        return endpoint?.Properties.LastOrDefault(p => p.Name == caseName)?.Key.Span ?? new TextSpan(0, 0);
    }
}
