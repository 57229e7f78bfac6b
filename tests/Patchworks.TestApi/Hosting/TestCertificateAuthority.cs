using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Patchworks.TestApi.Hosting;

/// <summary>
/// A throw-away certificate authority: a root made at start-up, and a server certificate for each host name a
/// client asks for (TLS SNI), so "https://acme.myshopify.com" can be served from 127.0.0.1 with a certificate
/// that really names it. Clients trust the root by its PEM (the runner's --ca-cert), never the machine's store.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly X509Certificate2 _root;
    private readonly ConcurrentDictionary<string, X509Certificate2> _issued = new(StringComparer.OrdinalIgnoreCase);

    public TestCertificateAuthority()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Patchworks Test API Root", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>The root certificate in PEM, for a client's --ca-cert.</summary>
    public string RootPem => _root.ExportCertificatePem();

    /// <summary>A server certificate for a host name (or 127.0.0.1 when the client sent none), issued once per name.</summary>
    public X509Certificate2 CertificateFor(string? hostName) =>
        _issued.GetOrAdd(string.IsNullOrEmpty(hostName) ? "127.0.0.1" : hostName, Issue);

    private X509Certificate2 Issue(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(name, out var address))
        {
            san.AddIpAddress(address);
        }
        else
        {
            san.AddDnsName(name);
        }
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var certificate = request.Create(_root, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), serial);
        using var withKey = certificate.CopyWithPrivateKey(key);
        // SslStream on Linux wants a key it can use outside this object's lifetime: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        foreach (var certificate in _issued.Values)
        {
            certificate.Dispose();
        }
        _root.Dispose();
    }
}
