using Disque.Gateway.Hosting;
using Disque.Hosting;

// Socket completions run on the epoll thread: no thread-pool hop per RESP request (nothing
// on that path blocks). .NET reads this variable only from the environment, once, before
// the first socket: set it here unless the caller chose otherwise.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

// A gateway: a silo that also serves Disque's RESP protocol, on 127.0.0.1:7711 unless configured otherwise.
await GatewayHost.Build(args).RunWithBoundedStop();
