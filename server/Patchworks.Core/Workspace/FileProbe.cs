using System.Runtime.InteropServices;

namespace Patchworks.Core.Workspace;

/// <summary>What a path names once links are followed.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,

    /// <summary>Links that lead back to themselves, or more links in a row than any real tree has.</summary>
    LinkLoop,

    /// <summary>Anything else the platform reports (Windows devices, unknown types).</summary>
    Special,
}

/// <summary>A path's kind, its real path (every link followed) and, for a regular file, its size in bytes.</summary>
public readonly record struct FileProbe(FileKind Kind, string? RealPath, long Length)
{
    public static FileProbe Missing { get; } = new(FileKind.Missing, null, -1);

    /// <summary>How a refusal names the kind: "a directory", "a FIFO (named pipe)", ...</summary>
    public string KindName => Kind switch
    {
        FileKind.Missing => "missing",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.LinkLoop => "a link that leads back to itself (a link cycle)",
        _ => "a special file",
    };
}

/// <summary>
/// Looks at what is on the disk without opening it. Opening is what hangs (a FIFO waits for a writer) or never ends
/// (/dev/zero), so the kind must be known first. .NET has no public API for a file's type on Unix (FileAttributes
/// says "Normal" for a FIFO, a device and a socket alike), so this asks the runtime's own native shim,
/// SystemNative_Stat from libSystem.Native, which ships with every .NET runtime on Unix and whose FileStatus starts
/// with two int32 fields, Flags and Mode, then Uid, Gid and the int64 Size (dotnet/runtime, pal_io.h). Should the
/// shim ever be missing, a file that reports no size is treated as special and never opened.
/// </summary>
public static class DiskProbe
{
    /// <summary>More links than this in one path is taken as a cycle (Linux's own limit is 40).</summary>
    public const int MaxLinks = 40;

    public static FileProbe Probe(string path)
    {
        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return FileProbe.Missing;
        }
        var real = RealPath(fullPath, out var loop);
        if (loop)
        {
            return new FileProbe(FileKind.LinkLoop, null, -1);
        }
        if (real is null)
        {
            return FileProbe.Missing;
        }
        return OperatingSystem.IsWindows() ? ProbeWindows(real) : ProbeUnix(real);
    }

    /// <summary>
    /// The path with every link in it followed, component by component, so that "a/link/../b" means what the
    /// operating system makes of it; null when a component does not exist. Sets <paramref name="loop"/> when the links
    /// go round.
    /// </summary>
    public static string? RealPath(string fullPath, out bool loop)
    {
        loop = false;
        var root = Path.GetPathRoot(fullPath);
        if (string.IsNullOrEmpty(root))
        {
            return null;
        }
        var pending = new Stack<string>(Components(fullPath[root.Length..]).Reverse());
        var current = root;
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part is "." or "")
            {
                continue;
            }
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }
            var next = Path.Combine(current, part);
            string? target;
            try
            {
                var info = new FileInfo(next);
                if (!info.Exists && !Directory.Exists(next))
                {
                    // A dangling link still names its target: follow it to report what is (not) there.
                    target = info.LinkTarget;
                    if (target is null)
                    {
                        return null;
                    }
                }
                else
                {
                    target = info.LinkTarget;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return null;
            }
            if (target is null)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks)
            {
                loop = true;
                return null;
            }
            if (Path.IsPathRooted(target))
            {
                var targetRoot = Path.GetPathRoot(target)!;
                current = targetRoot;
                foreach (var component in Components(target[targetRoot.Length..]).Reverse())
                {
                    pending.Push(component);
                }
            }
            else
            {
                foreach (var component in Components(target).Reverse())
                {
                    pending.Push(component);
                }
            }
        }
        return current;
    }

    private static string[] Components(string relative) =>
        relative.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);

    private static FileProbe ProbeWindows(string real)
    {
        try
        {
            if (Directory.Exists(real))
            {
                return new FileProbe(FileKind.Directory, real, -1);
            }
            var info = new FileInfo(real);
            if (!info.Exists)
            {
                return FileProbe.Missing;
            }
            return (info.Attributes & FileAttributes.Device) != 0
                ? new FileProbe(FileKind.Special, real, -1)
                : new FileProbe(FileKind.Regular, real, info.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FileProbe.Missing;
        }
    }

    private static FileProbe ProbeUnix(string real)
    {
        if (StatMode(real) is { } status)
        {
            var kind = (status.Mode & 0xF000) switch
            {
                0x8000 => FileKind.Regular,
                0x4000 => FileKind.Directory,
                0x1000 => FileKind.Fifo,
                0x2000 => FileKind.CharacterDevice,
                0x6000 => FileKind.BlockDevice,
                0xC000 => FileKind.Socket,
                _ => FileKind.Special,
            };
            return new FileProbe(kind, real, kind == FileKind.Regular ? status.Size : -1);
        }
        if (Directory.Exists(real))
        {
            return new FileProbe(FileKind.Directory, real, -1);
        }
        var info = new FileInfo(real);
        if (!info.Exists)
        {
            return FileProbe.Missing;
        }
        // Without the shim the type is unknown: a file with content is taken as regular, an empty one is never opened
        // (FIFOs, devices and sockets report no size).
        return info.Length > 0 ? new FileProbe(FileKind.Regular, real, info.Length) : new FileProbe(FileKind.Special, real, -1);
    }

    private static bool s_shimMissing;

    private static (int Mode, long Size)? StatMode(string path)
    {
        if (s_shimMissing)
        {
            return null;
        }
        var status = new byte[256];
        try
        {
            if (SystemNativeStat(path, status) != 0)
            {
                return null;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_shimMissing = true;
            return null;
        }
        return (BitConverter.ToInt32(status, 4), BitConverter.ToInt64(status, 16));
    }

#pragma warning disable SYSLIB1054, CA2101 // the path is marshalled as UTF-8 explicitly; LibraryImport would need unsafe code in the whole core for this one call.
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    private static extern int SystemNativeStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] status);
#pragma warning restore SYSLIB1054, CA2101
}
