using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Disque.Hosting;

/// <summary>
/// Orleans' own traffic, silo to silo and Orleans client to silo, over mutual TLS
/// (Microsoft.Orleans.Connections.Security): every silo and every client presents a
/// certificate, and each side accepts the other's only when it chains to the configured CA
/// (<see cref="OrleansTlsSettings.CaPath"/>) or, without one, when it is the very certificate
/// this side holds (one certificate for the whole cluster). A client without one is refused
/// during the handshake, before any grain call. Bound from <c>Disque:OrleansTls</c>.
/// </summary>
public static class OrleansTls
{
    /// <summary>Silo to silo and the Orleans gateway port: TLS both ways, a certificate required of clients too.</summary>
    public static ISiloBuilder UseDisqueTls(this ISiloBuilder silo, OrleansTlsSettings settings)
    {
        var (own, ca) = Load(settings);
        return silo.UseTls(own, options =>
        {
            Trust(options, own, ca);
            options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        });
    }

    /// <summary>An Orleans client of a cluster that uses <see cref="UseDisqueTls(ISiloBuilder, OrleansTlsSettings)"/>.</summary>
    public static IClientBuilder UseDisqueTls(this IClientBuilder client, OrleansTlsSettings settings)
    {
        var (own, ca) = Load(settings);
        return client.UseTls(own, options => Trust(options, own, ca));
    }

    /// <summary>Whether a remote silo or client is one of ours.</summary>
    public static bool Trusted(X509Certificate2 remote, X509Certificate2 own, X509Certificate2Collection? ca)
    {
        if (ca is null || ca.Count == 0)
            return remote.RawData.AsSpan().SequenceEqual(own.RawData);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(remote);
    }

    private static void Trust(TlsOptions options, X509Certificate2 own, X509Certificate2Collection? ca)
    {
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        // The names in a silo's certificate need not match its address: trust is the certificate itself (or its CA).
        options.RemoteCertificateValidation = (certificate, _, _) => certificate is not null && Trusted(certificate, own, ca);
    }

    private static (X509Certificate2 Own, X509Certificate2Collection? Ca) Load(OrleansTlsSettings settings)
    {
        var own = settings.KeyPath.Length > 0
            ? X509Certificate2.CreateFromPemFile(settings.CertificatePath, settings.KeyPath)
            : X509CertificateLoader.LoadPkcs12FromFile(settings.CertificatePath, settings.Password.Length > 0 ? settings.Password : null);
        X509Certificate2Collection? ca = null;
        if (settings.CaPath.Length > 0)
        {
            ca = [];
            ca.ImportFromPemFile(settings.CaPath);
        }
        return (own, ca);
    }
}

/// <summary>The certificate a silo or an Orleans client presents, and the CA it trusts; off without a certificate.</summary>
public sealed class OrleansTlsSettings
{
    /// <summary>A PKCS#12 (.pfx) file, or a PEM certificate with <see cref="KeyPath"/>.</summary>
    public string CertificatePath { get; set; } = "";

    public string KeyPath { get; set; } = "";

    /// <summary>The .pfx file's password.</summary>
    public string Password { get; set; } = "";

    /// <summary>PEM file of the CA(s) whose certificates are accepted; empty: only this very certificate is.</summary>
    public string CaPath { get; set; } = "";

    public bool Enabled => CertificatePath.Length > 0;
}
