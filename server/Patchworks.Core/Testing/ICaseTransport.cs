using Patchworks.Core.Model;
using Patchworks.Core.Running;
using Patchworks.Core.Running.Results;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Testing;

/// <summary>One test case as the transport sees it: which endpoint of which connector, and where its recording lives.</summary>
/// <param name="RecordingPath">recordings/&lt;endpoint&gt;/&lt;case&gt;.json beside the connector file (absolute).</param>
public sealed record TestCaseInfo(
    ConnectorDocument Connector,
    string EndpointId,
    string CaseName,
    Instance? Instance,
    string RecordingPath);

/// <summary>
/// Where a test case's HTTP goes: the network (<see cref="LiveTransport"/>), the network while every exchange is
/// kept (record), or a recording with no network and no credentials (replay). `patchworks test` picks one per run
/// (--record, --replay, neither) and asks it before and after each case.
/// </summary>
public interface ICaseTransport
{
    /// <summary>The options the case's run uses: live returns them as they are; record and replay set <c>Http.Transport</c> (and replay the secrets).</summary>
    RunOptions Prepare(TestCaseInfo testCase, RunOptions options);

    /// <summary>
    /// After the case's run: record writes the recording, replay checks what was asked of it. Answers why the case
    /// fails because of its transport (a request the recording does not hold, naming the nearest recorded one; a
    /// recording older than the connector's request shape; a recording that could not be written), or null.
    /// </summary>
    Task<string?> CompleteAsync(TestCaseInfo testCase, RunResult result, CancellationToken cancellationToken);
}

/// <summary>The network, as a run without tests uses it.</summary>
public sealed class LiveTransport : ICaseTransport
{
    public static readonly LiveTransport Instance = new();

    public RunOptions Prepare(TestCaseInfo testCase, RunOptions options) => options;

    public Task<string?> CompleteAsync(TestCaseInfo testCase, RunResult result, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
