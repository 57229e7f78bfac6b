using Patchworks.Core.Model;
using Patchworks.Core.Resolution;

namespace Patchworks.Runner.Tests.Infrastructure;

/// <summary>Secrets by reference name (env:NAME and secret:NAME alike), as a host's secret store gives them.</summary>
public sealed class DictionarySecrets(IReadOnlyDictionary<string, string> secrets) : ISecretProvider
{
    public string? Get(SecretReference reference) => secrets.GetValueOrDefault(reference.Name);
}
