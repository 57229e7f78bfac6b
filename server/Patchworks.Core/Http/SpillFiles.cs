using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Patchworks.Core.Http;

/// <summary>
/// The files that response bodies too large for memory are streamed to. They hold whatever the API answered
/// (customer data, tokens before redaction), so: a per-user directory (under the user's local application data,
/// else the temporary folder with the user's name) that is owner-only (0700 on Unix) and not a link, files
/// created new (never opened if one exists) with owner-only permissions (0600) and unpredictable names, and
/// deleted when the run that made them is dropped (<see cref="Results.RunResult.Dispose"/>) or the process exits.
/// Files left by a process that crashed are deleted when a directory is first used, once a day old.
/// </summary>
public static class SpillFiles
{
    /// <summary>How old a spill file left by another process must be before it is deleted as stale.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromDays(1);

    private const string Prefix = "response-";
    private const string Suffix = ".body";
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly ConcurrentDictionary<string, byte> Live = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, byte> Prepared = new(StringComparer.Ordinal);

    static SpillFiles() => AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteAll();

    /// <summary>The per-user directory: LocalApplicationData/patchworks/runs, else the temporary folder's patchworks-runs-USER.</summary>
    public static string DefaultDirectory { get; } = ChooseDefault();

    /// <summary>The spill files this process made and has not deleted yet.</summary>
    public static IReadOnlyCollection<string> Current => [.. Live.Keys];

    private static string ChooseDefault()
    {
        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return string.IsNullOrEmpty(local)
            ? Path.Combine(Path.GetTempPath(), $"patchworks-runs-{Environment.UserName}")
            : Path.Combine(local, "patchworks", "runs");
    }

    /// <summary>A new spill file in <paramref name="directory"/>, open for writing; its path is tracked until <see cref="Delete"/>.</summary>
    /// <exception cref="IOException">The directory is a link, or not the user's own.</exception>
    public static FileStream Create(string directory, out string path)
    {
        var full = Path.GetFullPath(directory);
        Prepare(full);
        path = Path.Combine(full, $"{Prefix}{RandomNumberGenerator.GetHexString(32, lowercase: true)}{Suffix}");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.Read,
            BufferSize = 81920,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }
        var stream = new FileStream(path, options);
        Live[path] = 0;
        return stream;
    }

    /// <summary>
    /// Deletes a spill file this process made. Any other path (a saved run's bodyFile read back from JSON) is left
    /// alone: only files this class created are ever deleted.
    /// </summary>
    public static void Delete(string? path)
    {
        if (path is null || !Live.TryRemove(path, out _))
        {
            return;
        }
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // In use (a viewer has it open on Windows): left to the stale sweep of a later process.
        }
    }

    /// <summary>Deletes every spill file of this process (at exit, and for tests).</summary>
    public static void DeleteAll()
    {
        foreach (var path in Live.Keys)
        {
            Delete(path);
        }
    }

    /// <summary>Creates the directory owner-only, refuses a link or a directory of another user, and sweeps stale files, once a process.</summary>
    private static void Prepare(string directory)
    {
        if (Prepared.ContainsKey(directory))
        {
            return;
        }
        if (OperatingSystem.IsWindows())
        {
            // Under %LOCALAPPDATA%, which only the user can read.
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
            var info = new DirectoryInfo(directory);
            if (info.LinkTarget is not null)
            {
                throw new IOException($"The spill directory {directory} is a link: large bodies are not written through it.");
            }
            try
            {
                // An existing directory keeps its mode: made owner-only (this fails when it is another user's).
                File.SetUnixFileMode(directory, OwnerOnlyDirectory);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new IOException($"The spill directory {directory} belongs to another user: large bodies are not written there.", e);
            }
        }
        SweepStale(directory);
        Prepared[directory] = 0;
    }

    private static void SweepStale(string directory)
    {
        var cutoff = DateTime.UtcNow - StaleAfter;
        try
        {
            foreach (var file in Directory.EnumerateFiles(directory, $"{Prefix}*"))
            {
                try
                {
                    if (!Live.ContainsKey(file) && File.GetLastWriteTimeUtc(file) < cutoff)
                    {
                        File.Delete(file);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
