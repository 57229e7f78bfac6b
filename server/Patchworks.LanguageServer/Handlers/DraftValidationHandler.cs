using Patchworks.Core.Syntax;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// patchworks/validateDraft: the extension's wizards check what they are about to write with the same rules as
/// a saved file, workspace rules included, and show each problem beside the field its JSON path names.
/// </summary>
internal sealed class DraftValidationHandler(LanguageServer server)
{
    /// <summary>Where a draft without a URI is checked: a name that says its kind, in a folder no workspace holds.</summary>
    private static readonly string DraftFolder = Path.Combine(Path.GetTempPath(), "patchworks-drafts");

    [JsonRpcMethod("patchworks/validateDraft")]
    public ValidateDraftResult ValidateDraft(ValidateDraftParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        var path = PathFor(parameters);
        var diagnostics = server.Workspace.AnalyzeDraft(path, parameters.Text, cancellationToken);
        var tree = JsonParser.Parse(parameters.Text);
        return new ValidateDraftResult([.. diagnostics
            .Where(d => d.FilePath == path)
            .Distinct()
            .OrderBy(d => d.Span.Start)
            .ThenBy(d => d.Code, StringComparer.Ordinal)
            .Select(d => new DraftDiagnostic(
                d.Code,
                (int)d.Severity,
                d.Message,
                PathOf(d, tree),
                d.Range.ToLsp()))]);
    }

    /// <summary>
    /// The JSON path of the node a diagnostic is on; for a missing property (PW1002), the path the property would
    /// have (and for a required instance value, PW5004, its place in values or secrets), so a wizard can show
    /// "missing" beside the field the user has left empty.
    /// </summary>
    private static string PathOf(Core.Diagnostics.Diagnostic diagnostic, SyntaxTree tree)
    {
        var path = tree.FindNodeAt(diagnostic.Span.Start) is { } node ? SyntaxPath.Of(node) : "";
        if (diagnostic.Descriptor == Core.Diagnostics.DiagnosticCatalog.MissingProperty && diagnostic.Data?.GetValueOrDefault("suggestion") is { } missing)
        {
            return path.Length == 0 ? missing : $"{path}.{missing}";
        }
        // A required instance value that is not given: where it would go (values.key, or secrets.key for a secret).
        if (diagnostic.Descriptor == Core.Diagnostics.DiagnosticCatalog.InstanceValueMissing && diagnostic.Data?.GetValueOrDefault("key") is { } key)
        {
            return (diagnostic.Data.GetValueOrDefault("secret") == "true" ? "secrets." : "values.") + key;
        }
        return path;
    }

    private static string PathFor(ValidateDraftParams parameters)
    {
        var suffix = parameters.Kind switch
        {
            "connector" => ".connector.json",
            "instance" => ".instance.json",
            _ => throw new LocalRpcException($"kind must be \"connector\" or \"instance\", not \"{parameters.Kind}\".") { ErrorCode = ErrorCodes.InvalidParams },
        };
        if (parameters.Uri is null)
        {
            return Path.Combine(DraftFolder, "draft" + suffix);
        }
        var path = RequestTargets.PathOf(parameters.Uri);
        // The kind decides which rules run, and the server tells kinds apart by file name.
        if (!path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            throw new LocalRpcException($"A {parameters.Kind} draft's URI must end with {suffix}: {parameters.Uri}") { ErrorCode = ErrorCodes.InvalidParams };
        }
        return path;
    }
}
