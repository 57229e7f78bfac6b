using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Patchworks.Core.Http;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Running;

/// <summary>
/// The connection parameters the runner, sign-in and publish requests share (connectTo in curl's form, extra
/// trusted roots as PEM text), read into HttpSettings; a malformed one is an invalid-params error.
/// </summary>
internal static class ConnectionParameters
{
    public static HttpSettings Settings(double? timeoutSeconds, IReadOnlyList<string>? connectTo, IReadOnlyList<string>? trustedCertificatesPem) => new()
    {
        // HttpClient takes a timeout up to int.MaxValue milliseconds (about 24 days).
        Timeout = TimeSpan.FromSeconds(timeoutSeconds is > 0 and <= MaxTimeoutSeconds or null
            ? timeoutSeconds ?? 30
            : throw new LocalRpcException($"timeoutSeconds must be more than 0 and at most {MaxTimeoutSeconds}, not {timeoutSeconds}.") { ErrorCode = ErrorCodes.InvalidParams }),
        ConnectTo = [.. (connectTo ?? []).Select(ParseConnectTo)],
        TrustedRoots = Roots(trustedCertificatesPem ?? []),
    };

    private const double MaxTimeoutSeconds = int.MaxValue / 1000;

    public static ConnectTo ParseConnectTo(string text)
    {
        try
        {
            return ConnectTo.Parse(text);
        }
        catch (FormatException e)
        {
            throw new LocalRpcException(e.Message) { ErrorCode = ErrorCodes.InvalidParams };
        }
    }

    public static X509Certificate2Collection Roots(IReadOnlyList<string> pems)
    {
        var roots = new X509Certificate2Collection();
        foreach (var pem in pems)
        {
            try
            {
                roots.ImportFromPem(pem);
            }
            catch (CryptographicException e)
            {
                throw new LocalRpcException($"A trusted certificate is not PEM: {e.Message}") { ErrorCode = ErrorCodes.InvalidParams };
            }
        }
        return roots;
    }
}
