using System.Text;

namespace Patchworks.Core.Running.Auth;

/// <summary>
/// Just enough HTTP/1.x for the redirect listener: the request head is read until the blank line (across as many
/// reads as it takes), capped in size, and only its request line is interpreted. Anything that is not a well-formed
/// request head is reported as garbage so the listener can answer 400 and keep waiting for the real redirect.
/// </summary>
internal sealed record LoopbackHttpRequest(string Method, string Path, string Query)
{
    /// <summary>Browsers send a few hundred bytes to a loopback URL; 16 KB leaves room for long codes and cookies.</summary>
    public const int MaxHeadBytes = 16 * 1024;

    /// <summary>How reading one request head ended.</summary>
    public enum Status
    {
        Complete,
        Garbage,
        TooLarge,
        Closed,
    }

    /// <summary>Reads one request head. Cancellation (time-out, listener stopping) surfaces as OperationCanceledException.</summary>
    public static async Task<(Status Status, LoopbackHttpRequest? Request)> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxHeadBytes];
        var length = 0;
        while (true)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                // A browser's speculative connection closed unused, or a client gave up mid-request.
                return (length == 0 ? Status.Closed : Status.Garbage, null);
            }
            length += read;
            var end = EndOfHead(buffer.AsSpan(0, length));
            if (end >= 0)
            {
                var request = Parse(buffer.AsSpan(0, end));
                return request is null ? (Status.Garbage, null) : (Status.Complete, request);
            }
            if (length == buffer.Length)
            {
                return (Status.TooLarge, null);
            }
        }
    }

    /// <summary>The length of the head up to its blank line (CRLF CRLF, or bare LF LF as RFC 9112 tolerates), or -1.</summary>
    internal static int EndOfHead(ReadOnlySpan<byte> data)
    {
        var crlf = data.IndexOf("\r\n\r\n"u8);
        var lf = data.IndexOf("\n\n"u8);
        return crlf < 0 ? lf : lf < 0 ? crlf : Math.Min(crlf, lf);
    }

    /// <summary>The request line (method SP request-target SP HTTP-version) of a head, or null when it is not one.</summary>
    internal static LoopbackHttpRequest? Parse(ReadOnlySpan<byte> head)
    {
        foreach (var b in head)
        {
            // Request heads are ASCII; a NUL or other control byte (bar CR, LF, TAB) means this is not HTTP.
            if (b is < 0x20 and not (byte)'\r' and not (byte)'\n' and not (byte)'\t' or >= 0x7F)
            {
                return null;
            }
        }
        var text = Encoding.ASCII.GetString(head);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || !parts[0].All(char.IsAsciiLetterUpper) || parts[2] is not ("HTTP/1.1" or "HTTP/1.0"))
        {
            return null;
        }
        if (lines.Skip(1).Any(line => line.Length > 0 && line.IndexOf(':', StringComparison.Ordinal) <= 0))
        {
            return null;
        }
        var target = parts[1];
        if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(target, UriKind.Absolute, out var absolute))
        {
            // Absolute form, as a proxy-minded client might send it.
            target = absolute.PathAndQuery;
        }
        if (!target.StartsWith('/'))
        {
            return null;
        }
        var question = target.IndexOf('?', StringComparison.Ordinal);
        return question < 0
            ? new LoopbackHttpRequest(parts[0], target, "")
            : new LoopbackHttpRequest(parts[0], target[..question], target[(question + 1)..]);
    }
}
