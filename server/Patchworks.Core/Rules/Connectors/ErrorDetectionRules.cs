using Patchworks.Core.Diagnostics;
using Patchworks.Core.Model;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Rules.Connectors;

/// <summary>
/// An endpoint's errorPath and errorWhen (errors in 200 responses): each path is one the runner can follow
/// (PW3031), and none is the data path or inside it, which would fail every page that has records (PW3030).
/// </summary>
public static class ErrorDetectionRules
{
    public static void Check(ConnectorRuleContext context)
    {
        foreach (var endpoint in context.Connector.Endpoints)
        {
            Check(endpoint.ErrorPathSyntax, endpoint, isCondition: true, context.Diagnostics);
            if (endpoint.ErrorWhen is { } when)
            {
                // Without equals, the path is a condition like errorPath; with equals, a record field may be compared.
                Check(when.PathSyntax, endpoint, isCondition: when.EqualsText is null, context.Diagnostics);
                Check(when.MessagePathSyntax, endpoint, isCondition: false, context.Diagnostics);
            }
        }
    }

    private static void Check(StringSyntax? path, Endpoint endpoint, bool isCondition, DiagnosticBag bag)
    {
        if (path is null || path.Value.Length == 0)
        {
            return; // the schema reports an empty path
        }
        if (Running.Data.ResponseData.PathProblem(path.Value) is { } problem)
        {
            bag.Add(DiagnosticCatalog.ErrorPathUnsupported, path.Span, path.Value, problem);
            return;
        }
        if (isCondition && endpoint.DataPath is { Length: > 0 } dataPath && Normal(dataPath) is { Length: > 0 } data)
        {
            var value = Normal(path.Value);
            if (value == data || value.StartsWith(data + ".", StringComparison.Ordinal))
            {
                bag.Add(DiagnosticCatalog.ErrorPathInData, path.Span, path.Value, value == data ? "is" : "lies inside", dataPath);
            }
        }
    }

    private static string Normal(string path) => string.Join('.', Running.Data.ResponseData.Segments(path));
}
