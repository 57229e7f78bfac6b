using System.Diagnostics;
using Patchworks.Cli.Output;
using Patchworks.Cli.Tests.Infrastructure;

namespace Patchworks.Cli.Tests;

/// <summary>
/// The CLI opens a sign-in page without a shell: on Windows through the URL's file association (an "&amp;" in
/// the query no longer splits a cmd.exe command line), elsewhere with the URL as one argument; only http and https.
/// </summary>
public sealed class BrowserCommandTests
{
    private static readonly Uri Hostile = new("https://auth.test/authorize?client_id=a&redirect_uri=http%3A%2F%2F127.0.0.1%3A5000&state=s&x=$(touch%20p)'`id`&calc.exe");

    [Fact]
    public void On_windows_the_url_goes_to_shell_execute_whole_and_no_command_interpreter_runs()
    {
        var start = BrowserCommand.For(Hostile, null, windows: true, macOS: false);

        Assert.True(start.UseShellExecute);
        Assert.Equal(Hostile.AbsoluteUri, start.FileName);
        Assert.Empty(start.ArgumentList);
        Assert.Equal("", start.Arguments);
    }

    [Theory]
    [InlineData(false, "xdg-open")]
    [InlineData(true, "open")]
    public void On_linux_and_macos_the_opener_gets_the_url_as_one_argument(bool macOS, string opener)
    {
        var start = BrowserCommand.For(Hostile, null, windows: false, macOS: macOS);

        Assert.False(start.UseShellExecute);
        Assert.Equal(opener, start.FileName);
        Assert.Equal([Hostile.AbsoluteUri], start.ArgumentList);
    }

    [Theory]
    [InlineData("firefox", "firefox", new[] { "URL" })]
    [InlineData("firefox --new-window %s", "firefox", new[] { "--new-window", "URL" })]
    [InlineData("'/opt/my browser/run' --url=%s -x", "/opt/my browser/run", new[] { "--url=URL", "-x" })]
    [InlineData("\"C:\\Program Files\\Browser\\b.exe\"", "C:\\Program Files\\Browser\\b.exe", new[] { "URL" })]
    public void The_browser_variable_is_a_program_and_arguments_not_a_shell_line(string variable, string program, string[] arguments)
    {
        foreach (var windows in new[] { false, true })
        {
            var start = BrowserCommand.For(Hostile, variable, windows, macOS: false);

            Assert.False(start.UseShellExecute);
            Assert.Equal(program, start.FileName);
            Assert.Equal(arguments.Select(a => a.Replace("URL", Hostile.AbsoluteUri, StringComparison.Ordinal)), start.ArgumentList);
        }
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ms-settings:privacy")]
    [InlineData("ftp://files.test/x")]
    public void Only_http_and_https_are_opened(string address)
    {
        var url = new Uri(address);

        Assert.Contains("is not an http or https address: it is not opened", BrowserCommand.Refusal(url), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => BrowserCommand.For(url, null, windows: true, macOS: false));
        Assert.Throws<ArgumentException>(() => BrowserCommand.For(url, "firefox", windows: false, macOS: false));
        Assert.Null(BrowserCommand.Refusal(Hostile));
    }

    [Fact]
    public async Task A_real_browser_command_receives_the_url_unchanged()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        using var folder = new TempWorkspace();
        var output = Path.Combine(folder.Root, "received.txt");
        var script = folder.Write("browser.sh", $"#!/bin/sh\nprintf '%s|' \"$#\" \"$@\" > '{output}'\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        using var process = Process.Start(BrowserCommand.For(Hostile, script, windows: false, macOS: false))!;
        await process.WaitForExitAsync();

        // One argument, byte for byte: "&", "$(...)", "'" and "`" reached no shell.
        Assert.Equal($"1|{Hostile.AbsoluteUri}|", await File.ReadAllTextAsync(output));
    }
}
