using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.Core.Diagnostics;
using Patchworks.Core.Syntax;
using Patchworks.Core.Testing;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// patchworks/addTestCase: the wizards' Add Test. The case goes into the tests file beside the connector
/// (name.tests.json), created when there is none, by comment-keeping text edits; the answer is a WorkspaceEdit for
/// the editor to apply (unsaved, one undo), never a write, so an untrusted workspace may use it too. The case is
/// checked with the tests file's own rules (schema, endpoint, instance, bounds) as it would be written, and each
/// problem is answered at its path in the case, so a form can show it beside its field; the edit is answered only
/// when there are no errors.
/// </summary>
internal sealed class AddTestHandler(LanguageServer server)
{
    private const string SchemaFileName = "connector-tests.schema.json";

    [JsonRpcMethod("patchworks/addTestCase")]
    public async Task<JsonElement> AddTestCaseAsync(AddTestCaseParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        var connectorPath = RequestTargets.PathOf(parameters.Uri ?? "");
        if (!connectorPath.EndsWith(Core.Workspace.DocumentKinds.ConnectorSuffix, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid($"uri must name a connector file (*{Core.Workspace.DocumentKinds.ConnectorSuffix}), not {Path.GetFileName(connectorPath)}.");
        }
        var folder = Path.GetDirectoryName(connectorPath)!;
        if (!server.Workspace.ContainsFolder(folder))
        {
            throw Failed($"{Path.GetFileName(connectorPath)} is outside every workspace folder (or a link leads out); no test is added to it.");
        }
        if (string.IsNullOrWhiteSpace(parameters.EndpointId))
        {
            throw Invalid("endpointId is required.");
        }
        if (parameters.CaseName is null)
        {
            throw Invalid("caseName is required.");
        }
        if (parameters.Case is not { ValueKind: JsonValueKind.Object } caseElement)
        {
            throw Invalid("case must be a JSON object (the case as the tests file holds it).");
        }
        var testCase = JsonNode.Parse(caseElement.GetRawText())!.AsObject();

        await server.WorkspaceIndexed.WaitAsync(cancellationToken).ConfigureAwait(false);
        var connector = server.Workspace.GetConnector(connectorPath)
            ?? throw Invalid($"{parameters.Uri} is not a connector file in the workspace.");
        if (connector.Model.FindEndpoint(parameters.EndpointId) is null)
        {
            throw Invalid($"The connector has no endpoint {parameters.EndpointId}.");
        }

        // Beside the connector, by its name: the file `patchworks test` and the Test Explorer pair with it.
        var name = Path.GetFileName(connectorPath)[..^Core.Workspace.DocumentKinds.ConnectorSuffix.Length];
        var testsPath = Path.Combine(folder, name + TestsFile.Suffix);
        if (new FileInfo(testsPath).LinkTarget is not null || (server.Workspace.Files.Probe(testsPath).RealPath is { } real && !server.Workspace.ContainsFolder(Path.GetDirectoryName(real)!)))
        {
            throw Failed($"{Path.GetFileName(testsPath)} is a link; tests are added only to regular files inside the workspace.");
        }
        string? text = null;
        var exists = server.Workspace.Files.FileExists(testsPath);
        if (exists)
        {
            try
            {
                // The open buffer over the disk: the edits apply to what the user sees.
                text = server.Workspace.Files.ReadAllText(testsPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Failed($"{Path.GetFileName(testsPath)} cannot be read: {e.Message}");
            }
        }
        var created = string.IsNullOrWhiteSpace(text);

        NewTestsFile? newFile = null;
        if (created)
        {
            // A new file's instance is the file's own: every later case uses it too.
            var instance = testCase["instance"]?.GetValueKind() == JsonValueKind.String ? testCase["instance"]!.GetValue<string>() : null;
            if (instance is not null)
            {
                testCase.Remove("instance");
            }
            var schema = Path.Combine(server.Workspace.RootOf(connectorPath), "schemas", SchemaFileName);
            newFile = new NewTestsFile(TestCaseInsertion.SchemaReference(folder, File.Exists(schema) ? schema : null), instance);
        }
        else if (testCase["instance"]?.GetValueKind() == JsonValueKind.String
            && TestsFileReader.Read(testsPath, text!).InstancePath == testCase["instance"]!.GetValue<string>())
        {
            // The file's instance already: saying it again in the case would only hide a later change of the file's.
            testCase.Remove("instance");
        }

        var problems = new JsonArray();
        TestCaseInsertionResult result;
        try
        {
            result = TestCaseInsertion.Insert(text, parameters.EndpointId, parameters.CaseName, testCase, newFile);
        }
        catch (TestCaseInsertionException e) when (e.DuplicateName)
        {
            problems.Add(Problem("PW-duplicateCase", DiagnosticSeverity.Error, e.Message, "caseName"));
            return Answer(testsPath, created, null, null, problems);
        }
        catch (TestCaseInsertionException e)
        {
            throw Failed($"{Path.GetFileName(testsPath)}: {e.Message}");
        }
        cancellationToken.ThrowIfCancellationRequested();

        var file = TestsFileReader.Read(testsPath, result.NewText);
        var caseProperty = file.Tree.FindNodeAt(result.CaseNameSpan.Start)?.Parent as PropertySyntax;
        var errors = 0;
        foreach (var diagnostic in TestsFileAnalyzer.Analyze(file, server.Workspace.GetConnector, server.Workspace.Files))
        {
            if (diagnostic.Severity is not (DiagnosticSeverity.Error or DiagnosticSeverity.Warning))
            {
                continue;
            }
            var path = PathInCase(file, caseProperty, diagnostic.Span.Start, created);
            if (path is null)
            {
                continue; // a problem of the file elsewhere: not this case's, and not the form's to fix
            }
            errors += diagnostic.Severity == DiagnosticSeverity.Error ? 1 : 0;
            problems.Add(Problem(diagnostic.Code, diagnostic.Severity, diagnostic.Message, path));
        }

        var lines = text is null ? new Core.Text.LineIndex("") : new Core.Text.LineIndex(text);
        var testsUri = DocumentUri.FromPath(testsPath);
        var edits = new JsonArray([.. result.Edits.Select(e => (JsonNode)new JsonObject
        {
            ["range"] = Range(e.Span.ToLsp(lines)),
            ["newText"] = e.NewText,
        })]);
        var changes = new JsonArray();
        if (created && !exists)
        {
            changes.Add(new JsonObject { ["kind"] = "create", ["uri"] = testsUri, ["options"] = new JsonObject { ["ignoreIfExists"] = true } });
        }
        changes.Add(new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = testsUri, ["version"] = null }, ["edits"] = edits });
        var edit = errors > 0 ? null : new JsonObject { ["documentChanges"] = changes };
        return Answer(testsPath, created, edit, Range(result.CaseNameSpan.ToLsp(file.Tree.Lines)), problems);
    }

    /// <summary>
    /// Where a problem is, relative to the case and prefixed "case." (case.expect.records.min), "caseName" at the
    /// case's name, or null when it is not the new case's. In a file being created everything is the case's: its
    /// "instance" is the case's instance moved up.
    /// </summary>
    private static string? PathInCase(TestsFile file, PropertySyntax? caseProperty, int offset, bool created)
    {
        if (caseProperty?.Value is not ObjectSyntax caseObject)
        {
            return created ? "case" : null;
        }
        if (caseProperty.Key.Span.Contains(offset))
        {
            return "caseName";
        }
        if (!caseObject.Span.Contains(offset))
        {
            if (created && file.InstanceSyntax is { } instance && instance.Span.Contains(offset))
            {
                return "case.instance";
            }
            return created || (caseProperty.Parent?.Parent is PropertySyntax endpoint && endpoint.Key.Span.Contains(offset)) ? "case" : null;
        }
        var node = file.Tree.FindNodeAt(offset);
        var parts = new List<string>();
        while (node is not null && !ReferenceEquals(node, caseObject))
        {
            switch (node.Parent)
            {
                case PropertySyntax property:
                    parts.Add(property.Name);
                    node = property.Parent;
                    continue;
                case ArraySyntax array:
                    parts.Add($"[{array.Items.IndexOf(node)}]");
                    break;
            }
            node = node.Parent;
        }
        parts.Reverse();
        var path = "case";
        foreach (var part in parts)
        {
            path += part.StartsWith('[') ? part : "." + part;
        }
        return path;
    }

    private JsonElement Answer(string testsPath, bool created, JsonObject? edit, JsonObject? caseRange, JsonArray problems) =>
        JsonDocument.Parse(new JsonObject
        {
            ["testsUri"] = DocumentUri.FromPath(testsPath),
            ["created"] = created,
            ["edit"] = edit,
            ["caseRange"] = caseRange,
            ["problems"] = problems,
        }.ToJsonString()).RootElement.Clone();

    private static JsonObject Problem(string code, DiagnosticSeverity severity, string message, string path) => new()
    {
        ["code"] = code,
        ["severity"] = (int)severity,
        ["message"] = message,
        ["path"] = path,
    };

    private static JsonObject Range(LspRange range) => new()
    {
        ["start"] = new JsonObject { ["line"] = range.Start.Line, ["character"] = range.Start.Character },
        ["end"] = new JsonObject { ["line"] = range.End.Line, ["character"] = range.End.Character },
    };

    private static LocalRpcException Invalid(string message) => new(message) { ErrorCode = ErrorCodes.InvalidParams };

    private static LocalRpcException Failed(string message) => new(message) { ErrorCode = ErrorCodes.RequestFailed };
}

/// <summary>patchworks/addTestCase: the connector (its tests file is the one beside it), the endpoint, the case's name and the case.</summary>
public sealed record AddTestCaseParams(string? Uri, string? EndpointId, string? CaseName, JsonElement? Case);
