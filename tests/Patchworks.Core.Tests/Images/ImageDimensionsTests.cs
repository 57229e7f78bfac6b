using System.Buffers.Binary;
using System.Text;
using Patchworks.Core.Images;

namespace Patchworks.Core.Tests.Images;

public sealed class ImageDimensionsTests
{
    [Fact]
    public void Reads_png_width_and_height()
    {
        var png = new byte[33];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(png, 0);
        "IHDR"u8.ToArray().CopyTo(png, 12);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), 512);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), 256);
        var info = ImageDimensions.TryRead(png, out _);
        Assert.Equal(new ImageInfo("png", 512, 256), info);
    }

    [Fact]
    public void Reads_gif_width_and_height()
    {
        var gif = new byte[13];
        "GIF89a"u8.ToArray().CopyTo(gif, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(gif.AsSpan(6), 32);
        BinaryPrimitives.WriteUInt16LittleEndian(gif.AsSpan(8), 32);
        Assert.Equal(new ImageInfo("gif", 32, 32), ImageDimensions.TryRead(gif, out _));
    }

    [Fact]
    public void Reads_jpeg_frame_header_after_other_segments()
    {
        byte[] jpeg =
        [
            0xFF, 0xD8,                                      // start of image
            0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00,              // APP0 of length 4
            0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x40, 0x00, 0x80, 0x03, 0x01, 0x11, 0x00, // SOF0: height 64, width 128
        ];
        Assert.Equal(new ImageInfo("jpeg", 128, 64), ImageDimensions.TryRead(jpeg, out _));
    }

    [Theory]
    [InlineData("<svg width=\"64\" height=\"64\">", 64, 64)]
    [InlineData("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 48\">", 24, 48)]
    [InlineData("<svg width=\"100%\" height=\"100%\" viewBox=\"0,0,10,10\">", 10, 10)]
    [InlineData("<svg width='32px' height='16px'>", 32, 16)]
    public void Reads_svg_size_from_attributes_or_view_box(string svg, double width, double height)
    {
        var info = ImageDimensions.TryRead(Encoding.UTF8.GetBytes(svg + "</svg>"), out _);
        Assert.Equal((width, height), (info!.Width, info.Height));
    }

    [Fact]
    public void Says_why_when_the_size_cannot_be_read()
    {
        Assert.Null(ImageDimensions.TryRead(Encoding.UTF8.GetBytes("hello"), out var problem));
        Assert.Contains("not a PNG", problem, StringComparison.Ordinal);
        Assert.Null(ImageDimensions.TryRead(Encoding.UTF8.GetBytes("<svg class=\"a\"></svg>"), out problem));
        Assert.Contains("viewBox", problem, StringComparison.Ordinal);
    }
}
