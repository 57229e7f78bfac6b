using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Patchworks.Core.Images;

/// <summary>The format and size of an image, read from its first bytes.</summary>
public sealed record ImageInfo(string Format, double Width, double Height);

/// <summary>
/// Reads the format and size of PNG, GIF, JPEG and SVG images from their headers, without decoding them:
/// enough to check that a connector icon is of an allowed type and square.
/// </summary>
public static partial class ImageDimensions
{
    /// <summary>How many bytes to read: enough for any header, and for an SVG's root element.</summary>
    public const int PrefixBytes = 64 * 1024;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The format from the content: "png", "gif", "jpeg", "svg", or null when it is none of them.</summary>
    public static string? SniffFormat(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 8 && data[..8].SequenceEqual(PngSignature))
        {
            return "png";
        }
        if (data.Length >= 6 && (data[..6].SequenceEqual("GIF87a"u8) || data[..6].SequenceEqual("GIF89a"u8)))
        {
            return "gif";
        }
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            return "jpeg";
        }
        var text = Encoding.UTF8.GetString(data[..Math.Min(data.Length, 4096)]);
        return text.Contains("<svg", StringComparison.Ordinal) ? "svg" : null;
    }

    /// <summary>The image's size, or null with a reason when the header does not say it.</summary>
    public static ImageInfo? TryRead(ReadOnlySpan<byte> data, out string? problem)
    {
        problem = null;
        switch (SniffFormat(data))
        {
            case "png" when data.Length >= 24:
                return new ImageInfo("png", BinaryPrimitives.ReadUInt32BigEndian(data[16..]), BinaryPrimitives.ReadUInt32BigEndian(data[20..]));
            case "gif" when data.Length >= 10:
                return new ImageInfo("gif", BinaryPrimitives.ReadUInt16LittleEndian(data[6..]), BinaryPrimitives.ReadUInt16LittleEndian(data[8..]));
            case "jpeg":
                return ReadJpeg(data, out problem);
            case "svg":
                return ReadSvg(Encoding.UTF8.GetString(data), out problem);
            default:
                problem = "the file is not a PNG, GIF, JPEG or SVG image";
                return null;
        }
    }

    private static ImageInfo? ReadJpeg(ReadOnlySpan<byte> data, out string? problem)
    {
        var i = 2;
        while (i + 9 < data.Length)
        {
            if (data[i] != 0xFF)
            {
                i++;
                continue;
            }
            var marker = data[i + 1];
            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7) or 0xFF)
            {
                i += marker == 0xFF ? 1 : 2;
                continue;
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);
            // Start-of-frame markers (C0-CF except C4, C8, CC) hold the height and width.
            if (marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC))
            {
                problem = null;
                return new ImageInfo("jpeg", BinaryPrimitives.ReadUInt16BigEndian(data[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(data[(i + 5)..]));
            }
            i += 2 + length;
        }
        problem = "no frame header was found in the first 64 KB of the JPEG";
        return null;
    }

    private static ImageInfo? ReadSvg(string text, out string? problem)
    {
        try
        {
            return ReadSvgTag(text, out problem);
        }
        catch (RegexMatchTimeoutException)
        {
            // Linear-time patterns over at most the prefix read, so this means a starved machine, not a hostile file:
            // the size is unknown (a warning), never an exception out of a rule.
            problem = "the <svg> element could not be read in time";
            return null;
        }
    }

    private static ImageInfo? ReadSvgTag(string text, out string? problem)
    {
        var tag = SvgTag().Match(text);
        if (!tag.Success)
        {
            problem = "the <svg> element was not found";
            return null;
        }
        var attributes = tag.Value;
        var width = Length(Attribute(attributes, "width"));
        var height = Length(Attribute(attributes, "height"));
        if (width is not null && height is not null)
        {
            problem = null;
            return new ImageInfo("svg", width.Value, height.Value);
        }
        var viewBox = Attribute(attributes, "viewBox")?.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        if (viewBox is { Length: 4 }
            && double.TryParse(viewBox[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var w)
            && double.TryParse(viewBox[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var h))
        {
            problem = null;
            return new ImageInfo("svg", w, h);
        }
        problem = "the <svg> element has neither width and height nor a viewBox";
        return null;
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $@"\s{name}\s*=\s*[""']([^""']*)[""']", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromSeconds(2));
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>An absolute SVG length ("64", "64px"); percentages and other units are not sizes we can compare.</summary>
    private static double? Length(string? value)
    {
        if (value is null)
        {
            return null;
        }
        var number = value.Trim();
        if (number.EndsWith("px", StringComparison.Ordinal))
        {
            number = number[..^2];
        }
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var result) ? result : null;
    }

    [GeneratedRegex(@"<svg\b[^>]*>", RegexOptions.CultureInvariant | RegexOptions.Singleline, 2000)]
    private static partial Regex SvgTag();
}
