using System.Text;

namespace Patchworks.Core.Testing.Recordings;

/// <summary>Every exchange of one test case, secrets replaced by stand-ins (<see cref="SecretPlaceholders"/>), in the order they happened.</summary>
public sealed record Recording
{
    /// <summary>The version of the file format <see cref="RecordingFile"/> writes; a reader refuses another.</summary>
    public const int FormatVersion = 1;

    public required string Connector { get; init; }
    public required string Endpoint { get; init; }
    public required string Case { get; init; }
    public required RequestShape Shape { get; init; }
    public required IReadOnlyList<RecordedExchange> Exchanges { get; init; }
}

/// <summary>One request and its answer, or the error that took the answer's place (a refused connection).</summary>
public sealed record RecordedExchange(RecordedRequest Request, RecordedResponse? Response, string? Error);

public sealed record RecordedRequest(string Method, string Url, IReadOnlyList<KeyValuePair<string, string>> Headers, RecordedBody? Body)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}

public sealed record RecordedResponse(int Status, string Reason, IReadOnlyList<KeyValuePair<string, string>> Headers, RecordedBody Body);

/// <summary>A body as text (UTF-8, what most APIs send) or as bytes (anything else, kept exactly).</summary>
public sealed record RecordedBody(string? Text, byte[]? Binary)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static RecordedBody Of(byte[] bytes)
    {
        if (Array.IndexOf(bytes, (byte)0) < 0)
        {
            try
            {
                return new RecordedBody(StrictUtf8.GetString(bytes), null);
            }
            catch (DecoderFallbackException)
            {
                // Not UTF-8 (an image, a Latin-1 page): kept as bytes.
            }
        }
        return new RecordedBody(null, bytes);
    }

    public byte[] Bytes() => Binary ?? Encoding.UTF8.GetBytes(Text ?? "");

    public int Length => Binary?.Length ?? Text?.Length ?? 0;
}
