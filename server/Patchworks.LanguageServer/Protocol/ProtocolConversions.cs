using Patchworks.Core.Diagnostics;
using Patchworks.Core.Text;
using Patchworks.LanguageServer.Documents;

namespace Patchworks.LanguageServer.Protocol;

/// <summary>Core results to LSP structures. The core counts in UTF-16 code units, as LSP does, so positions map one to one.</summary>
public static class ProtocolConversions
{
    public static LspPosition ToLsp(this Position position) => new(position.Line, position.Character);

    public static LspRange ToLsp(this TextRange range) => new(range.Start.ToLsp(), range.End.ToLsp());

    public static LspRange ToLsp(this TextSpan span, LineIndex lines) => lines.GetRange(span).ToLsp();

    public static Location ToLsp(this Patchworks.Core.Workspace.SymbolLocation location) =>
        new(DocumentUri.FromPath(location.FilePath), location.Range.ToLsp());

    /// <summary>
    /// The core's position. LSP positions are unsigned: a negative line or character is refused with InvalidParams
    /// (one past the end is clamped where it is used, as the specification asks).
    /// </summary>
    public static Position ToCore(this LspPosition position) => position.Line < 0 || position.Character < 0
        ? throw new StreamJsonRpc.LocalRpcException($"A position's line and character must be 0 or more, not {position.Line}:{position.Character}.") { ErrorCode = ErrorCodes.InvalidParams }
        : new(position.Line, position.Character);

    public static LspDiagnostic ToLsp(this Diagnostic diagnostic) => new()
    {
        Range = diagnostic.Range.ToLsp(),
        Severity = (int)diagnostic.Severity,
        Code = diagnostic.Code,
        Message = diagnostic.Message,
        Tags = Tags(diagnostic.Tags),
        RelatedInformation = diagnostic.Related.Count == 0
            ? null
            : [.. diagnostic.Related.Select(r => new DiagnosticRelatedInformation(new Location(DocumentUri.FromPath(r.FilePath), r.Range.ToLsp()), r.Message))],
        Data = diagnostic.Data,
    };

    private static int[]? Tags(DiagnosticTags tags)
    {
        if (tags == DiagnosticTags.None)
        {
            return null;
        }
        var result = new List<int>();
        if (tags.HasFlag(DiagnosticTags.Unnecessary)) result.Add(1);
        if (tags.HasFlag(DiagnosticTags.Deprecated)) result.Add(2);
        return [.. result];
    }
}
