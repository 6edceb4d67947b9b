namespace Disque.Gateway.Resp;

/// <summary>The texts of protocol errors, worded as Redis and Disque word them. The connection closes after one.</summary>
public static class ProtocolErrors
{
    public const string InvalidMultiBulkLength = "ERR Protocol error: invalid multibulk length";
    public const string InvalidBulkLength = "ERR Protocol error: invalid bulk length";
    public const string TooBigMultiBulkCount = "ERR Protocol error: too big mbulk count string";
    public const string TooBigBulkCount = "ERR Protocol error: too big bulk count string";
    public const string TooBigInline = "ERR Protocol error: too big inline request";
    public const string UnbalancedQuotes = "ERR Protocol error: unbalanced quotes in request";

    public static string ExpectedDollar(byte got) => $"ERR Protocol error: expected '$', got '{(char)got}'";
}
