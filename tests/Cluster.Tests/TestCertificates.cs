using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Disque.Tests;

/// <summary>Self-signed certificates the tests make for themselves, written as .pfx files in a folder of their own.</summary>
public static class TestCertificates
{
    /// <summary>A new certificate for server and client authentication, as a .pfx without password; its path.</summary>
    public static string Make(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var folder = Directory.CreateTempSubdirectory("disque-certs-").FullName;
        var path = Path.Combine(folder, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx));
        return path;
    }
}
