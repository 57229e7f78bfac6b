using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Patchworks.LanguageServer.Hosting;

/// <summary>Runs one session over stdin/stdout and stops the host when the client sends "exit" or goes away.</summary>
internal sealed class StdioServerService(ILoggerFactory loggerFactory, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var server = LanguageServer.Start(Console.OpenStandardOutput(), Console.OpenStandardInput(), loggerFactory);
        var exitCode = await server.Exited.WaitAsync(stoppingToken).ConfigureAwait(false);
        Environment.ExitCode = exitCode;
        // Stopping the host ends the process even while a read of stdin is still blocked (platform notes, trap 2).
        lifetime.StopApplication();
    }
}
