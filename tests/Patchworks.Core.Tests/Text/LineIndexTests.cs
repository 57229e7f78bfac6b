using Patchworks.Core.Text;

namespace Patchworks.Core.Tests.Text;

public sealed class LineIndexTests
{
    [Fact]
    public void Handles_every_line_break_kind()
    {
        var index = new LineIndex("a\nbc\r\nd\re");
        Assert.Equal(4, index.LineCount);
        Assert.Equal(new Position(0, 1), index.GetPosition(1));
        Assert.Equal(new Position(1, 0), index.GetPosition(2));
        Assert.Equal(new Position(1, 2), index.GetPosition(4));
        Assert.Equal(new Position(2, 0), index.GetPosition(6));
        Assert.Equal(new Position(3, 1), index.GetPosition(9));
    }

    [Fact]
    public void Offsets_round_trip_and_clamp_like_lsp()
    {
        const string text = "ab\r\ncd";
        var index = new LineIndex(text);
        for (var offset = 0; offset <= text.Length; offset++)
        {
            if (offset == 3)
            {
                continue; // between \r and \n: not a position LSP can name
            }
            Assert.Equal(offset, index.GetOffset(index.GetPosition(offset)));
        }
        Assert.Equal(2, index.GetOffset(new Position(0, 99)));
        Assert.Equal(text.Length, index.GetOffset(new Position(9, 0)));
        Assert.Equal(0, index.GetOffset(new Position(-1, 5)));
        Assert.Equal(text.Length, index.GetOffset(new Position(1, int.MaxValue)));
        Assert.Equal(2, index.GetOffset(new Position(0, int.MaxValue)));
        Assert.Equal(2, LineIndex.OffsetOf(text, new Position(0, int.MaxValue)));
    }

    [Theory]
    [InlineData("a\nbc\r\nd\re")]
    [InlineData("\r\n\r\n")]
    [InlineData("\n\r\r\nx\n")]
    [InlineData("no break")]
    [InlineData("")]
    public void Offset_without_an_index_is_the_indexed_offset_for_every_position(string text)
    {
        // Applying an edit finds offsets without building an index: both ways must agree everywhere, clamping included.
        var index = new LineIndex(text);
        for (var line = -1; line <= index.LineCount + 1; line++)
        {
            for (var character = -1; character <= text.Length + 1; character++)
            {
                var position = new Position(line, character);
                Assert.Equal(index.GetOffset(position), LineIndex.OffsetOf(text, position));
            }
        }
    }
}
