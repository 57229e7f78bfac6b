using System.Text;
using Patchworks.Core.Importing;

namespace Patchworks.Cli.Commands;

/// <summary>
/// Reading a file or standard input that a command was handed (import, schema infer): a regular file, at most
/// 50 MB, UTF-8 with or without a BOM. A missing file or a folder is a usage error (<see cref="CliException"/>);
/// a file too large is a refusal the command reports.
/// </summary>
public static class InputFiles
{
    public static (string? Text, string? Refusal) ReadFile(string path, string what)
    {
        if (Directory.Exists(path))
        {
            throw new CliException($"{what}: {path} is a folder, not a file");
        }
        if (!File.Exists(path))
        {
            throw new CliException($"{what}: no such file: {path}");
        }
        var info = new FileInfo(path);
        if (info.LinkTarget is not null && info.ResolveLinkTarget(true) is { } target && target is not FileInfo)
        {
            throw new CliException($"{what}: {path} is not a regular file");
        }
        if (info.Length > ApiImport.MaxInputBytes)
        {
            return (null, $"{what}: {path} is {info.Length:N0} bytes; at most {ApiImport.MaxInputBytes:N0} bytes (50 MB) are read");
        }
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return ReadCapped(stream, what + " " + path);
        }
        catch (IOException e)
        {
            throw new CliException($"{what}: {path} cannot be read: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CliException($"{what}: {path} cannot be read: {e.Message}");
        }
    }

    public static (string? Text, string? Refusal) ReadStandardInput()
    {
        using var stdin = Console.OpenStandardInput();
        return ReadCapped(stdin, "standard input");
    }

    /// <summary>Reads at most the cap (a growing file or endless stream is cut off and refused), as UTF-8.</summary>
    public static (string? Text, string? Refusal) ReadCapped(Stream stream, string what)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > ApiImport.MaxInputBytes)
            {
                return (null, $"{what} is larger than {ApiImport.MaxInputBytes:N0} bytes (50 MB); it was not read");
            }
        }
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
        {
            bytes = bytes[3..];
        }
        return (new UTF8Encoding(false, false).GetString(bytes), null);
    }
}
