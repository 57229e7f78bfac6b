using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Patchworks.TestApi.Hosting;

/// <summary>
/// Certificate validation for test clients: a certificate is good when it names the host and chains to the test
/// root, and to nothing else (the machine's store plays no part).
/// </summary>
public static class RootTrust
{
    public static RemoteCertificateValidationCallback For(TestApiServer server)
    {
        var root = X509Certificate2.CreateFromPem(server.RootCertificatePem);
        return (_, certificate, _, errors) => Trusts(root, certificate, errors);
    }

    public static bool Trusts(X509Certificate2 root, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
