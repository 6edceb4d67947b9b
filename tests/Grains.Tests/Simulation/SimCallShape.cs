using System.Collections.Concurrent;
using System.Reflection;
using Orleans.Concurrency;

namespace Disque.Tests.Simulation;

/// <summary>
/// How one interface method travels over the <see cref="SimNetwork"/>: what the caller gets back
/// at once (a Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt; completed later by the reply), how
/// the callee's result is boxed into the reply, and whether it is one-way (Orleans'
/// <see cref="OneWayAttribute"/>: no reply, the caller's task is complete at once).
/// Any other return type is refused when the proxy is made, not at the first call.
/// </summary>
internal sealed class SimCallShape
{
    private static readonly ConcurrentDictionary<MethodInfo, SimCallShape> Shapes = new();

    private SimCallShape(MethodInfo method)
    {
        Method = method;
        OneWay = method.GetCustomAttribute<OneWayAttribute>() is not null;
        var type = method.ReturnType;
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : null;
        var result = type.IsGenericType ? type.GetGenericArguments()[0] : typeof(object);
        var kind = type == typeof(Task) || definition == typeof(Task<>) ? ReplyKind.Task
            : type == typeof(ValueTask) ? ReplyKind.ValueTask
            : definition == typeof(ValueTask<>) ? ReplyKind.ValueTaskOf
            : throw new NotSupportedException($"{method.DeclaringType?.Name}.{method.Name} returns {type.Name}; the simulated network carries Task, Task<T>, ValueTask and ValueTask<T>.");
        var valueTask = kind != ReplyKind.Task;
        var boxer = type.IsGenericType ? nameof(BoxResult) : nameof(BoxDone);
        var box = typeof(SimCallShape).GetMethod(boxer, BindingFlags.NonPublic | BindingFlags.Static)!;
        if (type.IsGenericType)
            box = box.MakeGenericMethod(result);
        _box = box.CreateDelegate<Func<object, bool, Task<object?>>>();
        _valueTask = valueTask;
        _newPending = typeof(SimCallShape).GetMethod(nameof(NewPending), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(result).CreateDelegate<Func<ReplyKind, PendingReply>>();
        _kind = kind;
    }

    private readonly Func<object, bool, Task<object?>> _box;
    private readonly Func<ReplyKind, PendingReply> _newPending;
    private readonly ReplyKind _kind;
    private readonly bool _valueTask;

    public MethodInfo Method { get; }
    public bool OneWay { get; }

    public static SimCallShape For(MethodInfo method) => Shapes.GetOrAdd(method, m => new SimCallShape(m));

    /// <summary>What a one-way call returns to its caller at once.</summary>
    public object Completed => _valueTask ? default(ValueTask) : Task.CompletedTask;

    /// <summary>The caller's side of a call with a reply.</summary>
    public PendingReply NewPending() => _newPending(_kind);

    /// <summary>The callee's side: the value its method returned (a task of some kind), awaited and boxed.</summary>
    public Task<object?> Box(object returned) => _box(returned, _valueTask);

    private static async Task<object?> BoxResult<T>(object returned, bool valueTask) =>
        valueTask ? await (ValueTask<T>)returned : await (Task<T>)returned;

    private static async Task<object?> BoxDone(object returned, bool valueTask)
    {
        if (valueTask)
            await (ValueTask)returned;
        else
            await (Task)returned;
        return null;
    }

    private static PendingReply NewPending<T>(ReplyKind kind) => new PendingReply<T>(kind);
}

internal enum ReplyKind { Task, ValueTask, ValueTaskOf }

/// <summary>A call waiting for its reply: the first reply or failure wins, later ones are ignored.</summary>
internal abstract class PendingReply
{
    public abstract object ReturnValue { get; }
    public abstract bool TryComplete(object? value);
    public abstract bool TryFail(Exception error);
}

internal sealed class PendingReply<T>(ReplyKind kind) : PendingReply
{
    private readonly TaskCompletionSource<T> _reply = new();

    public override object ReturnValue => kind switch
    {
        ReplyKind.ValueTask => new ValueTask(_reply.Task),
        ReplyKind.ValueTaskOf => new ValueTask<T>(_reply.Task),
        _ => _reply.Task,
    };

    public override bool TryComplete(object? value) => _reply.TrySetResult((T)value!);
    public override bool TryFail(Exception error) => _reply.TrySetException(error);
}
