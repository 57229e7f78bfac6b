using System.Collections.Concurrent;

namespace Patchworks.Core.Running.Auth;

/// <summary>Keeps refresh tokens between runs. Never a file the toolkit writes: the editor's secret storage, or memory.</summary>
public interface ITokenStore
{
    string? Get(string key);

    void Set(string key, string? value);
}

/// <summary>Refresh tokens for the life of the process (the CLI, tests).</summary>
public sealed class MemoryTokenStore : ITokenStore
{
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);

    public string? Get(string key) => _tokens.GetValueOrDefault(key);

    public void Set(string key, string? value)
    {
        if (value is null)
        {
            _tokens.TryRemove(key, out _);
        }
        else
        {
            _tokens[key] = value;
        }
    }
}
