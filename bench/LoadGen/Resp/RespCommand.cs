using System.Buffers;
using System.Text;

namespace Disque.LoadGen.Resp;

/// <summary>Encodes commands as RESP arrays of bulk strings.</summary>
public static class RespCommand
{
    public static void Write(IBufferWriter<byte> output, params ReadOnlySpan<string> args)
    {
        Header(output, '*', args.Length);
        foreach (var arg in args)
            Bulk(output, arg);
    }

    /// <summary>The bytes of a command's first arguments (or of its last ones, with <paramref name="count"/> 0): encoded once, sent many times.</summary>
    public static byte[] Encode(int count, params ReadOnlySpan<string> args)
    {
        var output = new ArrayBufferWriter<byte>();
        if (count > 0)
            Header(output, '*', count);
        foreach (var arg in args)
            Bulk(output, arg);
        return output.WrittenSpan.ToArray();
    }

    public static void Bulk(IBufferWriter<byte> output, string arg)
    {
        var length = Encoding.UTF8.GetByteCount(arg);
        Header(output, '$', length);
        Encoding.UTF8.GetBytes(arg, output);
        output.Write("\r\n"u8);
    }

    /// <summary>A bulk string of bytes as they are: a job id sent back as the server gave it.</summary>
    public static void Bulk(IBufferWriter<byte> output, ReadOnlySpan<byte> arg)
    {
        Header(output, '$', arg.Length);
        output.Write(arg);
        output.Write("\r\n"u8);
    }

    public static void Header(IBufferWriter<byte> output, char type, int number)
    {
        var span = output.GetSpan(16);
        span[0] = (byte)type;
        number.TryFormat(span[1..], out var digits, provider: System.Globalization.CultureInfo.InvariantCulture);
        span[1 + digits] = (byte)'\r';
        span[2 + digits] = (byte)'\n';
        output.Advance(3 + digits);
    }
}
