using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using RabbitMQ.Client;

namespace Patchworks.Core.Events;

/// <summary>
/// Opens connections from <see cref="BrokerConnectionSettings"/>: every wait bounded by the connect timeout, TLS
/// checked by our own callback so a refused certificate is reported with its reason (the framework's exception only
/// says "rejected by the callback"), and every failure turned into a <see cref="BrokerFaultException"/>.
/// </summary>
internal static class BrokerConnector
{
    public static async Task<IConnection> ConnectAsync(BrokerConnectionSettings broker, bool recover, CancellationToken cancellation)
    {
        string? tlsRefusal = null;
        var factory = new ConnectionFactory
        {
            HostName = broker.Host,
            Port = broker.EffectivePort,
            VirtualHost = broker.VirtualHost,
            UserName = broker.UserName,
            Password = broker.Password,
            ClientProvidedName = broker.ConnectionName,
            RequestedConnectionTimeout = broker.ConnectTimeout,
            HandshakeContinuationTimeout = broker.ConnectTimeout,
            ContinuationTimeout = broker.ConnectTimeout,
            AutomaticRecoveryEnabled = recover,
            TopologyRecoveryEnabled = recover,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(1),
        };
        if (broker.HeartbeatSeconds is { } heartbeat)
        {
            factory.RequestedHeartbeat = TimeSpan.FromSeconds(heartbeat);
        }
        if (broker.Tls.Enabled)
        {
            var serverName = broker.Tls.ServerName ?? broker.Host;
            var ca = broker.Tls.CaCertificateFile is { } file ? LoadCa(file, broker) : null;
            factory.Ssl = new SslOption
            {
                Enabled = true,
                ServerName = serverName,
                Version = SslProtocols.None, // the operating system's choice (TLS 1.2/1.3)
                CertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    tlsRefusal = CheckCertificate(broker.Tls, serverName, ca, certificate as X509Certificate2 ?? (certificate is null ? null : new X509Certificate2(certificate)), errors);
                    return tlsRefusal is null;
                },
            };
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(broker.ConnectTimeout + TimeSpan.FromSeconds(1));
        try
        {
            return await factory.CreateConnectionAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (tlsRefusal is not null)
        {
            throw new BrokerFaultException(new BrokerFault(BrokerFaultCodes.TlsFailed,
                $"The TLS handshake with {broker.Host}:{broker.EffectivePort} failed: {tlsRefusal}."), e);
        }
        catch (OperationCanceledException e)
        {
            throw new BrokerFaultException(new BrokerFault(BrokerFaultCodes.BrokerUnreachable,
                $"The broker at {broker.Host}:{broker.EffectivePort} is unreachable: no answer within {broker.ConnectTimeout.TotalSeconds:0.#} s."), e);
        }
        catch (Exception e) when (e is not BrokerFaultException)
        {
            throw new BrokerFaultException(BrokerFaults.Describe(e, broker, stage: "connecting"), e);
        }
    }

    /// <summary>Null when the certificate is acceptable, else why not, in words.</summary>
    private static string? CheckCertificate(BrokerTlsSettings tls, string serverName, X509Certificate2Collection? ca, X509Certificate2? certificate, SslPolicyErrors errors)
    {
        if (!tls.VerifyCertificate)
        {
            return null;
        }
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "the server sent no certificate";
        }
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            var names = certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false);
            return $"the server certificate is not issued for '{serverName}' (it names '{names}'); set the TLS server name or connect by the certificate's name";
        }
        if (!errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            return null;
        }
        if (ca is null)
        {
            return $"the server certificate (issued by '{certificate.Issuer}') is not trusted by this machine; give the CA certificate file";
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain.Build(certificate))
        {
            return null;
        }
        var problems = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct());
        return $"the server certificate (issued by '{certificate.Issuer}') is not signed by the CA in '{Path.GetFileName(tls.CaCertificateFile)}' ({problems})";
    }

    private static X509Certificate2Collection LoadCa(string file, BrokerConnectionSettings broker)
    {
        try
        {
            var collection = new X509Certificate2Collection();
            var text = File.ReadAllText(file);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                collection.ImportFromPem(text);
            }
            else
            {
                collection.Add(X509CertificateLoader.LoadCertificateFromFile(file));
            }
            return collection;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new BrokerFaultException(new BrokerFault(BrokerFaultCodes.TlsFailed,
                $"The CA certificate file '{file}' for {broker.Host}:{broker.EffectivePort} cannot be read: {e.Message}"), e);
        }
    }

    /// <summary>Closes quietly and within a bound: at the end of a listen or send nothing more is learnt from close errors.</summary>
    public static async Task CloseQuietlyAsync(IChannel? channel, IConnection? connection, bool abort)
    {
        try
        {
            if (channel is not null)
            {
                if (!abort && channel.IsOpen)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                    await channel.CloseAsync(timeout.Token).ConfigureAwait(false);
                }
                await DisposeBounded(channel.DisposeAsync()).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // closing a channel of a dead connection fails; the connection close below still runs
        }
        try
        {
            if (connection is not null)
            {
                await connection.CloseAsync(200, "done", TimeSpan.FromSeconds(3), abort, CancellationToken.None).ConfigureAwait(false);
                await DisposeBounded(connection.DisposeAsync()).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // already closed or the broker is gone
        }
    }

    private static async Task DisposeBounded(ValueTask dispose)
    {
        var task = dispose.AsTask();
        await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(3))).ConfigureAwait(false);
    }
}
