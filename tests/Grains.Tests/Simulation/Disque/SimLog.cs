using Microsoft.Extensions.Logging;

namespace Disque.Tests.Simulation.Disque;

/// <summary>What the real code logs at Information and above, as trace lines of the run (a failure shows the last ones).</summary>
internal sealed class SimLog(SimLoop loop, SimAddress node) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
            loop.Trace($"{node} {logLevel}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}");
    }
}
