using System.Diagnostics;
using Patchworks.Core.Model;
using Patchworks.Core.Rules;
using Patchworks.Core.Rules.Connectors;
using Patchworks.Core.Schema;
using Patchworks.Core.Syntax;
using Patchworks.Core.Workspace;

namespace Patchworks.Bench;

/// <summary>One phase of Create + Analyze: its time, the bytes it allocates, and the bytes its result keeps alive.</summary>
public sealed record PhaseResult(string Name, string Code, Stats Time, long AllocatedBytes, long RetainedBytes);

/// <summary>
/// Create + Analyze cut into their phases, each called the way ConnectorDocument.Create and
/// ConnectorAnalyzer.Analyze call it: where the time and the memory go.
/// Timed passes run each phase after a full collection (so each pays only for its own garbage, and the
/// cost of promoting the previous phases' survivors is left out: the sum is a little under the whole).
/// A last pass measures the live heap after each phase while holding every result.
/// </summary>
public static class PhaseProfile
{
    private delegate object? Step(int index, string name, string code, Func<object?> action);

    private sealed class Phase(string name, string code)
    {
        public string Name { get; } = name;
        public string Code { get; } = code;
        public List<double> Times { get; } = [];
        public long Allocated { get; set; }
        public long Retained { get; set; }
    }

    public static IReadOnlyList<PhaseResult> Run(string path, string text, int warmup, int iterations)
    {
        var phases = new List<Phase>();
        Phase PhaseAt(int index, string name, string code)
        {
            if (phases.Count <= index)
            {
                phases.Add(new Phase(name, code));
            }
            return phases[index];
        }

        for (var round = 0; round < warmup + iterations; round++)
        {
            var measured = round >= warmup;
            Sequence(path, text, (index, name, code, action) =>
            {
                var phase = PhaseAt(index, name, code);
                Timing.FullCollect();
                var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                var start = Stopwatch.GetTimestamp();
                var result = action();
                var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                if (measured)
                {
                    phase.Times.Add(elapsed);
                    phase.Allocated = allocated;
                }
                return result;
            });
        }

        var held = new List<object?>();
        Sequence(path, text, (index, name, code, action) =>
        {
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var result = action();
            held.Add(result);
            PhaseAt(index, name, code).Retained = GC.GetTotalMemory(forceFullCollection: true) - before;
            return result;
        });
        GC.KeepAlive(held);

        return phases.Select(p => new PhaseResult(p.Name, p.Code, Stats.Of(p.Times), p.Allocated, p.Retained)).ToList();
    }

    /// <summary>What ConnectorDocument.Create and then ConnectorAnalyzer.Analyze do, step by step.</summary>
    private static void Sequence(string path, string text, Step step)
    {
        var files = PhysicalFileSystem.Instance;
        var tree = (SyntaxTree)step(0, "parse", "Syntax/JsonParser.Parse", () => JsonParser.Parse(text))!;
        var model = (Connector)step(1, "model", "Model/ConnectorReader.Read", () => ConnectorReader.Read(tree, path))!;
        step(2, "load references", "Model/ReferenceLoader.Load", () => { ReferenceLoader.Load(model, files); return null; });
        step(3, "index", "Model/ConnectorIndex.Build", () => ConnectorIndex.Build(model));

        // The analysis needs a ConnectorDocument, whose constructor is private: one of its own, made outside the steps.
        var document = ConnectorDocument.Create(path, text, files);
        var context = (ConnectorRuleContext)step(4, "line index (first diagnostics bag)", "Rules/ConnectorRuleContext ctor -> Text/LineIndex", () => new ConnectorRuleContext(document, files))!;
        step(5, "syntax + schema", "Rules/SyntaxAndSchemaRules.Check -> Schema/SchemaValidator.Validate", () => { SyntaxAndSchemaRules.Check(document.Tree, SchemaCatalog.Connector, context.Diagnostics); return null; });
        step(6, "placeholder rules", "Rules/Connectors/PlaceholderRules.Check", () => { PlaceholderRules.Check(context); return null; });
        step(7, "variable rules", "Rules/Connectors/VariableRules.Check", () => { VariableRules.Check(context); return null; });
        step(8, "auth method rules", "Rules/Connectors/AuthMethodRules.Check", () => { AuthMethodRules.Check(context); return null; });
        step(9, "endpoint rules", "Rules/Connectors/EndpointRules.Check", () => { EndpointRules.Check(context); return null; });
        step(10, "pagination rules", "Rules/Connectors/PaginationRules.Check", () => { PaginationRules.Check(context); return null; });
        step(11, "file reference rules", "Rules/Connectors/FileReferenceRules.Check", () => { FileReferenceRules.Check(context); return null; });
        step(12, "icon rules", "Rules/Connectors/IconRules.Check", () => { IconRules.Check(context); return null; });
        step(13, "collect diagnostics", "Rules/ConnectorRuleContext.All", () => context.All().ToArray());
    }
}
