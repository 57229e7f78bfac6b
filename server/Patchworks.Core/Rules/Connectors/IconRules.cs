using System.Globalization;
using Patchworks.Core.Diagnostics;
using Patchworks.Core.Images;
using Patchworks.Core.Model;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Rules.Connectors;

/// <summary>The icon exists, is a JPG, GIF, PNG or SVG image of at most 10 MB, and is square.</summary>
public static class IconRules
{
    public const long MaxIconBytes = 10L * 1024 * 1024;

    public static void Check(ConnectorRuleContext context)
    {
        if (context.Connector.Icon is not { } icon || icon.RelativePath.Length == 0)
        {
            return;
        }
        var bag = context.Diagnostics;
        var span = icon.PathSyntax.Span;
        if (icon.Refusal is { } refusal)
        {
            bag.Add(refusal.Descriptor, span, refusal.Args);
            return;
        }
        try
        {
            if (!context.Files.FileExists(icon.FullPath))
            {
                bag.Add(DiagnosticCatalog.ReferencedFileMissing, span, icon.RelativePath, icon.FullPath);
                return;
            }
            var length = context.Files.GetLength(icon.FullPath);
            if (length > MaxIconBytes)
            {
                bag.Add(DiagnosticCatalog.IconTooLarge, span, length);
            }
            var prefix = context.Files.ReadPrefix(icon.FullPath, ImageDimensions.PrefixBytes);
            var format = ImageDimensions.SniffFormat(prefix);
            var declared = DeclaredFormat(icon.RelativePath);
            if (format is null)
            {
                bag.Add(DiagnosticCatalog.IconWrongType, span, icon.RelativePath, "not a JPG, GIF, PNG or SVG image");
                return;
            }
            if (declared is not null && declared != format)
            {
                bag.Add(DiagnosticCatalog.IconWrongType, span, icon.RelativePath, $"named .{declared} but holds a {format.ToUpperInvariant()} image");
            }
            var info = ImageDimensions.TryRead(prefix, out var problem);
            if (info is null)
            {
                bag.Add(DiagnosticCatalog.IconSizeUnknown, span, problem);
            }
            else if (Math.Abs(info.Width - info.Height) > 0.0001)
            {
                bag.Add(DiagnosticCatalog.IconNotSquare, span, Show(info.Width), Show(info.Height));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            bag.Add(DiagnosticCatalog.ReferencedFileUnreadable, span, icon.RelativePath, e.Message);
        }
    }

    private static string? DeclaredFormat(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => "png",
        ".gif" => "gif",
        ".jpg" or ".jpeg" => "jpeg",
        ".svg" => "svg",
        _ => null,
    };

    private static string Show(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
