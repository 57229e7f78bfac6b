using System.Text;
using System.Text.Json.Nodes;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Publishing.Pull;

/// <summary>One difference between the file and Patchworks: a part's field (API name), or a part only one side has.</summary>
public sealed record DriftItem(string Part, string? Field, string? File, string? Patchworks)
{
    public override string ToString() => Field is null ? $"{Part}: {File ?? Patchworks}" : $"{Part}: {Field}: file {File ?? "(none)"}, Patchworks {Patchworks ?? "(none)"}";

    public JsonObject ToJson() => new() { ["part"] = Part, ["field"] = Field, ["file"] = File, ["patchworks"] = Patchworks };
}

/// <summary>How a connector file differs from what Patchworks holds (`patchworks pull --diff`): the planner's comparison, read only.</summary>
public sealed class DriftReport
{
    public required string ConnectorPath { get; init; }
    public required string ConnectorName { get; init; }
    public string? TemplateId { get; init; }
    public required IReadOnlyList<DriftItem> Items { get; init; }
    public bool HasDrift => Items.Count > 0;

    public JsonObject ToJson() => new()
    {
        ["connector"] = ConnectorPath,
        ["name"] = ConnectorName,
        ["templateId"] = TemplateId,
        ["drift"] = HasDrift,
        ["items"] = new JsonArray([.. Items.Select(i => (JsonNode)i.ToJson())]),
    };

    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine($"'{ConnectorName}' compared with system template {TemplateId}:");
        foreach (var item in Items)
        {
            text.AppendLine($"  {item}");
        }
        text.AppendLine(HasDrift ? $"{Items.Count} difference{(Items.Count == 1 ? "" : "s")}: the file and Patchworks have drifted apart." : "No drift: Patchworks holds what the file describes.");
        return text.ToString();
    }

    /// <summary>The plan of a publish, shown as drift. Nothing is written (the sidecar neither).</summary>
    public static async Task<DriftReport> CompareAsync(ConnectorDocument document, IFileSystem files, CoreApiClient api, string apiUrl, CoreApiAssumptions? assumptions, CancellationToken cancellationToken)
    {
        var connector = document.Model;
        PublishPlan plan;
        try
        {
            plan = await PublishPlanner.PlanAsync(document, files, api, apiUrl, VersionBump.Check, null, cancellationToken, assumptions).ConfigureAwait(false);
        }
        catch (PublishException e) when (e.Reason == "versionPublished")
        {
            // Same version, other content: plan as a bump would, then take the bump's own version change back out.
            plan = await PublishPlanner.PlanAsync(document, files, api, apiUrl, VersionBump.Patch, null, cancellationToken, assumptions).ConfigureAwait(false);
        }
        catch (PublishException e) when (e.Reason == "remoteNewer")
        {
            return new DriftReport { ConnectorPath = connector.FilePath, ConnectorName = connector.Name ?? "", Items = [new DriftItem("system template", null, e.Message, null)] };
        }
        if (plan.TemplateId is null)
        {
            throw new PublishException($"The Core API has no system template for '{plan.ConnectorName}': nothing to compare with (publish it first).") { Reason = "notFound" };
        }
        var items = new List<DriftItem>();
        if (plan.IconUpload is { } icon)
        {
            items.Add(new DriftItem("icon", null, $"the file's icon ({icon.Describe()}) is not the logo Patchworks holds", null));
        }
        foreach (var step in plan.Steps)
        {
            if (step.Action == PlanAction.Create)
            {
                items.Add(new DriftItem(step.Resource.Label, null, "only in the file", null));
                continue;
            }
            foreach (var change in step.Changes)
            {
                if (plan.Bump is not null && step.Resource.Kind == ResourceKind.SystemTemplate && change.Field is "version" or "version_name")
                {
                    var fileValue = change.Field == "version" ? (JsonNode?)JsonValue.Create(plan.FileVersion) : connector.VersionName is { } n ? JsonValue.Create(n) : null;
                    if (JsonNode.DeepEquals(fileValue, change.From))
                    {
                        continue;
                    }
                    items.Add(new DriftItem(step.Resource.Label, change.Field, FieldChange.Show(fileValue), FieldChange.Show(change.From)));
                    continue;
                }
                if (change.Field == "logo_url")
                {
                    continue; // the icon, above
                }
                items.Add(new DriftItem(step.Resource.Label, change.Field, FieldChange.Show(change.To), FieldChange.Show(change.From)));
            }
        }
        items.AddRange(plan.LeftAlone.Select(l => new DriftItem(l.Label, null, null, $"only in Patchworks (id {l.Id})")));
        return new DriftReport { ConnectorPath = connector.FilePath, ConnectorName = plan.ConnectorName, TemplateId = plan.TemplateId, Items = items };
    }
}
