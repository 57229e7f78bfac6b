using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.Core.Diagnostics;
using Patchworks.Core.Model;
using Patchworks.Core.Running;
using Patchworks.Core.Testing;
using Patchworks.Core.Testing.Recordings;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Running;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// Connector tests for the editor's Test Explorer: patchworks/testCases lists a tests file's cases where they are
/// written; patchworks/runTests runs some or all of them through the same runner as `patchworks test` (replay,
/// live or record), answering each case's failures at their expectations and the endpoint's place in the connector.
/// </summary>
internal sealed class TestsHandler(LanguageServer server)
{
    [JsonRpcMethod("patchworks/testCases")]
    public async Task<JsonElement> TestCasesAsync(TestsFileParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        await server.WorkspaceIndexed.WaitAsync(cancellationToken).ConfigureAwait(false);
        var file = Read(parameters.Uri);
        var connector = server.Workspace.GetConnector(file.ConnectorFullPath);
        var lines = file.Tree.Lines;
        var answer = new JsonObject
        {
            ["cases"] = new JsonArray([.. file.Cases.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = Id(c),
                ["endpointId"] = c.EndpointId,
                ["name"] = c.Name,
                ["range"] = Range(c.NameSyntax.Span.ToLsp(lines)),
            })]),
            ["problems"] = new JsonArray([.. Errors(file).Select(d => (JsonNode)new JsonObject
            {
                ["message"] = d.Message,
                ["code"] = d.Code,
                ["range"] = Range(d.Range.ToLsp()),
            })]),
        };
        if (connector is not null)
        {
            answer["connectorUri"] = new Uri(connector.FilePath).AbsoluteUri;
            answer["connectorName"] = connector.Model.Name;
        }
        return Element(answer);
    }

    [JsonRpcMethod("patchworks/runTests")]
    public async Task<JsonElement> RunTestsAsync(RunTestsParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        server.RequireTrusted("run connector tests (they send requests and run connector scripts)");
        ICaseTransport transport = parameters.Mode switch
        {
            null or "replay" => new ReplayTransport(),
            "live" => LiveTransport.Instance,
            "record" => new RecordTransport(),
            var other => throw new LocalRpcException($"mode must be replay, live or record, not \"{other}\".") { ErrorCode = ErrorCodes.InvalidParams },
        };
        await server.WorkspaceIndexed.WaitAsync(cancellationToken).ConfigureAwait(false);
        var file = Read(parameters.Uri);
        if (Errors(file).Count is var errors and > 0)
        {
            throw new LocalRpcException($"{Path.GetFileName(file.FilePath)} has {errors} error{(errors == 1 ? "" : "s")} (in the Problems view); no case was run.") { ErrorCode = ErrorCodes.RequestFailed };
        }
        var connector = server.Workspace.GetConnector(file.ConnectorFullPath)
            ?? throw new LocalRpcException($"The connector {Path.GetFileName(file.ConnectorFullPath)} that {Path.GetFileName(file.FilePath)} tests is not in the workspace.") { ErrorCode = ErrorCodes.RequestFailed };
        var wanted = parameters.Cases is null ? null : new HashSet<string>(parameters.Cases, StringComparer.Ordinal);
        // Instances only from the workspace the server indexed: a path the tests file names elsewhere is not read.
        Instance? LoadInstance(string fullPath) => server.Workspace.GetInstance(fullPath)?.Model;
        var instances = file.Cases.Select(c => c.InstancePath ?? file.InstancePath).OfType<string>().Distinct(StringComparer.Ordinal)
            .Select(relative => LoadInstance(Core.Workspace.RelativePath.Resolve(file.Directory, relative))).ToList();
        var options = new RunOptions
        {
            Secrets = await ClientSecrets.FetchAsync(server, instances, cancellationToken).ConfigureAwait(false),
            TokenStore = server.RefreshTokens,
            SignIn = null, // a test never opens a browser: an instance that needs a sign-in says so
            Http = ConnectionParameters.Settings(parameters.TimeoutSeconds, parameters.ConnectTo, parameters.TrustedCertificatesPem),
        };
        var results = await TestSuiteRunner.RunAsync(file, connector, LoadInstance, null, options, transport,
            c => wanted?.Contains(Id(c)) ?? true, cancellationToken).ConfigureAwait(false);

        var lines = file.Tree.Lines;
        var connectorLines = connector.Tree.Lines;
        return Element(new JsonObject
        {
            ["connectorUri"] = new Uri(connector.FilePath).AbsoluteUri,
            ["results"] = new JsonArray([.. results.Select(r =>
            {
                var result = new JsonObject
                {
                    ["id"] = Id(r.Case),
                    ["endpointId"] = r.Case.EndpointId,
                    ["name"] = r.Case.Name,
                    ["passed"] = r.Outcome == CaseOutcome.Passed,
                    ["durationMs"] = r.DurationMs,
                    ["records"] = r.Records,
                    ["pages"] = r.Pages,
                    ["stop"] = r.Stop,
                    ["stopMessage"] = r.StopMessage,
                    ["failures"] = new JsonArray([.. r.Failures.Select(f => (JsonNode)new JsonObject
                    {
                        ["expectation"] = f.Expectation,
                        ["expected"] = f.Expected,
                        ["actual"] = f.Actual,
                        ["message"] = f.Message,
                        ["range"] = Range(f.Span.ToLsp(lines)),
                    })]),
                };
                if (connector.Model.FindEndpoint(r.Case.EndpointId)?.IdSyntax is { } id)
                {
                    result["endpointRange"] = Range(id.Span.ToLsp(connectorLines));
                }
                return (JsonNode)result;
            })]),
        });
    }

    private static string Id(TestCase testCase) => $"{testCase.EndpointId}/{testCase.Name}";

    private TestsFile Read(string? uri)
    {
        var path = DocumentUri.ToPath(uri)
            ?? throw new LocalRpcException($"uri must be a file URI, not \"{uri}\".") { ErrorCode = ErrorCodes.InvalidParams };
        if (!TestsFiles.IsTestsFile(path))
        {
            throw new LocalRpcException($"{Path.GetFileName(path)} is not a tests file (*{TestsFile.Suffix}).") { ErrorCode = ErrorCodes.InvalidParams };
        }
        // Inside a workspace folder, and not a link out of it (a buffer the editor has open counts as it is).
        var real = server.Workspace.Files.Probe(path).RealPath ?? path;
        if (!server.Workspace.ContainsFolder(Path.GetDirectoryName(path)!) || !server.Workspace.ContainsFolder(Path.GetDirectoryName(real)!))
        {
            throw new LocalRpcException($"{path} is outside the workspace; tests are read only inside it.") { ErrorCode = ErrorCodes.RequestFailed };
        }
        string text;
        try
        {
            // The open buffer over the disk: what the user sees is what runs.
            text = server.Workspace.Files.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LocalRpcException($"{Path.GetFileName(path)} cannot be read: {e.Message}") { ErrorCode = ErrorCodes.RequestFailed };
        }
        return TestsFileReader.Read(path, text);
    }

    private List<Diagnostic> Errors(TestsFile file) =>
        [.. TestsFileAnalyzer.Analyze(file, server.Workspace.GetConnector, server.Workspace.Files).Where(d => d.Severity == DiagnosticSeverity.Error)];

    private static JsonObject Range(LspRange range) => new()
    {
        ["start"] = new JsonObject { ["line"] = range.Start.Line, ["character"] = range.Start.Character },
        ["end"] = new JsonObject { ["line"] = range.End.Line, ["character"] = range.End.Character },
    };

    private static JsonElement Element(JsonObject json) => JsonDocument.Parse(json.ToJsonString()).RootElement.Clone();
}

/// <summary>patchworks/testCases: a tests file.</summary>
public sealed record TestsFileParams(string? Uri);

/// <summary>patchworks/runTests: a tests file, the ids (endpointId/name) of the cases to run (all when absent), the mode, and the runner's connection settings.</summary>
public sealed record RunTestsParams(string? Uri, IReadOnlyList<string>? Cases = null, string? Mode = null, double? TimeoutSeconds = null,
    IReadOnlyList<string>? ConnectTo = null, IReadOnlyList<string>? TrustedCertificatesPem = null);
