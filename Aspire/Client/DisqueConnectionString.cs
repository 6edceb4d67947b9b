namespace Disque.Client.Aspire;

/// <summary>
/// A Disque connection string, as <c>AddDisqueCluster</c> gives it: the gateways,
/// <c>host:port,host:port</c>, and optionally <c>password=secret</c> among them.
/// </summary>
public static class DisqueConnectionString
{
    public static void Apply(string connection, DisqueClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var part in connection.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("password=", StringComparison.OrdinalIgnoreCase))
                options.Password = part["password=".Length..];
            else
                options.Endpoints.Add(part);
        }
    }
}
