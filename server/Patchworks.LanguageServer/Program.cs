using Microsoft.Extensions.Logging;
using Patchworks.LanguageServer;
using Patchworks.LanguageServer.Hosting;

// stdout is the protocol: every log line goes to stderr (the client shows it in its output channel). Nothing but the
// session starts before the client's initialize is read: no generic host (issue 20: start-up).
StartupWarmup.Start();
var loggers = new StderrLoggerFactory(args.Contains("--verbose") ? LogLevel.Debug : LogLevel.Warning);
var server = LanguageServer.Start(Console.OpenStandardOutput(), Console.OpenStandardInput(), loggers);
var exitCode = await server.Exited.ConfigureAwait(false);
loggers.Dispose();
// Exits even while a read of stdin is still blocked (platform notes, trap 2).
Environment.Exit(exitCode);
return exitCode;
