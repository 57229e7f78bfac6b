using System.Globalization;
using System.Text.Json.Nodes;
using Patchworks.Core.Syntax;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Publishing;

/// <summary>The outcome of a publish: the template's id, the version published, and the writes made.</summary>
public sealed record PublishResult(string TemplateId, int Version, int Creates, int Updates, int Writes, string SidecarPath, bool FileBumped)
{
    /// <summary>As `patchworks publish --format json` prints it and patchworks/publish answers it.</summary>
    public JsonObject ToJson() => new()
    {
        ["templateId"] = TemplateId,
        ["version"] = Version,
        ["creates"] = Creates,
        ["updates"] = Updates,
        ["writes"] = Writes,
        ["sidecar"] = SidecarPath,
        ["fileBumped"] = FileBumped,
    };
}

/// <summary>
/// Carries out a plan: creates and updates in order (owners before their parts), recording every created id and
/// every step done in the sidecar as it goes, so that a failure part-way leaves a record and the next run's plan
/// creates only what is still missing. The template's version is written last: a marketplace version number means
/// the publish of that version finished. Nothing is ever deleted.
/// </summary>
public static class Publisher
{
    public static async Task<PublishResult> PublishAsync(PublishPlan plan, ConnectorDocument document, CoreApiClient api, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var assumptions = plan.Assumptions;
        var sidecar = plan.Sidecar;
        var target = sidecar.For(plan.ApiUrl);
        var idsBefore = target.Ids.Count;
        var iconBefore = target.Icon;
        foreach (var (key, id) in plan.MatchedIds)
        {
            target.Ids[key] = id;
        }
        if (plan.IconRecord is { } record)
        {
            target.Icon = record;
        }
        if (!plan.HasWrites)
        {
            if (target.Ids.Count != idsBefore || target.PublishedVersion != plan.RemoteVersion || target.Unfinished is not null || target.Icon != iconBefore)
            {
                target.PublishedVersion = plan.RemoteVersion;
                target.Unfinished = null;
                sidecar.Save();
            }
            return new PublishResult(plan.TemplateId!, plan.RemoteVersion ?? plan.FileVersion, 0, 0, 0, sidecar.FilePath, false);
        }

        var fileBumped = false;
        if (plan.Bump is not null)
        {
            var text = VersionBumper.Apply(document.Model, plan.PublishVersion, plan.PublishVersionName);
            await File.WriteAllTextAsync(document.FilePath, text, cancellationToken).ConfigureAwait(false);
            fileBumped = true;
            progress?.Report($"Bumped the file's version to {plan.PublishVersion}");
        }
        if (target.Unfinished is not { } unfinished || unfinished.Version != plan.PublishVersion)
        {
            target.Unfinished = new UnfinishedPublish { Version = plan.PublishVersion, StartedAt = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture) };
        }
        target.Unfinished.Error = null;
        sidecar.Save();

        var ids = new Dictionary<string, string>(target.Ids, StringComparer.Ordinal);
        var kinds = plan.Steps.ToDictionary(s => s.Resource.Key, s => s.Resource.Kind, StringComparer.Ordinal);
        var templateStep = plan.Steps.First(s => s.Resource.Kind == ResourceKind.SystemTemplate);
        // The version is written last (A7): a first publish creates the template at the in-progress version.
        var versionLast = templateStep.Action switch
        {
            PlanAction.Create => [.. templateStep.Resource.Fields.Where(f => f.Key is "version" or "version_name").Select(f => new FieldChange(f.Key, null, f.Value?.DeepClone()))],
            PlanAction.Update => templateStep.Changes.Where(c => c.Field is "version" or "version_name").ToList(),
            _ => new List<FieldChange>(),
        };
        var writes = plan.Steps.Where(s => s.Action != PlanAction.Unchanged
            && !(s == templateStep && s.Action == PlanAction.Update && s.Changes.All(c => c.Field is "version" or "version_name"))).ToList();
        var total = (plan.IconUpload is null ? 0 : 1) + writes.Count + (versionLast.Count > 0 ? 1 : 0);
        var written = 0;
        string? logoUrl = null;
        string current = "the icon";
        PlanStep? currentStep = null;
        try
        {
            if (plan.IconUpload is { } icon)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report($"({written + 1}/{total}) Uploading the icon ({icon.Describe()})");
                logoUrl = await api.UploadLogoAsync(assumptions, icon, cancellationToken).ConfigureAwait(false);
                written++;
                target.Icon = new IconRecord(icon.Sha256, logoUrl);
                target.Unfinished.Done.Add($"uploaded the icon = {logoUrl}");
                sidecar.Save();
            }
            foreach (var step in writes)
            {
                currentStep = step;
                current = step.Resource.Label;
                cancellationToken.ThrowIfCancellationRequested();
                var resource = step.Resource;
                var path = assumptions.CollectionPath(resource.Kind);
                if (step.Action == PlanAction.Create)
                {
                    var body = new JsonObject();
                    foreach (var (name, value) in resource.Fields)
                    {
                        if (value is not null)
                        {
                            // Never a null: a field the file leaves out is left out (the required ones are checked before).
                            body[name] = value.DeepClone();
                        }
                    }
                    if (resource.Kind == ResourceKind.SystemTemplate)
                    {
                        body["version"] = assumptions.InProgressVersion;
                        body["version_name"] = assumptions.InProgressVersionName;
                        if (logoUrl is not null)
                        {
                            body["logo_url"] = logoUrl;
                        }
                    }
                    if (step.ParentKey is { } parentKey)
                    {
                        var parentId = ids.GetValueOrDefault(parentKey) ?? throw new PublishException($"Internal: {resource.Label} comes before its owner.");
                        foreach (var (name, value) in assumptions.LinkFields(resource.Kind, kinds[parentKey], parentId))
                        {
                            body[name] = value?.DeepClone();
                        }
                    }
                    progress?.Report($"({written + 1}/{total}) Creating {resource.Label}");
                    var created = await api.CreateAsync(path, body, cancellationToken).ConfigureAwait(false);
                    written++;
                    ids[resource.Key] = target.Ids[resource.Key] = PublishPlanner.IdOf(created);
                    target.Unfinished.Done.Add($"created {resource.Key} = {ids[resource.Key]}");
                }
                else
                {
                    var changes = resource.Kind == ResourceKind.SystemTemplate ? step.Changes.Except(versionLast).ToList() : step.Changes;
                    var body = new JsonObject();
                    foreach (var change in changes)
                    {
                        body[change.Field] = change.Field == "logo_url" && logoUrl is not null ? logoUrl : change.To?.DeepClone();
                    }
                    progress?.Report($"({written + 1}/{total}) Updating {resource.Label}: {string.Join(", ", changes.Select(c => c.Field))}");
                    await api.UpdateAsync($"{path}/{Uri.EscapeDataString(step.RemoteId!)}", body, cancellationToken).ConfigureAwait(false);
                    written++;
                    target.Ids[resource.Key] = step.RemoteId!;
                    target.Unfinished.Done.Add($"updated {resource.Key}: {string.Join(", ", changes.Select(c => c.Field))}");
                }
                sidecar.Save();
            }
            if (versionLast.Count > 0)
            {
                currentStep = templateStep;
                current = templateStep.Resource.Label;
                cancellationToken.ThrowIfCancellationRequested();
                var body = new JsonObject();
                foreach (var change in versionLast)
                {
                    body[change.Field] = change.To?.DeepClone();
                }
                progress?.Report($"({written + 1}/{total}) Setting the version of {templateStep.Resource.Label} to {plan.PublishVersion}");
                await api.UpdateAsync($"{assumptions.SystemTemplatesPath}/{Uri.EscapeDataString(ids["template"])}", body, cancellationToken).ConfigureAwait(false);
                written++;
            }
        }
        catch (Exception e) when (e is CoreApiException or OperationCanceledException)
        {
            var message = e is CoreApiException ? e.Message : "cancelled";
            target.Unfinished.Error = message;
            sidecar.Save();
            var problems = e is CoreApiException { FieldErrors.Count: > 0 } api422 && currentStep is not null ? Place(api422, currentStep.Resource, document) : [];
            var count = $"{written} of {total} write{(total == 1 ? " was" : "s were")} made";
            var sidecarName = Path.GetFileName(sidecar.FilePath);
            if (e is OperationCanceledException)
            {
                throw new PublishException($"Publishing was cancelled: {count}; the sidecar ({sidecarName}) records them. Publishing again finishes the job.", problems, e) { Reason = "cancelled", Writes = (written, total) };
            }
            var status = (e as CoreApiException)!.Status;
            if (status is >= 400 and < 500 and not 408 and not 429)
            {
                // The API refused what was sent (422: a problem in the file; 401, 403, 413): running again as it is would be refused again.
                var fix = status switch
                {
                    422 => problems.Count > 0 ? "Fix the file where the problems are shown, then publish again" : "Fix what the message names in the file, then publish again",
                    401 => "Fix the credentials, then publish again",
                    403 => "Publish with an account that may (a manager or administrator)",
                    413 => "Make the file's largest value smaller, then publish again",
                    _ => "Fix the cause, then publish again",
                };
                throw new PublishException($"Publishing stopped at {current}: {message} {count}. {fix}: what was written is kept and matched, and only what is missing is created.",
                    problems, e) { Reason = status switch { 422 => "connectorErrors", 401 => "credentialsRefused", _ => "coreApi" }, Writes = (written, total) };
            }
            throw new PublishException($"Publishing stopped at {current}: {message} {count}; the sidecar ({sidecarName}) records them. " +
                "Running the same publish again finishes the job, creating only what is missing.", problems, e) { Reason = "failed", Writes = (written, total) };
        }

        target.PublishedVersion = plan.PublishVersion;
        target.Unfinished = null;
        sidecar.Save();
        return new PublishResult(ids["template"], plan.PublishVersion, plan.Creates, plan.Updates, written, sidecar.FilePath, fileBumped);
    }

    /// <summary>422 field errors placed where the field comes from in the connector file (the resource itself when the field has no place).</summary>
    public static IReadOnlyList<PublishProblem> Place(CoreApiException error, DesiredResource resource, ConnectorDocument document)
    {
        var lines = document.Tree.Lines;
        var problems = new List<PublishProblem>();
        foreach (var field in error.FieldErrors)
        {
            var name = field.Field.Contains('.', StringComparison.Ordinal) ? field.Field[(field.Field.LastIndexOf('.') + 1)..] : field.Field;
            SyntaxNode? node = resource.Sources.GetValueOrDefault(name) ?? resource.Node;
            var position = node is null ? new Text.Position(0, 0) : lines.GetPosition(node.Span.Start);
            problems.Add(new PublishProblem(document.FilePath, position.Line + 1, position.Character + 1,
                $"{resource.Label}: {name}: {string.Join(" ", field.Messages)}"));
        }
        return problems;
    }
}
