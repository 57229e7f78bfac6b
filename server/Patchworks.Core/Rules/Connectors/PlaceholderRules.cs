using Patchworks.Core.Diagnostics;
using Patchworks.Core.Model;
using Patchworks.Core.Schema;
using Patchworks.Core.Text;

namespace Patchworks.Core.Rules.Connectors;

/// <summary>Every placeholder must be well formed and refer to something: a variable in scope or a built-in the endpoint has.</summary>
public static class PlaceholderRules
{
    public static void Check(ConnectorRuleContext context)
    {
        foreach (var reference in context.Index.References)
        {
            var bag = context.DiagnosticsOf(reference.FilePath);
            var token = reference.Token;
            if (token.IsUnclosed)
            {
                var opening = token.Kind == PlaceholderKind.Variable ? "{{" : "[[";
                var closing = token.Kind == PlaceholderKind.Variable ? "}}" : "]]";
                bag.Add(DiagnosticCatalog.UnclosedPlaceholder, reference.Span, opening + Shorten(token.Name), closing);
                continue;
            }
            if (token.Problem is { } problem)
            {
                bag.AddMessage(token.Kind == PlaceholderKind.Variable ? DiagnosticCatalog.MalformedPlaceholder : DiagnosticCatalog.UnknownBuiltin, reference.Span, problem);
                continue;
            }
            if (token.Kind == PlaceholderKind.Variable)
            {
                CheckVariable(context, reference, bag);
            }
            else
            {
                CheckBuiltin(reference, bag);
            }
        }
    }

    private static string Shorten(string name) => name.Length > 40 ? name[..40] + "…" : name;

    private static void CheckVariable(ConnectorRuleContext context, PlaceholderReference reference, DiagnosticBag bag)
    {
        if (reference.Target is not null)
        {
            return;
        }
        var key = reference.Token.Name;
        var chain = context.Index.ScopeChain(reference.Scope).ToList();
        var searched = string.Join(", ", chain.Select(c => c.ScopeName));
        var suggestion = NearestName.Find(key, context.Index.Visible(reference.Scope).Select(v => v.Key));
        bag.Add(DiagnosticCatalog.UndefinedPlaceholder, reference.NameSpan, key, searched, suggestion is null ? "" : $" Did you mean '{suggestion}'?");
        var data = new Dictionary<string, string> { ["key"] = key, ["scope"] = reference.Scope.Kind.ToString() };
        if (suggestion is not null)
        {
            data["suggestion"] = suggestion;
        }
        bag.AmendLast(d => d with { Data = data });
    }

    private static void CheckBuiltin(PlaceholderReference reference, DiagnosticBag bag)
    {
        var token = reference.Token;
        var member = token.Member!;
        switch (token.Namespace)
        {
            case "meta":
                return;
            case "pagination":
                break;
            default:
                bag.Add(DiagnosticCatalog.UnknownBuiltin, reference.Span,
                    $"'[[{token.Name}]]' is not a built-in: the built-ins are [[pagination.name]] and [[meta.name]].");
                return;
        }

        // Asked for every built-in of a 5 MB connector at every edit: the lists are made when a finding needs them.
        if (!PaginationMethods.All.Values.Any(m => m.Builtins.Contains(member)))
        {
            var allBuiltins = PaginationMethods.All.Values.SelectMany(m => m.Builtins).Distinct().ToList();
            bag.Add(DiagnosticCatalog.UnknownBuiltin, reference.Span,
                $"'[[pagination.{member}]]' is not a pagination built-in. Known: {string.Join(", ", allBuiltins)}.{NearestName.Suggestion(member, allBuiltins, "'")}");
            return;
        }
        if (reference.Scope.Endpoint is not { } endpoint)
        {
            bag.Add(DiagnosticCatalog.PaginationBuiltinWithoutMethod, reference.Span, member, "is only available in an endpoint's URL, parameters and body.");
            return;
        }
        var method = PaginationMethods.Find(endpoint.Pagination?.Method);
        if (method is null)
        {
            bag.Add(DiagnosticCatalog.PaginationBuiltinWithoutMethod, reference.Span, member, $"needs the {Providers(member)} pagination method, and this endpoint has no pagination.");
        }
        else if (!method.Builtins.Contains(member))
        {
            bag.Add(DiagnosticCatalog.PaginationBuiltinWithoutMethod, reference.Span, member, $"is set by the {Providers(member)} pagination method, not by {method.Name}.");
        }
    }

    private static string Providers(string member) =>
        string.Join(" or ", PaginationMethods.All.Values.Where(m => m.Builtins.Contains(member)).Select(m => m.Name));
}
