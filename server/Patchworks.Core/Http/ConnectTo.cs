using System.Globalization;

namespace Patchworks.Core.Http;

/// <summary>
/// A connection override in curl's --connect-to form, HOST:PORT:TARGET_HOST:TARGET_PORT: requests for HOST:PORT
/// open their connection to the target instead, while the URL, the Host header and the TLS server name stay
/// as they were. An empty or * HOST or PORT matches any. This is how a connector is tried, unchanged, against a
/// staging server or the local test APIs.
/// </summary>
public sealed record ConnectTo(string? Host, int? Port, string TargetHost, int TargetPort)
{
    public static ConnectTo Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 4 || parts[2].Length == 0 || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var targetPort) || targetPort is < 1 or > 65535)
        {
            throw new FormatException($"\"{text}\" is not HOST:PORT:TARGET_HOST:TARGET_PORT (for example *:443:127.0.0.1:8443).");
        }
        int? port = parts[1] is "" or "*" ? null
            : int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p
            : throw new FormatException($"\"{parts[1]}\" in \"{text}\" is not a port number.");
        return new ConnectTo(parts[0] is "" or "*" ? null : parts[0], port, parts[2], targetPort);
    }

    public bool Matches(string host, int port) =>
        (Host is null || Host.Equals(host, StringComparison.OrdinalIgnoreCase)) && (Port is null || Port == port);

    public override string ToString() => $"{Host ?? "*"}:{(Port is { } p ? p.ToString(CultureInfo.InvariantCulture) : "*")}:{TargetHost}:{TargetPort}";
}
