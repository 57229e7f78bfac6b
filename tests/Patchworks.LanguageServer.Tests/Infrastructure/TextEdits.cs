using Patchworks.Core.Text;
using Patchworks.LanguageServer.Protocol;
using CoreEdit = Patchworks.Core.Editing.TextEdit;

namespace Patchworks.LanguageServer.Tests.Infrastructure;

/// <summary>Applies the edits a server returns to a text, as an editor would: all ranges refer to the text before any edit.</summary>
public static class TextEdits
{
    public static string Apply(string text, IEnumerable<TextEdit> edits)
    {
        var lines = new LineIndex(text);
        return CoreEdit.Apply(text, edits.Select(e => new CoreEdit(
            TextSpan.FromBounds(lines.GetOffset(new Position(e.Range.Start.Line, e.Range.Start.Character)), lines.GetOffset(new Position(e.Range.End.Line, e.Range.End.Character))),
            e.NewText)));
    }

    /// <summary>The edits of a workspace edit for one document.</summary>
    public static string Apply(string text, WorkspaceEdit edit, string path) => Apply(text, edit.Changes[LspClient.Uri(path)]);

    /// <summary>The position of the first occurrence of a needle, plus an offset into it.</summary>
    public static LspPosition PositionOf(string text, string needle, int offsetInNeedle = 0)
    {
        var index = text.IndexOf(needle, StringComparison.Ordinal);
        Assert.True(index >= 0, $"The text does not contain {needle}");
        var position = new LineIndex(text).GetPosition(index + offsetInNeedle);
        return new LspPosition(position.Line, position.Character);
    }
}
