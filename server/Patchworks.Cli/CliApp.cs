using System.CommandLine;
using Patchworks.Cli.Commands;

namespace Patchworks.Cli;

/// <summary>The patchworks command line: parses arguments and runs a command, writing to the given streams.</summary>
public static class CliApp
{
    /// <summary>Exit codes: 0 clean, 1 problems found, 2 the command could not run (bad arguments, missing files).</summary>
    public const int Success = 0;
    public const int ProblemsFound = 1;
    public const int UsageError = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error) => RunAsync(args, output, error).GetAwaiter().GetResult();

    /// <summary>Runs a command; Ctrl+C cancels a running request (patchworks run) through the action's token.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Validate, resolve and test Patchworks connectors and instances.")
        {
            ValidateCommand.Create(output, error),
            ResolveCommand.Create(output, error),
            RunCommand.Create(output, error),
            TestCommand.Create(output, error),
            PublishCommand.Create(output, error),
            PullCommand.Create(output, error),
            ImportCommand.Create(output, error),
            CompareCommand.Create(output, error),
            SchemaCommand.Create(output, error),
            EventsCommand.Create(output, error),
        };
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                error.WriteLine($"patchworks: {parseError.Message}");
            }
            error.WriteLine("Run 'patchworks --help' for usage.");
            return UsageError;
        }
        try
        {
            return await parseResult.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            error.WriteLine($"patchworks: {e.Message}");
            return UsageError;
        }
    }
}

/// <summary>A problem with the command's input that the user must fix; printed without a stack trace.</summary>
public sealed class CliException(string message) : Exception(message);
