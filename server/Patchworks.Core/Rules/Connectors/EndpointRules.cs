using Patchworks.Core.Diagnostics;
using Patchworks.Core.Model;
using Patchworks.Core.Syntax;
using Patchworks.Core.Text;

namespace Patchworks.Core.Rules.Connectors;

/// <summary>Endpoint ids are unique, auth methods exist, URLs are absolute, and method, direction and body agree.</summary>
public static class EndpointRules
{
    /// <summary>What an endpoint's own checks found, while the endpoint is unchanged.</summary>
    private static readonly SubtreeMemo<Diagnostic[]> Local = new();

    public static void Check(ConnectorRuleContext context)
    {
        var connector = context.Connector;
        var bag = context.Diagnostics;
        var authIds = connector.AuthMethods.Select(a => a.Id).OfType<string>().ToList();
        DuplicateFinder.Report(connector.Endpoints, e => e.IdSyntax is { } id ? (id.Value, id) : null, StringComparer.Ordinal, bag,
            e => (DiagnosticCatalog.DuplicateEndpointId, [e.Id]), "First used here.");

        foreach (var endpoint in connector.Endpoints)
        {
            if (endpoint.AuthMethodRefs is { } refs)
            {
                if (refs.Count == 0 && endpoint.Syntax.Find("authMethods") is { } property)
                {
                    bag.Add(DiagnosticCatalog.NoAuthMethodApplies, property.Key.Span);
                }
                foreach (var reference in refs)
                {
                    if (!authIds.Contains(reference.Value))
                    {
                        bag.Add(DiagnosticCatalog.UnknownAuthMethod, reference.Span, reference.Value, NearestName.Suggestion(reference.Value, authIds));
                        if (NearestName.Find(reference.Value, authIds) is { } suggestion)
                        {
                            bag.AmendLast(d => d with { Data = new Dictionary<string, string> { ["suggestion"] = suggestion } });
                        }
                    }
                }
            }

            context.CheckLocally(Local, endpoint.Syntax, endpoint, static (e, found) =>
            {
                CheckUrl(e.Url, found);
                CheckMethodAndBody(e, found);
                CheckDuplicateParameters(e.Query, found, StringComparer.Ordinal);
                CheckDuplicateParameters(e.Headers, found, StringComparer.OrdinalIgnoreCase);
                CheckDuplicateParameters(e.Body, found, StringComparer.Ordinal);
            });
        }
        foreach (var auth in connector.AuthMethods)
        {
            CheckDuplicateParameters(auth.Query, bag, StringComparer.Ordinal);
            CheckDuplicateParameters(auth.Headers, bag, StringComparer.OrdinalIgnoreCase);
            CheckDuplicateParameters(auth.Body, bag, StringComparer.Ordinal);
        }
    }

    /// <summary>A URL must be absolute, or start with a placeholder that holds the scheme and host.</summary>
    internal static void CheckUrl(StringSyntax? url, DiagnosticBag bag)
    {
        if (url is null || url.Value.Length == 0)
        {
            return;
        }
        var value = url.Value.TrimStart();
        if (!value.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            && !value.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            && !value.StartsWith("{{", StringComparison.Ordinal))
        {
            bag.Add(DiagnosticCatalog.UrlNotAbsolute, url.Span);
        }
    }

    private static void CheckMethodAndBody(Endpoint endpoint, DiagnosticBag bag)
    {
        var method = endpoint.HttpMethod;
        if (endpoint.IsSend && method == "GET" && endpoint.MethodSyntax is { } methodSyntax)
        {
            bag.Add(DiagnosticCatalog.SendWithGet, methodSyntax.Span);
        }
        if (method is "GET" or "HEAD")
        {
            var bodyProperty = endpoint.Body.Count > 0 ? endpoint.Syntax.Find("body") : null;
            bodyProperty ??= endpoint.SampleBodyProperty;
            if (bodyProperty is not null)
            {
                bag.Add(DiagnosticCatalog.BodyOnGet, bodyProperty.Key.Span, method);
            }
        }
        if (endpoint.IsSend && endpoint.Pagination is { } pagination)
        {
            bag.Add(DiagnosticCatalog.PaginationOnSend, pagination.Property.Key.Span);
        }
    }

    private static void CheckDuplicateParameters(IReadOnlyList<Parameter> parameters, DiagnosticBag bag, StringComparer comparer) =>
        DuplicateFinder.Report(parameters, p => p.KeySyntax is { } key ? (key.Value, key) : null, comparer, bag,
            p => (DiagnosticCatalog.DuplicateParameter, [p.LocationName, p.Key]), "First defined here.");
}
