using Patchworks.Core.Diagnostics;
using Patchworks.Core.Model;
using Patchworks.Core.Syntax;
using Patchworks.Core.Text;

namespace Patchworks.Core.Rules.Connectors;

/// <summary>Variable keys are unique per level, do not hide each other, are used, and reach the users who must fill them in.</summary>
public static class VariableRules
{
    /// <summary>What the check of an endpoint's own variables for duplicates found, while the endpoint is unchanged.</summary>
    private static readonly SubtreeMemo<Diagnostic[]> LocalDuplicates = new();

    public static void Check(ConnectorRuleContext context)
    {
        var connector = context.Connector;
        var bag = context.Diagnostics;

        CheckDuplicates(connector.Variables, "in the connector's variables", bag);
        foreach (var auth in connector.AuthMethods)
        {
            var variables = auth.TokenVariable is { } token && auth.Token?.VariableSyntax is not null
                ? auth.Variables.Append(token).ToList()
                : auth.Variables;
            CheckDuplicates(variables, $"in auth method '{auth.Id}'", bag);
            CheckShadowing(auth.Variables, connector.Variables, bag);
            CheckUses(auth, connector, bag);
        }
        foreach (var endpoint in connector.Endpoints)
        {
            context.CheckLocally(LocalDuplicates, endpoint.Syntax, endpoint, static (e, found) => CheckDuplicates(e.Variables, $"in endpoint '{e.Id}'", found));
            if (endpoint.Variables.Count == 0)
            {
                continue; // most endpoints: nothing to hide anything
            }
            CheckShadowing(endpoint.Variables, connector.Variables, bag);
            foreach (var auth in connector.AuthMethodsFor(endpoint))
            {
                CheckShadowing(endpoint.Variables, auth.Variables, bag);
            }
        }

        CheckUnused(context);
        CheckNeverAsked(connector, bag);
    }

    private static void CheckDuplicates(IReadOnlyList<VariableDefinition> variables, string where, DiagnosticBag bag) =>
        DuplicateFinder.Report(variables, v => (v.Key, v.KeySyntax), StringComparer.Ordinal, bag,
            v => (DiagnosticCatalog.DuplicateVariable, [v.Key, where]), "First defined here.");

    private static void CheckShadowing(IReadOnlyList<VariableDefinition> inner, IReadOnlyList<VariableDefinition> outer, DiagnosticBag bag)
    {
        foreach (var variable in inner)
        {
            if (outer.FirstOrDefault(o => o.Key == variable.Key) is { } hidden)
            {
                bag.Add(DiagnosticCatalog.ShadowedVariable, variable.KeySyntax.Span, variable.LevelName, variable.Key, hidden.ScopeName);
                bag.AmendLast(d => d with { Related = [bag.Related(hidden.KeySyntax.Span, "The hidden variable.")] });
            }
        }
    }

    private static void CheckUses(AuthMethod auth, Model.Connector connector, DiagnosticBag bag)
    {
        var keys = connector.Variables.Select(v => v.Key).ToList();
        foreach (var used in auth.Uses)
        {
            if (!keys.Contains(used.Value))
            {
                bag.Add(DiagnosticCatalog.UnknownUsedVariable, used.Span, used.Value, NearestName.Suggestion(used.Value, keys));
            }
        }
    }

    private static void CheckUnused(ConnectorRuleContext context)
    {
        foreach (var definition in context.Index.Definitions())
        {
            // A token variable is used implicitly: OAuth 2 sends it in the Authorization header.
            if (definition.Level != VariableLevel.AuthToken && !context.Index.IsUsed(definition))
            {
                context.Diagnostics.Add(DiagnosticCatalog.UnusedVariable, definition.KeySyntax.Span, definition.ScopeName, definition.Key);
            }
        }
    }

    private static void CheckNeverAsked(Model.Connector connector, DiagnosticBag bag)
    {
        var usedByAuth = connector.AuthMethods.SelectMany(a => a.Uses).Select(u => u.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var variable in connector.Variables)
        {
            if (variable.Required && variable.Default is null && !usedByAuth.Contains(variable.Key))
            {
                bag.Add(DiagnosticCatalog.ConnectorVariableNeverAsked, variable.KeySyntax.Span, variable.Key);
            }
        }
    }
}
