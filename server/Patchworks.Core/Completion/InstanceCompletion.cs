using Patchworks.Core.Model;
using Patchworks.Core.Rules.Instances;
using Patchworks.Core.Schema;
using Patchworks.Core.Syntax;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Completion;

/// <summary>
/// Completion in an instance file: its schema's properties and enums, and what its connector defines: auth
/// method ids, endpoint ids, the variables the chosen auth method asks for, and connector files to point at.
/// </summary>
public static class InstanceCompletion
{
    /// <param name="connector">The instance's connector, or null when it names none or the file does not load.</param>
    /// <param name="connectorFiles">Absolute paths of connector files the "connector" value may name.</param>
    public static IReadOnlyList<CompletionCandidate> At(InstanceDocument document, int offset, ConnectorDocument? connector, IEnumerable<string> connectorFiles)
    {
        var text = document.Tree.Text;
        var position = CursorLocator.Locate(document.Tree, offset);
        var root = SchemaCatalog.Instance;
        var model = connector?.Model;
        switch (position.Place)
        {
            case CursorPlace.PropertyName when position.Object is { } obj:
                if (OwnerName(obj) is "values" or "secrets" or "endpointValues" && ReferenceEquals(obj.Parent?.Parent, document.Tree.Root))
                {
                    return model is null ? [] : [.. Keys(OwnerName(obj)!, document.Model, model, position, text)];
                }
                if (obj.Parent is PropertySyntax { Parent: ObjectSyntax values } && OwnerName(values) == "endpointValues" && model is not null)
                {
                    return [.. EndpointKeys(model.FindEndpoint(((PropertySyntax)obj.Parent).Name), position, text)];
                }
                return [.. PropertyNameCompletions.For(SchemaNavigator.SchemaOf(obj, root), position, text)];

            case CursorPlace.PropertyValue when position.Property is { } property:
                var isTop = ReferenceEquals(position.Object, document.Tree.Root);
                if (isTop && property.Name == "authMethod")
                {
                    return model is null ? [] : [.. model.AuthMethods.Where(a => a.Id is not null)
                        .Select(a => ValueCompletions.String(a.Id!, CandidateKind.Reference, position, text, a.Type is null ? "auth method" : $"{a.Type} auth method", a.Name))];
                }
                if (isTop && property.Name == "connector")
                {
                    var folder = Path.GetDirectoryName(document.FilePath) ?? ".";
                    return [.. connectorFiles.Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Distinct().Order(StringComparer.Ordinal)
                        .Select(p => ValueCompletions.String(p, CandidateKind.File, position, text, "connector file", null))];
                }
                var objectSchema = position.Object is { } o ? SchemaNavigator.SchemaOf(o, root) : null;
                return [.. ValueCompletions.For(objectSchema is null ? null : SchemaNavigator.PropertyOf(objectSchema, property.Name), position, text)];

            default:
                return [];
        }
    }

    /// <summary>The name of the property an object is the value of, or null.</summary>
    private static string? OwnerName(ObjectSyntax obj) => obj.Parent is PropertySyntax p && ReferenceEquals(p.Value, obj) ? p.Name : null;

    private static IEnumerable<CompletionCandidate> Keys(string owner, Instance instance, Connector connector, CursorPosition position, string text)
    {
        var present = Present(position);
        switch (owner)
        {
            case "endpointValues":
                foreach (var endpoint in connector.Endpoints.Where(e => e.Id is not null && !present.Contains(e.Id)))
                {
                    yield return PropertyNameCompletions.Named(endpoint.Id!, null, false, position, text, "endpoint", endpoint.Name, "{$1}") with { Kind = CandidateKind.Reference };
                }
                break;
            case "values" or "secrets":
                if (instance.AuthMethodId is not { } id || connector.FindAuthMethod(id) is not { } auth)
                {
                    yield break;
                }
                var secrets = owner == "secrets";
                foreach (var variable in InstanceAnalyzer.InstanceVariables(connector, auth).Where(v => v.Secret == secrets && !present.Contains(v.Key)))
                {
                    var value = secrets ? $"\"env:${{1:{variable.Key.ToUpperInvariant()}}}\"" : "\"$1\"";
                    yield return PropertyNameCompletions.Named(variable.Key, null, variable.Required, position, text,
                        $"{variable.LevelName} variable", variable.DisplayName ?? variable.Description, value) with { Kind = CandidateKind.Variable };
                }
                break;
        }
    }

    /// <summary>Inside endpointValues.&lt;id&gt;: the endpoint's variables and its parameters' keys.</summary>
    private static IEnumerable<CompletionCandidate> EndpointKeys(Endpoint? endpoint, CursorPosition position, string text)
    {
        if (endpoint is null)
        {
            yield break;
        }
        var present = Present(position);
        var keys = endpoint.Variables.Select(v => (v.Key, Detail: "endpoint variable", Doc: v.DisplayName ?? v.Description))
            .Concat(endpoint.Query.Concat(endpoint.Headers).Concat(endpoint.Body).Select(p => (p.Key, Detail: "filter", Doc: (string?)null)))
            .Where(k => !string.IsNullOrEmpty(k.Key) && !present.Contains(k.Key))
            .DistinctBy(k => k.Key);
        foreach (var (key, detail, doc) in keys)
        {
            yield return PropertyNameCompletions.Named(key, null, false, position, text, detail, doc, "\"$1\"") with { Kind = CandidateKind.Variable };
        }
    }

    private static HashSet<string> Present(CursorPosition position) =>
        position.Object!.Properties.Where(p => !ReferenceEquals(p, position.Property)).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
}
