namespace Patchworks.Core.Tests.Completion;

/// <summary>Texts with a "|" where the cursor is: the text without it, and the cursor's offset.</summary>
public static class Cursor
{
    public static (string Text, int Offset) Split(string marked)
    {
        var offset = marked.IndexOf('|', StringComparison.Ordinal);
        Assert.True(offset >= 0, "The text has no | cursor marker.");
        return (marked.Remove(offset, 1), offset);
    }
}
