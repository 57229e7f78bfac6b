using Patchworks.Core.Diagnostics;
using Patchworks.Core.Model;
using Patchworks.Core.Schema;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Rules.Connectors;

/// <summary>
/// A pagination block has the options its method needs and none it ignores (the schema's x-methods table),
/// and the values it varies reach the request.
/// </summary>
public static class PaginationRules
{
    /// <summary>What a pagination block's options check found, while the block is unchanged.</summary>
    private static readonly SubtreeMemo<Diagnostic[]> Local = new();

    public static void Check(ConnectorRuleContext context)
    {
        foreach (var endpoint in context.Connector.Endpoints)
        {
            if (endpoint.Pagination is { MethodSyntax: { } methodSyntax } pagination && PaginationMethods.Find(pagination.Method) is { } method)
            {
                context.CheckLocally(Local, pagination.Syntax, (pagination, method, methodSyntax), static (s, found) => CheckOptions(s.pagination, s.method, s.methodSyntax, found));
                CheckValueSent(context, endpoint, pagination, method, methodSyntax);
            }
        }
    }

    private static void CheckOptions(Pagination pagination, PaginationMethodInfo method, Syntax.StringSyntax methodSyntax, DiagnosticBag bag)
    {
        var schema = PaginationMethods.Schema;
        foreach (var option in method.Required)
        {
            if (pagination.Syntax.Find(option) is null)
            {
                var description = schema?.PropertySchema(option)?.EffectiveDescription ?? "";
                bag.Add(DiagnosticCatalog.PaginationOptionMissing, methodSyntax.Span, method.Name, option, StripMethodPrefix(description));
                bag.AmendLast(d => d with { Data = new Dictionary<string, string> { ["method"] = method.Name, ["option"] = option } });
            }
        }
        foreach (var property in pagination.Syntax.Properties)
        {
            // Options the schema does not know are the schema's to report (unknown property).
            if (!method.Accepts(property.Name) && schema?.PropertySchema(property.Name) is not null)
            {
                var owners = string.Join(", ", PaginationMethods.MethodsAccepting(property.Name));
                bag.Add(DiagnosticCatalog.PaginationOptionUnused, property.Key.Span, property.Name, method.Name, owners);
            }
        }
    }

    /// <summary>Descriptions start with the methods they apply to ("pageNumber: ..."); a message about one method needs only the rest.</summary>
    private static string StripMethodPrefix(string description)
    {
        var colon = description.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && colon < 80 && !description[..colon].Contains('.') ? description[(colon + 2)..] : description;
    }

    private static void CheckValueSent(ConnectorRuleContext context, Endpoint endpoint, Pagination pagination, PaginationMethodInfo method, Syntax.StringSyntax methodSyntax)
    {
        var (option, builtin, what) = method.Name switch
        {
            "pageNumber" => ("pageParam", "page", "page number"),
            "limitOffset" => ("offsetParam", "offset", "offset"),
            "nextPageToken" => ("tokenParam", "next_page_token", "next page token"),
            _ => (null, null, null),
        };
        if (option is null || pagination.Syntax.Find(option) is not null)
        {
            return;
        }
        if (!context.Index.UsesBuiltin(endpoint, $"pagination.{builtin}"))
        {
            context.Diagnostics.Add(DiagnosticCatalog.PaginationValueNeverSent, methodSyntax.Span, what, option, builtin);
        }
    }
}
