using Patchworks.Cli.Tests.Infrastructure;

namespace Patchworks.Cli.Tests;

/// <summary>The root command: help, version, and what happens without a command.</summary>
public sealed class HelpTests
{
    [Fact]
    public void Help_exits_0_and_lists_both_commands()
    {
        var result = CliProcess.Run(Repository.Root, "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stderr);
        Assert.Contains(result.StdoutLines, l => l.TrimStart().StartsWith("validate ", StringComparison.Ordinal));
        Assert.Contains(result.StdoutLines, l => l.TrimStart().StartsWith("resolve ", StringComparison.Ordinal));
        Assert.Contains("Usage:", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("validate", "--format")]
    [InlineData("validate", "--warnings-as-errors")]
    [InlineData("resolve", "--instance")]
    [InlineData("resolve", "--var")]
    public void Command_help_exits_0_and_lists_its_options(string command, string option)
    {
        var result = CliProcess.Run(Repository.Root, command, "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(option, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_exits_0_and_prints_a_version()
    {
        var result = CliProcess.Run(Repository.Root, "--version");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Stdout);
    }

    [Fact]
    public void No_command_is_a_usage_error()
    {
        var result = CliProcess.Run(Repository.Root);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Run 'patchworks --help' for usage.", result.StderrLines);
    }

    [Fact]
    public void Unknown_command_is_a_usage_error_naming_it()
    {
        var result = CliProcess.Run(Repository.Root, "frobnicate");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("frobnicate", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }
}
