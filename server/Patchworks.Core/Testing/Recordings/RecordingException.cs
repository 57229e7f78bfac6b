namespace Patchworks.Core.Testing.Recordings;

/// <summary>A recording that cannot be read or written; the message names the file (and line and column when there is one).</summary>
public sealed class RecordingException(string message, Exception? inner = null) : Exception(message, inner);
