using System.Runtime.CompilerServices;
using System.Text;

namespace Disque.Gateway.Resp;

/// <summary>
/// The UTF-8 line of each Disque error, encoded once per error object. The
/// texts themselves live in <see cref="DisqueError"/>, the one place they are written.
/// </summary>
public static class ErrorText
{
    private static readonly ConditionalWeakTable<DisqueError, byte[]> Encoded = [];

    public static byte[] Of(DisqueError error) => Encoded.GetValue(error, static e => Encoding.UTF8.GetBytes(e.ToString()));
}
