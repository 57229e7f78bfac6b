using Patchworks.Core.Text;
using Patchworks.LanguageServer.Protocol;

namespace Patchworks.LanguageServer.Tests.Infrastructure;

/// <summary>Positions and ranges of text in a document, found by content so tests say what they point at.</summary>
public static class TextPositions
{
    public static int OffsetOf(string text, string needle, int occurrence = 0)
    {
        var index = -1;
        for (var i = 0; i <= occurrence; i++)
        {
            index = text.IndexOf(needle, index + 1, StringComparison.Ordinal);
            if (index < 0)
            {
                throw new InvalidOperationException($"Occurrence {occurrence} of {needle} is not in the text.");
            }
        }
        return index;
    }

    public static LspPosition PositionOf(string text, string needle, int into = 0, int occurrence = 0) =>
        new LineIndex(text).GetPosition(OffsetOf(text, needle, occurrence) + into).ToLsp();

    /// <summary>The range of part of a needle: <paramref name="length"/> characters from <paramref name="into"/>.</summary>
    public static LspRange RangeOf(string text, string needle, int into, int length, int occurrence = 0)
    {
        var start = OffsetOf(text, needle, occurrence) + into;
        return new LineIndex(text).GetRange(new TextSpan(start, length)).ToLsp();
    }
}
