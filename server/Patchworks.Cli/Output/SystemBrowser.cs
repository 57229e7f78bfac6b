using System.Diagnostics;
using System.Text;
using Patchworks.Core.Running.Auth;

namespace Patchworks.Cli.Output;

/// <summary>
/// Opens the provider's sign-in page for `patchworks run`: prints the URL on stderr (to copy when no browser
/// opens), then runs $BROWSER or the system's opener (<see cref="BrowserCommand"/>). No shell ever sees the URL.
/// </summary>
internal sealed class SystemBrowser(TextWriter error) : IBrowser
{
    public async Task OpenAsync(Uri url, CancellationToken cancellationToken)
    {
        if (BrowserCommand.Refusal(url) is { } refusal)
        {
            throw new AuthenticationFailedException(refusal);
        }
        await error.WriteLineAsync($"patchworks: sign in at {url.AbsoluteUri}").ConfigureAwait(false);
        var start = BrowserCommand.For(url, Environment.GetEnvironmentVariable("BROWSER"), OperatingSystem.IsWindows(), OperatingSystem.IsMacOS());
        if (!start.UseShellExecute)
        {
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
        }
        try
        {
            using var process = Process.Start(start);
            if (process is not null && !start.UseShellExecute)
            {
                // Drained in the background: a browser command may keep running while the user signs in.
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            await error.WriteLineAsync("patchworks: no browser could be opened: open the address above yourself").ConfigureAwait(false);
        }
    }
}

/// <summary>
/// How the CLI opens a URL in a browser, as a pure function of the URL, $BROWSER and the system, so it can be
/// tested on any of them. Only http and https URLs are opened, and never through a shell: on Windows the URL is
/// handed to the shell's file association (UseShellExecute, no cmd.exe, so "&amp;" is not a command separator);
/// elsewhere xdg-open or open gets it as one argument; $BROWSER is split into a program and its arguments (quotes
/// group words), "%s" in an argument is replaced by the URL, else the URL is a last argument of its own.
/// </summary>
public static class BrowserCommand
{
    /// <summary>Why the URL is not opened (not an absolute http or https URL), or null.</summary>
    public static string? Refusal(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? null
            : $"The sign-in page \"{url.OriginalString}\" is not an http or https address: it is not opened.";
    }

    /// <exception cref="ArgumentException">The URL is not http or https (<see cref="Refusal"/>).</exception>
    public static ProcessStartInfo For(Uri url, string? browserVariable, bool windows, bool macOS)
    {
        if (Refusal(url) is { } refusal)
        {
            throw new ArgumentException(refusal, nameof(url));
        }
        var address = url.AbsoluteUri;
        if (!string.IsNullOrWhiteSpace(browserVariable) && Split(browserVariable) is [var program, .. var rest])
        {
            var start = new ProcessStartInfo(program) { UseShellExecute = false };
            var substituted = false;
            foreach (var argument in rest)
            {
                substituted |= argument.Contains("%s", StringComparison.Ordinal);
                start.ArgumentList.Add(argument.Replace("%s", address, StringComparison.Ordinal));
            }
            if (!substituted)
            {
                start.ArgumentList.Add(address);
            }
            return start;
        }
        if (windows)
        {
            return new ProcessStartInfo(address) { UseShellExecute = true };
        }
        var opener = new ProcessStartInfo(macOS ? "open" : "xdg-open") { UseShellExecute = false };
        opener.ArgumentList.Add(address);
        return opener;
    }

    /// <summary>A command line split at white space outside quotes; quotes (single or double) group and are removed.</summary>
    internal static List<string> Split(string commandLine)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in commandLine)
        {
            if (quote is { } open)
            {
                if (c == open)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord)
        {
            words.Add(word.ToString());
        }
        return words;
    }
}
