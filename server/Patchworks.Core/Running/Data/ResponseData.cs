using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;

namespace Patchworks.Core.Running.Data;

/// <summary>
/// Reads values out of a response body by the paths connectors give (data paths, token paths, cursor paths):
/// dot-separated names, with numbers indexing arrays ("data.products.edges", "items.0.id", "paging.next.after").
/// JSON bodies are walked as JSON; XML bodies (SOAP) by element local names, namespaces ignored.
/// </summary>
public static class ResponseData
{
    /// <summary>How response bodies are parsed here and when a run's JSON body is written out (Results.JsonBody).</summary>
    internal static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 };

    public static JsonNode? ParseJson(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(body, documentOptions: Lenient);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The node at a path; the root for an empty path; null when any step is missing.</summary>
    public static JsonNode? Select(JsonNode? root, string? path)
    {
        var node = root;
        foreach (var segment in Segments(path))
        {
            node = node switch
            {
                JsonObject obj => obj.TryGetPropertyValue(segment, out var child) ? child : null,
                JsonArray array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }
        return node;
    }

    /// <summary>A scalar at a path as text (a number as written, true/false), or null when absent, null or not a scalar.</summary>
    public static string? SelectText(JsonNode? root, string? path) => Select(root, path) is JsonValue value ? ScalarText(value) : null;

    public static string? ScalarText(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
        _ => null,
    };

    /// <summary>The text of the element at a path in an XML body (SOAP): the path's first name may be any descendant.</summary>
    public static string? SelectXmlText(string body, string path)
    {
        var segments = Segments(path).ToArray();
        return segments.Length == 0 || ParseXml(body) is not { } document ? null : FindElement(document, segments)?.Value;
    }

    /// <summary>
    /// The records of an XML page (SOAP) at the data path: the element's child elements, each as its fields
    /// (<see cref="XmlFields"/>), or its text when it has neither children nor attributes; or, when the element holds
    /// text, that text's CSV records (Peoplevox's Detail: a header row, then the records, <see cref="CsvRecords"/>).
    /// Found is false when the path leads nowhere; null when the body is not XML.
    /// </summary>
    public static JsonArray? XmlRecords(string body, string dataPath, out bool found)
    {
        found = false;
        if (ParseXml(body) is not { } document)
        {
            return null;
        }
        var element = FindElement(document, [.. Segments(dataPath)]);
        if (element is null)
        {
            return [];
        }
        found = true;
        if (element.HasElements)
        {
            return [.. element.Elements().Select(e => e.HasElements || e.Attributes().Any(a => !a.IsNamespaceDeclaration) ? XmlFields(e) : (JsonNode)JsonValue.Create(e.Value))];
        }
        return CsvRecords.Parse(element.Value);
    }

    /// <summary>
    /// A record element as flat fields: attributes as "@name", leaf elements by their path of local names below the
    /// record ("Address.PostCode"), a name repeated among siblings numbered from 0 ("Line.0.Sku", as data paths index).
    /// </summary>
    private static JsonObject XmlFields(XElement record)
    {
        var fields = new JsonObject();
        void Walk(XElement element, string prefix)
        {
            foreach (var attribute in element.Attributes().Where(a => !a.IsNamespaceDeclaration))
            {
                fields[$"{prefix}@{attribute.Name.LocalName}"] = attribute.Value;
            }
            if (!element.HasElements)
            {
                if (prefix.Length > 0)
                {
                    fields[prefix[..^1]] = element.Value;
                }
                return;
            }
            var counts = element.Elements().GroupBy(e => e.Name.LocalName).ToDictionary(g => g.Key, g => g.Count());
            var seen = new Dictionary<string, int>();
            foreach (var child in element.Elements())
            {
                var name = child.Name.LocalName;
                var index = seen.GetValueOrDefault(name);
                seen[name] = index + 1;
                Walk(child, counts[name] > 1 ? $"{prefix}{name}.{index}." : $"{prefix}{name}.");
            }
        }
        Walk(record, "");
        return fields;
    }

    private static XDocument? ParseXml(string body)
    {
        try
        {
            return XDocument.Parse(body, LoadOptions.None);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>The element at a path of local names: the first name may be any descendant; no names is the root.</summary>
    private static XElement? FindElement(XDocument document, string[] segments)
    {
        if (segments.Length == 0)
        {
            return document.Root;
        }
        foreach (var start in document.Descendants().Where(e => e.Name.LocalName == segments[0]))
        {
            var element = start;
            foreach (var segment in segments.Skip(1))
            {
                element = element?.Elements().FirstOrDefault(e => e.Name.LocalName == segment);
            }
            if (element is not null)
            {
                return element;
            }
        }
        return null;
    }

    /// <summary>A value at a path of a body of either kind: JSON first, XML when the body is not JSON.</summary>
    public static string? SelectText(string body, string path) =>
        ParseJson(body) is { } json ? SelectText(json, path) : SelectXmlText(body, path);

    /// <summary>The records of a page at the data path: an array's items, an object as one record, or none.</summary>
    public static JsonArray? Records(JsonNode? root, string? dataPath, out bool found)
    {
        var node = Select(root, dataPath);
        found = node is not null;
        return node switch
        {
            JsonArray array => array,
            JsonObject => [node.DeepClone()],
            _ => null,
        };
    }

    /// <summary>
    /// Why <see cref="Segments"/> cannot follow a path as its author meant it, or null when it can. The one grammar of
    /// every path the runner reads (data, error, count, token and cursor paths): names separated by dots, a name may
    /// carry one <c>[number]</c>, an optional leading <c>$.</c>; empty, <c>$</c> and <c>.</c> are the whole answer.
    /// Names may hold spaces ("Item code"), but not around the path. A name with a dot, a bracket, a quote or one of
    /// <c>*?@()</c> is written quoted in brackets, as JSONPath writes it: <c>['@odata.nextLink']</c> (or with double
    /// quotes, for a name holding a single one), anywhere a step may be (<c>$['@odata.count']</c>,
    /// <c>value[0]['@odata.etag']</c>). Rules PW3031, PW3043, PW7007 and PW8012 report it.
    /// </summary>
    public static string? PathProblem(string path) => Parse(path, null);

    /// <summary>The steps of a path: names, and array indexes as their digits.</summary>
    public static IEnumerable<string> Segments(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || path is "$" or ".")
        {
            return [];
        }
        var steps = new List<string>();
        return Parse(path, steps) is null ? steps : LenientSegments(path);
    }

    /// <summary>
    /// A path step naming <paramref name="name"/> after <paramref name="prefix"/> (a path, or empty): <c>prefix.name</c>,
    /// or <c>prefix['name']</c> when the name needs quotes. What the importers write for the fields they find.
    /// </summary>
    public static string Append(string prefix, string name)
    {
        if (name.Length > 0 && name == name.Trim() && name.AsSpan().IndexOfAny(NeedsQuotes) < 0)
        {
            return prefix.Length == 0 ? name : prefix + "." + name;
        }
        var quote = name.Contains('\'') ? '"' : '\'';
        return prefix + "[" + quote + name + quote + "]";
    }

    private static readonly System.Buffers.SearchValues<char> NeedsQuotes = System.Buffers.SearchValues.Create(".[]'\"*?@()");
    private static readonly System.Buffers.SearchValues<char> Wildcards = System.Buffers.SearchValues.Create("*?@()");

    /// <summary>Reads a path into its steps (when given a list), or says why it cannot.</summary>
    private static string? Parse(string path, List<string>? steps)
    {
        if (path.Length == 0 || path is "$" or ".")
        {
            return null;
        }
        if (path != path.Trim())
        {
            return "spaces around it";
        }
        int i;
        if (path.StartsWith("$.", StringComparison.Ordinal))
        {
            i = 2;
        }
        else if (path.StartsWith("$[", StringComparison.Ordinal))
        {
            i = 1;
        }
        else if (path.StartsWith('$'))
        {
            return "a JSONPath expression: only $. followed by names is understood";
        }
        else
        {
            i = 0;
        }
        var start = i;
        // What the last step was: nothing yet, a name, an index, a quoted name; and whether a dot is waiting for a name.
        var last = ' ';
        while (i < path.Length)
        {
            var c = path[i];
            if (c == '.')
            {
                if (i == start || last == '.' || i == path.Length - 1)
                {
                    return "an empty step between dots, or a recursive descent (..)";
                }
                last = '.';
                i++;
                continue;
            }
            if (c == '[')
            {
                if (last == '.')
                {
                    return "an empty step between dots, or a recursive descent (..)";
                }
                if (i + 1 < path.Length && path[i + 1] is '\'' or '"')
                {
                    var quote = path[i + 1];
                    var close = path.IndexOf(quote, i + 2);
                    if (close < 0 || close + 1 >= path.Length || path[close + 1] != ']')
                    {
                        return "a quoted name without its closing quote and ]: write ['name'] or [\"name\"]";
                    }
                    if (close == i + 2)
                    {
                        return "an empty quoted name";
                    }
                    steps?.Add(path[(i + 2)..close]);
                    last = '\'';
                    i = close + 2;
                    continue;
                }
                var end = path.IndexOf(']', i);
                var index = end < 0 ? path[(i + 1)..] : path[(i + 1)..end];
                if (index.AsSpan().IndexOfAny(Wildcards) is >= 0 and var wild)
                {
                    return $"'{index[wild]}': wildcards and filters are not supported";
                }
                if (last is not ('n' or '\'') || end < 0 || index.Length == 0 || !index.All(char.IsAsciiDigit))
                {
                    return $"\"{Step(path, i)}\": one [number] after a name is the only index form (the other bracket is a quoted ['name'])";
                }
                steps?.Add(index);
                last = 'i';
                i = end + 1;
                continue;
            }
            if (last is 'i' or '\'')
            {
                return $"\"{Step(path, i)}\": a name after a ] needs a dot before it";
            }
            if (c == ']')
            {
                return $"\"{Step(path, i)}\": a ] without its [";
            }
            var nameEnd = i;
            while (nameEnd < path.Length && path[nameEnd] is not ('.' or '['))
            {
                var n = path[nameEnd];
                if (n == ']')
                {
                    return $"\"{Step(path, i)}\": a ] without its [";
                }
                if (n is '*' or '?' or '@' or '(' or ')' or '\'' or '"')
                {
                    return $"'{n}': wildcards and filters are not supported; quote a name holding it: ['@odata.nextLink']";
                }
                nameEnd++;
            }
            steps?.Add(path[i..nameEnd]);
            last = 'n';
            i = nameEnd;
        }
        return null;
    }

    /// <summary>The step of a path around an offset, for a message: from the dot before it to the dot after it.</summary>
    private static string Step(string path, int at)
    {
        var from = path.LastIndexOf('.', Math.Max(0, at - 1)) + 1;
        var to = path.IndexOf('.', at);
        return path[from..(to < 0 ? path.Length : to)];
    }

    /// <summary>What the runner made of a path before the grammar had quotes, for a path the grammar refuses (its rule reports it).</summary>
    private static IEnumerable<string> LenientSegments(string path)
    {
        var trimmed = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
        foreach (var part in trimmed.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            // items[0] is items.0
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket > 0 && part.EndsWith(']'))
            {
                yield return part[..bracket];
                yield return part[(bracket + 1)..^1];
            }
            else
            {
                yield return part;
            }
        }
    }
}
