using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Disque.Tests.Grains;

/// <summary>Warnings and errors the silos of the in-process test clusters logged, for tests that check a failure was told.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private static readonly ConcurrentQueue<string> Lines = new();

    public static IEnumerable<string> Warnings => Lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel) && category.StartsWith("Disque", StringComparison.Ordinal))
                Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
        }
    }
}
