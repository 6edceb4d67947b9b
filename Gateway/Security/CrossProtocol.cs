using Disque.Gateway.Resp;

namespace Disque.Gateway.Security;

/// <summary>
/// Requests that are not meant for Disque at all: an HTTP request sent to the RESP port,
/// as a browser does when a web page tricks it into posting to localhost:7711 (cross
/// protocol scripting). Its lines would otherwise run as inline commands (the body of
/// <c>curl -X POST --data 'ADDJOB ...'</c> would queue a job). As Redis does, a
/// <c>POST</c> or <c>Host:</c> line anywhere closes the connection; and the first line of a
/// connection naming any HTTP method as an inline command does too.
/// </summary>
internal static class CrossProtocol
{
    private static readonly byte[][] Methods = ["GET"u8.ToArray(), "HEAD"u8.ToArray(), "PUT"u8.ToArray(), "DELETE"u8.ToArray(),
        "OPTIONS"u8.ToArray(), "PATCH"u8.ToArray(), "CONNECT"u8.ToArray(), "TRACE"u8.ToArray()];

    public static bool IsAttack(RespRequest request, bool firstRequest)
    {
        var name = request[0];
        if (System.Text.Ascii.EqualsIgnoreCase(name, "POST"u8) || System.Text.Ascii.EqualsIgnoreCase(name, "Host:"u8))
            return true;
        if (!firstRequest || !request.Inline)
            return false;
        foreach (var method in Methods)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(name, method))
                return true;
        }
        return false;
    }
}
