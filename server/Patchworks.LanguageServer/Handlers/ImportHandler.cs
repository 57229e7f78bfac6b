using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Patchworks.Core.Importing;
using Patchworks.Core.Text;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// patchworks/importPreview and patchworks/import: a Postman collection, cURL commands (or any format the import
/// engine reads) become a connector and a test instance, or are merged into an existing connector. The source comes
/// as text from the editor (which read the file the user picked): the server never reads a path a request names,
/// and writes only inside a workspace folder. Refused in an untrusted workspace.
/// </summary>
internal sealed partial class ImportHandler(LanguageServer server)
{
    [JsonRpcMethod("patchworks/importPreview")]
    public JsonElement Preview(ImportParams parameters)
    {
        var (folder, existing, selection, result) = Run(parameters);
        var json = Answer(result, selection);
        json["connectorUri"] = Uri(Path.Combine(folder, result.ConnectorFileName!));
        json["merge"] = existing is not null;
        return Element(json);
    }

    [JsonRpcMethod("patchworks/import")]
    public JsonElement Import(ImportParams parameters)
    {
        var (folder, existing, selection, result) = Run(parameters);
        // The editor applies a merge itself (one undoable change in the open connector): the connector is not written.
        var editsOnly = parameters.ReturnEdits && existing is not null;
        if (editsOnly)
        {
            result.ConnectorChanged = false;
        }
        var written = new List<string>();
        foreach (var file in new[] { result.ConnectorChanged ? result.ConnectorFileName : null, result.InstanceText is null ? null : result.InstanceFileName }.OfType<string>())
        {
            RefuseLink(Path.Combine(folder, file));
        }
        try
        {
            Directory.CreateDirectory(folder);
            if (result.ConnectorChanged && result.ConnectorText is not null)
            {
                var path = Path.Combine(folder, result.ConnectorFileName!);
                File.WriteAllText(path, result.ConnectorText, new UTF8Encoding(false));
                written.Add(path);
            }
            if (result.InstanceText is not null)
            {
                var path = Path.Combine(folder, result.InstanceFileName!);
                File.WriteAllText(path, result.InstanceText, new UTF8Encoding(false));
                written.Add(path);
            }
            // Record schemas the connector names (schemas/x.json), by the writer the CLI uses: only inside the
            // folder, never through a link (refused, as for the connector), a file already there left as it is.
            foreach (var file in ImportedFileWriter.Write(folder, result.Files))
            {
                switch (file.Status)
                {
                    case ImportedFileStatus.Written:
                        written.Add(file.FullPath);
                        break;
                    case ImportedFileStatus.Link:
                        throw Refusal($"{file.Reason}.", "outsideWorkspace", null);
                    case ImportedFileStatus.Failed:
                        throw Refusal($"The import could not be written to {folder}: {file.Reason}", "writeFailed", null);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Refusal($"The import could not be written to {folder}: {e.Message}", "writeFailed", null);
        }
        var json = Answer(result, selection);
        json["connectorUri"] = Uri(Path.Combine(folder, result.ConnectorFileName!));
        json["writtenUris"] = new JsonArray([.. written.Select(w => (JsonNode)JsonValue.Create(Uri(w)))]);
        json["merged"] = existing is not null;
        if (editsOnly)
        {
            var lines = new LineIndex(existing!.Value.Text);
            json["connectorEdits"] = new JsonArray([.. result.ConnectorEdits.Select(e => (JsonNode)new JsonObject
            {
                ["range"] = Range(lines.GetRange(e.Span)),
                ["newText"] = e.NewText,
            })]);
        }
        return Element(json);
    }

    /// <summary>The folder to write to: a file URI inside a workspace folder (links followed), else refused.</summary>
    /// <summary>What preview and import share: the checks, the target, the source read and built (nothing written), or the refusal.</summary>
    private (string Folder, (string Path, string Text)? Existing, Selection Selection, ImportResult Result) Run(ImportParams parameters)
    {
        server.RequireInitialized();
        server.RequireTrusted("import an API description");
        var folder = TargetFolder(parameters);
        var existing = Existing(parameters, folder);
        var (input, selection) = Input(parameters, folder, existing);
        var result = ApiImport.Run(input);
        Fail(result);
        return (folder, existing, selection, result);
    }

    private string TargetFolder(ImportParams parameters)
    {
        if (parameters.Text is null)
        {
            throw new LocalRpcException("import needs the source's text.") { ErrorCode = ErrorCodes.InvalidParams };
        }
        if (parameters.Text.Length > ApiImport.MaxInputBytes)
        {
            throw Refusal($"The source is larger than {ApiImport.MaxInputBytes / (1024 * 1024)} MB; larger sources are not imported.", "tooLarge", null);
        }
        var folderUri = parameters.TargetFolderUri;
        if (folderUri is null && parameters.MergeInto is { } mergeInto && DocumentUri.ToPath(mergeInto) is { } connectorPath)
        {
            folderUri = new Uri(Path.GetDirectoryName(connectorPath)!).AbsoluteUri;
        }
        var folder = DocumentUri.ToPath(folderUri)
            ?? throw new LocalRpcException($"targetFolderUri must be a file URI, not \"{folderUri}\".") { ErrorCode = ErrorCodes.InvalidParams };
        if (!server.Workspace.ContainsFolder(folder))
        {
            throw Refusal($"Importing writes only inside a workspace folder; {folder} is outside every one (or a link leads out). Choose a folder inside the workspace.", "outsideWorkspace", null);
        }
        return folder;
    }

    /// <summary>The connector to merge into: mergeInto (in the target folder), else the folder's file of the import's own name.</summary>
    private (string Path, string Text)? Existing(ImportParams parameters, string folder)
    {
        string? path = null;
        if (parameters.MergeInto is { } mergeInto)
        {
            path = DocumentUri.ToPath(mergeInto) ?? throw new LocalRpcException($"mergeInto must be a file URI, not \"{mergeInto}\".") { ErrorCode = ErrorCodes.InvalidParams };
            if (!path.EndsWith(".connector.json", StringComparison.OrdinalIgnoreCase))
            {
                throw new LocalRpcException($"mergeInto must name a *.connector.json file, not {Path.GetFileName(path)}.") { ErrorCode = ErrorCodes.InvalidParams };
            }
            if (!string.Equals(Path.GetDirectoryName(path), folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar), StringComparison.Ordinal))
            {
                throw new LocalRpcException("mergeInto must lie in the target folder.") { ErrorCode = ErrorCodes.InvalidParams };
            }
        }
        else
        {
            var probe = ApiImport.Run(new ImportInput { Text = parameters.Text!, Format = Format(parameters), Name = parameters.Name });
            if (probe.ConnectorFileName is { } own && server.Workspace.Files.FileExists(Path.Combine(folder, own)))
            {
                path = Path.Combine(folder, own);
            }
        }
        if (path is null)
        {
            return null;
        }
        RefuseLink(path);
        try
        {
            // Open buffers over the disk: what the user sees is what is merged into.
            return (path, server.Workspace.Files.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Refusal($"The connector to merge into cannot be read: {e.Message}", "notFound", null);
        }
    }

    /// <summary>A file the import reads or writes that is a link is refused: it could lead out of the workspace.</summary>
    private static void RefuseLink(string path)
    {
        if (new FileInfo(path).LinkTarget is not null)
        {
            throw Refusal($"{Path.GetFileName(path)} is a link; the import reads and writes only regular files inside the workspace.", "outsideWorkspace", null);
        }
    }

    private static string Format(ImportParams parameters) => parameters.Format is { Length: > 0 } format ? format : "auto";

    private (ImportInput Input, Selection Selection) Input(ImportParams parameters, string folder, (string Path, string Text)? existing)
    {
        var selection = new Selection(parameters.Only, existing is { } target ? VariableDefaults(target.Text) : []);
        var input = new ImportInput
        {
            Text = parameters.Text!,
            Format = Format(parameters),
            Name = parameters.Name is { Length: > 0 } name ? name : null,
            Existing = existing is { } e ? (Path.GetFileName(e.Path), e.Text) : null,
            InstanceExists = file => server.Workspace.Files.FileExists(Path.Combine(folder, file)),
            SkipInstanceReason = !parameters.WriteInstance ? "no test instance written (not asked for)"
                : existing is not null && Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.instance.json").Any()
                ? "no test instance written: the folder has instances already; give them values for the new variables"
                : null,
            Select = selection.Apply,
            RejectedGuesses = parameters.RejectedGuesses ?? [],
            EndpointsAt = existing is { } into && parameters.InsertAt is { } at ? LineIndex.OffsetOf(into.Text, new Position(at.Line, at.Character)) : null,
        };
        return (input, selection);
    }

    /// <summary>A failed import (malformed source, nothing to import): an error with the report's first error and its location.</summary>
    private static void Fail(ImportResult result)
    {
        if (result.Succeeded)
        {
            return;
        }
        var failure = result.Report.Of(ReportKind.Error).FirstOrDefault();
        var location = failure?.Location ?? "";
        var message = failure?.Message ?? "nothing could be imported";
        throw new LocalRpcException($"The import failed: {(location.Length > 0 ? location + ": " : "")}{message}")
        {
            ErrorCode = ErrorCodes.RequestFailed,
            ErrorData = new { reason = "importFailed", location, message, entries = Entries(result.Report.Entries) },
        };
    }

    private static JsonObject Answer(ImportResult result, Selection selection)
    {
        var endpointIds = ReportedIds(result.Report, EndpointMapped());
        var authIds = ReportedIds(result.Report, AuthMapped());
        var endpoints = new JsonArray();
        foreach (var request in selection.Requests)
        {
            endpoints.Add(new JsonObject
            {
                ["id"] = request.Location,
                ["name"] = request.Name,
                ["path"] = string.Join('/', request.Folders.Append(request.Name)),
                ["method"] = request.Method,
                ["url"] = request.Url,
                ["endpointId"] = endpointIds.TryGetValue(request.Location, out var endpointId) ? endpointId : null,
                ["pagination"] = request.Pagination?["method"] is JsonValue method && method.TryGetValue<string>(out var paging) ? paging : null,
                ["dataPath"] = request.DataPath,
                ["selected"] = selection.Keeps(request),
            });
        }
        var authMethods = new JsonArray();
        var variables = new JsonArray();
        var authTypes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (result.ConnectorText is { } text)
        {
            try
            {
                using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                if (document.RootElement.TryGetProperty("authMethods", out var methods) && methods.ValueKind == JsonValueKind.Array)
                {
                    foreach (var method in methods.EnumerateArray())
                    {
                        if (method.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && method.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String)
                        {
                            authTypes.TryAdd(id.GetString()!, type.GetString()!);
                        }
                    }
                }
                if (document.RootElement.TryGetProperty("variables", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    var locations = VariableLocations(result.Report);
                    foreach (var variable in list.EnumerateArray())
                    {
                        if (variable.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String)
                        {
                            variables.Add(new JsonObject
                            {
                                ["key"] = key.GetString(),
                                ["secret"] = variable.TryGetProperty("secret", out var secret) && secret.ValueKind == JsonValueKind.True,
                                ["location"] = locations.TryGetValue(key.GetString()!, out var location) ? location : null,
                            });
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // The variables are a courtesy of the preview; the connector text is the engine's.
            }
        }
        foreach (var (id, auth) in selection.AuthSchemes)
        {
            var authId = authIds.TryGetValue(auth.Location, out var reported) ? reported : null;
            authMethods.Add(new JsonObject
            {
                ["id"] = id,
                ["kind"] = auth.Kind,
                ["authMethodId"] = authId,
                // The Patchworks auth type the method gets (apiKey, oauth2...), when it is in the connector.
                ["type"] = authId is not null && authTypes.TryGetValue(authId, out var authType) ? authType : null,
                ["selected"] = selection.Keeps(id),
            });
        }
        return new JsonObject
        {
            ["format"] = result.Format,
            ["connectorFileName"] = result.ConnectorFileName,
            ["instanceFileName"] = result.InstanceFileName,
            ["requests"] = result.RequestCount,
            ["endpointCount"] = result.EndpointCount,
            ["duplicates"] = result.DuplicateCount,
            ["endpoints"] = endpoints,
            ["authMethods"] = authMethods,
            ["variables"] = variables,
            ["guesses"] = Entries(result.Report.Of(ReportKind.Guessed)),
            ["dropped"] = Entries(result.Report.Of(ReportKind.Dropped)),
            ["conflicts"] = Entries(result.Report.Of(ReportKind.Conflict)),
            ["secrets"] = new JsonArray([.. result.Secrets.Select(s => (JsonNode)new JsonObject { ["variable"] = s.Key, ["environmentVariable"] = s.EnvironmentVariable })]),
            ["entries"] = Entries(result.Report.Entries),
            ["text"] = result.Report.ToText(),
        };
    }

    /// <summary>Report entries; a guess has its id (what rejectedGuesses names) and the outputs that leaving it out removes (none: it cannot be left out).</summary>
    private static JsonArray Entries(IEnumerable<ReportEntry> entries) => new([.. entries.Select(e =>
    {
        var entry = new JsonObject
        {
            ["kind"] = e.Kind.ToString().ToLowerInvariant(),
            ["location"] = e.Location,
            ["message"] = e.Message,
        };
        if (e.Id is { } id)
        {
            entry["id"] = id;
            entry["outputs"] = new JsonArray([.. e.Outputs.Select(o => (JsonNode)JsonValue.Create(o))]);
        }
        return (JsonNode)entry;
    })]);

    [GeneratedRegex(@"→ endpoint (\S+) \(", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex EndpointMapped();

    [GeneratedRegex(@"^auth \S+ → auth method (\S+) \(", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AuthMapped();

    [GeneratedRegex(@"→ connector variable (\S+)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex VariableMapped();

    /// <summary>The connector ids the report names for each source location (endpoints, auth methods).</summary>
    private static Dictionary<string, string> ReportedIds(ImportReport report, Regex pattern)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in report.Of(ReportKind.Mapped))
        {
            if (pattern.Match(entry.Message) is { Success: true } match)
            {
                ids.TryAdd(entry.Location, match.Groups[1].Value);
            }
        }
        return ids;
    }

    private static Dictionary<string, string> VariableLocations(ImportReport report)
    {
        var locations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in report.Of(ReportKind.Mapped))
        {
            if (VariableMapped().Match(entry.Message) is { Success: true } match)
            {
                locations.TryAdd(match.Groups[1].Value, entry.Location);
            }
        }
        return locations;
    }

    /// <summary>The existing connector's variables that have a default: a pasted URL starting with one uses the variable instead.</summary>
    private static List<(string Key, string Default)> VariableDefaults(string text)
    {
        var defaults = new List<(string, string)>();
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("variables", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var variable in list.EnumerateArray())
                {
                    if (variable.ValueKind == JsonValueKind.Object
                        && variable.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String
                        && variable.TryGetProperty("default", out var value) && value.ValueKind == JsonValueKind.String
                        && value.GetString()!.TrimEnd('/') is { Length: >= 4 } trimmed && !trimmed.Contains("{{", StringComparison.Ordinal))
                    {
                        defaults.Add((key.GetString()!, trimmed));
                    }
                }
            }
        }
        catch (JsonException)
        {
            // The merge reports a connector it cannot read; no default is used then.
        }
        return defaults;
    }

    /// <summary>What the source describes and what the user kept of it: requests and auth schemes by their source location.</summary>
    private sealed class Selection(IReadOnlyList<string>? only, List<(string Key, string Default)> defaults)
    {
        private readonly HashSet<string>? _only = only is null ? null : new HashSet<string>(only, StringComparer.Ordinal);

        public List<ApiRequest> Requests { get; } = [];

        /// <summary>Distinct auth schemes (by their settings), each named by the location of its first occurrence.</summary>
        public List<(string Id, ApiAuth Auth)> AuthSchemes { get; } = [];

        public bool Keeps(ApiRequest request) => _only is null || _only.Contains(request.Location);

        public bool Keeps(string authId) => _only is null || _only.Contains(authId);

        public void Apply(ApiDescription api, ImportReport report)
        {
            Requests.AddRange(api.Requests);
            var ids = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var auth in api.Requests.Select(r => r.Auth).Prepend(api.DefaultAuth).OfType<ApiAuth>())
            {
                if (ids.TryAdd(auth.Signature, auth.Location))
                {
                    AuthSchemes.Add((auth.Location, auth));
                }
            }
            if (_only is not null)
            {
                var before = api.Requests.Count;
                api.Requests.RemoveAll(r => !Keeps(r));
                if (api.Requests.Count < before)
                {
                    report.Dropped("", $"{before - api.Requests.Count} of {before} requests left out (not chosen)");
                }
                if (api.DefaultAuth is { } defaultAuth && !Keeps(ids[defaultAuth.Signature]))
                {
                    report.Dropped(defaultAuth.Location, $"auth {defaultAuth.Kind} left out (not chosen): requests that used it have no auth method of their own");
                    api.DefaultAuth = null;
                }
                foreach (var request in api.Requests)
                {
                    if (request.Auth is { } auth && !Keeps(ids[auth.Signature]))
                    {
                        report.Dropped(auth.Location, $"auth {auth.Kind} of request \"{request.Name}\" left out (not chosen): it uses the API's default instead");
                        request.Auth = null;
                        request.AuthIsOwn = false;
                    }
                }
            }
            // A URL that starts with the value of an existing variable uses that variable.
            foreach (var request in api.Requests)
            {
                foreach (var (key, value) in defaults.OrderByDescending(d => d.Default.Length))
                {
                    if (Replace(request.Url, value, key) is { } url)
                    {
                        report.Mapped(request.Location, $"the URL starts with the default of variable {key}: it became {{{{{key}}}}}");
                        request.Url = url;
                        break;
                    }
                }
            }
        }

        private static string? Replace(string url, string value, string key)
        {
            if (StartsWithAtBoundary(url, value))
            {
                return "{{" + key + "}}" + url[value.Length..];
            }
            var scheme = url.IndexOf("://", StringComparison.Ordinal);
            if (scheme > 0 && !value.Contains("://", StringComparison.Ordinal) && StartsWithAtBoundary(url[(scheme + 3)..], value))
            {
                return url[..(scheme + 3)] + "{{" + key + "}}" + url[(scheme + 3 + value.Length)..];
            }
            return null;
        }

        private static bool StartsWithAtBoundary(string url, string value) =>
            url.StartsWith(value, StringComparison.OrdinalIgnoreCase) && (url.Length == value.Length || url[value.Length] is '/' or '?' or '#' or ':');
    }

    private static string Uri(string path) => new Uri(path).AbsoluteUri;

    private static JsonObject Range(TextRange range) => new()
    {
        ["start"] = new JsonObject { ["line"] = range.Start.Line, ["character"] = range.Start.Character },
        ["end"] = new JsonObject { ["line"] = range.End.Line, ["character"] = range.End.Character },
    };

    private static LocalRpcException Refusal(string message, string reason, object? extra) => new(message)
    {
        ErrorCode = ErrorCodes.RequestFailed,
        ErrorData = new { reason, extra },
    };

    private static JsonElement Element(JsonObject json) => JsonDocument.Parse(json.ToJsonString()).RootElement.Clone();
}

/// <summary>
/// patchworks/importPreview and patchworks/import: the source's text, its format, the folder to write to, the ids to keep,
/// the connector to merge into; the ids of the guesses the user rejected; where in the connector new endpoints go (the
/// cursor, an LSP position in mergeInto's text); returnEdits: answer a merge as connectorEdits instead of writing it.
/// </summary>
public sealed record ImportParams(string? Text = null, string? FileName = null, string? Format = null, string? TargetFolderUri = null,
    IReadOnlyList<string>? Only = null, string? MergeInto = null, string? Name = null, bool WriteInstance = true,
    IReadOnlyList<string>? RejectedGuesses = null, ImportPosition? InsertAt = null, bool ReturnEdits = false);

/// <summary>A zero-based line and UTF-16 character, as in LSP.</summary>
public sealed record ImportPosition(int Line, int Character);
