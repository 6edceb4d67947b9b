namespace Disque.Client.Resp;

/// <summary>The server sent bytes that are not RESP2: the connection cannot be trusted and is closed.</summary>
public sealed class RespProtocolException(string message) : IOException(message);
