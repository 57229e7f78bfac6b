using System.Text;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Tests.Workspace;

/// <summary>
/// Renames on the real samples (SOAP envelopes, sample bodies, two instances each): every renamable symbol
/// tried leaves a folder that still validates with no diagnostics at all.
/// </summary>
public sealed class SampleRenameTests
{
    public static TheoryData<string> Connectors => [.. SampleCorpus.ConnectorFiles().Select(SampleCorpus.Relative)];

    /// <summary>The disk with some files' text replaced, as an editor's unsaved buffers would be.</summary>
    private sealed class EditedDisk(IReadOnlyDictionary<string, string> texts) : IFileSystem
    {
        public bool FileExists(string path) => texts.ContainsKey(path) || File.Exists(path);

        public long GetLength(string path) => texts.TryGetValue(path, out var text) ? Encoding.UTF8.GetByteCount(text) : PhysicalFileSystem.Instance.GetLength(path);

        public FileProbe Probe(string path) => texts.TryGetValue(path, out var text)
            ? new FileProbe(FileKind.Regular, path, Encoding.UTF8.GetByteCount(text))
            : PhysicalFileSystem.Instance.Probe(path);

        public string ReadAllText(string path) => texts.TryGetValue(path, out var text) ? text : File.ReadAllText(path);

        public byte[] ReadPrefix(string path, int count) => PhysicalFileSystem.Instance.ReadPrefix(path, count);
    }

    private static ConnectorWorkspace Load(string folder, IFileSystem files)
    {
        var workspace = new ConnectorWorkspace(files);
        foreach (var file in WorkspaceFiles.Expand(folder))
        {
            workspace.Add(file);
        }
        return workspace;
    }

    [Theory]
    [MemberData(nameof(Connectors))]
    public void Renaming_symbols_of_a_sample_keeps_it_clean(string relative)
    {
        var path = SampleCorpus.Absolute(relative);
        var folder = Path.GetDirectoryName(path)!;
        var workspace = Load(folder, PhysicalFileSystem.Instance);
        var index = SymbolReferences.Build(workspace.GetConnector(path)!, workspace.Instances);
        Assert.NotEmpty(index.Instances);

        // A few of each kind keeps the test quick; the first ones are the most used (auth methods, connector variables).
        var symbols = index.Symbols
            .Where(s => s.HasExplicitName && s.Kind != ConnectorSymbolKind.ConnectorFile)
            .GroupBy(s => s.Kind)
            .SelectMany(g => g.Take(4))
            .ToList();
        Assert.Contains(symbols, s => s.Kind == ConnectorSymbolKind.Variable);
        foreach (var symbol in symbols)
        {
            var newName = symbol.Kind == ConnectorSymbolKind.Variable ? symbol.Name + "_renamed" : symbol.Name + "-renamed";
            var plan = SymbolRename.Plan(index, path, symbol.Declaration.Span.Start, newName);
            Assert.True(plan.Refusal is null, $"{symbol.Kind} {symbol.Name}: {plan.Refusal}");
            Assert.NotEmpty(plan.Edits);
            var texts = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var edit in plan.Edits.OrderByDescending(e => e.Span.Start))
            {
                var text = texts.GetValueOrDefault(edit.FilePath) ?? index.Texts[edit.FilePath];
                texts[edit.FilePath] = string.Concat(text.AsSpan(0, edit.Span.Start), edit.NewText, text.AsSpan(edit.Span.End));
            }
            var diagnostics = Load(folder, new EditedDisk(texts)).Analyze();
            Assert.True(diagnostics.Count == 0, $"After renaming {symbol.Kind} {symbol.Name}:\n{Analysis.Describe(diagnostics)}");
        }
    }
}
