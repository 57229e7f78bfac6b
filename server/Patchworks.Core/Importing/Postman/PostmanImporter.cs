using System.Text.Json;

namespace Patchworks.Core.Importing.Postman;

/// <summary>
/// Postman Collection v2.0 and v2.1: folders, requests, auth with inheritance (collection, folder, request),
/// collection variables, URLs (object or raw, :path variables), bodies (raw, urlencoded, form-data, GraphQL),
/// scripts kept as comments. Locations in the report are JSON paths such as item[2].item[0].request.header[1].
/// </summary>
public sealed class PostmanImporter : IApiImporter
{
    public string Format => "postman";

    public bool Detect(string text)
    {
        var start = text.AsSpan().TrimStart();
        return start.StartsWith("{") && (text.Contains("schema.getpostman.com/json/collection", StringComparison.Ordinal)
            || text.Contains("\"_postman_id\"", StringComparison.Ordinal) && text.Contains("\"item\"", StringComparison.Ordinal));
    }

    internal static JsonDocument Parse(string text, string what)
    {
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            throw new ImportFailedException($"line {line}, column {column}", $"the {what} is not valid JSON: {FirstSentence(e.Message)}");
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).Trim();
    }

    public ApiDescription Read(string text, ImportReport report)
    {
        using var document = Parse(text, "collection");
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ImportFailedException("$", "a Postman collection is a JSON object");
        }
        if (!root.TryGetProperty("info", out var info) || info.ValueKind != JsonValueKind.Object)
        {
            if (root.TryGetProperty("requests", out _) || root.TryGetProperty("order", out _))
            {
                throw new ImportFailedException("$", "this is a Postman Collection v1, which is not supported: export it from Postman as Collection v2.1");
            }
            if (root.TryGetProperty("values", out _))
            {
                throw new ImportFailedException("$", "this is a Postman environment, not a collection: pass it with --environment");
            }
            throw new ImportFailedException("info", "a Postman collection has an \"info\" object");
        }
        var schema = String(info, "schema") ?? "";
        if (schema.Length > 0 && !schema.Contains("v2.0", StringComparison.Ordinal) && !schema.Contains("v2.1", StringComparison.Ordinal))
        {
            report.Guessed("info.schema", $"schema {schema} is not v2.0 or v2.1: read as v2.1");
        }
        var api = new ApiDescription
        {
            Name = String(info, "name"),
            Description = Description(info),
        };

        if (root.TryGetProperty("variable", out var variables) && variables.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var variable in variables.EnumerateArray())
            {
                var location = $"variable[{i++}]";
                if (variable.ValueKind != JsonValueKind.Object || (String(variable, "key") ?? String(variable, "id")) is not { Length: > 0 } key)
                {
                    report.Dropped(location, "a variable without a key");
                    continue;
                }
                if (Bool(variable, "disabled"))
                {
                    report.Dropped(location, $"variable {key} is disabled");
                    continue;
                }
                api.Variables.Add(new ApiVariable(key, location)
                {
                    Value = Scalar(variable, "value"),
                    Description = Description(variable),
                    MarkedSecret = String(variable, "type") == "secret",
                });
            }
        }

        if (root.TryGetProperty("auth", out var auth))
        {
            api.DefaultAuth = ReadAuth(auth, "auth", report);
        }
        Scripts(root, "", api.Comments, "collection", report);

        var examples = 0;
        if (root.TryGetProperty("item", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            ReadItems(items, "item", [], null, api, report, ref examples);
        }
        else
        {
            throw new ImportFailedException("item", "a Postman collection has an \"item\" array");
        }
        if (examples > 0)
        {
            report.Dropped("", $"{examples} further saved example response{(examples == 1 ? "" : "s")} not used (the first 2xx JSON example of each request gives its schema, data path and paging fields)");
        }
        return api;
    }

    private static void ReadItems(JsonElement items, string path, List<string> folders, ApiAuth? inherited, ApiDescription api, ImportReport report, ref int examples)
    {
        var i = 0;
        foreach (var item in items.EnumerateArray())
        {
            var location = $"{path}[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                report.Dropped(location, "an item that is not an object");
                continue;
            }
            var name = String(item, "name") ?? "";
            if (item.TryGetProperty("item", out var children) && children.ValueKind == JsonValueKind.Array)
            {
                var auth = inherited;
                if (item.TryGetProperty("auth", out var folderAuth) && ReadAuth(folderAuth, location + ".auth", report) is { } own)
                {
                    auth = own;
                }
                var folderComments = new List<string>();
                Scripts(item, location, folderComments, $"folder \"{name}\"", report);
                var before = api.Requests.Count;
                ReadItems(children, location + ".item", [.. folders, name], auth, api, report, ref examples);
                if (folderComments.Count > 0 && api.Requests.Count > before)
                {
                    api.Requests[before].Comments.InsertRange(0, folderComments);
                }
                continue;
            }
            if (!item.TryGetProperty("request", out var request))
            {
                report.Dropped(location, $"item \"{name}\" is neither a folder nor a request");
                continue;
            }
            var read = ReadRequest(request, location + ".request", name, report);
            read.Folders.AddRange(folders);
            if (read.Auth is null && inherited is not null)
            {
                read.Auth = inherited;
            }
            HeaderAuth.Lift(read, report);
            Scripts(item, location, read.Comments, $"request \"{name}\"", report);
            var example = item.TryGetProperty("response", out var responses) && responses.ValueKind == JsonValueKind.Array
                ? PostmanExamples.Read(responses, location + ".response", read, report, ref examples)
                : null;
            if (read.Method is "GET" or "HEAD")
            {
                read.Pagination = PaginationGuesser.Guess(read, new PaginationGuesser.Evidence(
                    [.. read.Query, .. read.DisabledQuery], example?.ResponseSchema, read.DataPath ?? "", example?.LinkHeader ?? false, "the example response", read.DisabledQuery), location, report);
            }
            api.Requests.Add(read);
        }
    }

    private static ApiRequest ReadRequest(JsonElement request, string location, string name, ImportReport report)
    {
        var result = new ApiRequest(name, location);
        if (request.ValueKind == JsonValueKind.String)
        {
            // v2.0 allows a request to be a bare URL.
            ReadRawUrl(request.GetString() ?? "", location, result, report);
            return result;
        }
        if (request.ValueKind != JsonValueKind.Object)
        {
            report.Dropped(location, $"request \"{name}\" is not an object");
            return result;
        }
        result.Method = String(request, "method") ?? "GET";
        result.Description = Description(request);
        if (request.TryGetProperty("url", out var url))
        {
            ReadUrl(url, location + ".url", result, report);
        }
        if (request.TryGetProperty("header", out var headers))
        {
            if (headers.ValueKind == JsonValueKind.Array)
            {
                ReadPairs(headers, location + ".header", result.Headers, "header", report);
            }
            else if (headers.ValueKind == JsonValueKind.String)
            {
                var n = 0;
                foreach (var line in (headers.GetString() ?? "").Split('\n'))
                {
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0)
                    {
                        result.Headers.Add(new ApiParameter(line[..colon].Trim(), line[(colon + 1)..].Trim(), $"{location}.header:{++n}"));
                    }
                }
            }
        }
        if (request.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.Object)
        {
            ReadBody(body, location + ".body", result, report);
        }
        if (request.TryGetProperty("auth", out var auth))
        {
            result.Auth = ReadAuth(auth, location + ".auth", report);
            result.AuthIsOwn = result.Auth is not null;
        }
        return result;
    }

    private static void ReadUrl(JsonElement url, string location, ApiRequest request, ImportReport report)
    {
        if (url.ValueKind == JsonValueKind.String)
        {
            ReadRawUrl(url.GetString() ?? "", location, request, report);
            return;
        }
        if (url.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        if (url.TryGetProperty("host", out var host) && host.ValueKind is JsonValueKind.Array or JsonValueKind.String)
        {
            var hostText = host.ValueKind == JsonValueKind.Array ? string.Join('.', host.EnumerateArray().Select(h => h.ValueKind == JsonValueKind.String ? h.GetString() : h.GetRawText())) : host.GetString() ?? "";
            var text = new System.Text.StringBuilder();
            if (String(url, "protocol") is { Length: > 0 } protocol)
            {
                text.Append(protocol.TrimEnd(':', '/')).Append("://");
            }
            text.Append(hostText);
            if (Scalar(url, "port") is { Length: > 0 } port)
            {
                text.Append(':').Append(port);
            }
            if (url.TryGetProperty("path", out var path))
            {
                var segments = path.ValueKind == JsonValueKind.Array
                    ? path.EnumerateArray().Select(p => p.ValueKind == JsonValueKind.String ? p.GetString() ?? "" : p.ValueKind == JsonValueKind.Object ? String(p, "value") ?? "" : p.GetRawText())
                    : path.ValueKind == JsonValueKind.String ? (path.GetString() ?? "").TrimStart('/').Split('/') : [];
                foreach (var segment in segments)
                {
                    text.Append('/').Append(segment);
                }
            }
            request.Url = text.ToString();
            if (url.TryGetProperty("query", out var query) && query.ValueKind == JsonValueKind.Array)
            {
                ReadPairs(query, location + ".query", request.Query, "query parameter", report, request.DisabledQuery);
            }
        }
        else
        {
            ReadRawUrl(String(url, "raw") ?? "", location + ".raw", request, report, pathVariables: false);
        }
        var examples = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (url.TryGetProperty("variable", out var variables) && variables.ValueKind == JsonValueKind.Array)
        {
            foreach (var variable in variables.EnumerateArray())
            {
                if (variable.ValueKind == JsonValueKind.Object && (String(variable, "key") ?? String(variable, "id")) is { Length: > 0 } key)
                {
                    examples[key] = Scalar(variable, "value");
                }
            }
        }
        PathVariables(request, examples, location, report);
    }

    /// <summary>A raw URL: the query string becomes parameters, the fragment is dropped.</summary>
    private static void ReadRawUrl(string raw, string location, ApiRequest request, ImportReport report, bool pathVariables = true)
    {
        var text = raw.Trim();
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            report.Dropped(location, "the URL's #fragment is never sent");
            text = text[..hash];
        }
        var question = text.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            var n = 0;
            foreach (var pair in text[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var key = equals >= 0 ? pair[..equals] : pair;
                var value = equals >= 0 ? pair[(equals + 1)..] : "";
                request.Query.Add(new ApiParameter(Unescape(key), Unescape(value), $"{location}?{n++}"));
            }
            text = text[..question];
        }
        request.Url = text;
        if (pathVariables)
        {
            PathVariables(request, new Dictionary<string, string?>(StringComparer.Ordinal), location, report);
        }
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

    /// <summary>:name path segments become {{name}} placeholders, with the URL's example values.</summary>
    private static void PathVariables(ApiRequest request, Dictionary<string, string?> examples, string location, ImportReport report)
    {
        var schemeEnd = request.Url.IndexOf("://", StringComparison.Ordinal);
        var pathStart = request.Url.IndexOf('/', schemeEnd >= 0 ? schemeEnd + 3 : 0);
        if (pathStart < 0)
        {
            return;
        }
        var segments = request.Url[pathStart..].Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].Length > 1 && segments[i][0] == ':')
            {
                var name = segments[i][1..];
                segments[i] = "{{" + name + "}}";
                request.PathVariables[name] = examples.GetValueOrDefault(name);
                report.Mapped(location, $"path variable :{name} → {{{{{name}}}}}");
            }
        }
        request.Url = request.Url[..pathStart] + string.Join('/', segments);
    }

    /// <param name="disabled">Where disabled pairs go (not sent, but evidence for a guess); null: they are only reported.</param>
    private static void ReadPairs(JsonElement pairs, string location, List<ApiParameter> into, string what, ImportReport report, List<ApiParameter>? disabled = null)
    {
        var i = 0;
        foreach (var pair in pairs.EnumerateArray())
        {
            var at = $"{location}[{i++}]";
            if (pair.ValueKind != JsonValueKind.Object || String(pair, "key") is not { Length: > 0 } key)
            {
                continue;
            }
            if (Bool(pair, "disabled"))
            {
                report.Dropped(at, $"disabled {what} {key}");
                disabled?.Add(new ApiParameter(key, Scalar(pair, "value"), at, Description(pair)));
                continue;
            }
            into.Add(new ApiParameter(key, Scalar(pair, "value"), at, Description(pair)));
        }
    }

    private static void ReadBody(JsonElement body, string location, ApiRequest request, ImportReport report)
    {
        if (Bool(body, "disabled"))
        {
            report.Dropped(location, "the body is disabled");
            return;
        }
        var mode = String(body, "mode") ?? (body.TryGetProperty("raw", out _) ? "raw" : "");
        switch (mode)
        {
            case "raw":
                var raw = String(body, "raw") ?? "";
                if (raw.Trim().Length == 0)
                {
                    return;
                }
                request.SampleBody = raw;
                var language = body.TryGetProperty("options", out var options) && options.ValueKind == JsonValueKind.Object
                    && options.TryGetProperty("raw", out var rawOptions) && rawOptions.ValueKind == JsonValueKind.Object ? String(rawOptions, "language") : null;
                request.DataType = language switch
                {
                    "xml" or "html" => "xml",
                    "json" => null,
                    "text" or "javascript" => raw.TrimStart().StartsWith('<') ? "xml" : raw.TrimStart().StartsWith('{') || raw.TrimStart().StartsWith('[') ? null : "txt",
                    _ => raw.TrimStart().StartsWith('<') ? "xml" : null,
                };
                report.Mapped(location, $"raw {(request.DataType ?? "json")} body → sampleBody");
                break;
            case "urlencoded" or "formdata":
                if (body.TryGetProperty(mode, out var fields) && fields.ValueKind == JsonValueKind.Array)
                {
                    var i = 0;
                    foreach (var field in fields.EnumerateArray())
                    {
                        var at = $"{location}.{mode}[{i++}]";
                        if (field.ValueKind != JsonValueKind.Object || String(field, "key") is not { Length: > 0 } key)
                        {
                            continue;
                        }
                        if (Bool(field, "disabled"))
                        {
                            report.Dropped(at, $"disabled body field {key}");
                            continue;
                        }
                        if (String(field, "type") == "file")
                        {
                            report.Dropped(at, $"file field {key}: files are not sent by endpoints (and the file named is never read)");
                            continue;
                        }
                        request.Body.Add(new ApiParameter(key, Scalar(field, "value"), at, Description(field)));
                    }
                    report.Mapped(location, $"{mode} body → body parameters");
                }
                break;
            case "graphql":
                if (body.TryGetProperty("graphql", out var graphql) && graphql.ValueKind == JsonValueKind.Object)
                {
                    var query = String(graphql, "query") ?? "";
                    var variablesText = String(graphql, "variables");
                    var sample = new System.Text.Json.Nodes.JsonObject { ["query"] = query };
                    System.Text.Json.Nodes.JsonNode? variables = null;
                    if (variablesText is { Length: > 0 })
                    {
                        try
                        {
                            variables = System.Text.Json.Nodes.JsonNode.Parse(variablesText, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
                        }
                        catch (JsonException)
                        {
                            report.Guessed(location + ".graphql.variables", "the GraphQL variables are not valid JSON: they were kept as text");
                            variables = variablesText;
                        }
                    }
                    sample["variables"] = variables ?? new System.Text.Json.Nodes.JsonObject();
                    request.SampleBody = sample.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
                    request.DataType = null;
                    report.Mapped(location, "GraphQL body → sampleBody { query, variables }");
                }
                break;
            case "file":
                report.Dropped(location, "a file body: the file it names is never read; give the endpoint a sampleBody by hand");
                break;
            case "":
                break;
            default:
                report.Dropped(location, $"body mode {mode} is not supported");
                break;
        }
    }

    internal static ApiAuth? ReadAuth(JsonElement auth, string location, ImportReport report)
    {
        if (auth.ValueKind != JsonValueKind.Object || String(auth, "type") is not { Length: > 0 } type || type == "inherit")
        {
            return null;
        }
        if (type == "noauth")
        {
            return new ApiAuth("none", location);
        }
        var result = new ApiAuth(type, location);
        if (auth.TryGetProperty(type, out var settings))
        {
            if (settings.ValueKind == JsonValueKind.Array)
            {
                foreach (var setting in settings.EnumerateArray())
                {
                    if (setting.ValueKind == JsonValueKind.Object && String(setting, "key") is { Length: > 0 } key && Scalar(setting, "value") is { } value)
                    {
                        result.Settings[key] = value;
                    }
                }
            }
            else if (settings.ValueKind == JsonValueKind.Object)
            {
                // v2.0: { "username": "...", "password": "..." }
                foreach (var property in settings.EnumerateObject())
                {
                    if (ScalarText(property.Value) is { } value)
                    {
                        result.Settings[property.Name] = value;
                    }
                }
            }
        }
        if (type == "oauth2" && !result.Settings.ContainsKey("accessTokenUrl") && !result.Settings.ContainsKey("grant_type") && result.Settings.TryGetValue("accessToken", out var accessToken))
        {
            // Only a token pasted in: a bearer token is what the requests send.
            report.Guessed(location, "OAuth 2 with only an access token and no grant: imported as a bearer token");
            var bearer = new ApiAuth("bearer", location);
            bearer.Settings["token"] = accessToken;
            return bearer;
        }
        // Settings that only matter to Postman's own token helper.
        foreach (var ignored in new[] { "addTokenTo", "tokenName", "challengeAlgorithm", "useBrowser", "tokenType", "headerPrefix", "state", "code_verifier", "password_ignored" })
        {
            result.Settings.Remove(ignored);
        }
        return result;
    }

    private static void Scripts(JsonElement owner, string location, List<string> comments, string what, ImportReport report)
    {
        if (!owner.TryGetProperty("event", out var events) || events.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        var i = 0;
        foreach (var e in events.EnumerateArray())
        {
            var at = (location.Length > 0 ? location + "." : "") + $"event[{i++}]";
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("script", out var script) || script.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            var lines = script.TryGetProperty("exec", out var exec)
                ? exec.ValueKind == JsonValueKind.Array ? exec.EnumerateArray().Select(l => l.ValueKind == JsonValueKind.String ? l.GetString() ?? "" : "").ToList()
                    : exec.ValueKind == JsonValueKind.String ? (exec.GetString() ?? "").Split('\n').ToList() : []
                : [];
            if (lines.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            var listen = String(e, "listen") == "prerequest" ? "pre-request" : "test";
            comments.Add($"Postman {listen} script of the {what} (not run by Patchworks):");
            comments.AddRange(lines.Select(l => "  " + l));
            report.Dropped(at, $"the {listen} script of the {what} is not run; it was kept as a comment");
        }
    }

    internal static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static string? Scalar(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? ScalarText(value) : null;

    private static string? ScalarText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    internal static bool Bool(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>A description: a string, or { "content": "..." }.</summary>
    private static string? Description(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("description", out var description))
        {
            return null;
        }
        var text = description.ValueKind == JsonValueKind.String ? description.GetString() : String(description, "content");
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }
}
