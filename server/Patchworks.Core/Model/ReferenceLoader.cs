using Patchworks.Core.Syntax;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Model;

/// <summary>Reads the files a connector references (schemas, sample bodies, scripts, SOAP envelopes).</summary>
public static class ReferenceLoader
{
    /// <summary>Referenced text files larger than this are not read: no schema or script is that big.</summary>
    public const long MaxReferencedFileBytes = 10 * 1024 * 1024;

    public static void Load(Connector connector, IFileSystem files)
    {
        // Endpoints often share a file (one record schema for several endpoints): read and parse each once.
        var loaded = new Dictionary<string, FileReference>(StringComparer.Ordinal);
        foreach (var reference in connector.FileReferences())
        {
            if (loaded.TryGetValue(reference.FullPath, out var first))
            {
                reference.CopyContentFrom(first);
            }
            else
            {
                Load(reference, files);
                loaded[reference.FullPath] = reference;
            }
        }
    }

    public static void Load(FileReference reference, IFileSystem files)
    {
        try
        {
            reference.Exists = files.FileExists(reference.FullPath);
            if (!reference.Exists)
            {
                return;
            }
            var length = files.GetLength(reference.FullPath);
            if (length > MaxReferencedFileBytes)
            {
                reference.LoadError = $"it is {length:N0} bytes, more than the {MaxReferencedFileBytes:N0} bytes a referenced file may have";
                return;
            }
            reference.Text = files.ReadAllText(reference.FullPath);
            if (reference.FullPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                reference.Tree = JsonParser.Parse(reference.Text);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            reference.LoadError = e.Message;
        }
    }
}
