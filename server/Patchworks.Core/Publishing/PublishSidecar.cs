using System.Text.Json;
using System.Text.Json.Nodes;

namespace Patchworks.Core.Publishing;

/// <summary>
/// The sidecar beside a connector (shopify.connector.json → shopify.publish.json): for each Core API it was
/// published to, the remote id of every part, the version last published, and an unfinished publish's record
/// (the version it was publishing, the steps done, the error that stopped it). Meant to be committed; it never
/// holds a credential or a token. The connector file itself is only touched by --bump.
/// </summary>
public sealed class PublishSidecar
{
    public const string Comment = "Written by `patchworks publish`: the Patchworks ids of this connector's parts, per Core API. Commit it; it holds no secrets.";

    public required string FilePath { get; init; }

    public Dictionary<string, PublishTarget> Targets { get; } = new(StringComparer.Ordinal);

    public static string PathFor(string connectorPath)
    {
        var directory = Path.GetDirectoryName(connectorPath) ?? ".";
        var name = Path.GetFileName(connectorPath);
        foreach (var suffix in new[] { ".connector.json", ".connector.jsonc", ".json", ".jsonc" })
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^suffix.Length];
                break;
            }
        }
        return Path.Combine(directory, name + ".publish.json");
    }

    public PublishTarget For(string apiUrl)
    {
        var key = apiUrl.TrimEnd('/');
        if (!Targets.TryGetValue(key, out var target))
        {
            Targets[key] = target = new PublishTarget();
        }
        return target;
    }

    public static PublishSidecar Load(string connectorPath)
    {
        var path = PathFor(connectorPath);
        var sidecar = new PublishSidecar { FilePath = path };
        if (!File.Exists(path))
        {
            return sidecar;
        }
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new PublishException($"{path} is not valid JSON ({e.Message}); fix it or delete it (ids are then matched by name).");
        }
        foreach (var (apiUrl, node) in root?["targets"] as JsonObject ?? [])
        {
            if (node is not JsonObject o)
            {
                continue;
            }
            var target = sidecar.For(apiUrl);
            target.PublishedVersion = o["publishedVersion"]?.GetValue<int>();
            if (o["icon"] is JsonObject icon && icon["sha256"]?.GetValue<string>() is { } sha && icon["logoUrl"]?.GetValue<string>() is { } logoUrl)
            {
                target.Icon = new IconRecord(sha, logoUrl);
            }
            foreach (var (key, id) in o["ids"] as JsonObject ?? [])
            {
                if (id is JsonValue value)
                {
                    target.Ids[key] = value.ToString();
                }
            }
            if (o["unfinished"] is JsonObject unfinished)
            {
                target.Unfinished = new UnfinishedPublish
                {
                    Version = unfinished["version"]?.GetValue<int>() ?? 0,
                    StartedAt = unfinished["startedAt"]?.GetValue<string>() ?? "",
                    Error = unfinished["error"]?.GetValue<string>(),
                };
                target.Unfinished.Done.AddRange((unfinished["done"] as JsonArray ?? []).Select(n => n?.GetValue<string>() ?? ""));
            }
        }
        return sidecar;
    }

    public void Save()
    {
        var targets = new JsonObject();
        foreach (var (apiUrl, target) in Targets.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var ids = new JsonObject();
            foreach (var (key, id) in target.Ids.OrderBy(i => i.Key, StringComparer.Ordinal))
            {
                ids[key] = id;
            }
            var o = new JsonObject { ["publishedVersion"] = target.PublishedVersion, ["ids"] = ids };
            if (target.Icon is { } icon)
            {
                o["icon"] = new JsonObject { ["sha256"] = icon.Sha256, ["logoUrl"] = icon.LogoUrl };
            }
            if (target.Unfinished is { } unfinished)
            {
                o["unfinished"] = new JsonObject
                {
                    ["version"] = unfinished.Version,
                    ["startedAt"] = unfinished.StartedAt,
                    ["error"] = unfinished.Error,
                    ["done"] = new JsonArray([.. unfinished.Done.Select(d => (JsonNode)JsonValue.Create(d))]),
                };
            }
            targets[apiUrl] = o;
        }
        var root = new JsonObject { ["comment"] = Comment, ["targets"] = targets };
        var temporary = FilePath + ".tmp";
        File.WriteAllText(temporary, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.Move(temporary, FilePath, overwrite: true);
    }
}

/// <summary>What the sidecar knows of one Core API: ids by resource key, the last version published, an unfinished publish.</summary>
public sealed class PublishTarget
{
    public int? PublishedVersion { get; set; }

    public Dictionary<string, string> Ids { get; } = new(StringComparer.Ordinal);

    public UnfinishedPublish? Unfinished { get; set; }

    /// <summary>The icon last uploaded (or found in the marketplace) and the logo_url it has there.</summary>
    public IconRecord? Icon { get; set; }
}

/// <summary>An icon's sha256 and the logo_url the Core API gave it: the same sha256 and logo_url mean no upload.</summary>
public sealed record IconRecord(string Sha256, string LogoUrl);

/// <summary>A publish that stopped part-way: the next run finishes it (creating only what is still missing).</summary>
public sealed class UnfinishedPublish
{
    public required int Version { get; init; }

    public required string StartedAt { get; init; }

    public string? Error { get; set; }

    public List<string> Done { get; } = [];
}

/// <summary>Publishing refused or failed; the message says why and what to do.</summary>
public sealed class PublishException(string message, IReadOnlyList<PublishProblem>? problems = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Problems placed in the connector file (validation errors, 422 field errors).</summary>
    public IReadOnlyList<PublishProblem> Problems { get; } = problems ?? [];

    /// <summary>
    /// Why, for an editor to offer the right next step: "connectorErrors", "remoteNewer", "versionPublished"
    /// (a bump would publish it; also a 422 part-way: fix the file first), "cancelled", "failed" (a write failed
    /// part-way: re-running finishes it), "credentialsRefused", "coreApi" (refused otherwise); null for anything else.
    /// </summary>
    public string? Reason { get; init; }

    /// <summary>For a publish that stopped part-way: the writes made, of how many planned; null otherwise.</summary>
    public (int Made, int Planned)? Writes { get; init; }
}

/// <summary>A problem at a place in the connector file: 1-based line and column.</summary>
public sealed record PublishProblem(string FilePath, int Line, int Column, string Message)
{
    public override string ToString() => $"{FilePath}:{Line}:{Column}: {Message}";
}
