using System.Text.RegularExpressions;
using Patchworks.Core.Diagnostics;
using Patchworks.Core.Model;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Rules.Connectors;

/// <summary>
/// Values the runner parses at run time are checked here first, so a connector that would break a run is
/// flagged in the editor (issue 14, item 7): soap.tokenPattern (PW3040, PW3041), token.refreshBeforeSeconds
/// (PW3042), response paths of pagination and tokens (PW3043), and a page size that is never sent (PW3044).
/// </summary>
public static class RuntimeValueRules
{
    /// <summary>What the check of a pagination block's paths found, while the block is unchanged.</summary>
    private static readonly SubtreeMemo<Diagnostic[]> LocalPaths = new();

    /// <summary>Pagination options that are paths into the response.</summary>
    private static readonly string[] PaginationPaths = ["dataPath", "countPath", "totalPath", "totalPagesPath", "tokenPath", "nextUrlPath", "endCursorPath", "hasNextPagePath", "linkPath"];

    /// <summary>Token settings that are paths into the token response.</summary>
    private static readonly string[] TokenPaths = ["responsePath", "expiresInPath", "refreshTokenPath"];

    /// <summary>An hour: what most APIs give an access token, and a margin longer than that refreshes on every request.</summary>
    private const int TypicalLifetimeSeconds = 3600;

    public static void Check(ConnectorRuleContext context)
    {
        var bag = context.Diagnostics;
        foreach (var auth in context.Connector.AuthMethods)
        {
            if (auth.Setting("soap", "tokenPattern") is { } pattern)
            {
                CheckTokenPattern(pattern, bag);
            }
            if (auth.Token?.Syntax is { } token)
            {
                CheckRefreshMargin(token, bag);
                foreach (var name in TokenPaths)
                {
                    CheckPath(token[name] as StringSyntax, bag);
                }
            }
        }
        foreach (var endpoint in context.Connector.Endpoints)
        {
            if (endpoint.Pagination is not { } pagination)
            {
                continue;
            }
            context.CheckLocally(LocalPaths, pagination.Syntax, pagination, static (p, found) =>
            {
                foreach (var name in PaginationPaths)
                {
                    CheckPath(p.Syntax[name] as StringSyntax, found);
                }
            });
            if (pagination.Method is "pageNumber" or "limitOffset" or "nextPageToken" or "customRelativeUri"
                && pagination.Syntax.Find("limit") is { } limit && pagination.Syntax.Find("limitParam") is null && !context.Index.UsesBuiltin(endpoint, "pagination.limit"))
            {
                bag.Add(DiagnosticCatalog.PageSizeNeverSent, limit.Key.Span, (limit.Value as NumberSyntax)?.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
            }
        }
    }

    private static void CheckTokenPattern(StringSyntax pattern, DiagnosticBag bag)
    {
        Regex regex;
        try
        {
            // As the runner builds it (SoapTokenSession), with a time-out.
            regex = new Regex(pattern.Value, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            bag.Add(DiagnosticCatalog.TokenPatternInvalid, pattern.Span, e is RegexParseException parse ? $"{parse.Error} at offset {parse.Offset}" : e.Message);
            return;
        }
        var groups = regex.GetGroupNumbers().Length - 1;
        if (groups == 0)
        {
            bag.Add(DiagnosticCatalog.TokenPatternGroups, pattern.Span,
                "The pattern has no group, so the token is the whole match; put the token's part in ( ), for example ^[^,]*,(.*)$ for 'client,token'.");
        }
        else if (groups > 1)
        {
            bag.Add(DiagnosticCatalog.TokenPatternGroups, pattern.Span,
                $"The pattern has {groups} groups; the runner takes the first as the token. Make the others non-capturing: (?:...).");
        }
    }

    private static void CheckRefreshMargin(ObjectSyntax token, DiagnosticBag bag)
    {
        if (token.Find("refreshBeforeSeconds") is not { Value: NumberSyntax { Value: var margin } } property || margin < 0)
        {
            return; // absent (60), or negative, which the schema reports
        }
        if (token["lifetimeSeconds"] is NumberSyntax { Value: var lifetime and > 0 })
        {
            if (margin >= lifetime)
            {
                bag.Add(DiagnosticCatalog.RefreshMarginTooLong, property.Value.Span,
                    $"The token is renewed {margin:0} s before it expires but lives {lifetime:0} s (lifetimeSeconds): a new token would be fetched for every request. Use a margin shorter than the lifetime.");
            }
        }
        else if (margin >= TypicalLifetimeSeconds)
        {
            bag.Add(DiagnosticCatalog.RefreshMarginTooLong, property.Value.Span,
                $"The token is renewed {margin:0} s before it expires, as long as most tokens live (an hour): a token that lives {margin:0} s or less would be fetched anew for every request.");
        }
    }

    private static void CheckPath(StringSyntax? path, DiagnosticBag bag)
    {
        if (path is null || Running.Data.ResponseData.PathProblem(path.Value) is not { } problem)
        {
            return;
        }
        bag.Add(DiagnosticCatalog.PathNotFollowed, path.Span, path.Value, problem);
    }

}
