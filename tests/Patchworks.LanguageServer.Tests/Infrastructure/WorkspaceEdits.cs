using Patchworks.Core.Text;
using Patchworks.LanguageServer.Protocol;

namespace Patchworks.LanguageServer.Tests.Infrastructure;

/// <summary>Applies a WorkspaceEdit to texts as an editor would: every range refers to the text before any edit.</summary>
public static class WorkspaceEdits
{
    public static string Apply(string text, IEnumerable<TextEdit> edits)
    {
        var lines = new LineIndex(text);
        var spans = edits
            .Select(e => (Start: lines.GetOffset(e.Range.Start.ToCore()), End: lines.GetOffset(e.Range.End.ToCore()), e.NewText))
            .OrderByDescending(e => e.Start)
            .ToList();
        for (var i = 1; i < spans.Count; i++)
        {
            Assert.True(spans[i].End <= spans[i - 1].Start, "Edits overlap.");
        }
        foreach (var (start, end, newText) in spans)
        {
            text = string.Concat(text.AsSpan(0, start), newText, text.AsSpan(end));
        }
        return text;
    }

    /// <summary>The texts (keyed by URI) with the edit applied; files it does not touch are returned unchanged.</summary>
    public static Dictionary<string, string> Apply(IReadOnlyDictionary<string, string> texts, WorkspaceEdit edit)
    {
        foreach (var uri in edit.Changes.Keys)
        {
            Assert.True(texts.ContainsKey(uri), $"The edit touches a file the test did not expect: {uri}");
        }
        return texts.ToDictionary(t => t.Key, t => edit.Changes.TryGetValue(t.Key, out var edits) ? Apply(t.Value, edits) : t.Value);
    }
}
