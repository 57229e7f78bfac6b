using System.Text.RegularExpressions;

namespace Patchworks.Core.Model;

public enum SecretStore
{
    /// <summary>env:NAME, an environment variable.</summary>
    Environment,
    /// <summary>secret:NAME, VS Code's SecretStorage.</summary>
    SecretStorage,
}

/// <summary>A reference to a secret kept outside the instance file: env:NAME or secret:NAME.</summary>
public sealed partial record SecretReference(SecretStore Store, string Name)
{
    public static bool TryParse(string text, out SecretReference? reference)
    {
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            reference = null;
            return false;
        }
        reference = new SecretReference(match.Groups[1].Value == "env" ? SecretStore.Environment : SecretStore.SecretStorage, match.Groups[2].Value);
        return true;
    }

    public override string ToString() => $"{(Store == SecretStore.Environment ? "env" : "secret")}:{Name}";

    [GeneratedRegex(@"^(env|secret):([A-Za-z_][A-Za-z0-9_.\-/]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
