using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Patchworks.Core.Schema.Inference;

namespace Patchworks.Core.Importing.Har;

/// <summary>
/// HAR 1.2 (a browser's or proxy's recording): the API calls of the session become endpoints. Requests of the same
/// method and path template (numeric, UUID and long hex segments become {{id}}) are one endpoint; each origin becomes
/// a base URL variable; a header value every endpoint repeats becomes a variable; credentials (Authorization,
/// Cookie, API key headers) become secret variables through the shared rules. Static assets, pages (HTML), CORS
/// preflights and browser headers are dropped and reported. JSON responses give the data path and an inferred
/// record schema.
/// </summary>
public sealed partial class HarImporter : IApiImporter
{
    public string Format => "har";

    [GeneratedRegex("""^\s*\{\s*"log"\s*:\s*\{""", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LogStart();

    [GeneratedRegex("\"entries\"\\s*:\\s*\\[", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex EntriesKey();

    [GeneratedRegex("""^(?:\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{16,}|[0-9a-fA-F]{24})$""")]
    private static partial Regex IdSegment();

    public bool Detect(string text)
    {
        var head = text.Length > 65536 ? text[..65536] : text;
        return LogStart().IsMatch(head.TrimStart('\uFEFF')) && EntriesKey().IsMatch(text);
    }

    private static readonly string[] StaticExtensions = [".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico", ".webp", ".avif", ".bmp", ".css", ".js", ".mjs", ".map", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp4", ".webm", ".mp3", ".wav"];

    private static readonly HashSet<string> BrowserHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Referer", "Origin", "Connection", "Host", "Content-Length",
        "Pragma", "Cache-Control", "DNT", "If-None-Match", "If-Modified-Since", "Upgrade-Insecure-Requests", "Priority", "TE", "Keep-Alive",
        "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-User", "Sec-Ch-Ua", "Sec-Ch-Ua-Mobile", "Sec-Ch-Ua-Platform", "Sec-GPC",
        "X-Requested-With", "Content-Type",
    };

    private sealed class Group(string method, string origin, string template, int index)
    {
        public string Method { get; } = method;
        public string Origin { get; } = origin;
        public string Template { get; } = template;
        public int FirstIndex { get; } = index;
        public List<(int Index, JsonObject Entry, Uri Url, Dictionary<string, string> PathValues)> Entries { get; } = [];
    }

    public ApiDescription Read(string text, ImportReport report)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 256, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new ImportFailedException($"line {(e.LineNumber ?? 0) + 1}, column {(e.BytePositionInLine ?? 0) + 1}", $"the HAR file is not valid JSON: {e.Message}");
        }
        if (At(root, "log") is not JsonObject log || log["entries"] is not JsonArray entries)
        {
            throw new ImportFailedException("log", "not a HAR file: log.entries is missing");
        }
        if (Str(log["version"]) is { } version && version != "1.2" && version != "1.1")
        {
            report.Guessed("log.version", $"HAR version {version}: read as 1.2");
        }

        // Group the API calls by method, origin and path template.
        var groups = new List<Group>();
        var byKey = new Dictionary<string, Group>(StringComparer.Ordinal);
        var assets = 0;
        var pages = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var location = $"log.entries[{i}]";
            if (entries[i] is not JsonObject entry || entry["request"] is not JsonObject request)
            {
                report.Dropped(location, "an entry without a request");
                continue;
            }
            var method = (Str(request["method"]) ?? "GET").ToUpperInvariant();
            if (!Uri.TryCreate(Str(request["url"]) ?? "", UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                report.Dropped(location, $"the URL {Truncate(Str(request["url"]) ?? "", 80)} is not an http(s) URL");
                continue;
            }
            var mime = (Str(At(At(entry["response"], "content"), "mimeType")) ?? "").ToLowerInvariant();
            var path = url.AbsolutePath;
            if (StaticExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)) || mime.StartsWith("image/", StringComparison.Ordinal) || mime.StartsWith("font/", StringComparison.Ordinal)
                || mime.StartsWith("text/css", StringComparison.Ordinal) || mime.Contains("javascript", StringComparison.Ordinal) || mime.StartsWith("video/", StringComparison.Ordinal) || mime.StartsWith("audio/", StringComparison.Ordinal))
            {
                assets++;
                report.Dropped(location, $"a static asset ({method} {Truncate(url.GetLeftPart(UriPartial.Path), 120)}) is not an API call");
                continue;
            }
            if (mime.StartsWith("text/html", StringComparison.Ordinal) && method == "GET")
            {
                pages++;
                report.Dropped(location, $"a page (text/html: {Truncate(url.GetLeftPart(UriPartial.Path), 120)}) is not an API call");
                continue;
            }
            if (method == "OPTIONS" && Headers(request).Any(h => h.Name.Equals("Access-Control-Request-Method", StringComparison.OrdinalIgnoreCase)))
            {
                report.Dropped(location, "a CORS preflight (OPTIONS) is made by the browser, not an API call");
                continue;
            }
            var (template, values) = Template(path);
            var origin = url.GetLeftPart(UriPartial.Authority);
            var key = method + " " + origin + template;
            if (!byKey.TryGetValue(key, out var group))
            {
                byKey[key] = group = new Group(method, origin, template, i);
                groups.Add(group);
            }
            else
            {
                report.Mapped(location, $"{method} {url.AbsolutePath} is another call of {method} {template} (entry {group.FirstIndex}): one endpoint");
            }
            group.Entries.Add((i, entry, url, values));
        }
        if (assets + pages > 0)
        {
            report.Dropped("log.entries", $"{assets} static assets and {pages} pages left out");
        }

        var api = new ApiDescription();
        // Origins → base URL variables, the most used first (base_url).
        var origins = groups.GroupBy(g => g.Origin).OrderByDescending(o => o.Sum(g => g.Entries.Count)).ThenBy(o => o.Min(g => g.FirstIndex)).Select(o => o.Key).ToList();
        var originVariable = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var origin in origins)
        {
            var name = originVariable.Count == 0 ? "base_url" : Slugs.VariableKey(new Uri(origin).Host.Replace('.', '_').ToLowerInvariant()) + "_url";
            originVariable[origin] = name;
            api.Variables.Add(new ApiVariable(name, "log.entries") { Value = origin, Description = $"The origin the recording called ({origin})." });
            report.Mapped("log.entries", $"the origin {origin} (in {groups.Where(g => g.Origin == origin).Sum(g => g.Entries.Count)} calls) → variable {name}");
        }
        api.Name = origins.Count > 0 ? new Uri(origins[0]).Host : "HAR import";
        if (Str(At(log["creator"], "name")) is { } creator)
        {
            api.Description = $"Imported from a HAR recording ({creator}{(Str(At(log["creator"], "version")) is { } v ? " " + v : "")}).";
        }

        // Header values repeated by every endpoint of the recording (not credentials, not browser headers) → variables.
        var repeated = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (groups.Count > 1)
        {
            var sent = groups.Select(g => Headers(g.Entries[0].Entry["request"]!.AsObject()).ToList()).ToList();
            foreach (var (name, value) in sent.SelectMany(h => h).DistinctBy(h => h.Name.ToLowerInvariant()).ToList())
            {
                if (BrowserHeaders.Contains(name) || name.StartsWith(':') || SecretRules.IsSecretName(name) || SecretRules.LooksLikeSecret(value) || value.Length == 0 || value.Length > 1024 || value.Contains("{{", StringComparison.Ordinal))
                {
                    continue;
                }
                var values = sent.SelectMany(h => h.Where(x => x.Name.Equals(name, StringComparison.OrdinalIgnoreCase))).Select(x => x.Value).ToList();
                if (values.Count >= 2 && values.All(v => v == value))
                {
                    var variable = Slugs.VariableKey(name.ToLowerInvariant());
                    repeated[name] = variable;
                    api.Variables.Add(new ApiVariable(variable, "log.entries[" + groups[0].FirstIndex + "].request.headers") { Value = value, Description = $"The {name} header every call sent." });
                    report.Mapped("log.entries", $"the header {name} repeats with the same value in {values.Count} endpoints → variable {variable}");
                }
            }
        }

        var droppedHeaders = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in groups)
        {
            var (index, entry, url, pathValues) = group.Entries[0];
            var location = $"log.entries[{index}]";
            var request = entry["request"]!.AsObject();
            var apiRequest = new ApiRequest($"{group.Method} {group.Template}", location)
            {
                Method = group.Method,
                Url = "{{" + originVariable[group.Origin] + "}}" + group.Template,
            };
            foreach (var (name, value) in pathValues)
            {
                apiRequest.PathVariables[name] = value;
            }
            // Query: every name any call of the endpoint sent; a value all calls share is kept, others are examples.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (_, e, u, _) in group.Entries)
            {
                foreach (var (name, value) in Query(e["request"]!.AsObject(), u))
                {
                    if (seen.Add(name))
                    {
                        var same = group.Entries.All(x => Query(x.Entry["request"]!.AsObject(), x.Url).Any(q => q.Name == name && q.Value == value));
                        apiRequest.Query.Add(new ApiParameter(name, value, location + ".request.queryString", same ? null : "The recorded calls sent different values; this is the first.", same && group.Entries.Count > 1 ? true : null));
                    }
                }
            }
            foreach (var (name, value) in Headers(request))
            {
                if (name.StartsWith(':') || BrowserHeaders.Contains(name) && !name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    droppedHeaders.Add(name.StartsWith(':') ? "HTTP/2 pseudo-headers" : name);
                    continue;
                }
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                apiRequest.Headers.Add(new ApiParameter(name, repeated.TryGetValue(name, out var variable) ? "{{" + variable + "}}" : value, location + ".request.headers"));
            }
            Body(request, apiRequest, location);
            if (group.Method is "GET" or "HEAD")
            {
                ResponseGuess(entry, apiRequest, location, report);
                apiRequest.Pagination = PagingGuess(group, apiRequest, location, report);
            }
            apiRequest.Description = $"Recorded {group.Entries.Count} time{(group.Entries.Count == 1 ? "" : "s")} (first: {Truncate(url.GetLeftPart(UriPartial.Path), 200)}).";
            api.Requests.Add(apiRequest);
        }
        if (droppedHeaders.Count > 0)
        {
            report.Dropped("log.entries", $"browser headers left out: {string.Join(", ", droppedHeaders)}");
        }
        return api;
    }

    private static readonly string[] PageParams = PaginationGuesser.PageParams;
    private static readonly string[] LimitParams = PaginationGuesser.LimitParams;
    private static readonly string[] OffsetParams = PaginationGuesser.OffsetParams;

    /// <summary>
    /// Pagination seen in the recording: calls of one endpoint whose page (or offset) parameter took several numeric
    /// values are paged by it. The parameters it uses leave the query; the guess is reported.
    /// </summary>
    private static System.Text.Json.Nodes.JsonObject? PagingGuess(Group group, ApiRequest request, string location, ImportReport report)
    {
        if (group.Entries.Count < 2)
        {
            return null;
        }
        ApiParameter? Param(string[] names) => names.Select(n => request.Query.FirstOrDefault(q => q.Key.Equals(n, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(q => q is not null);
        bool Varies(ApiParameter parameter)
        {
            var values = group.Entries.Select(e => Query(e.Entry["request"]!.AsObject(), e.Url).FirstOrDefault(q => q.Name == parameter.Key).Value).ToList();
            return values.All(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out _)) && values.Distinct(StringComparer.Ordinal).Count() > 1;
        }
        // A value a call sent that the previous call's response held: a cursor (nextPageToken) or the next URL (nextPageUrl).
        for (var i = 1; i < group.Entries.Count; i++)
        {
            if (ResponseJson(group.Entries[i - 1].Entry, out _) is not { } previous)
            {
                continue;
            }
            var url = group.Entries[i].Url.AbsoluteUri;
            if (FindString(previous, url, "", 0) is { } nextUrlPath)
            {
                report.Guessed(location, $"pagination nextPageUrl guessed from the recorded calls: the response field {nextUrlPath} held the next call's URL; confirm it");
                return new JsonObject { ["method"] = "nextPageUrl", ["nextUrlPath"] = nextUrlPath };
            }
            foreach (var (name, value) in Query(group.Entries[i].Entry["request"]!.AsObject(), group.Entries[i].Url))
            {
                if (value.Length >= 2 && !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _) && FindString(previous, value, "", 0) is { } tokenPath
                    && request.Query.FirstOrDefault(q => q.Key == name) is { } cursor)
                {
                    request.Query.Remove(cursor);
                    var token = new JsonObject { ["method"] = "nextPageToken", ["tokenPath"] = tokenPath, ["tokenParam"] = name };
                    if (Param(LimitParams) is { } pageSize)
                    {
                        request.Query.Remove(pageSize);
                        token["limitParam"] = pageSize.Key;
                        token["limit"] = int.TryParse(pageSize.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0 ? size : 100;
                    }
                    report.Guessed(location, $"pagination nextPageToken guessed from the recorded calls: {name} sent the value of the previous response's {tokenPath}; confirm it");
                    return token;
                }
            }
        }

        var limit = Param(LimitParams);
        var limitValue = limit is not null && int.TryParse(limit.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 100;
        JsonObject pagination;
        if (Param(PageParams) is { } page && Varies(page))
        {
            pagination = new JsonObject { ["method"] = "pageNumber", ["pageParam"] = page.Key };
            request.Query.Remove(page);
        }
        else if (Param(OffsetParams) is { } offset && limit is not null && Varies(offset))
        {
            pagination = new JsonObject { ["method"] = "limitOffset", ["offsetParam"] = offset.Key };
            request.Query.Remove(offset);
        }
        else
        {
            return null;
        }
        if (limit is not null)
        {
            pagination["limitParam"] = limit.Key;
            request.Query.Remove(limit);
        }
        if (limit is not null || (string?)pagination["method"] == "limitOffset")
        {
            pagination["limit"] = limitValue;
        }
        report.Guessed(location, $"pagination {pagination["method"]} guessed from the recorded calls: {pagination[(string?)pagination["method"] == "pageNumber" ? "pageParam" : "offsetParam"]} varied over {group.Entries.Count} calls; confirm it");
        return pagination;
    }

    /// <summary>The path of a string field (objects only, 4 levels deep, not inside arrays) holding exactly this value.</summary>
    private static string? FindString(JsonNode node, string value, string prefix, int depth)
    {
        if (depth > 4 || node is not JsonObject obj)
        {
            return null;
        }
        foreach (var (name, child) in obj)
        {
            if (name.Contains('.', StringComparison.Ordinal) || name.Length == 0)
            {
                continue;
            }
            if (child is JsonValue v && v.GetValueKind() == JsonValueKind.String && (string?)v == value)
            {
                return prefix + name;
            }
            if (child is JsonObject && FindString(child, value, prefix + name + ".", depth + 1) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    /// <summary>The path with numeric, UUID and long hex segments as {{id}}, {{id_2}}..., and the values they had.</summary>
    private static (string Template, Dictionary<string, string> Values) Template(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].Length > 0 && IdSegment().IsMatch(segments[i]))
            {
                var name = values.Count == 0 ? "id" : "id_" + (values.Count + 1).ToString(CultureInfo.InvariantCulture);
                values[name] = Uri.UnescapeDataString(segments[i]);
                segments[i] = "{{" + name + "}}";
            }
        }
        var template = string.Join('/', segments);
        return (template.Length == 0 ? "/" : template, values);
    }

    private static void Body(JsonObject request, ApiRequest apiRequest, string location)
    {
        if (request["postData"] is not JsonObject postData)
        {
            return;
        }
        var mime = (Str(postData["mimeType"]) ?? "").ToLowerInvariant();
        if (mime.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) || mime.StartsWith("multipart/form-data", StringComparison.Ordinal))
        {
            if (postData["params"] is JsonArray parameters)
            {
                for (var i = 0; i < parameters.Count; i++)
                {
                    if (Str(At(parameters[i], "name")) is { } name && Str(At(parameters[i], "fileName")) is null)
                    {
                        apiRequest.Body.Add(new ApiParameter(name, Str(At(parameters[i], "value")) ?? "", $"{location}.request.postData.params[{i}]"));
                    }
                }
            }
            else if (Str(postData["text"]) is { } form && mime.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal))
            {
                foreach (var pair in form.Split('&', StringSplitOptions.RemoveEmptyEntries))
                {
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    var name = Unescape(equals < 0 ? pair : pair[..equals]);
                    apiRequest.Body.Add(new ApiParameter(name, equals < 0 ? "" : Unescape(pair[(equals + 1)..]), location + ".request.postData.text"));
                }
            }
            return;
        }
        if (Str(postData["text"]) is not { Length: > 0 } text)
        {
            return;
        }
        if (mime.Contains("xml", StringComparison.Ordinal))
        {
            apiRequest.DataType = "xml";
        }
        else if (!mime.Contains("json", StringComparison.Ordinal) && !text.TrimStart().StartsWith('{') && !text.TrimStart().StartsWith('['))
        {
            apiRequest.DataType = "txt";
        }
        apiRequest.SampleBody = text;
    }

    private static string Unescape(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    /// <summary>The recorded JSON response of an entry (base64 decoded); null when there is none or it does not parse.</summary>
    private static JsonNode? ResponseJson(JsonObject entry, out bool broken)
    {
        broken = false;
        var content = At(entry["response"], "content");
        var mime = (Str(At(content, "mimeType")) ?? "").ToLowerInvariant();
        if (!mime.Contains("json", StringComparison.Ordinal) || Str(At(content, "text")) is not { Length: > 0 } text)
        {
            return null;
        }
        try
        {
            if (Str(At(content, "encoding")) == "base64")
            {
                text = Encoding.UTF8.GetString(Convert.FromBase64String(text));
            }
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            broken = true;
            return null;
        }
    }

    /// <summary>A JSON response: the records (RecordLocator) give the dataPath, and all of them the inferred record schema.</summary>
    private static void ResponseGuess(JsonObject entry, ApiRequest request, string location, ImportReport report)
    {
        var json = ResponseJson(entry, out var broken);
        if (broken)
        {
            report.Dropped(location + ".response.content", "the recorded response says JSON but does not parse");
        }
        if (json is null)
        {
            return;
        }
        var located = RecordLocator.Find(json);
        if (located.IsList && located.DataPath.Length > 0)
        {
            request.DataPath = located.DataPath;
            report.Guessed(location + ".response.content", $"dataPath {located.DataPath}: {located.Reason}, in the recorded response");
        }
        else if (located.IsList)
        {
            report.Guessed(location + ".response.content", "the recorded response is an array: each item is a record (no dataPath)");
        }
        var records = located.Records.OfType<JsonObject>().ToList();
        if (records.Count > 0)
        {
            // No enums: one recorded page is thin evidence of a closed list, and its values may be personal data.
            var schema = SchemaInferrer.Infer(records, NoEnums).Schema;
            schema.Insert(1, "description", $"Inferred from {records.Count} record{(records.Count == 1 ? "" : "s")} of one recorded response: check the types.");
            request.Schema = schema;
            report.Guessed(location + ".response.content", $"the record schema was inferred from {records.Count} record{(records.Count == 1 ? "" : "s")} of one recorded response (types, required and formats; never its values)");
        }
    }

    private static readonly InferenceOptions NoEnums = new() { EnumMaxValues = 0 };

    private static IEnumerable<(string Name, string Value)> Headers(JsonObject request) =>
        (request["headers"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(h => (Name: Str(h["name"]) ?? "", Value: Str(h["value"]) ?? ""))
            .Where(h => h.Name.Length > 0);

    private static IEnumerable<(string Name, string Value)> Query(JsonObject request, Uri url)
    {
        if (request["queryString"] is JsonArray { Count: > 0 } list)
        {
            return list.OfType<JsonObject>().Select(q => (Name: Str(q["name"]) ?? "", Value: Str(q["value"]) ?? "")).Where(q => q.Name.Length > 0);
        }
        return url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            return (Name: Unescape(equals < 0 ? pair : pair[..equals]), Value: equals < 0 ? "" : Unescape(pair[(equals + 1)..]));
        }).Where(q => q.Name.Length > 0);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>A member of an object; null for anything else (a mutated recording may hold an array or a string anywhere).</summary>
    private static JsonNode? At(JsonNode? node, string name) => node is JsonObject obj ? obj[name] : null;

    private static string? Str(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? (string?)v : null;
}
