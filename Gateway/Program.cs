using Disque.Gateway.Hosting;

// A gateway: a silo that also serves Disque's RESP protocol, on 127.0.0.1:7711 unless configured otherwise.
await GatewayHost.Build(args).RunAsync();
