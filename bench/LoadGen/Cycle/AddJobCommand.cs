using System.Buffers;
using Disque.Client.Resp;

namespace Disque.LoadGen.Cycle;

/// <summary>
/// <c>ADDJOB queue body timeout [options]</c>, built once; only the body (its send time)
/// changes per job, rewritten in place before each write. One per producer: two producers
/// sharing one would overwrite each other's body. With groups, one command per group,
/// written in turn (each with its own body). With unique keys, a key of fixed width is
/// rewritten in place too, from a counter shared by every producer of the process.
/// </summary>
public sealed class AddJobCommand
{
    private readonly (byte[] Body, RespCommand Command)[] _commands;
    private readonly byte[]? _key;
    private int _next;
    private static long _keys;

    public AddJobCommand(string queue, int bodySize, string timeoutMs, IReadOnlyList<string> options, int groups = 0, bool unique = false)
    {
        if (bodySize < TimedBody.TimestampDigits)
            throw new ArgumentException($"The body must hold at least {TimedBody.TimestampDigits} bytes (the send time)");
        _commands = new (byte[], RespCommand)[Math.Max(1, groups)];
        for (var i = 0; i < _commands.Length; i++)
        {
            var body = TimedBody.Create(bodySize);
            var command = new RespCommand("ADDJOB").Add(queue).Add(body).Add(timeoutMs).AddRange(options);
            _commands[i] = (body, groups > 0 ? command.Add("GROUP").Add("g" + i) : command);
            if (unique)
                _commands[i].Command.Add("UNIQUE").Add(_key ??= new byte[16]);
        }
        _next = groups > 0 ? Random.Shared.Next(groups) : 0;
    }

    public void Write(IBufferWriter<byte> output, long sentAt)
    {
        var (body, command) = _commands[_next];
        _next = _next + 1 == _commands.Length ? 0 : _next + 1;
        TimedBody.Stamp(body, sentAt);
        if (_key is not null)
            System.Text.Encoding.ASCII.GetBytes(Interlocked.Increment(ref _keys).ToString("x16", System.Globalization.CultureInfo.InvariantCulture), _key);
        command.WriteTo(output);
    }
}
