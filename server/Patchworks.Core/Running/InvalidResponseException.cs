namespace Patchworks.Core.Running;

/// <summary>
/// Something the API sent cannot be used (a next link that is no URL, a value the runner cannot read): the run
/// ends as <see cref="Results.StopReason.InvalidResponse"/> with this message, which names what was wrong.
/// </summary>
public sealed class InvalidResponseException(string message) : Exception(message);
