using Patchworks.Core.Schema;
using Patchworks.Core.Syntax;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Completion;

/// <summary>Completion in a connector file: property names, values, whole-object snippets, placeholders, auth method ids.</summary>
public static class ConnectorCompletion
{
    public static IReadOnlyList<CompletionCandidate> At(ConnectorDocument document, int offset)
    {
        var text = document.Tree.Text;
        var position = CursorLocator.Locate(document.Tree, offset);
        var root = SchemaCatalog.Connector;
        switch (position.Place)
        {
            case CursorPlace.PropertyName:
                var objectSchema = SchemaNavigator.SchemaOf(position.Object!, root);
                return [.. PropertyNameCompletions.For(objectSchema, position, text), .. PaginationProperties(objectSchema, position, text)];

            case CursorPlace.PropertyValue or CursorPlace.ArrayItem:
                if (position.String is { } host && PlaceholderCompletions.For(document, host, offset) is { } placeholders)
                {
                    return placeholders;
                }
                return Values(document, position);

            default:
                return [];
        }
    }

    /// <summary>In an endpoint without pagination, the whole "pagination" property for each method, so the methods are found by typing "pag".</summary>
    private static IEnumerable<CompletionCandidate> PaginationProperties(SchemaNode? objectSchema, CursorPosition position, string text)
    {
        var existing = position.Object!.Find("pagination");
        if (!ConnectorSchemaParts.Is(objectSchema, ConnectorSchemaParts.Endpoint) || position.KeyHasColon || existing is not null && !ReferenceEquals(existing, position.Property))
        {
            return [];
        }
        return ObjectSnippets.Pagination(position.Replace).Select(c => c with
        {
            InsertText = "\"pagination\": " + c.InsertText,
            FilterText = PropertyNameCompletions.FilterFor("pagination", position, text),
            SortText = "1pagination " + c.Label,
        });
    }

    private static List<CompletionCandidate> Values(ConnectorDocument document, CursorPosition position)
    {
        var text = document.Tree.Text;
        var root = SchemaCatalog.Connector;
        var schema = position.Place == CursorPlace.PropertyValue
            ? SchemaOfValue(position.Object, position.Property!.Name, root)
            : SchemaNavigator.SchemaOf(position.Array!, root) is { } arraySchema ? SchemaNavigator.ItemsOf(arraySchema.Resolved) : null;
        var result = new List<CompletionCandidate>(ValueCompletions.For(schema, position, text));
        if (position.String is null)
        {
            if (position.Place == CursorPlace.ArrayItem)
            {
                result.AddRange(ObjectSnippets.ForArrayItem(schema, position.Replace));
            }
            else if (ConnectorSchemaParts.Is(schema, ConnectorSchemaParts.Pagination))
            {
                result.AddRange(ObjectSnippets.Pagination(position.Replace));
            }
        }
        if (position.Array is { } array)
        {
            result.AddRange(KnownNames(document, array, position));
        }
        return result;
    }

    private static SchemaNode? SchemaOfValue(ObjectSyntax? owner, string name, SchemaNode root) =>
        owner is not null && SchemaNavigator.SchemaOf(owner, root) is { } objectSchema ? SchemaNavigator.PropertyOf(objectSchema, name) : null;

    /// <summary>An endpoint's "authMethods" lists the connector's auth method ids; an auth method's "uses", its variable keys.</summary>
    private static IEnumerable<CompletionCandidate> KnownNames(ConnectorDocument document, ArraySyntax array, CursorPosition position)
    {
        if (array.Parent is not PropertySyntax { Parent: ObjectSyntax owner } property)
        {
            return [];
        }
        var ownerSchema = SchemaNavigator.SchemaOf(owner, SchemaCatalog.Connector);
        var listed = array.Items.OfType<StringSyntax>().Where(s => !ReferenceEquals(s, position.String)).Select(s => s.Value).ToHashSet(StringComparer.Ordinal);
        var model = document.Model;
        var text = document.Tree.Text;
        if (property.Name == "authMethods" && ConnectorSchemaParts.Is(ownerSchema, ConnectorSchemaParts.Endpoint))
        {
            return model.AuthMethods.Where(a => a.Id is not null && !listed.Contains(a.Id))
                .Select(a => ValueCompletions.String(a.Id!, CandidateKind.Reference, position, text, a.Type is null ? "auth method" : $"{a.Type} auth method", a.Name));
        }
        if (property.Name == "uses" && ConnectorSchemaParts.Is(ownerSchema, ConnectorSchemaParts.AuthMethod))
        {
            return model.Variables.Where(v => !listed.Contains(v.Key))
                .Select(v => ValueCompletions.String(v.Key, CandidateKind.Reference, position, text, "connector variable", v.DisplayName));
        }
        return [];
    }
}
