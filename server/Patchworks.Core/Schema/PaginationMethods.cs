using Patchworks.Core.Syntax;

namespace Patchworks.Core.Schema;

/// <summary>What one pagination method needs and provides, as the schema's x-methods annotation declares it.</summary>
public sealed record PaginationMethodInfo(string Name, string Description, IReadOnlyList<string> Required, IReadOnlyList<string> Optional, IReadOnlyList<string> Builtins)
{
    public bool Accepts(string option) => option == "method" || Required.Contains(option) || Optional.Contains(option);
}

/// <summary>The pagination methods, read from the connector schema (definitions.pagination["x-methods"]).</summary>
public static class PaginationMethods
{
    private static readonly Lazy<IReadOnlyDictionary<string, PaginationMethodInfo>> Methods = new(Read);

    public static IReadOnlyDictionary<string, PaginationMethodInfo> All => Methods.Value;

    public static PaginationMethodInfo? Find(string? method) => method is not null && All.TryGetValue(method, out var info) ? info : null;

    /// <summary>The schema of the pagination object, for option descriptions.</summary>
    public static SchemaNode? Schema => SchemaCatalog.Connector.PropertySchema("endpoints")?.Resolved.Items?.Resolved.PropertySchema("pagination")?.Resolved;

    /// <summary>The methods that take an option, for "it belongs to ..." messages.</summary>
    public static IEnumerable<string> MethodsAccepting(string option) => All.Values.Where(m => m.Accepts(option) && option != "method").Select(m => m.Name);

    private static Dictionary<string, PaginationMethodInfo> Read() => Of(Schema).ToDictionary(m => m.Name, StringComparer.Ordinal);

    /// <summary>The x-methods table of any schema object, in the schema's order (empty when it has none): the one reader of it.</summary>
    public static IReadOnlyList<PaginationMethodInfo> Of(SchemaNode? schema)
    {
        if (schema?.Source?["x-methods"] is not ObjectSyntax methods)
        {
            return [];
        }
        return [.. methods.Properties
            .Select(p => (p.Name, Method: p.Value as ObjectSyntax))
            .Where(m => m.Method is not null)
            .Select(m => new PaginationMethodInfo(
                m.Name,
                (m.Method!["description"] as StringSyntax)?.Value ?? "",
                Strings(m.Method!["required"]),
                Strings(m.Method!["optional"]),
                Strings(m.Method!["builtins"])))];
    }

    private static string[] Strings(SyntaxNode? node) => node is ArraySyntax a ? [.. a.Items.OfType<StringSyntax>().Select(s => s.Value)] : [];
}
