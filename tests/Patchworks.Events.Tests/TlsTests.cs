using Patchworks.Core.Events;
using static Patchworks.Events.Tests.Listening;

namespace Patchworks.Events.Tests;

/// <summary>TLS to the node's listener, signed by a CA made for the test: trusted works, a wrong name or CA is tlsFailed.</summary>
[Collection(BrokerCollection.Name)]
public sealed class TlsTests(RabbitMqNode node, ITestOutputHelper output)
{
    private BrokerConnectionSettings Tls(string? serverName, string? caFile, bool verify = true) => node.Connection() with
    {
        Port = node.TlsPort,
        Tls = new BrokerTlsSettings { Enabled = true, ServerName = serverName, CaCertificateFile = caFile, VerifyCertificate = verify },
    };

    private async Task<ListenResult> ListenOnce(BrokerConnectionSettings broker)
    {
        var listener = new ListenerSettings { Queue = Unique("tls"), Declare = new QueueDeclaration { Durable = false, AutoDelete = true } };
        var result = await EventListener.ListenAsync(broker, listener, Options(timeoutSeconds: 0.5), (_, _) => ValueTask.FromResult(Settlement.Ack));
        output.WriteLine($"{result.Reason}: {result.Fault}");
        return result;
    }

    [Fact]
    public async Task ACertificateFromTheGivenCaForTheServerNameIsAccepted()
    {
        var result = await ListenOnce(Tls("localhost", node.CaCertificateFile));
        Assert.True(result.End == ListenEnd.Timeout, result.Fault?.ToString());
    }

    [Fact]
    public async Task AWrongServerNameIsTlsFailed()
    {
        var result = await ListenOnce(Tls("broker.example.com", node.CaCertificateFile));
        Assert.Equal(ListenEnd.Fault, result.End);
        Assert.True(result.Fault?.Code == BrokerFaultCodes.TlsFailed, result.Fault?.ToString());
        Assert.Contains("not issued for 'broker.example.com'", result.Fault!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUntrustedCaIsTlsFailed()
    {
        foreach (var ca in new[] { node.OtherCaCertificateFile, null })
        {
            var result = await ListenOnce(Tls("localhost", ca));
            Assert.True(result.Fault?.Code == BrokerFaultCodes.TlsFailed, result.Fault?.ToString());
            Assert.Contains("not", result.Fault!.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(RabbitMqNode.Password, result.Fault.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task VerificationOffAcceptsAnyCertificate()
    {
        var result = await ListenOnce(Tls("broker.example.com", null, verify: false));
        Assert.True(result.End == ListenEnd.Timeout, result.Fault?.ToString());
    }
}
