using Patchworks.Core.Model;

namespace Patchworks.Core.Resolution;

/// <summary>Looks up the value behind a secret reference. The core never stores secrets; hosts provide them.</summary>
public interface ISecretProvider
{
    /// <summary>The secret's value, or null when the store does not hold it.</summary>
    string? Get(SecretReference reference);
}

/// <summary>
/// Reads env:NAME from the process environment. secret:NAME lives in VS Code's SecretStorage, which only the
/// extension can read; outside the editor it is looked up as the environment variable PATCHWORKS_SECRET_NAME.
/// </summary>
public sealed class EnvironmentSecretProvider : ISecretProvider
{
    public static EnvironmentSecretProvider Instance { get; } = new();

    public string? Get(SecretReference reference) => reference.Store switch
    {
        SecretStore.Environment => Environment.GetEnvironmentVariable(reference.Name),
        _ => Environment.GetEnvironmentVariable(EnvironmentNameFor(reference.Name)),
    };

    public static string EnvironmentNameFor(string secretName) =>
        "PATCHWORKS_SECRET_" + new string(secretName.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_').ToArray());
}
