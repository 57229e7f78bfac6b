using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Patchworks.Core.Publishing;

public enum PlanAction
{
    Create,
    Update,
    Unchanged,
}

/// <summary>One field that will change: its API name, the marketplace's value and the file's.</summary>
public sealed record FieldChange(string Field, JsonNode? From, JsonNode? To)
{
    public override string ToString() => $"{Field}: {Show(From)} → {Show(To)}";

    /// <summary>Values as the plan shows them: long ones by size and digest.</summary>
    public static string Show(JsonNode? value)
    {
        if (value is null)
        {
            return "(none)";
        }
        var text = value.ToJsonString();
        if (text.Length <= 120)
        {
            return text;
        }
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
        return $"<{text.Length} characters, sha256 {digest}>";
    }
}

/// <summary>What publishing will do to one resource.</summary>
public sealed record PlanStep(PlanAction Action, DesiredResource Resource, string? RemoteId, IReadOnlyList<FieldChange> Changes, string? ParentKey)
{
    public string Describe() => Action switch
    {
        PlanAction.Create => $"create {Resource.Label}",
        PlanAction.Update => $"update {Resource.Label} ({string.Join("; ", Changes.Select(c => c.ToString()))})",
        _ => $"unchanged {Resource.Label}",
    };
}

/// <summary>Something in the marketplace the file does not have: publishing never deletes, so it is left alone.</summary>
public sealed record LeftAlone(string Label, string Id);

/// <summary>
/// The plan: the file compared with what the Core API holds for the same connector (matched by the sidecar's ids,
/// else by name). Nothing is written until it is carried out; an unchanged connector's plan has no writes.
/// </summary>
public sealed class PublishPlan
{
    public required string ConnectorPath { get; init; }
    public required string ApiUrl { get; init; }
    public required string ConnectorName { get; init; }
    public string? TemplateId { get; init; }
    public required int FileVersion { get; init; }
    public int? RemoteVersion { get; init; }

    /// <summary>The version that will be published: the file's, or the bumped one.</summary>
    public required int PublishVersion { get; init; }
    public string? PublishVersionName { get; init; }

    /// <summary>The bump applied ("patch", "minor", "major"), or null.</summary>
    public string? Bump { get; init; }

    /// <summary>Whether this finishes a publish that stopped part-way (the sidecar's record).</summary>
    public bool Resuming { get; init; }
    /// <summary>Whether the marketplace's template is at the in-progress version (A7): a first publish that stopped part-way.</summary>
    public bool UnfinishedRemote { get; init; }

    /// <summary>The assumptions the plan was made with (paths, links: A1-A7); the publisher writes with the same.</summary>
    public CoreApiAssumptions Assumptions { get; init; } = CoreApiAssumptions.Default;

    /// <summary>The icon to upload before the template is written (it changed, or the marketplace has none); null when unchanged.</summary>
    public IconFile? IconUpload { get; init; }

    /// <summary>The icon's sha256 and the logo_url the marketplace holds for it, when unchanged (stored in the sidecar).</summary>
    public IconRecord? IconRecord { get; init; }

    public required IReadOnlyList<PlanStep> Steps { get; init; }
    public required IReadOnlyList<LeftAlone> LeftAlone { get; init; }
    public required IReadOnlyList<NotPublished> NotPublished { get; init; }
    public IReadOnlyList<string> Notes { get; init; } = [];
    public required PublishSidecar Sidecar { get; init; }

    /// <summary>Ids found by name this time, to be stored in the sidecar.</summary>
    public IReadOnlyDictionary<string, string> MatchedIds { get; init; } = new Dictionary<string, string>();

    public int Creates => Steps.Count(s => s.Action == PlanAction.Create);
    public int Updates => Steps.Count(s => s.Action == PlanAction.Update);
    public int UnchangedCount => Steps.Count(s => s.Action == PlanAction.Unchanged);
    public bool HasWrites => Creates + Updates > 0 || IconUpload is not null;

    public string Summary => HasWrites
        ? $"{Creates} to create, {Updates} to change, {UnchangedCount} unchanged, {LeftAlone.Count} left alone"
        : $"Nothing to publish: the marketplace already holds version {RemoteVersion} of '{ConnectorName}' as the file describes it ({UnchangedCount} parts unchanged).";

    public JsonObject ToJson() => new()
    {
        ["connector"] = ConnectorPath,
        ["apiUrl"] = ApiUrl,
        ["name"] = ConnectorName,
        ["templateId"] = TemplateId,
        ["fileVersion"] = FileVersion,
        ["remoteVersion"] = RemoteVersion,
        ["publishVersion"] = PublishVersion,
        ["publishVersionName"] = PublishVersionName,
        ["bump"] = Bump,
        ["resuming"] = Resuming,
        ["unfinishedRemote"] = UnfinishedRemote,
        ["iconUpload"] = IconUpload is { } icon ? new JsonObject { ["file"] = icon.FileName, ["bytes"] = icon.Bytes.Length, ["sha256"] = icon.Sha256 } : null,
        ["summary"] = Summary,
        ["steps"] = new JsonArray([.. Steps.Select(s => (JsonNode)new JsonObject
        {
            ["action"] = s.Action.ToString().ToLowerInvariant(),
            ["kind"] = s.Resource.Kind.ToString(),
            ["key"] = s.Resource.Key,
            ["label"] = s.Resource.Label,
            ["remoteId"] = s.RemoteId,
            ["changes"] = new JsonArray([.. s.Changes.Select(c => (JsonNode)new JsonObject
            {
                ["field"] = c.Field,
                ["from"] = FieldChange.Show(c.From),
                ["to"] = FieldChange.Show(c.To),
            })]),
        })]),
        ["leftAlone"] = new JsonArray([.. LeftAlone.Select(l => (JsonNode)new JsonObject { ["label"] = l.Label, ["id"] = l.Id })]),
        ["notPublished"] = new JsonArray([.. NotPublished.Select(n => (JsonNode)new JsonObject { ["where"] = n.Where, ["field"] = n.What, ["why"] = n.Why })]),
        ["notes"] = new JsonArray([.. Notes.Select(n => (JsonNode)JsonValue.Create(n))]),
    };

    /// <summary>The plan as text, for the CLI and logs.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine($"Publish plan for '{ConnectorName}' to {ApiUrl}");
        text.AppendLine(RemoteVersion is { } remote
            ? $"  marketplace: system template {TemplateId}, version {remote}; file: version {FileVersion}{(Bump is not null ? $"; publishing version {PublishVersion} ({Bump} bump)" : "")}"
            : $"  marketplace: no system template for this connector yet; publishing version {PublishVersion}");
        if (IconUpload is { } upload)
        {
            text.AppendLine($"  icon: uploading {upload.Describe()}");
        }
        if (Resuming && !UnfinishedRemote)
        {
            text.AppendLine($"  finishing the publish of version {PublishVersion} that stopped part-way");
        }
        foreach (var note in Notes)
        {
            text.AppendLine($"  note: {note}");
        }
        foreach (var step in Steps.Where(s => s.Action != PlanAction.Unchanged))
        {
            text.AppendLine($"  {(step.Action == PlanAction.Create ? "+" : "~")} {step.Resource.Label}");
            foreach (var change in step.Changes)
            {
                text.AppendLine($"      {change}");
            }
        }
        if (UnchangedCount > 0)
        {
            text.AppendLine($"  = {UnchangedCount} unchanged");
        }
        foreach (var alone in LeftAlone)
        {
            text.AppendLine($"  left alone (in the marketplace, not in the file): {alone.Label} (id {alone.Id})");
        }
        if (NotPublished.Count > 0)
        {
            text.AppendLine("  not published (no documented Core API field):");
            foreach (var item in NotPublished)
            {
                text.AppendLine($"      {item.Where}: {item.What}: {item.Why}");
            }
        }
        text.AppendLine(Summary);
        return text.ToString();
    }
}
