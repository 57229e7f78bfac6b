namespace Patchworks.Core.Publishing;

/// <summary>A field the Core API refused (422), with its messages. <see cref="Field"/> is the API's field name.</summary>
public sealed record FieldError(string Field, IReadOnlyList<string> Messages);

/// <summary>
/// The Core API refused a request, or could not be reached. The message says what happened and what to do,
/// never holding a credential or a token.
/// </summary>
public sealed class CoreApiException(string message, int status = 0, IReadOnlyList<FieldError>? fieldErrors = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The HTTP status; 0 when no answer came.</summary>
    public int Status { get; } = status;

    public IReadOnlyList<FieldError> FieldErrors { get; } = fieldErrors ?? [];
}
