using Disque.Hosting;

// A silo that holds jobs and queues but serves no RESP: run it beside gateways to grow a cluster.
await DisqueHost.Silo(args).RunWithBoundedStop();
