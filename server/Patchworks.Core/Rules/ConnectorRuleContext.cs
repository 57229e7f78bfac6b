using Patchworks.Core.Diagnostics;
using Patchworks.Core.Model;
using Patchworks.Core.Syntax;
using Patchworks.Core.Text;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Rules;

/// <summary>What a connector rule sees: the model, its index, the file system, and where to report.</summary>
public sealed class ConnectorRuleContext(ConnectorDocument document, IFileSystem files)
{
    private readonly Dictionary<string, DiagnosticBag> _otherFiles = new(StringComparer.Ordinal);

    public ConnectorDocument Document { get; } = document;
    public Connector Connector => Document.Model;
    public ConnectorIndex Index => Document.Index;
    public IFileSystem Files { get; } = files;

    /// <summary>Diagnostics of the connector file itself.</summary>
    public DiagnosticBag Diagnostics { get; } = new(document.FilePath, document.Tree.Lines);

    /// <summary>Diagnostics of a referenced file (a placeholder in a SOAP envelope is reported where it is written).</summary>
    public DiagnosticBag DiagnosticsOf(string filePath)
    {
        if (filePath == Document.FilePath)
        {
            return Diagnostics;
        }
        if (!_otherFiles.TryGetValue(filePath, out var bag))
        {
            var lines = Index.ReferencedFileLines.TryGetValue(filePath, out var known) ? known : new Text.LineIndex("");
            bag = new DiagnosticBag(filePath, lines);
            _otherFiles[filePath] = bag;
        }
        return bag;
    }

    /// <summary>
    /// A check of one node's subtree alone (an endpoint's URL, its parameters, its pagination options), run when the
    /// node changed and otherwise its findings of the last time replayed where the node now is: an edit checks the
    /// endpoint it is in again, not the thousands of others. <paramref name="check"/> must read nothing outside the
    /// node (no other endpoint, no auth method, no connector variable, no referenced file) and report in the
    /// connector file only. Findings with related locations are not kept (those hold ranges, not offsets).
    /// </summary>
    public void CheckLocally(SubtreeMemo<Diagnostic[]> memo, SyntaxNode node, Action<DiagnosticBag> check) =>
        CheckLocally(memo, node, check, static (c, found) => c(found));

    /// <summary>
    /// As the overload without state, the check given what it reads (an endpoint, a pagination block) instead of
    /// capturing it: a 5 MB connector's thousands of endpoints are checked at every edit, and a capturing lambda is
    /// an allocation each, made even when the memo answers.
    /// </summary>
    public void CheckLocally<TState>(SubtreeMemo<Diagnostic[]> memo, SyntaxNode node, TState state, Action<TState, DiagnosticBag> check)
    {
        var start = node.Span.Start;
        if (memo.TryGet(node, out var relative))
        {
            foreach (var finding in relative)
            {
                var span = new TextSpan(finding.Span.Start + start, finding.Span.Length);
                Diagnostics.Add(finding with { Span = span, Range = Diagnostics.Lines.GetRange(span) });
            }
            return;
        }
        var found = new DiagnosticBag(Diagnostics.FilePath, Diagnostics.Lines);
        check(state, found);
        foreach (var finding in found.Items)
        {
            Diagnostics.Add(finding);
        }
        if (found.Items.All(d => d.Related.Count == 0 && d.FilePath == Diagnostics.FilePath && d.Span.Start >= start))
        {
            memo.Set(node, [.. found.Items.Select(d => d with { Span = new TextSpan(d.Span.Start - start, d.Span.Length) })]);
        }
    }

    public IEnumerable<Diagnostic> All() => Diagnostics.Items.Concat(_otherFiles.Values.SelectMany(b => b.Items));
}
