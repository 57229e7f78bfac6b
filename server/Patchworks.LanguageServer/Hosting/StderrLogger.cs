using Microsoft.Extensions.Logging;

namespace Patchworks.LanguageServer.Hosting;

/// <summary>
/// Log lines to stderr (stdout is the protocol), in the console logger's shape ("fail: Category[0]" then the message
/// indented), which the extension's start-failure message reads. Written by hand rather than with the console
/// logger and the generic host: those cost about 40 ms of every start (issue 20), for one session and one sink.
/// </summary>
internal sealed class StderrLoggerFactory(LogLevel minimum, TextWriter? sink = null) : ILoggerFactory
{
    private readonly TextWriter _sink = sink ?? Console.Error;
    private readonly Lock _gate = new();

    private LogLevel Minimum { get; } = minimum;

    public ILogger CreateLogger(string categoryName) => new StderrLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
        // One sink only.
    }

    public void Dispose() => _sink.Flush();

    private void Write(LogLevel level, string category, EventId eventId, string message, Exception? exception)
    {
        var text = $"{Abbreviation(level)}: {category}[{eventId.Id}]{Environment.NewLine}      {message.Replace("\n", "\n      ", StringComparison.Ordinal)}";
        if (exception is not null)
        {
            text += Environment.NewLine + exception;
        }
        lock (_gate)
        {
            _sink.WriteLine(text);
        }
    }

    private static string Abbreviation(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class StderrLogger(StderrLoggerFactory factory, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= factory.Minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                factory.Write(logLevel, category, eventId, formatter(state, exception), exception);
            }
        }
    }
}
