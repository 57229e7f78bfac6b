using System.Diagnostics;
using Patchworks.Core.Running.Auth;

namespace Patchworks.Cli.Output;

/// <summary>
/// Opens the provider's sign-in page for `patchworks run`: prints the URL on stderr (to copy when no browser
/// opens), then runs $BROWSER (the usual convention: %s is replaced by the URL, else it is appended) or the
/// system's opener (xdg-open, open, start).
/// </summary>
internal sealed class SystemBrowser(TextWriter error) : IBrowser
{
    public async Task OpenAsync(Uri url, CancellationToken cancellationToken)
    {
        await error.WriteLineAsync($"patchworks: sign in at {url}").ConfigureAwait(false);
        var command = Environment.GetEnvironmentVariable("BROWSER");
        var start = command is { Length: > 0 } ? Shell(command.Contains("%s", StringComparison.Ordinal) ? command.Replace("%s", Quote(url.AbsoluteUri), StringComparison.Ordinal) : $"{command} {Quote(url.AbsoluteUri)}")
            : OperatingSystem.IsWindows() ? new ProcessStartInfo("cmd", ["/c", "start", "", url.AbsoluteUri])
            : OperatingSystem.IsMacOS() ? new ProcessStartInfo("open", [url.AbsoluteUri])
            : new ProcessStartInfo("xdg-open", [url.AbsoluteUri]);
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        try
        {
            using var process = Process.Start(start);
            if (process is not null)
            {
                // Drained in the background: a browser command may keep running while the user signs in.
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            await error.WriteLineAsync("patchworks: no browser could be opened: open the address above yourself").ConfigureAwait(false);
        }
    }

    private static ProcessStartInfo Shell(string commandLine) => OperatingSystem.IsWindows()
        ? new ProcessStartInfo("cmd", ["/c", commandLine])
        : new ProcessStartInfo("/bin/sh", ["-c", commandLine]);

    private static string Quote(string url) => OperatingSystem.IsWindows() ? $"\"{url}\"" : $"'{url.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
