using Patchworks.Core.Model;
using Patchworks.Core.Schema;
using Patchworks.Core.Syntax;
using Patchworks.Core.Testing;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Completion;

/// <summary>
/// Completion in a connector's tests file: its schema's properties and enums (expectations, stop reasons), and what
/// its connector defines: the endpoint ids not tested yet, the variables a case may set, instance and connector
/// files to point at. Without a connector only the schema's part is offered.
/// </summary>
public static class TestsFileCompletion
{
    /// <param name="connector">The connector the file tests (<see cref="TestsFile.ConnectorFullPath"/>), or null when it does not load.</param>
    /// <param name="instanceFiles">Absolute paths of instance files "instance" may name.</param>
    /// <param name="connectorFiles">Absolute paths of connector files "connector" may name.</param>
    public static IReadOnlyList<CompletionCandidate> At(TestsFile file, int offset, ConnectorDocument? connector, IEnumerable<string> instanceFiles, IEnumerable<string> connectorFiles)
    {
        var tree = file.Tree;
        var text = tree.Text;
        var position = CursorLocator.Locate(tree, offset);
        var root = SchemaCatalog.Tests;
        var model = connector?.Model;
        switch (position.Place)
        {
            case CursorPlace.PropertyName when position.Object is { } obj:
                if (IsEndpoints(tree, obj))
                {
                    return model is null ? [] : [.. EndpointIds(model, position, text)];
                }
                if (VariablesEndpoint(tree, obj) is { } endpointId)
                {
                    return model?.FindEndpoint(endpointId) is { } endpoint && connector is not null ? [.. VariableKeys(connector, endpoint, position, text)] : [];
                }
                return [.. PropertyNameCompletions.For(SchemaNavigator.SchemaOf(obj, root), position, text)];

            case CursorPlace.PropertyValue when position.Property is { } property:
                var isTop = ReferenceEquals(position.Object, tree.Root);
                if (property.Name == "instance" && (isTop || CaseEndpoint(tree, position.Object) is not null))
                {
                    return [.. Files(instanceFiles, file.Directory, position, text, "instance file")];
                }
                if (isTop && property.Name == "connector")
                {
                    return [.. Files(connectorFiles, file.Directory, position, text, "connector file")];
                }
                var objectSchema = position.Object is { } o ? SchemaNavigator.SchemaOf(o, root) : null;
                return [.. ValueCompletions.For(objectSchema is null ? null : SchemaNavigator.PropertyOf(objectSchema, property.Name), position, text)];

            case CursorPlace.ArrayItem when position.Array is { } array:
                // A list of allowed values ("stop": ["completed", "maxPages"]): the schema's items.
                var arraySchema = SchemaNavigator.SchemaOf(array, root);
                return [.. ValueCompletions.For(arraySchema is null ? null : SchemaNavigator.ItemsOf(arraySchema), position, text)];

            default:
                return [];
        }
    }

    /// <summary>The "endpoints" object at the root.</summary>
    private static bool IsEndpoints(SyntaxTree tree, ObjectSyntax obj) =>
        obj.Parent is PropertySyntax { Name: "endpoints" } owner && ReferenceEquals(owner.Value, obj) && ReferenceEquals(owner.Parent, tree.Root);

    /// <summary>The endpoint id whose case this object is (endpoints.&lt;id&gt;.&lt;case&gt;), or null.</summary>
    private static string? CaseEndpoint(SyntaxTree tree, ObjectSyntax? obj) =>
        obj?.Parent is PropertySyntax caseProperty && ReferenceEquals(caseProperty.Value, obj)
        && caseProperty.Parent is ObjectSyntax cases && cases.Parent is PropertySyntax endpoint && ReferenceEquals(endpoint.Value, cases)
        && endpoint.Parent is ObjectSyntax endpoints && IsEndpoints(tree, endpoints)
            ? endpoint.Name
            : null;

    /// <summary>The endpoint id when this object is a case's "variables", or null.</summary>
    private static string? VariablesEndpoint(SyntaxTree tree, ObjectSyntax obj) =>
        obj.Parent is PropertySyntax { Name: "variables" } owner && ReferenceEquals(owner.Value, obj) ? CaseEndpoint(tree, owner.Parent as ObjectSyntax) : null;

    private static IEnumerable<CompletionCandidate> EndpointIds(Connector connector, CursorPosition position, string text)
    {
        var present = Present(position);
        foreach (var endpoint in connector.Endpoints.Where(e => e.Id is not null && !present.Contains(e.Id)))
        {
            var summary = endpoint.HttpMethod is { } method ? $"{method} {endpoint.Url?.Value}" : endpoint.Url?.Value;
            yield return PropertyNameCompletions.Named(endpoint.Id!, null, false, position, text, "endpoint", endpoint.Name ?? summary,
                "{\n\t\"${1:case name}\": { \"expect\": { $0 } },\n}") with { Kind = CandidateKind.Reference };
        }
    }

    /// <summary>
    /// What a case's "variables" may set, as <see cref="TestsFileAnalyzer"/> accepts it: any variable the endpoint
    /// sees (its own, its auth methods', the connector's) and its parameters' keys (filters).
    /// </summary>
    private static IEnumerable<CompletionCandidate> VariableKeys(ConnectorDocument connector, Endpoint endpoint, CursorPosition position, string text)
    {
        var present = Present(position);
        var variables = connector.Index.ScopeChain(new TemplateScope(TemplateScopeKind.Endpoint, Endpoint: endpoint))
            .SelectMany(scope => scope.Variables.Select(v => (v.Key, Detail: scope.ScopeName.Replace("variables", "variable", StringComparison.Ordinal), Doc: v.DisplayName ?? v.Description)));
        var filters = endpoint.Query.Concat(endpoint.Headers).Concat(endpoint.Body).Select(p => (p.Key, Detail: "filter", Doc: (string?)null));
        foreach (var (key, detail, doc) in variables.Concat(filters).Where(k => !string.IsNullOrEmpty(k.Key) && !present.Contains(k.Key)).DistinctBy(k => k.Key))
        {
            yield return PropertyNameCompletions.Named(key, null, false, position, text, detail, doc, "\"$1\"") with { Kind = CandidateKind.Variable };
        }
    }

    private static IEnumerable<CompletionCandidate> Files(IEnumerable<string> files, string folder, CursorPosition position, string text, string detail) =>
        files.Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Distinct().Order(StringComparer.Ordinal)
            .Select(p => ValueCompletions.String(p, CandidateKind.File, position, text, detail, null));

    private static HashSet<string> Present(CursorPosition position) =>
        position.Object!.Properties.Where(p => !ReferenceEquals(p, position.Property)).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
}
