using System.Text.Json.Nodes;
using Patchworks.Core.Diagnostics;
using Patchworks.Core.Rules;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Publishing;

/// <summary>How the version number is handled when the content changed but the file's version is already published.</summary>
public enum VersionBump
{
    /// <summary>Refuse, asking for a higher version.number (the default).</summary>
    Check,
    Patch,
    Minor,
    Major,
}

/// <summary>
/// Builds the plan: refuses a connector with errors, reads what the Core API holds for it, and compares field by
/// field. Only reads (GET); <see cref="Publisher"/> writes.
/// </summary>
public static class PublishPlanner
{
    /// <summary>Codes of the publishing requirements (PW6001-PW6099): warnings in validate, errors here.</summary>
    public const string RequirementCodePrefix = "PW60";

    public static async Task<PublishPlan> PlanAsync(ConnectorDocument document, IFileSystem files, CoreApiClient api, string apiUrl, VersionBump bump,
        IProgress<string>? progress, CancellationToken cancellationToken, CoreApiAssumptions? assumptions = null)
    {
        assumptions ??= CoreApiAssumptions.Default;
        var connector = document.Model;
        if (connector.IsEvent)
        {
            // Before any request: the Core API documents no event connectors, so nothing could be written that follows it.
            throw new PublishException($"'{connector.Name}' is an event connector: the Core API does not document event connectors, so publishing refuses it. " +
                "Create it in Patchworks (Connectors > Event connectors) and keep this file as its tested description.") { Reason = "eventConnector" };
        }
        var errors = ConnectorAnalyzer.Analyze(document, files, publishingRequirements: true, cancellationToken)
            .Where(d => d.Severity == DiagnosticSeverity.Error || d.Code.StartsWith(RequirementCodePrefix, StringComparison.Ordinal)).ToList();
        if (errors.Count > 0)
        {
            throw new PublishException($"The connector has {errors.Count} error{(errors.Count == 1 ? "" : "s")}; publishing refuses it until they are fixed.",
                [.. errors.Select(e => new PublishProblem(e.FilePath, e.Range.Start.Line + 1, e.Range.Start.Character + 1, $"{e.Code}: {e.Message}"))])
            { Reason = "connectorErrors" };
        }
        if (connector.Name is null || connector.VersionNumber is not { } fileVersion)
        {
            throw new PublishException("The connector needs a name and a version number to be published.");
        }

        var sidecar = PublishSidecar.Load(connector.FilePath);
        var target = sidecar.For(apiUrl);
        var notes = new List<string>();

        progress?.Report("Reading the Core API's system, entity and authentication types");
        var references = await ReferenceLists.ReadAsync(api, assumptions, cancellationToken).ConfigureAwait(false);
        var mapped = ConnectorMapping.Map(connector, references, assumptions);
        if (mapped.Problems.Count > 0)
        {
            throw new PublishException($"The connector names {mapped.Problems.Count} type{(mapped.Problems.Count == 1 ? "" : "s")} the Core API does not have; publishing refuses it until they name one of the API's.",
                mapped.Problems) { Reason = "connectorErrors" };
        }

        progress?.Report($"Reading '{connector.Name}' from the Core API");
        var remoteTemplate = await FindTemplateAsync(api, assumptions, connector.Name, target, notes, cancellationToken).ConfigureAwait(false);
        var remoteVersion = remoteTemplate?["version"] is JsonValue rv && rv.TryGetValue<int>(out var r) ? r : (int?)null;
        if (remoteVersion > fileVersion)
        {
            throw new PublishException($"The marketplace holds version {remoteVersion} of '{connector.Name}', newer than the file's version {fileVersion}: " +
                $"it was published from elsewhere since this file was written. Bring those changes into the file and set version.number above {remoteVersion}; publishing never overwrites a newer version.") { Reason = "remoteNewer" };
        }

        // A7: a template at the in-progress version is a first publish that stopped part-way: this one finishes it.
        var unfinishedRemote = remoteTemplate is not null && remoteVersion == assumptions.InProgressVersion;
        if (unfinishedRemote)
        {
            notes.Add($"The marketplace's system template '{connector.Name}' is at version {assumptions.InProgressVersion} (A7): an unfinished publish, finishing it.");
        }
        var resuming = unfinishedRemote || (remoteTemplate is not null && target.Unfinished is { } unfinished && unfinished.Version == fileVersion);
        var remote = remoteTemplate is null ? null : await ReadTreeAsync(api, assumptions, ResourceKind.SystemTemplate, remoteTemplate, cancellationToken).ConfigureAwait(false);
        var icon = await IconAsync(api, mapped, remoteTemplate, target, progress, cancellationToken).ConfigureAwait(false);
        var (steps, leftAlone, matched) = Compare(mapped.Template, remote, target);

        var publishVersion = fileVersion;
        var publishVersionName = connector.VersionName;
        string? bumped = null;
        var contentChanges = steps.Any(s => s.Action == PlanAction.Create
            || s.Changes.Any(c => !(s.Resource.Kind == ResourceKind.SystemTemplate && c.Field is "version" or "version_name")));
        var versionNameChanged = steps.Any(s => s.Resource.Kind == ResourceKind.SystemTemplate && s.Changes.Any(c => c.Field == "version_name"));
        if (remoteTemplate is not null && fileVersion == remoteVersion && (contentChanges || versionNameChanged) && !resuming)
        {
            if (bump == VersionBump.Check)
            {
                throw new PublishException($"Version {fileVersion} of '{connector.Name}' is already in the marketplace and the file differs from it " +
                    $"({steps.Count(s => s.Action != PlanAction.Unchanged)} parts): raise version.number in the file, or pass --bump patch|minor|major.") { Reason = "versionPublished" };
            }
            (publishVersion, publishVersionName) = VersionBumper.Next(fileVersion, connector.VersionName, bump);
            bumped = bump.ToString().ToLowerInvariant();
            mapped = ConnectorMapping.Map(connector, references, assumptions, (publishVersion, publishVersionName));
            icon = await IconAsync(api, mapped, remoteTemplate, target, null, cancellationToken).ConfigureAwait(false);
            (steps, leftAlone, matched) = Compare(mapped.Template, remote, target);
        }
        else if (bump != VersionBump.Check && remoteTemplate is not null && (contentChanges || versionNameChanged) && !resuming)
        {
            notes.Add($"--bump not applied: the file's version {fileVersion} is already above the marketplace's {remoteVersion}.");
        }
        else if (bump != VersionBump.Check && (remoteTemplate is null || unfinishedRemote))
        {
            notes.Add($"--bump not applied: this is the first publish, of the file's version {fileVersion}.");
        }
        if (target.Unfinished is { } stopped && !resuming)
        {
            notes.Add($"The sidecar records an unfinished publish of version {stopped.Version}; this plan starts again from what the marketplace holds.");
        }

        return new PublishPlan
        {
            ConnectorPath = connector.FilePath,
            ApiUrl = apiUrl,
            ConnectorName = connector.Name,
            TemplateId = remote?.Id,
            FileVersion = fileVersion,
            RemoteVersion = remoteVersion,
            PublishVersion = publishVersion,
            PublishVersionName = publishVersionName,
            Bump = bumped,
            Resuming = resuming,
            UnfinishedRemote = unfinishedRemote,
            Steps = steps,
            LeftAlone = leftAlone,
            NotPublished = mapped.NotPublished,
            Notes = notes,
            Sidecar = sidecar,
            MatchedIds = matched,
            Assumptions = assumptions,
            IconUpload = icon.Upload,
            IconRecord = icon.Record,
        };
    }

    /// <summary>
    /// Sets the template's logo_url: the one the marketplace has when it holds this icon (the sidecar's record of
    /// the icon's sha256 and the URL it got; without one, the bytes at the remote logo_url compared), else a
    /// placeholder the publisher replaces with the URL the upload gives (A5).
    /// </summary>
    private static async Task<(IconFile? Upload, IconRecord? Record)> IconAsync(CoreApiClient api, ConnectorMapping.Mapped mapped, JsonObject? remoteTemplate, PublishTarget target,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (mapped.Icon is not { } icon)
        {
            return (null, null);
        }
        var remoteLogo = remoteTemplate?["logo_url"] is JsonValue l && l.TryGetValue<string>(out var url) && url.Length > 0 ? url : null;
        if (remoteLogo is not null)
        {
            if (target.Icon is { } known && known.Sha256 == icon.Sha256 && known.LogoUrl == remoteLogo)
            {
                mapped.Template.Fields["logo_url"] = remoteLogo;
                return (null, known);
            }
            progress?.Report("Comparing the icon with the marketplace's logo");
            if (await api.DownloadLogoAsync(remoteLogo, cancellationToken).ConfigureAwait(false) is { } bytes && bytes.AsSpan().SequenceEqual(icon.Bytes))
            {
                mapped.Template.Fields["logo_url"] = remoteLogo;
                return (null, new IconRecord(icon.Sha256, remoteLogo));
            }
        }
        mapped.Template.Fields["logo_url"] = $"(upload {icon.Describe()})";
        return (icon, null);
    }

    private static async Task<JsonObject?> FindTemplateAsync(CoreApiClient api, CoreApiAssumptions assumptions, string name, PublishTarget target, List<string> notes, CancellationToken cancellationToken)
    {
        if (target.Ids.TryGetValue("template", out var storedId))
        {
            if (await api.GetAsync($"{assumptions.SystemTemplatesPath}/{Uri.EscapeDataString(storedId)}", cancellationToken).ConfigureAwait(false) is { } byId)
            {
                return byId;
            }
            notes.Add($"The sidecar's system template {storedId} no longer exists; matching by name instead.");
        }
        var byName = (await api.ListAsync(assumptions.SystemTemplatesPath, new Dictionary<string, string> { ["name"] = name }, cancellationToken).ConfigureAwait(false))
            .Where(t => t["name"]?.ToString() == name).ToList();
        return byName.Count switch
        {
            0 => null,
            1 => byName[0],
            _ => throw new PublishException($"The Core API holds {byName.Count} system templates named '{name}' (ids {string.Join(", ", byName.Select(IdOf))}): " +
                "put the right one's id in the sidecar under \"template\" so publishing knows which to update."),
        };
    }

    /// <summary>A remote resource with its children of the kinds we publish.</summary>
    internal sealed record RemoteNode(ResourceKind Kind, string Id, JsonObject Data, List<RemoteNode> Children);

    internal static async Task<RemoteNode> ReadTreeAsync(CoreApiClient api, CoreApiAssumptions assumptions, ResourceKind kind, JsonObject data, CancellationToken cancellationToken)
    {
        var node = new RemoteNode(kind, IdOf(data), data, []);
        foreach (var childKind in ChildKinds(kind))
        {
            var path = assumptions.CollectionPath(childKind);
            foreach (var child in await api.ListAsync(path, assumptions.LinkFilter(childKind, kind, node.Id), cancellationToken).ConfigureAwait(false))
            {
                node.Children.Add(await ReadTreeAsync(api, assumptions, childKind, child, cancellationToken).ConfigureAwait(false));
            }
        }
        return node;
    }

    public static IEnumerable<ResourceKind> ChildKinds(ResourceKind kind) => kind switch
    {
        ResourceKind.SystemTemplate => [ResourceKind.Variable, ResourceKind.AuthenticationImplementation],
        ResourceKind.AuthenticationImplementation => [ResourceKind.Variable, ResourceKind.RequestOption, ResourceKind.Endpoint],
        ResourceKind.Endpoint => [ResourceKind.Variable, ResourceKind.RequestOption],
        _ => [],
    };

    public static string IdOf(JsonObject data) => data["id"]?.ToString() ?? throw new PublishException("The Core API answered a resource without an id.");

    private static string MatchValueOf(ResourceKind kind, JsonObject data) => kind switch
    {
        ResourceKind.Variable => data["key"]?.ToString() ?? "",
        ResourceKind.RequestOption => $"{data["type"]}:{data["key"]}",
        _ => data["name"]?.ToString() ?? "",
    };

    private static (List<PlanStep> Steps, List<LeftAlone> LeftAlone, Dictionary<string, string> Matched) Compare(DesiredResource template, RemoteNode? remote, PublishTarget target)
    {
        var steps = new List<PlanStep>();
        var leftAlone = new List<LeftAlone>();
        var matched = new Dictionary<string, string>(StringComparer.Ordinal);
        CompareOne(template, remote, null, target, steps, leftAlone, matched);
        return (steps, leftAlone, matched);
    }

    private static void CompareOne(DesiredResource desired, RemoteNode? remote, string? parentKey, PublishTarget target, List<PlanStep> steps, List<LeftAlone> leftAlone, Dictionary<string, string> matched)
    {
        if (remote is null)
        {
            steps.Add(new PlanStep(PlanAction.Create, desired, null, [], parentKey));
            foreach (var child in desired.Children)
            {
                CompareOne(child, null, desired.Key, target, steps, leftAlone, matched);
            }
            return;
        }
        matched[desired.Key] = remote.Id;
        var changes = desired.Fields
            .Where(f => !JsonNode.DeepEquals(Normalise(f.Value), Normalise(remote.Data[f.Key])))
            .Select(f => new FieldChange(f.Key, remote.Data[f.Key]?.DeepClone(), f.Value?.DeepClone()))
            .ToList();
        steps.Add(new PlanStep(changes.Count > 0 ? PlanAction.Update : PlanAction.Unchanged, desired, remote.Id, changes, parentKey));

        var unclaimed = new List<RemoteNode>(remote.Children);
        foreach (var child in desired.Children)
        {
            var candidates = unclaimed.Where(r => r.Kind == child.Kind).ToList();
            var match = target.Ids.TryGetValue(child.Key, out var storedId) ? candidates.FirstOrDefault(r => r.Id == storedId) : null;
            // By name or key (type + key for a request option; a repeated one, "#2", takes the next unclaimed one).
            var matchValue = child.MatchValue.Contains('#', StringComparison.Ordinal) && child.Kind == ResourceKind.RequestOption ? child.MatchValue[..child.MatchValue.LastIndexOf('#')] : child.MatchValue;
            match ??= candidates.FirstOrDefault(r => MatchValueOf(child.Kind, r.Data) == matchValue);
            if (match is not null)
            {
                unclaimed.Remove(match);
            }
            CompareOne(child, match, desired.Key, target, steps, leftAlone, matched);
        }
        foreach (var other in unclaimed)
        {
            var kind = other.Kind;
            leftAlone.Add(new LeftAlone($"{kind switch { ResourceKind.AuthenticationImplementation => "authentication implementation", ResourceKind.Endpoint => "endpoint", ResourceKind.Variable => "variable", _ => "request option" }} '{MatchValueOf(kind, other.Data)}' of {desired.Label}", other.Id));
        }
    }

    /// <summary>An absent field and a null are the same; so are 2 and 2.0.</summary>
    private static JsonNode? Normalise(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<double>(out var number) ? JsonValue.Create(number) : value;
}
