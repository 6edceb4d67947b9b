namespace Disque.Gateway.Sessions;

/// <summary>The client left more replies unread than the output limit for longer than the output timeout: it is cut off.</summary>
public sealed class ClientNotReadingException() : Exception("The client does not read its replies.");
