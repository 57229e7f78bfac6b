using System.Collections.Concurrent;

namespace Patchworks.LanguageServer.Documents;

/// <summary>
/// The instance the user has chosen for each connector (patchworks/setActiveInstance): inlay hints and hovers
/// show values as that instance would give them.
/// </summary>
public sealed class ActiveInstances
{
    private readonly ConcurrentDictionary<string, string> _byConnector = new(StringComparer.Ordinal);

    /// <summary>Sets or (with null) clears the connector's active instance; both are file paths.</summary>
    public void Set(string connectorPath, string? instancePath)
    {
        if (instancePath is null)
        {
            _byConnector.TryRemove(connectorPath, out _);
        }
        else
        {
            _byConnector[connectorPath] = instancePath;
        }
    }

    public string? Get(string connectorPath) => _byConnector.GetValueOrDefault(connectorPath);
}
