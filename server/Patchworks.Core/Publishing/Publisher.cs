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
        var sidecar = plan.Sidecar;
        var target = sidecar.For(plan.ApiUrl);
        var idsBefore = target.Ids.Count;
        foreach (var (key, id) in plan.MatchedIds)
        {
            target.Ids[key] = id;
        }
        if (!plan.HasWrites)
        {
            if (target.Ids.Count != idsBefore || target.PublishedVersion != plan.RemoteVersion || target.Unfinished is not null)
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
        var writes = plan.Steps.Where(s => s.Action != PlanAction.Unchanged).ToList();
        var templateStep = plan.Steps.First(s => s.Resource.Kind == ResourceKind.SystemTemplate);
        var versionLast = templateStep.Action == PlanAction.Update ? templateStep.Changes.Where(c => c.Field is "version" or "version_name").ToList() : [];
        var done = 0;
        var total = writes.Count + (versionLast.Count > 0 && templateStep.Changes.Count == versionLast.Count ? 0 : versionLast.Count > 0 ? 1 : 0);
        PlanStep? current = null;
        try
        {
            foreach (var step in writes)
            {
                current = step;
                cancellationToken.ThrowIfCancellationRequested();
                var resource = step.Resource;
                var path = PublishPlanner.CollectionPath(resource.Kind);
                if (step.Action == PlanAction.Create)
                {
                    var body = (JsonObject)resource.Fields.DeepClone();
                    if (step.ParentKey is { } parentKey)
                    {
                        var parentId = ids.GetValueOrDefault(parentKey) ?? throw new PublishException($"Internal: {resource.Label} comes before its owner.");
                        foreach (var (name, value) in PublishPlanner.LinkFields(resource.Kind, kinds[parentKey], parentId))
                        {
                            body[name] = value?.DeepClone();
                        }
                    }
                    progress?.Report($"({++done}/{total}) Creating {resource.Label}");
                    var created = await api.CreateAsync(path, body, cancellationToken).ConfigureAwait(false);
                    ids[resource.Key] = target.Ids[resource.Key] = PublishPlanner.IdOf(created);
                    target.Unfinished.Done.Add($"created {resource.Key} = {ids[resource.Key]}");
                }
                else
                {
                    var changes = resource.Kind == ResourceKind.SystemTemplate ? step.Changes.Except(versionLast).ToList() : step.Changes;
                    if (changes.Count == 0)
                    {
                        continue;
                    }
                    var body = new JsonObject();
                    foreach (var change in changes)
                    {
                        body[change.Field] = change.To?.DeepClone();
                    }
                    progress?.Report($"({++done}/{total}) Updating {resource.Label}: {string.Join(", ", changes.Select(c => c.Field))}");
                    await api.UpdateAsync($"{path}/{Uri.EscapeDataString(step.RemoteId!)}", body, cancellationToken).ConfigureAwait(false);
                    target.Ids[resource.Key] = step.RemoteId!;
                    target.Unfinished.Done.Add($"updated {resource.Key}: {string.Join(", ", changes.Select(c => c.Field))}");
                }
                sidecar.Save();
            }
            if (versionLast.Count > 0)
            {
                current = templateStep;
                var body = new JsonObject();
                foreach (var change in versionLast)
                {
                    body[change.Field] = change.To?.DeepClone();
                }
                progress?.Report($"({++done}/{total}) Setting the version of {templateStep.Resource.Label} to {plan.PublishVersion}");
                await api.UpdateAsync($"{ConnectorMapping.TemplatesPath}/{Uri.EscapeDataString(templateStep.RemoteId!)}", body, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is CoreApiException or OperationCanceledException)
        {
            var message = e is CoreApiException ? e.Message : "cancelled";
            target.Unfinished.Error = message;
            sidecar.Save();
            var problems = e is CoreApiException { FieldErrors.Count: > 0 } api422 && current is not null ? Place(api422, current.Resource, document) : [];
            var record = $"{done - 1} of {total} writes were made; the sidecar ({Path.GetFileName(sidecar.FilePath)}) records them, and the next publish finishes the job.";
            if (e is OperationCanceledException)
            {
                throw new PublishException($"Publishing was cancelled. {record}", problems, e) { Reason = "cancelled" };
            }
            throw new PublishException($"Publishing stopped at {current?.Resource.Label}: {message} {record}", problems, e) { Reason = "failed" };
        }

        target.PublishedVersion = plan.PublishVersion;
        target.Unfinished = null;
        sidecar.Save();
        return new PublishResult(ids["template"], plan.PublishVersion, plan.Creates, plan.Updates, api.Writes, sidecar.FilePath, fileBumped);
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
