using System.Net.Sockets;
using System.Security.Authentication;

namespace Patchworks.Core.Http;

/// <summary>Turns the exceptions of a failed request into a sentence a connector developer can act on.</summary>
public static class NetworkErrors
{
    /// <param name="cancelledByCaller">The caller cancelled: a cancellation is then not a time-out.</param>
    public static string Explain(Exception exception, Uri url, TimeSpan timeout, bool cancelledByCaller = false)
    {
        var host = url.Host;
        if (exception is OperationCanceledException && !cancelledByCaller)
        {
            return TimedOut(host, timeout);
        }
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return $"The host name \"{host}\" could not be found (DNS). Check the URL and the values that build it, such as a store or account name.";
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return $"{host}:{url.Port} refused the connection: nothing is listening there. Check the host and port.";
                case SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.HostUnreachable or SocketError.NetworkUnreachable }:
                    return $"{host}:{url.Port} could not be reached ({((SocketException)e).SocketErrorCode}). Check the network, a proxy or a firewall.";
                case AuthenticationException:
                    return $"The secure connection to {host} failed: {TlsReason(e)} If the server uses a private certificate authority, trust it with --ca-cert.";
                case TimeoutException:
                    return TimedOut(host, timeout);
            }
        }
        // HttpClient's outer message ("An error occurred while sending the request.") says nothing: the innermost
        // one says what the server did (an empty answer, a reset, an invalid status line).
        var inner = exception;
        while (inner.InnerException is { } next)
        {
            inner = next;
        }
        return ReferenceEquals(inner, exception) || exception.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"The request to {host} failed: {exception.Message}"
            : $"The request to {host} failed: {exception.Message.TrimEnd('.')} ({inner.Message.TrimEnd('.')}).";
    }

    private static string TimedOut(string host, TimeSpan timeout) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{host} did not answer within {timeout.TotalSeconds:0.#} s (the request time-out).");

    private static string TlsReason(Exception e) => e.Message.Contains("remote certificate", StringComparison.OrdinalIgnoreCase)
        ? "its certificate is not trusted or does not name this host."
        : e.Message.TrimEnd('.') + ".";
}
