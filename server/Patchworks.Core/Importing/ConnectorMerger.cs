using System.Text.Json.Nodes;
using Patchworks.Core.Editing;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Importing;

/// <summary>
/// Adds what an import brings to an existing connector file through text edits: variables, auth methods and
/// endpoints that are new are appended; everything already there (and every comment) stays byte for byte.
/// Same id and same request: already there. Same id, different request: a conflict, reported, the existing one kept.
/// New endpoints go at the end of <c>endpoints</c>, or where <c>endpointsAt</c> (an offset in the existing text, the
/// editor's cursor) points inside that array: between two endpoints there, inside one after it.
/// </summary>
public static class ConnectorMerger
{
    public static string Merge(string existing, BuiltConnector built, ImportReport report, string fileName, int? endpointsAt = null)
    {
        var edits = Edits(existing, built, report, fileName, endpointsAt);
        return edits.Count == 0 ? existing : TextEdit.Apply(existing, edits);
    }

    /// <summary>The merge as text edits of <paramref name="existing"/> (none: nothing new), for an editor to apply as one undoable change.</summary>
    public static IReadOnlyList<TextEdit> Edits(string existing, BuiltConnector built, ImportReport report, string fileName, int? endpointsAt = null)
    {
        var tree = JsonParser.Parse(existing);
        if (tree.Errors.Count > 0 || tree.Root is not ObjectSyntax root)
        {
            var position = tree.Errors.Count > 0 ? tree.Lines.GetPosition(tree.Errors[0].Span.Start) : default;
            throw new ImportFailedException($"{fileName}:{position.Line + 1}:{position.Character + 1}", $"the existing connector {fileName} has syntax errors; fix them before importing into it");
        }
        var edits = new List<TextEdit>();

        var variableKeys = Items(root, "variables").Select(v => Text(v, "key")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var newVariables = new List<JsonObject>();
        foreach (var variable in built.Variables)
        {
            var key = (string)variable["key"]!;
            if (variableKeys.Contains(key))
            {
                report.Mapped(fileName, $"variable {key} is already in the connector; left as it is");
                continue;
            }
            newVariables.Add(variable);
        }
        Append(tree, root, "variables", newVariables, built.Writer, edits);

        var authById = Items(root, "authMethods").Where(a => Text(a, "id") is not null).GroupBy(a => Text(a, "id")!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var newAuth = new List<JsonObject>();
        var leftOut = new HashSet<string>(StringComparer.Ordinal);
        foreach (var method in built.AuthMethods)
        {
            var id = (string)method["id"]!;
            if ((string?)method["type"] == "none" && authById.Count > 0 && !authById.ContainsKey(id))
            {
                // The source said nothing about auth: its requests use the connector's own methods.
                leftOut.Add(id);
                report.Mapped(fileName, $"the import's requests have no auth of their own: they use the connector's auth methods (no {id} method added)");
                continue;
            }
            if (authById.TryGetValue(id, out var existingMethod))
            {
                if (Text(existingMethod, "type") != (string?)method["type"])
                {
                    report.Conflict(fileName, $"auth method {id} is already in the connector with the type {Text(existingMethod, "type")}, not {method["type"]}; the existing one was kept");
                }
                else
                {
                    report.Mapped(fileName, $"auth method {id} is already in the connector; left as it is");
                }
                continue;
            }
            newAuth.Add(method);
        }
        Append(tree, root, "authMethods", newAuth, built.Writer, edits);

        var endpoints = Items(root, "endpoints").ToList();
        var endpointById = endpoints.Where(e => Text(e, "id") is not null).GroupBy(e => Text(e, "id")!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var byRequest = endpoints.Where(e => Text(e, "id") is not null)
            .GroupBy(e => RequestKey(Text(e, "method"), Text(e, "url"))).ToDictionary(g => g.Key, g => Text(g.First(), "id")!, StringComparer.Ordinal);
        var newEndpoints = new List<JsonObject>();
        foreach (var endpoint in built.Endpoints)
        {
            var id = (string)endpoint["id"]!;
            var key = RequestKey((string?)endpoint["method"], (string?)endpoint["url"]);
            if (endpointById.TryGetValue(id, out var existingEndpoint))
            {
                if (RequestKey(Text(existingEndpoint, "method"), Text(existingEndpoint, "url")) == key)
                {
                    report.Mapped(fileName, $"endpoint {id} is already in the connector; left as it is");
                }
                else
                {
                    report.Conflict(fileName, $"endpoint {id} is already in the connector for another request ({Text(existingEndpoint, "method")} {Text(existingEndpoint, "url")}); the imported {endpoint["method"]} {endpoint["url"]} was not added");
                }
                continue;
            }
            if (byRequest.TryGetValue(key, out var sameRequest))
            {
                report.Mapped(fileName, $"{endpoint["method"]} {endpoint["url"]} is already the endpoint {sameRequest}; the imported {id} was not added");
                continue;
            }
            if (leftOut.Count > 0 && endpoint["authMethods"] is JsonArray named)
            {
                // Endpoints that named a left-out method use the connector's (all of them); the others keep theirs.
                var kept = named.Select(n => (string)n!).Where(n => !leftOut.Contains(n)).ToList();
                named.Clear();
                foreach (var id2 in kept)
                {
                    named.Add(id2);
                }
                if (kept.Count == 0)
                {
                    endpoint.Remove("authMethods");
                }
            }
            newEndpoints.Add(endpoint);
        }
        if (!InsertAt(tree, root, newEndpoints, built.Writer, endpointsAt, edits))
        {
            Append(tree, root, "endpoints", newEndpoints, built.Writer, edits);
        }

        if (newVariables.Count > 0 && newAuth.Count < built.AuthMethods.Count)
        {
            report.Guessed(fileName, $"new connector variables ({string.Join(", ", newVariables.Select(v => (string)v["key"]!))}) are not in the \"uses\" of the existing auth methods: add them where they are needed");
        }
        report.Mapped(fileName, $"merged: {newVariables.Count} variable(s), {newAuth.Count} auth method(s) and {newEndpoints.Count} endpoint(s) added");
        return edits;
    }

    /// <summary>
    /// The new endpoints inserted where <paramref name="offset"/> points inside the endpoints array (one endpoint per
    /// line, a comment before one allowed): before the first, between two, or after the one it is inside. False when the
    /// offset is elsewhere, after the last endpoint, or two endpoints share a line: the caller appends.
    /// </summary>
    private static bool InsertAt(SyntaxTree tree, ObjectSyntax root, List<JsonObject> items, JsoncWriter writer, int? offset, List<TextEdit> edits)
    {
        if (items.Count == 0 || offset is not { } at || root.Find("endpoints") is not { Value: ArraySyntax array } || array.Items.Length == 0
            || at <= array.Span.Start || at >= array.Span.End
            || array.Items.Skip(1).Where((item, i) => JsonTrivia.LineStart(tree.Text, item.Span.Start) == JsonTrivia.LineStart(tree.Text, array.Items[i].Span.End)).Any()
            || JsonTrivia.LineStart(tree.Text, array.Items[0].Span.Start) == JsonTrivia.LineStart(tree.Text, array.Span.Start))
        {
            return false;
        }
        var text = tree.Text;
        var newLine = JsonTrivia.NewLine(text);
        // The endpoint the new ones follow: the one the offset is inside, else the last one ending before it (-1: before the first).
        var after = -1;
        for (var i = 0; i < array.Items.Length; i++)
        {
            if (array.Items[i].Span.Start < at)
            {
                after = i;
            }
        }
        if (after == array.Items.Length - 1)
        {
            return false;
        }
        var indentation = JsonTrivia.IndentationAt(text, array.Items[after + 1].Span.Start);
        var member = string.Join("," + newLine + indentation, items.Select(i => writer.CommentLines(i, indentation) + writer.WriteMember(i, indentation))) + ",";
        int insertAt;
        if (after < 0)
        {
            insertAt = array.Span.Start + 1;
        }
        else
        {
            // Just past the endpoint's comma: the endpoints after it are followed by one, as it is not the last.
            var comma = JsonTrivia.SkipForward(text, array.Items[after].Span.End);
            insertAt = comma < text.Length && text[comma] == ',' ? comma + 1 : array.Items[after].Span.End;
        }
        // A comment after the comma (or the bracket) stays on its line: the new endpoints start on the next one.
        if (JsonTrivia.OnlyTriviaToLineEnd(text, insertAt))
        {
            insertAt = JsonTrivia.LineContentEnd(text, insertAt);
        }
        edits.Add(TextEdit.Insert(insertAt, NewLines(newLine + indentation + member, newLine)));
        return true;
    }

    /// <summary>The keys of the connector variables a connector text defines (none when it does not parse).</summary>
    public static HashSet<string> VariableKeys(string text) =>
        JsonParser.Parse(text).Root is ObjectSyntax root
            ? Items(root, "variables").Select(v => Text(v, "key")).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);

    private static string RequestKey(string? method, string? url) => (method ?? "").ToUpperInvariant() + " " + (url ?? "");

    private static IEnumerable<ObjectSyntax> Items(ObjectSyntax root, string name) =>
        root[name] is ArraySyntax array ? array.Items.OfType<ObjectSyntax>() : [];

    private static string? Text(ObjectSyntax obj, string name) => obj[name] is StringSyntax s ? s.Value : null;

    private static void Append(SyntaxTree tree, ObjectSyntax root, string name, List<JsonObject> items, JsoncWriter writer, List<TextEdit> edits)
    {
        if (items.Count == 0)
        {
            return;
        }
        var text = tree.Text;
        var unit = JsonTrivia.IndentUnit(tree);
        var newLine = JsonTrivia.NewLine(text);
        if (root.Find(name) is { Value: ArraySyntax array })
        {
            var indentation = array.Items.Length > 0 && JsonTrivia.StartsLine(text, array.Items[^1].Span.Start)
                ? JsonTrivia.IndentationAt(text, array.Items[^1].Span.Start)
                : JsonTrivia.IndentationAt(text, array.Span.Start) + unit;
            var member = string.Join("," + newLine + indentation, items.Select(i => writer.CommentLines(i, indentation) + writer.WriteMember(i, indentation)));
            edits.AddRange(JsonEdits.AddItem(tree, array, NewLines(member, newLine)));
            return;
        }
        if (root.Find(name) is not null)
        {
            // Not an array: the file is wrong there already; nothing is added to it.
            return;
        }
        var propertyIndentation = root.Properties.Length > 0 ? JsonTrivia.IndentationAt(text, root.Properties[^1].Span.Start) : unit;
        var inner = propertyIndentation + unit;
        var list = new System.Text.StringBuilder("[");
        for (var i = 0; i < items.Count; i++)
        {
            list.Append(i > 0 ? "," : "").Append(newLine).Append(inner).Append(writer.CommentLines(items[i], inner)).Append(writer.WriteMember(items[i], inner));
        }
        list.Append(newLine).Append(propertyIndentation).Append(']');
        edits.AddRange(JsonEdits.AddProperty(tree, root, name, NewLines(list.ToString(), newLine)));
    }

    private static string NewLines(string text, string newLine) => newLine == "\n" ? text : text.Replace("\n", newLine, StringComparison.Ordinal).Replace("\r\r\n", "\r\n", StringComparison.Ordinal);
}
