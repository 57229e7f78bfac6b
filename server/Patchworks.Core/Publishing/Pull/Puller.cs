using System.Text;
using System.Text.Json.Nodes;
using Patchworks.Core.Diagnostics;
using Patchworks.Core.Rules;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Publishing.Pull;

/// <summary>What to pull and where: a template by id or by name, into a folder.</summary>
public sealed record PullRequest(string? Id, string? Name, string Into, bool Force, string ApiUrl, CoreApiAssumptions? Assumptions = null);

/// <summary>One of the company's system templates, as listed.</summary>
public sealed record TemplateSummary(string Id, string Name, int? Version)
{
    public JsonObject ToJson() => new() { ["id"] = Id, ["name"] = Name, ["version"] = Version };
}

/// <summary>What a pull wrote and what the file could not be given.</summary>
public sealed class PullResult
{
    public required string ConnectorPath { get; init; }
    public required string TemplateId { get; init; }
    public required string Name { get; init; }
    public int? Version { get; init; }
    public required IReadOnlyList<string> Written { get; init; }
    public string? IconProblem { get; init; }
    public required IReadOnlyList<string> NotInApi { get; init; }
    public required IReadOnlyList<string> NotInFile { get; init; }
    public required IReadOnlyList<string> Placeholders { get; init; }

    /// <summary>Errors `patchworks validate` finds in the pulled file (placeholders avoid most; these could not be).</summary>
    public required IReadOnlyList<string> ValidationErrors { get; init; }

    /// <summary>Writes `publish --plan` of the pulled file shows (0: nothing to do), null when the plan refuses it.</summary>
    public int? PlanWrites { get; init; }
    public required string PlanSummary { get; init; }

    public JsonObject ToJson() => new()
    {
        ["connector"] = ConnectorPath,
        ["templateId"] = TemplateId,
        ["name"] = Name,
        ["version"] = Version,
        ["written"] = Strings(Written),
        ["iconProblem"] = IconProblem,
        ["notInApi"] = Strings(NotInApi),
        ["notInFile"] = Strings(NotInFile),
        ["placeholders"] = Strings(Placeholders),
        ["validationErrors"] = Strings(ValidationErrors),
        ["planWrites"] = PlanWrites,
        ["planSummary"] = PlanSummary,
    };

    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine($"Pulled '{Name}' (system template {TemplateId}{(Version is { } v ? $", version {v}" : "")})");
        foreach (var file in Written)
        {
            text.AppendLine($"  wrote {file}");
        }
        if (IconProblem is not null)
        {
            text.AppendLine($"  icon: {IconProblem}");
        }
        Section(text, "placeholders (marked // TODO in the file; fill them in)", Placeholders);
        Section(text, "what the file cannot hold", NotInFile);
        Section(text, "not in Patchworks' API (the file has none of it)", NotInApi);
        Section(text, "errors patchworks validate reports", ValidationErrors);
        text.AppendLine($"publish --plan: {PlanSummary}");
        return text.ToString();
    }

    private static void Section(StringBuilder text, string title, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }
        text.AppendLine($"  {title}:");
        foreach (var item in items)
        {
            text.AppendLine($"      {item}");
        }
    }

    private static JsonArray Strings(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode)JsonValue.Create(i))]);
}

/// <summary>
/// patchworks pull: reads a system template and everything under it from the Core API and writes the connector
/// file (<see cref="ConnectorMapping.Reverse"/>), its icon and its sidecar, so that a publish right after has
/// nothing to do. Only reads from the API.
/// </summary>
public static class Puller
{
    /// <summary>The schema's $id, the "$schema" of a file pulled outside a workspace with schemas/.</summary>
    public const string SchemaId = "https://patchworks-toolkit.invalid/schemas/connector.schema.json";

    public static async Task<IReadOnlyList<TemplateSummary>> ListTemplatesAsync(CoreApiClient api, CoreApiAssumptions? assumptions, CancellationToken cancellationToken)
    {
        assumptions ??= CoreApiAssumptions.Default;
        var items = await api.ListAsync(assumptions.SystemTemplatesPath, new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
        return [.. items.Select(Summary).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)];
    }

    private static TemplateSummary Summary(JsonObject t) => new(PublishPlanner.IdOf(t), t["name"]?.ToString() ?? t["label"]?.ToString() ?? "",
        t["version"] is JsonValue v && v.TryGetValue<int>(out var version) ? version : null);

    public static async Task<PullResult> PullAsync(CoreApiClient api, PullRequest request, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var assumptions = request.Assumptions ?? CoreApiAssumptions.Default;
        var apiUrl = request.ApiUrl.TrimEnd('/');
        progress?.Report("Finding the system template");
        var template = await FindAsync(api, assumptions, request, cancellationToken).ConfigureAwait(false);
        progress?.Report($"Reading system template {PublishPlanner.IdOf(template)} and its parts");
        var tree = await PublishPlanner.ReadTreeAsync(api, assumptions, ResourceKind.SystemTemplate, template, cancellationToken).ConfigureAwait(false);
        var references = await ReferenceLists.ReadAsync(api, assumptions, cancellationToken).ConfigureAwait(false);

        // The icon: downloaded without credentials; a problem is reported and the connector still written.
        string? iconName = null;
        byte[]? iconBytes = null;
        string? iconProblem = null;
        var logoUrl = template["logo_url"] is JsonValue l && l.TryGetValue<string>(out var u) && u.Length > 0 ? u : null;
        if (logoUrl is null)
        {
            iconProblem = "the template has no logo_url";
        }
        else
        {
            progress?.Report("Downloading the logo");
            (iconBytes, iconProblem) = await api.FetchLogoAsync(logoUrl, cancellationToken).ConfigureAwait(false);
            if (iconBytes is not null)
            {
                if (Sniff(iconBytes) is { } extension)
                {
                    iconName = "icon." + extension;
                }
                else
                {
                    iconProblem = $"the logo at {logoUrl} is not a PNG, JPG, GIF or SVG image; not written";
                    iconBytes = null;
                }
            }
        }

        Directory.CreateDirectory(request.Into);
        var into = Path.GetFullPath(request.Into);
        var name = tree.Data["name"]?.ToString() ?? tree.Data["label"]?.ToString() ?? $"template-{tree.Id}";
        var slug = ConnectorMapping.Slug(name);
        var connectorPath = Path.Combine(into, slug + ".connector.json");
        var sidecarPath = PublishSidecar.PathFor(connectorPath);
        var iconPath = iconName is null ? null : Path.Combine(into, iconName);
        var targets = new[] { connectorPath, sidecarPath, iconPath }.OfType<string>().ToList();
        // A file that is a link is never written through, --force or not: a cloned repository could point
        // woocommerce.connector.json at a file outside it, which the pull would then overwrite.
        if (targets.FirstOrDefault(t => new FileInfo(t).LinkTarget is not null) is { } link)
        {
            throw new PublishException($"Not pulled: {link} is a link; pull writes only regular files. Remove the link, or pull into another folder.") { Reason = "link" };
        }
        if (!request.Force && targets.Where(File.Exists).ToList() is { Count: > 0 } existing)
        {
            throw new PublishException($"Not pulled: {string.Join(", ", existing)} already exist{(existing.Count == 1 ? "s" : "")}; pass --force (force: true) to overwrite, or pull into another folder.") { Reason = "exists" };
        }

        var reversed = ConnectorMapping.Reverse(tree, references, assumptions, SchemaReference(into), iconName);
        var written = new List<string>();
        if (iconPath is not null)
        {
            await File.WriteAllBytesAsync(iconPath, iconBytes!, cancellationToken).ConfigureAwait(false);
            written.Add(iconPath);
        }
        await File.WriteAllTextAsync(connectorPath, JsoncWriter.Write(reversed.File, reversed.Todos), cancellationToken).ConfigureAwait(false);
        written.Add(connectorPath);
        // --force over an existing sidecar: this API's record is replaced by the pulled ids, other APIs' records are kept.
        PublishSidecar sidecar;
        try
        {
            sidecar = PublishSidecar.Load(connectorPath);
        }
        catch (PublishException)
        {
            File.Delete(sidecarPath);
            sidecar = PublishSidecar.Load(connectorPath);
        }
        var target = sidecar.For(apiUrl);
        target.Ids.Clear();
        target.Unfinished = null;
        target.Icon = null;
        foreach (var (key, id) in reversed.Ids)
        {
            target.Ids[key] = id;
        }
        target.PublishedVersion = tree.Data["version"] is JsonValue version && version.TryGetValue<int>(out var number) ? number : null;
        if (iconBytes is not null && logoUrl is not null)
        {
            target.Icon = new IconRecord(IconFile.Digest(iconBytes), logoUrl);
        }
        sidecar.Save();
        written.Add(sidecarPath);

        // The check a user would make: validate, then publish --plan of the pulled file.
        progress?.Report("Checking the pulled file (validate, publish --plan)");
        var workspace = new ConnectorWorkspace(PhysicalFileSystem.Instance, WorkspaceRoots.ForFolders([into]));
        workspace.Add(connectorPath);
        var document = workspace.GetConnector(connectorPath)!;
        var errors = ConnectorAnalyzer.Analyze(document, workspace.Files, cancellationToken)
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{Path.GetFileName(d.FilePath)}:{d.Range.Start.Line + 1}:{d.Range.Start.Character + 1}: {d.Code}: {d.Message}").ToList();
        int? planWrites;
        string planSummary;
        try
        {
            var plan = await PublishPlanner.PlanAsync(document, workspace.Files, api, apiUrl, VersionBump.Check, null, cancellationToken, assumptions).ConfigureAwait(false);
            planWrites = plan.Creates + plan.Updates + (plan.IconUpload is null ? 0 : 1);
            planSummary = plan.HasWrites
                ? $"{plan.Summary}: {string.Join("; ", plan.Steps.Where(s => s.Action != PlanAction.Unchanged).Select(s => s.Describe()))}"
                : plan.Summary;
        }
        catch (PublishException e) when (e.Reason == "versionPublished")
        {
            // The file says what Patchworks holds but cannot say all of it: the differences, field by field.
            var drift = await DriftReport.CompareAsync(document, workspace.Files, api, apiUrl, assumptions, cancellationToken).ConfigureAwait(false);
            planWrites = null;
            planSummary = $"refused: {e.Message} The differences: {string.Join("; ", drift.Items)}";
        }
        catch (PublishException e)
        {
            planWrites = null;
            planSummary = $"refused: {e.Message}{(e.Problems.Count > 0 ? " " + string.Join(" ", e.Problems.Select(p => p.Message)) : "")}";
        }
        return new PullResult
        {
            ConnectorPath = connectorPath,
            TemplateId = tree.Id,
            Name = name,
            Version = target.PublishedVersion,
            Written = written,
            IconProblem = iconProblem,
            NotInApi = ConnectorMapping.NotInApi,
            NotInFile = reversed.NotInFile,
            Placeholders = reversed.Placeholders,
            ValidationErrors = errors,
            PlanWrites = planWrites,
            PlanSummary = planSummary,
        };
    }

    private static async Task<JsonObject> FindAsync(CoreApiClient api, CoreApiAssumptions assumptions, PullRequest request, CancellationToken cancellationToken)
    {
        if (request.Id is { Length: > 0 } id)
        {
            return await api.GetAsync($"{assumptions.SystemTemplatesPath}/{Uri.EscapeDataString(id)}", cancellationToken).ConfigureAwait(false)
                ?? throw new PublishException($"The Core API has no system template {id}.") { Reason = "notFound" };
        }
        if (request.Name is not { Length: > 0 } name)
        {
            throw new PublishException("Name a system template: by id or by name.") { Reason = "badRequest" };
        }
        var found = (await api.ListAsync(assumptions.SystemTemplatesPath, new Dictionary<string, string> { ["name"] = name }, cancellationToken).ConfigureAwait(false))
            .Where(t => t["name"]?.ToString() == name).ToList();
        return found.Count switch
        {
            0 => throw new PublishException($"The Core API has no system template named '{name}'.") { Reason = "notFound" },
            1 => found[0],
            _ => throw new PublishException($"The Core API holds {found.Count} system templates named '{name}' (ids {string.Join(", ", found.Select(PublishPlanner.IdOf))}): pull one by its id.") { Reason = "ambiguous" },
        };
    }

    /// <summary>The image type by its first bytes: png, jpg, gif or svg; null for anything else.</summary>
    public static string? Sniff(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return "png";
        }
        if (span.Length >= 3 && span[0] == 0xFF && span[1] == 0xD8 && span[2] == 0xFF)
        {
            return "jpg";
        }
        if (span.StartsWith("GIF87a"u8) || span.StartsWith("GIF89a"u8))
        {
            return "gif";
        }
        var head = Encoding.UTF8.GetString(span[..Math.Min(span.Length, 4096)]);
        return head.Contains("<svg", StringComparison.OrdinalIgnoreCase) ? "svg" : null;
    }

    /// <summary>As the New Connector wizard chooses it: the workspace's schemas/connector.schema.json, relative, else the schema's $id.</summary>
    private static string SchemaReference(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            var schema = Path.Combine(dir.FullName, "schemas", "connector.schema.json");
            if (File.Exists(schema))
            {
                return Path.GetRelativePath(folder, schema).Replace('\\', '/');
            }
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
            {
                break;
            }
        }
        return SchemaId;
    }
}
