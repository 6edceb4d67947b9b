using System.Globalization;

namespace Disque.LoadGen.Stats;

/// <summary>
/// A process's CPU time to the nanosecond: the sum over its threads of the time each spent
/// on a CPU (<c>/proc/&lt;pid&gt;/task/*/schedstat</c>, first field). Finer than
/// <c>/proc/&lt;pid&gt;/stat</c>'s clock ticks (10 ms), which a thousand requests to a fast
/// server do not fill. A thread that ends between two readings takes its time with it.
/// </summary>
public static class ProcessCpu
{
    /// <summary>Nanoseconds of CPU the process's live threads have used; null without a pid or once it is gone.</summary>
    public static long? Nanoseconds(int? pid)
    {
        if (pid is not { } p || !Directory.Exists($"/proc/{p}/task"))
            return null;
        long total = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{p}/task"))
        {
            try
            {
                var fields = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ');
                total += long.Parse(fields[0], CultureInfo.InvariantCulture);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // The thread ended while we read.
            }
        }
        return total;
    }
}
