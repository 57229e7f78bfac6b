using System.Collections.Concurrent;

namespace Patchworks.Core.Running.Auth;

/// <summary>
/// Keeps OAuth 2 refresh tokens between runs. Never a file the toolkit writes: the editor's secret storage
/// (through the language server), or memory. Asynchronous because the editor's store is a round trip away.
/// </summary>
public interface ITokenStore
{
    ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Keeps <paramref name="value"/> under <paramref name="key"/>; null forgets it (a refused token).</summary>
    ValueTask SetAsync(string key, string? value, CancellationToken cancellationToken);
}

/// <summary>Refresh tokens for the life of the process (the CLI, tests, and the server's cache in front of the editor's store).</summary>
public sealed class MemoryTokenStore : ITokenStore
{
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);

    public bool TryGet(string key, out string? value)
    {
        var found = _tokens.TryGetValue(key, out var token);
        value = token;
        return found;
    }

    public ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken) => ValueTask.FromResult(_tokens.GetValueOrDefault(key));

    public ValueTask SetAsync(string key, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            _tokens.TryRemove(key, out _);
        }
        else
        {
            _tokens[key] = value;
        }
        return ValueTask.CompletedTask;
    }
}
