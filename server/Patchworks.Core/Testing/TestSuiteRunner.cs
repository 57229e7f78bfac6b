using System.Text;
using Patchworks.Core.Model;
using Patchworks.Core.Running;
using Patchworks.Core.Running.Results;
using Patchworks.Core.Schema;
using Patchworks.Core.Syntax;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Testing;

public enum CaseOutcome
{
    Passed,
    Failed,
}

/// <summary>What one case came to: its failures (none when it passed) and the run's figures for the summary.</summary>
public sealed record CaseResult(
    TestsFile File,
    TestCase Case,
    IReadOnlyList<ExpectationFailure> Failures,
    int Records,
    int Pages,
    double DurationMs,
    string Stop,
    string StopMessage)
{
    public CaseOutcome Outcome => Failures.Count == 0 ? CaseOutcome.Passed : CaseOutcome.Failed;

    public string FullName => Case.FullName(File);
}

/// <summary>
/// Runs a tests file's cases one after another (deterministic order: the file's) through the real
/// <see cref="EndpointRunner"/>, each with its instance, values and limits, through a transport (live, record,
/// replay) asked before and after the case, and evaluates the expectations. A run that fails (network,
/// authentication) is a failed case carrying the run's stop message; nothing a server answers throws out of here.
/// </summary>
public static class TestSuiteRunner
{
    /// <param name="loadInstance">The instance at an absolute path (its file exists: the analyzer checked), or null when it is not one.</param>
    /// <param name="instanceOverride">An instance for every case (--instance), in place of theirs.</param>
    /// <param name="options">The run options every case starts from (HTTP settings, secrets, --var values that win over the case's).</param>
    public static async Task<IReadOnlyList<CaseResult>> RunAsync(
        TestsFile file,
        ConnectorDocument connector,
        Func<string, Instance?> loadInstance,
        string? instanceOverride,
        RunOptions options,
        ICaseTransport transport,
        Func<TestCase, bool> include,
        CancellationToken cancellationToken)
    {
        var results = new List<CaseResult>();
        foreach (var testCase in file.Cases.Where(include))
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(await RunCaseAsync(file, testCase, connector, loadInstance, instanceOverride, options, transport, cancellationToken).ConfigureAwait(false));
        }
        return results;
    }

    private static async Task<CaseResult> RunCaseAsync(TestsFile file, TestCase testCase, ConnectorDocument connector, Func<string, Instance?> loadInstance,
        string? instanceOverride, RunOptions options, ICaseTransport transport, CancellationToken cancellationToken)
    {
        var instancePath = instanceOverride ?? (testCase.InstancePath ?? file.InstancePath) switch
        {
            null => null,
            var relative => RelativePath.Resolve(file.Directory, relative),
        };
        var instance = instancePath is null ? null : loadInstance(instancePath);
        if (instancePath is not null && instance is null)
        {
            return Unrun(file, testCase, $"{Path.GetFileName(instancePath)} is not an instance file");
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in testCase.Variables)
        {
            values[variable.Key] = variable.Value;
        }
        foreach (var (key, value) in options.Values)
        {
            values[key] = value;
        }
        var info = new TestCaseInfo(connector, testCase.EndpointId, testCase.Name, instance,
            Path.Combine(connector.Model.Directory, "recordings", FileName(testCase.EndpointId), FileName(testCase.Name) + ".json"));
        var caseOptions = transport.Prepare(info, options with
        {
            Values = values,
            MaxPages = testCase.MaxPages ?? options.MaxPages,
            MaxRecords = testCase.MaxRecords ?? options.MaxRecords,
        });

        using var run = await EndpointRunner.RunAsync(connector, testCase.EndpointId, instance, caseOptions, cancellationToken).ConfigureAwait(false);
        var endpoint = connector.Model.FindEndpoint(testCase.EndpointId);
        var failures = endpoint is null
            ? [new ExpectationFailure("endpoint", $"an endpoint \"{testCase.EndpointId}\"", "none in the connector", testCase.EndpointSyntax.Span)]
            : ExpectationEvaluator.Evaluate(testCase, run, CaseRecords.Of(run, endpoint), RecordSchema(endpoint, connector.Model));
        if (await transport.CompleteAsync(info, run, cancellationToken).ConfigureAwait(false) is { } transportFailure)
        {
            failures.Add(new ExpectationFailure("transport", "the case's exchanges to match its transport", transportFailure, testCase.NameSyntax.Span));
        }
        // In the order they are written, so a report reads down the file.
        return new CaseResult(file, testCase, [.. failures.OrderBy(f => f.Span.Start)], run.Records, run.Pages.Count, run.DurationMs, ExpectationEvaluator.StopName(run.Stop), run.StopMessage);
    }

    private static CaseResult Unrun(TestsFile file, TestCase testCase, string why) =>
        new(file, testCase, [new ExpectationFailure("instance", "an instance file", why, testCase.InstanceSyntax?.Span ?? file.InstanceSyntax?.Span ?? testCase.NameSyntax.Span)], 0, 0, 0, "invalidRequest", why);

    /// <summary>The endpoint's record schema compiled (inline, or the file it names), or null when it has none or it cannot be read.</summary>
    public static SchemaNode? RecordSchema(Endpoint endpoint, Connector connector) =>
        RecordSchemas.Compile(endpoint.SchemaFile, endpoint.InlineSchema, connector);

    /// <summary>A name as one safe path segment: letters, digits, '.', '_' and '-' kept, anything else '-'.</summary>
    public static string FileName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        }
        var result = builder.ToString().Trim('.');
        return result.Length == 0 ? "-" : result;
    }
}
