using Patchworks.Core.Model;
using Patchworks.Core.Rules.Instances;

namespace Patchworks.Core.Workspace;

/// <summary>A variable as a form or a pick list needs it: its key, labels, default, whether it is required or secret, and its level.</summary>
public sealed record OutlineVariable(string Key, string? DisplayName, string? Description, string? Default, bool Required, bool Secret, string Level, string? Owner);

/// <summary>An auth method and the variables an instance fills in for it (its own, then the connector variables it uses).</summary>
public sealed record OutlineAuthMethod(string Id, string Name, string? Type, IReadOnlyList<OutlineVariable> InstanceVariables);

/// <summary>An endpoint as a pick list and the runner's panel need it.</summary>
public sealed record OutlineEndpoint(string Id, string? Name, string? Method, string? Url, string? DataPath, string DataType, bool HasSchema);

/// <summary>An event connector's listener.</summary>
public sealed record OutlineListener(string Id, string? Name, string? Queue, bool HasSampleBody);

/// <summary>A tests file of the connector, and the instance it names for its cases (as written).</summary>
public sealed record OutlineTestsFile(string Path, string? Instance);

/// <summary>An instance of the connector in the workspace.</summary>
public sealed record OutlineInstance(string Path, string Label, string? Name, string? Environment);

/// <summary>
/// What the editor needs to know of a connector without reading its file itself: its kind and name, variables with
/// their levels, auth methods with the variables an instance fills in, endpoints, listeners, and its instances in
/// the workspace. A half-typed file gives what can be read (items without an id are left out; SyntaxErrors counts
/// what the parser had to skip).
/// </summary>
public sealed record ConnectorOutline(
    string Kind,
    string? Name,
    string? DateFormat,
    IReadOnlyList<OutlineVariable> Variables,
    IReadOnlyList<OutlineAuthMethod> AuthMethods,
    IReadOnlyList<OutlineEndpoint> Endpoints,
    IReadOnlyList<OutlineListener> Listeners,
    IReadOnlyList<OutlineInstance> Instances,
    IReadOnlyList<OutlineTestsFile> TestsFiles,
    int SyntaxErrors)
{
    /// <param name="tests">The connector's tests files the caller knows (the language server's scan and open buffers).</param>
    public static ConnectorOutline Build(ConnectorDocument document, ConnectorWorkspace workspace, IEnumerable<Testing.TestsFile>? tests = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(workspace);
        var model = document.Model;
        return new ConnectorOutline(
            model.Kind,
            model.Name,
            model.DateFormat,
            [.. model.Variables.Select(Variable)],
            [.. model.AuthMethods.Where(a => !string.IsNullOrEmpty(a.Id)).Select(a => new OutlineAuthMethod(a.Id!, a.Name ?? a.Id!, a.Type,
                [.. InstanceAnalyzer.InstanceVariables(model, a).Select(Variable)]))],
            [.. model.Endpoints.Where(e => !string.IsNullOrEmpty(e.Id)).Select(e => new OutlineEndpoint(e.Id!, e.Name, e.HttpMethod, e.Url?.Value, e.DataPath, e.DataType,
                e.SchemaFile is not null || e.InlineSchema is not null))],
            [.. model.Listeners.Where(l => !string.IsNullOrEmpty(l.Id)).Select(l => new OutlineListener(l.Id!, l.Name, l.Queue?.Name?.Value,
                l.Message.SampleBodyFile is not null || l.Message.InlineSampleBody is not null))],
            [.. workspace.InstancesOf(model.FilePath).Select(i => new OutlineInstance(i.Model.FilePath, Label(i.Model.FilePath), i.Model.Name, i.Model.Environment))
                .OrderBy(i => i.Label, StringComparer.Ordinal)],
            [.. (tests ?? []).Select(t => new OutlineTestsFile(t.FilePath, t.InstancePath))],
            document.Tree.Errors.Count);
    }

    /// <summary>"uk-test" for ".../uk-test.instance.json": the short label the status bar shows.</summary>
    public static string Label(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        return name.EndsWith(".instance.json", StringComparison.OrdinalIgnoreCase) ? name[..^".instance.json".Length] : name;
    }

    /// <summary>A secret variable's default is left out: the outline goes to the editor, which never needs a secret's value.</summary>
    private static OutlineVariable Variable(VariableDefinition v) =>
        new(v.Key, v.DisplayName, v.Description, v.Secret ? null : v.Default, v.Required, v.Secret, v.LevelName, v.OwnerId);
}
