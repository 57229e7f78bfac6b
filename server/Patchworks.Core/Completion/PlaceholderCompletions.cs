using System.Text.RegularExpressions;
using Patchworks.Core.Model;
using Patchworks.Core.Resolution;
using Patchworks.Core.Schema;
using Patchworks.Core.Syntax;
using Patchworks.Core.Text;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Completion;

/// <summary>
/// Inside a string: after "{{" the variables visible from where the string is (innermost scope first), after
/// "[[" the built-in namespaces, after "[[pagination." what the endpoint's pagination method sets.
/// Closing braces are added only when the text after the cursor does not already have them.
/// </summary>
public static partial class PlaceholderCompletions
{
    /// <summary>The candidates, or null when the text before the cursor opens no placeholder.</summary>
    public static IReadOnlyList<CompletionCandidate>? For(ConnectorDocument document, StringSyntax host, int offset)
    {
        var text = document.Tree.Text;
        var contentStart = host.Span.Start + 1;
        if (offset < contentStart)
        {
            return null;
        }
        var before = text[contentStart..offset];
        var tailEnd = offset;
        var contentEnd = host.ContentSpan.End;
        while (tailEnd < contentEnd && (char.IsAsciiLetterOrDigit(text[tailEnd]) || text[tailEnd] == '_'))
        {
            tailEnd++;
        }
        var after = text.AsSpan(tailEnd, contentEnd - tailEnd);

        if (VariableOpening().Match(before) is { Success: true } variable)
        {
            var replace = TextSpan.FromBounds(offset - variable.Groups[1].Length, tailEnd);
            var closing = after.StartsWith("}}") ? "" : "}}";
            return Variables(document.Index, ScopeOf(document.Model, host), replace, closing);
        }
        if (PaginationOpening().Match(before) is { Success: true } member)
        {
            var replace = TextSpan.FromBounds(offset - member.Groups[1].Length, tailEnd);
            var closing = after.StartsWith("]]") ? "" : "]]";
            return Builtins(EndpointOf(document.Model, host), replace, closing);
        }
        if (BuiltinOpening().Match(before) is { Success: true } ns)
        {
            var replace = TextSpan.FromBounds(offset - ns.Groups[1].Length, tailEnd);
            return Namespaces(replace);
        }
        // "[[meta." names whatever the flow's metadata holds: nothing to offer, and nothing else belongs there.
        return MetaOpening().IsMatch(before) ? [] : null;
    }

    private static List<CompletionCandidate> Variables(ConnectorIndex index, TemplateScope scope, TextSpan replace, string closing) =>
        [.. index.Visible(scope).Select((variable, i) => new CompletionCandidate
        {
            Label = variable.Key,
            Kind = CandidateKind.Variable,
            InsertText = variable.Key + closing,
            Replace = replace,
            Detail = variable.Level == VariableLevel.AuthToken ? variable.ScopeName : variable.ScopeName + " variable",
            Documentation = Describe(variable),
            SortText = i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
        })];

    private static string? Describe(VariableDefinition variable)
    {
        var parts = new List<string>();
        if (variable.DisplayName is { } name) parts.Add($"**{name}**");
        if (variable.Default is { } value) parts.Add($"Default: `{(variable.Secret ? RequestResolver.Mask : value)}`");
        if (variable.Description is { } description) parts.Add(description);
        return parts.Count == 0 ? null : string.Join("\n\n", parts);
    }

    private static List<CompletionCandidate> Namespaces(TextSpan replace) =>
    [
        Namespace("pagination", "A value the endpoint's pagination sets for each page.", replace),
        Namespace("meta", "A value from the flow's payload metadata.", replace),
    ];

    private static CompletionCandidate Namespace(string name, string documentation, TextSpan replace) => new()
    {
        Label = name,
        Kind = CandidateKind.Builtin,
        InsertText = name + ".",
        Replace = replace,
        Detail = "built-in",
        Documentation = documentation,
        RetriggerSuggest = true,
    };

    private static List<CompletionCandidate> Builtins(Endpoint? endpoint, TextSpan replace, string closing)
    {
        if (PaginationMethods.Find(endpoint?.Pagination?.Method) is not { } method)
        {
            return [];
        }
        return [.. method.Builtins.Select(name => new CompletionCandidate
        {
            Label = name,
            Kind = CandidateKind.Builtin,
            InsertText = name + closing,
            Replace = replace,
            Detail = $"{method.Name} pagination",
            Documentation = $"[[pagination.{name}]]: set by the {method.Name} pagination for each page.",
        })];
    }

    /// <summary>The scope of a string: the endpoint or auth method object it is written in, an event connector's broker or a listener, else the connector.</summary>
    public static TemplateScope ScopeOf(Connector connector, SyntaxNode node)
    {
        if (EndpointOf(connector, node) is { } endpoint)
        {
            return new TemplateScope(TemplateScopeKind.Endpoint, Endpoint: endpoint);
        }
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (current is ObjectSyntax obj && connector.AuthMethods.FirstOrDefault(a => ReferenceEquals(a.Syntax, obj)) is { } auth)
            {
                return new TemplateScope(TemplateScopeKind.AuthMethod, AuthMethod: auth);
            }
            if (current is ObjectSyntax o && (ReferenceEquals(connector.Broker?.Syntax, o) || connector.Listeners.Any(l => ReferenceEquals(l.Syntax, o))))
            {
                return new TemplateScope(TemplateScopeKind.Broker);
            }
        }
        return new TemplateScope(TemplateScopeKind.Connector);
    }

    private static Endpoint? EndpointOf(Connector connector, SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (current is ObjectSyntax obj && connector.Endpoints.FirstOrDefault(e => ReferenceEquals(e.Syntax, obj)) is { } endpoint)
            {
                return endpoint;
            }
        }
        return null;
    }

    [GeneratedRegex(@"\{\{([A-Za-z0-9_]*)$")]
    private static partial Regex VariableOpening();

    [GeneratedRegex(@"\[\[\s*pagination\.([A-Za-z0-9_]*)$")]
    private static partial Regex PaginationOpening();

    [GeneratedRegex(@"\[\[\s*([A-Za-z_]*)$")]
    private static partial Regex BuiltinOpening();

    [GeneratedRegex(@"\[\[\s*meta\.[A-Za-z0-9_]*$")]
    private static partial Regex MetaOpening();
}
