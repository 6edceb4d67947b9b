using System.Security.Cryptography.X509Certificates;

namespace Disque.Gateway.Hosting;

/// <summary>Loads the TLS listener's certificate: a .pfx, or a PEM certificate and key.</summary>
internal static class TlsCertificate
{
    public static X509Certificate2 Load(TlsSettings tls)
    {
        if (tls.KeyPath.Length > 0)
            return X509Certificate2.CreateFromPemFile(tls.CertificatePath, tls.KeyPath);
        return X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath, tls.Password.Length > 0 ? tls.Password : null);
    }
}
