using System.Text.RegularExpressions;
using Patchworks.Core.Diagnostics;
using Patchworks.Core.Model;
using Patchworks.Core.Rules;
using Patchworks.Core.Running.Data;
using Patchworks.Core.Schema;
using Patchworks.Core.Syntax;
using Patchworks.Core.Text;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Testing;

/// <summary>
/// Checks a tests file: its syntax and schema (PW0xxx, PW1xxx), then against its connector and the disk (PW7xxx):
/// the connector and instances exist, endpoints and variables are the connector's, bounds are in order, and every
/// path and regular expression can be read. A file without errors can be run.
/// </summary>
public static class TestsFileAnalyzer
{
    /// <summary>How long one expectation's regular expression may take on one value (a pattern from a file must not hang a run).</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <param name="getConnector">Loads the connector at an absolute path, or returns null when there is no such file.</param>
    /// <param name="refuse">Why the file's "connector" may not be read (outside the workspace, not a regular file), or null.</param>
    /// <param name="refuseInstance">Why an instance the file names (as written) may not be read, or null; a refused one is reported (PW4008, PW4009) and never looked at.</param>
    public static IReadOnlyList<Diagnostic> Analyze(TestsFile file, Func<string, ConnectorDocument?> getConnector, IFileSystem files,
        Func<TestsFile, ReferenceRefusal?>? refuse = null, Func<TestsFile, string, ReferenceRefusal?>? refuseInstance = null)
    {
        var bag = new DiagnosticBag(file.FilePath, file.Tree.Lines);
        SyntaxAndSchemaRules.Check(file.Tree, SchemaCatalog.Tests, bag);
        if (file.Syntax is null)
        {
            return bag.Items;
        }

        if (refuse?.Invoke(file) is { } refusal && file.ConnectorSyntax is { } written)
        {
            bag.Add(refusal.Descriptor, written.Span, refusal.Args);
            return bag.Items;
        }
        var connector = getConnector(file.ConnectorFullPath)?.Model;
        if (connector?.Syntax is null)
        {
            var span = file.ConnectorSyntax?.Span ?? (file.Syntax.Find("endpoints")?.Key.Span ?? new TextSpan(file.Syntax.Span.Start, 1));
            bag.Add(DiagnosticCatalog.TestsConnectorMissing, span, Path.GetFileName(file.ConnectorFullPath),
                file.ConnectorPath is null ? $" A tests file tests the connector of its name beside it, or the one its \"connector\" names." : "");
        }

        CheckInstance(file.InstancePath, file.InstanceSyntax, file, files, refuseInstance, bag);
        foreach (var testCase in file.Cases)
        {
            var endpoint = connector?.FindEndpoint(testCase.EndpointId);
            if (connector?.Syntax is not null && endpoint is null)
            {
                var ids = connector.Endpoints.Select(e => e.Id).OfType<string>().ToList();
                var suggestion = NearestName.Find(testCase.EndpointId, ids);
                bag.Add(DiagnosticCatalog.TestsUnknownEndpoint, testCase.EndpointSyntax.Span, testCase.EndpointId,
                    suggestion is not null ? $" Did you mean \"{suggestion}\"?" : ids.Count > 0 ? $" It has: {string.Join(", ", ids)}." : "");
            }
            CheckInstance(testCase.InstancePath, testCase.InstanceSyntax, file, files, refuseInstance, bag);
            if (testCase.InstancePath is null && file.InstancePath is null)
            {
                bag.Add(DiagnosticCatalog.TestsNoInstance, testCase.NameSyntax.Span, testCase.Name);
            }
            if (connector is not null && endpoint is not null)
            {
                CheckVariables(testCase, connector, endpoint, bag);
                if (testCase.Expect.SchemaValid == true && endpoint.SchemaFile is null && endpoint.InlineSchema is null)
                {
                    bag.Add(DiagnosticCatalog.TestsNoSchema, testCase.Expect.SchemaValidSyntax!.Span, testCase.EndpointId, "");
                }
            }
            CheckExpectations(testCase.Expect, bag);
        }
        return bag.Items;
    }

    private static void CheckInstance(string? path, StringSyntax? syntax, TestsFile file, IFileSystem files, Func<TestsFile, string, ReferenceRefusal?>? refuse, DiagnosticBag bag)
    {
        if (path is null || syntax is null || path.Length == 0)
        {
            return;
        }
        if (refuse?.Invoke(file, path) is { } refusal)
        {
            bag.Add(refusal.Descriptor, syntax.Span, refusal.Args);
            return;
        }
        var full = RelativePath.Resolve(file.Directory, path);
        if (!files.FileExists(full))
        {
            bag.Add(DiagnosticCatalog.TestsInstanceMissing, syntax.Span, path, full);
        }
    }

    private static void CheckVariables(TestCase testCase, Connector connector, Endpoint endpoint, DiagnosticBag bag)
    {
        // As --var: any variable in the endpoint's scope, an optional parameter (a filter) by its key, or meta.NAME for [[meta.NAME]].
        var known = connector.Variables.Concat(connector.AuthMethodsFor(endpoint).SelectMany(a => a.Variables)).Concat(endpoint.Variables)
            .Select(v => v.Key)
            .Concat(endpoint.Query.Concat(endpoint.Headers).Concat(endpoint.Body).Select(p => p.Key))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var variable in testCase.Variables.Where(v => !known.Contains(v.Key) && !v.Key.StartsWith("meta.", StringComparison.Ordinal)))
        {
            var suggestion = NearestName.Find(variable.Key, [.. known]);
            bag.Add(DiagnosticCatalog.TestsUnknownVariable, variable.KeySyntax.Span, endpoint.Id, variable.Key, suggestion is null ? "" : $" Did you mean \"{suggestion}\"?");
        }
    }

    private static void CheckExpectations(Expectations expect, DiagnosticBag bag)
    {
        CheckBounds("records", expect.Records, bag);
        CheckBounds("pages", expect.Pages, bag);
        foreach (var (path, syntax) in expect.Fields)
        {
            CheckPath(path, syntax, bag);
        }
        foreach (var header in expect.Headers.Where(h => h.IsPattern))
        {
            CheckRegex(header.Pattern, header.ValueSyntax, $"The header pattern {header.Expected}", bag);
        }
        foreach (var assertion in expect.Assertions)
        {
            if (assertion.Path is { } path && assertion.PathSyntax is { } pathSyntax)
            {
                CheckPath(path, pathSyntax, bag);
            }
            if (assertion.Matches is { } pattern && assertion.MatchesSyntax is { } matchesSyntax)
            {
                CheckRegex(pattern, matchesSyntax, $"\"{pattern}\"", bag);
            }
            if (assertion.EqualsValue is null && assertion.Matches is null && assertion.Exists is null && assertion.Type is null && assertion.OneOf is null)
            {
                bag.Add(DiagnosticCatalog.TestsAssertionEmpty, assertion.Syntax.Span);
            }
        }
    }

    private static void CheckBounds(string what, CountBounds? bounds, DiagnosticBag bag)
    {
        if (bounds is null)
        {
            return;
        }
        if (bounds is { Min: { } min, Max: { } max } && min > max)
        {
            bag.Add(DiagnosticCatalog.TestsBoundsReversed, bounds.Syntax.Span, $"\"{what}\": min {min} is more than max {max}, so no run can pass.");
        }
        else if (bounds is { Exactly: { } exactly } && (bounds.Min > exactly || bounds.Max < exactly))
        {
            bag.Add(DiagnosticCatalog.TestsBoundsReversed, bounds.Syntax.Span, $"\"{what}\": exactly {exactly} is outside min {bounds.Min?.ToString() ?? "-"} and max {bounds.Max?.ToString() ?? "-"}, so no run can pass.");
        }
    }

    private static void CheckPath(string path, StringSyntax syntax, DiagnosticBag bag)
    {
        if (ResponseData.PathProblem(path) is { } problem)
        {
            bag.Add(DiagnosticCatalog.TestsPathInvalid, syntax.Span, path, problem);
        }
    }

    private static void CheckRegex(string pattern, SyntaxNode syntax, string what, DiagnosticBag bag)
    {
        if (RegexProblem(pattern) is { } problem)
        {
            bag.Add(DiagnosticCatalog.TestsRegexInvalid, syntax.Span, what, problem);
        }
    }

    /// <summary>Why a pattern is no .NET regular expression, or null.</summary>
    public static string? RegexProblem(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}
