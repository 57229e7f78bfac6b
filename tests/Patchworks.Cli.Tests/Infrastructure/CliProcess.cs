using System.Diagnostics;
using System.Text;

namespace Patchworks.Cli.Tests.Infrastructure;

/// <summary>What one run of the real patchworks command produced.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Stdout split into lines (no trailing empty line, no '\r').</summary>
    public IReadOnlyList<string> StdoutLines => SplitLines(Stdout);

    /// <summary>Stderr split into lines (no trailing empty line, no '\r').</summary>
    public IReadOnlyList<string> StderrLines => SplitLines(Stderr);

    /// <summary>Stdout and stderr together, for "never appears anywhere" assertions.</summary>
    public string AllOutput => Stdout + "\n" + Stderr;

    private static string[] SplitLines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return lines.Length > 0 && lines[^1].Length == 0 ? lines[..^1] : lines;
    }

    /// <summary>Shown by xunit when an assertion on the result fails, so the failure says what the command printed.</summary>
    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{Stdout}--- stderr ---\n{Stderr}--- end ---";
}

/// <summary>
/// Runs the built patchworks.dll as a child process (dotnet patchworks.dll ...) with a chosen working directory,
/// a controlled environment, captured output and a timeout.
/// </summary>
public static class CliProcess
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Environment variables passed through from the test run; everything else is removed so that
    /// secrets (env:NAME, PATCHWORKS_SECRET_*) are only what a test sets.</summary>
    private static readonly string[] PassThrough = ["PATH", "HOME", "USERPROFILE", "SystemRoot", "SystemDrive", "TEMP", "TMP", "TMPDIR", "LANG", "LC_ALL"];

    private static readonly Lazy<string> CliDllPath = new(FindCliDll);
    private static readonly Lazy<string> DotnetPath = new(FindDotnet);

    /// <summary>The patchworks.dll that the test project built as a ProjectReference.</summary>
    public static string CliDll => CliDllPath.Value;

    public static CliResult Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);

    public static CliResult Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetPath.Value)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        start.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var inherited = start.Environment.ToList();
        start.Environment.Clear();
        foreach (var (name, value) in inherited)
        {
            if (PassThrough.Contains(name, StringComparer.Ordinal)
                || (name.StartsWith("DOTNET_", StringComparison.Ordinal) && name != "DOTNET_HOST_PATH"))
            {
                start.Environment[name] = value;
            }
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException(
                $"patchworks {string.Join(' ', args)} did not finish within {Timeout.TotalSeconds} s.\n--- stdout ---\n{stdout.Result}--- stderr ---\n{stderr.Result}");
        }
        process.WaitForExit();
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindCliDll()
    {
        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, "patchworks.dll") };
        // bin/<Configuration>/<tfm>/ of the test project: look in the same configuration and framework of the CLI project.
        var tfmFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var configuration = tfmFolder.Parent?.Name ?? "Debug";
        candidates.Add(Path.Combine(Repository.Root, "server", "Patchworks.Cli", "bin", configuration, "net10.0", "patchworks.dll"));
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate) && File.Exists(Path.ChangeExtension(candidate, ".runtimeconfig.json")))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"patchworks.dll not found; looked for: {string.Join(", ", candidates)}. Build tests/Patchworks.Cli.Tests first.");
    }

    private static string FindDotnet()
    {
        // Set by the SDK while `dotnet test` runs: the very dotnet that runs the tests.
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }
        if (Environment.ProcessPath is { } processPath
            && Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return processPath;
        }
        return "dotnet";
    }
}
