using Patchworks.Core.Schema;

namespace Patchworks.Core.Completion;

/// <summary>
/// The connector schema's definitions that have whole-object snippets, reached from the root as a document
/// reaches them. References are resolved once at compile time, so identity tells which definition a place uses.
/// </summary>
public static class ConnectorSchemaParts
{
    private static SchemaNode Root => SchemaCatalog.Connector;

    public static SchemaNode Endpoint => SchemaNavigator.ItemsOf(SchemaNavigator.PropertyOf(Root, "endpoints")!)!.Resolved;

    public static SchemaNode AuthMethod => SchemaNavigator.ItemsOf(SchemaNavigator.PropertyOf(Root, "authMethods")!)!.Resolved;

    public static SchemaNode Variable => SchemaNavigator.ItemsOf(SchemaNavigator.PropertyOf(Root, "variables")!.Resolved)!.Resolved;

    public static SchemaNode Parameter => SchemaNavigator.ItemsOf(SchemaNavigator.PropertyOf(Endpoint, "query")!.Resolved)!.Resolved;

    public static SchemaNode Pagination => SchemaNavigator.PropertyOf(Endpoint, "pagination")!.Resolved;

    public static bool Is(SchemaNode? schema, SchemaNode part) => schema is not null && ReferenceEquals(schema.Resolved, part);
}
