using System.Text;
using Patchworks.Core.Workspace;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Tests.Infrastructure;

namespace Patchworks.LanguageServer.Tests;

/// <summary>The open buffers laid over the disk: what the analyzers read of a file the editor has open.</summary>
public sealed class OverlayFileSystemTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(100_000)]
    public void A_buffers_prefix_is_the_first_bytes_of_its_utf8_even_inside_a_character(int count)
    {
        var path = _folder.PathOf("icon.svg");
        var text = "<svg é😀>" + new string('x', 50);
        var files = new OverlayFileSystem(PhysicalFileSystem.Instance);
        files.SetBuffer(path, text);

        Assert.Equal(Encoding.UTF8.GetBytes(text).Take(count).ToArray(), files.ReadPrefix(path, count));
    }

    [Fact]
    public void Without_a_buffer_the_disk_answers()
    {
        var path = _folder.Write("icon.svg", "<svg/>");
        var files = new OverlayFileSystem(PhysicalFileSystem.Instance);
        Assert.Equal("<svg"u8.ToArray(), files.ReadPrefix(path, 4));
        files.SetBuffer(path, "<?xml");
        Assert.Equal("<?xm"u8.ToArray(), files.ReadPrefix(path, 4));
        files.RemoveBuffer(path);
        Assert.Equal("<svg/>", files.ReadAllText(path));
    }
}
