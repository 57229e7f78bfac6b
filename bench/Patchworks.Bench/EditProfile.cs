using Patchworks.Core.Model;
using Patchworks.Core.Rules;
using Patchworks.Core.Rules.Connectors;
using Patchworks.Core.Schema;
using Patchworks.Core.Syntax;
using Patchworks.Core.Workspace;

namespace Patchworks.Bench;

/// <summary>
/// What one edit costs after the first analysis, phase by phase, as the language server does it for an open document:
/// the value of a "direction" in the middle of the file typed over (valid and invalid in turn), the tree brought up to
/// date in place, the document made again from it (endpoints the edit did not touch kept), the analysis run.
/// CPU time of this thread per phase, medians; collections the phase triggered included.
/// </summary>
public static class EditProfile
{
    private static readonly (string Name, Action<ConnectorRuleContext> Check)[] Rules =
    [
        (nameof(PlaceholderRules), PlaceholderRules.Check), (nameof(VariableRules), VariableRules.Check),
        (nameof(AuthMethodRules), AuthMethodRules.Check), (nameof(EndpointRules), EndpointRules.Check),
        (nameof(PaginationRules), PaginationRules.Check), (nameof(ErrorDetectionRules), ErrorDetectionRules.Check),
        (nameof(RuntimeValueRules), RuntimeValueRules.Check), (nameof(FileReferenceRules), FileReferenceRules.Check),
        (nameof(IconRules), IconRules.Check), (nameof(EventConnectorRules), EventConnectorRules.Check),
    ];

    public static void Run(string path, int edits)
    {
        var files = PhysicalFileSystem.Instance;
        var text = File.ReadAllText(path);
        var at = text.IndexOf("\"direction\": \"receive\"", text.Length / 2, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new BenchException($"{path} has no \"direction\": \"receive\" in its second half");
        }
        at += "\"direction\": \"".Length;
        var parsed = JsonParser.Parse(text);
        SubtreeMemos.Track(parsed); // as the language server does for an open document
        var document = ConnectorDocument.Create(path, text, files, parsed);
        ConnectorAnalyzer.Analyze(document, files);

        string[] names = ["apply edit (text + tree in place)", "document (model, references, index)", "  read model", "  load references", "  index", "line index", "syntax + schema", "rules", .. Rules.Select(r => "  " + r.Name), "whole edit"];
        var times = names.Select(_ => new List<double>()).ToArray();
        var allocated = names.Select(_ => new List<double>()).ToArray();
        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var current = "receive";
        for (var i = 0; i < edits; i++)
        {
            var next = i % 2 == 0 ? "receive_x" : "receive";
            var a0 = GC.GetAllocatedBytesForCurrentThread();
            var start = ThreadCpuClock.NowMs();
            var t0 = start;
            var newText = string.Concat(text.AsSpan(0, at), next, text.AsSpan(at + current.Length));
            var tree = IncrementalParser.TryApply(document.Tree, newText, new TextChange(at, current.Length, next.Length))
                ?? throw new BenchException("the edit was not applied in place");
            var t1 = ThreadCpuClock.NowMs();
            var a1 = GC.GetAllocatedBytesForCurrentThread();
            var model = ConnectorReader.Read(tree, path);
            var t1a = ThreadCpuClock.NowMs();
            var a1a = GC.GetAllocatedBytesForCurrentThread();
            ReferenceLoader.Load(model, files);
            var t1b = ThreadCpuClock.NowMs();
            var a1b = GC.GetAllocatedBytesForCurrentThread();
            document = ConnectorDocument.FromParts(model, ConnectorIndex.Build(model));
            var t2 = ThreadCpuClock.NowMs();
            var a2 = GC.GetAllocatedBytesForCurrentThread();
            var context = new ConnectorRuleContext(document, files);
            var t3 = ThreadCpuClock.NowMs();
            var a3 = GC.GetAllocatedBytesForCurrentThread();
            SyntaxAndSchemaRules.Check(document.Tree, SchemaCatalog.Connector, context.Diagnostics);
            var t4 = ThreadCpuClock.NowMs();
            var a4 = GC.GetAllocatedBytesForCurrentThread();
            var ruleTimes = new double[Rules.Length];
            var ruleBytes = new double[Rules.Length];
            for (var r = 0; r < Rules.Length; r++)
            {
                var before = ThreadCpuClock.NowMs();
                var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
                Rules[r].Check(context);
                ruleTimes[r] = ThreadCpuClock.NowMs() - before;
                ruleBytes[r] = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
            }
            var count = context.All().Count();
            var t5 = ThreadCpuClock.NowMs();
            var a5 = GC.GetAllocatedBytesForCurrentThread();
            double[] phase = [t1 - t0, t2 - t1, t1a - t1, t1b - t1a, t2 - t1b, t3 - t2, t4 - t3, t5 - t4, .. ruleTimes, t5 - start];
            double[] bytes = [a1 - a0, a2 - a1, a1a - a1, a1b - a1a, a2 - a1b, a3 - a2, a4 - a3, a5 - a4, .. ruleBytes, a5 - a0];
            for (var p = 0; p < phase.Length; p++)
            {
                times[p].Add(phase[p]);
                allocated[p].Add(bytes[p] / 1024.0);
            }
            if ((next == "receive") != (count == 0))
            {
                throw new BenchException($"edit {i}: {count} diagnostics after typing \"{next}\"");
            }
            text = newText;
            current = next;
        }
        Console.WriteLine($"Edit profile of {Path.GetFileName(path)} ({text.Length:N0} chars, {edits} edits; thread CPU ms, median / p95; KB allocated, median):");
        Console.WriteLine($"  collections during the edits: gen0 {GC.CollectionCount(0) - gcBefore.Item1}, gen1 {GC.CollectionCount(1) - gcBefore.Item2}, gen2 {GC.CollectionCount(2) - gcBefore.Item3}");
        for (var p = 0; p < names.Length; p++)
        {
            var sorted = times[p].Order().ToArray();
            Console.WriteLine($"  {names[p],-40} {sorted[sorted.Length / 2],8:F2} {sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(sorted.Length * 0.95) - 1)],8:F2} {allocated[p].Order().ElementAt(allocated[p].Count / 2),10:N0}");
        }
    }
}
