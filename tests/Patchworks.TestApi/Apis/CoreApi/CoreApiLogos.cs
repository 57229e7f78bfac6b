using System.Text;

namespace Patchworks.TestApi.Apis;

/// <summary>
/// Logo types (documented: png, jpg, gif, svg). A file is accepted only when the extension of its name and the
/// type sniffed from its bytes are both one of these, and the same one (jpeg counts as jpg).
/// </summary>
internal static class CoreApiLogos
{
    public static readonly IReadOnlyDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["png"] = "image/png",
        ["jpg"] = "image/jpeg",
        ["gif"] = "image/gif",
        ["svg"] = "image/svg+xml",
    };

    /// <summary>The type of the file ("png", "jpg", "gif", "svg"), or null when its name and bytes do not agree on one.</summary>
    public static string? TypeOf(string? fileName, byte[] bytes)
    {
        var extension = Path.GetExtension(fileName ?? "").TrimStart('.').ToLowerInvariant();
        if (extension == "jpeg")
        {
            extension = "jpg";
        }
        var sniffed = Sniff(bytes);
        return sniffed is not null && sniffed == extension ? sniffed : null;
    }

    private static string? Sniff(byte[] bytes)
    {
        ReadOnlySpan<byte> png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (bytes.AsSpan().StartsWith(png))
        {
            return "png";
        }
        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
        {
            return "jpg";
        }
        if (bytes.AsSpan().StartsWith("GIF87a"u8) || bytes.AsSpan().StartsWith("GIF89a"u8))
        {
            return "gif";
        }
        // SVG: XML text whose first element is <svg (after an XML declaration, comments or a doctype).
        var head = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 4096)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (!head.StartsWith('<'))
        {
            return null;
        }
        var rest = head;
        while (rest.StartsWith("<?", StringComparison.Ordinal) || rest.StartsWith("<!", StringComparison.Ordinal))
        {
            var end = rest.IndexOf('>', StringComparison.Ordinal);
            if (end < 0)
            {
                return null;
            }
            rest = rest[(end + 1)..].TrimStart(' ', '\t', '\r', '\n');
        }
        return rest.StartsWith("<svg", StringComparison.Ordinal) && rest.Length > 4 && (char.IsWhiteSpace(rest[4]) || rest[4] is '>' or '/') ? "svg" : null;
    }
}
