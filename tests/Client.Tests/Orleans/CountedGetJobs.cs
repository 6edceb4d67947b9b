using System.Reflection;

namespace Disque.Client.Tests.Orleans;

/// <summary>
/// A grain factory that hands out <see cref="IDisque"/> references counting their GetJobs calls
/// as they answer, so a test waits for the calls it expects to have come and gone instead of
/// sleeping for as long as they should take. Every other call goes through as it is.
/// </summary>
public class CountedGetJobs : DispatchProxy
{
    private IGrainFactory _grains = null!;
    private Counter _answered = null!;

    /// <summary>GetJobs calls answered so far, by any reference the factory handed out.</summary>
    public sealed class Counter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        internal void Add() => Interlocked.Increment(ref _count);
    }

    /// <summary>The factory to give the client under test, and the counter it feeds.</summary>
    public static (IGrainFactory Grains, Counter Answered) Over(IGrainFactory grains)
    {
        var counter = new Counter();
        var factory = Create<IGrainFactory, CountedGetJobs>();
        var proxy = (CountedGetJobs)(object)factory;
        (proxy._grains, proxy._answered) = (grains, counter);
        return (factory, counter);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var result = Call(targetMethod!, _grains, args);
        return result is IDisque disque ? CountingDisque.Over(disque, _answered) : result;
    }

    private static object? Call(MethodInfo method, object target, object?[]? args)
    {
        try
        {
            return method.Invoke(target, args);
        }
        catch (TargetInvocationException error) when (error.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error.InnerException);
            throw;
        }
    }

    /// <summary>An <see cref="IDisque"/> reference whose GetJobs calls are counted when they answer.</summary>
    public class CountingDisque : DispatchProxy
    {
        private IDisque _disque = null!;
        private Counter _answered = null!;

        internal static IDisque Over(IDisque disque, Counter answered)
        {
            var reference = Create<IDisque, CountingDisque>();
            var proxy = (CountingDisque)(object)reference;
            (proxy._disque, proxy._answered) = (disque, answered);
            return reference;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            var result = Call(targetMethod!, _disque, args);
            if (targetMethod!.Name == nameof(IDisque.GetJobs) && result is Task call)
                _ = call.ContinueWith(_ => _answered.Add(), TaskScheduler.Default);
            return result;
        }
    }
}
