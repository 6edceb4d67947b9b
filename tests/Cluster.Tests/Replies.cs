namespace Disque.Cluster.Tests;

/// <summary>Reading Disque's replies: names and values (SHOW, QSTAT), jobs (GETJOB).</summary>
public static class Replies
{
    /// <summary>The value that follows <paramref name="name"/> in a flat list of names and values; null if the list or the name is missing.</summary>
    public static object? Field(object? pairs, string name)
    {
        if (pairs is not object?[] list)
            return null;
        for (var i = 0; i + 1 < list.Length; i += 2)
            if ((string)list[i]! == name)
                return list[i + 1];
        return null;
    }

    /// <summary>The ids of a GETJOB reply, in order (none for null).</summary>
    public static List<string> Ids(object? getJob) => [.. (getJob as object?[] ?? []).Cast<object?[]>().Select(job => (string)job[1]!)];
}
