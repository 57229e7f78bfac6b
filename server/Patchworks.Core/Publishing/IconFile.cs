using System.Security.Cryptography;
using Patchworks.Core.Model;

namespace Patchworks.Core.Publishing;

/// <summary>The connector's icon as uploaded (A5): its bytes, their sha256 (how a change is seen), and its media type.</summary>
public sealed class IconFile
{
    public required string Path { get; init; }
    public required byte[] Bytes { get; init; }
    public required string Sha256 { get; init; }
    public required string ContentType { get; init; }

    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>"icon.svg, 1,234 bytes, sha256 0123456789ab", as the plan shows an icon change.</summary>
    public string Describe() => $"{FileName}, {Bytes.Length:N0} bytes, sha256 {Sha256[..12]}";

    public static IconFile? Read(FileReference icon, Func<string, byte[]?> readFile)
    {
        if (icon.Refusal is not null || readFile(icon.FullPath) is not { } bytes)
        {
            return null;
        }
        return new IconFile
        {
            Path = icon.FullPath,
            Bytes = bytes,
            Sha256 = Digest(bytes),
            ContentType = System.IO.Path.GetExtension(icon.FullPath).ToLowerInvariant() switch
            {
                ".svg" => "image/svg+xml",
                ".png" => "image/png",
                ".gif" => "image/gif",
                _ => "image/jpeg",
            },
        };
    }

    public static string Digest(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
