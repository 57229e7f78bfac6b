using Patchworks.Core.Syntax;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Editing;

/// <summary>Fixes in instance files: move a literal secret to secret storage (PW5005), add a missing value (PW5004).</summary>
public static class InstanceFixes
{
    /// <summary>
    /// The command a secret-moving fix carries: the extension stores arguments[0].value under arguments[0].name
    /// in VS Code's SecretStorage. The value travels only as this argument, never in an edit.
    /// </summary>
    public const string StoreSecretCommand = "patchworks.storeSecret";

    public static IEnumerable<QuickFix> LiteralSecret(InstanceDocument document, DiagnosticFacts diagnostic)
    {
        var instance = document.Model;
        if (diagnostic["key"] is not { } key || instance.Syntax is not { } root
            || document.Tree.FindNodeAt(diagnostic.Span.Start) is not StringSyntax { Parent: PropertySyntax entry } literal
            || entry.Value != literal || literal.Span != diagnostic.Span || entry.Parent is not ObjectSyntax section
            || entry.Name != key || section.Parent is not PropertySyntax { Name: "values" or "secrets" } sectionProperty || sectionProperty.Parent != root)
        {
            yield break;
        }
        var name = SecretNames.NameFor(instance, key);
        var reference = JsonEdits.Quote($"secret:{name}");
        var store = new FixCommand("Store the secret", StoreSecretCommand, [new Dictionary<string, string> { ["name"] = name, ["value"] = literal.Value }]);
        if (sectionProperty.Name == "secrets")
        {
            yield return new QuickFix($"Move the secret to secret storage as secret:{name}", [JsonEdits.Replace(literal, reference)], IsPreferred: true) { Command = store };
            yield break;
        }

        var edits = new List<TextEdit>(JsonEdits.RemoveProperty(document.Tree, entry));
        var secrets = root["secrets"] as ObjectSyntax;
        if (secrets?.Find(key) is null)
        {
            edits.AddRange(secrets is not null
                ? JsonEdits.AddProperty(document.Tree, secrets, key, reference)
                : JsonEdits.AddProperty(document.Tree, root, "secrets", $"{{ {JsonEdits.Quote(key)}: {reference} }}"));
        }
        yield return new QuickFix($"Move \"{key}\" to \"secrets\" as secret:{name}", edits, IsPreferred: true) { Command = store };
    }

    public static IEnumerable<QuickFix> MissingValue(InstanceDocument document, DiagnosticFacts diagnostic)
    {
        var instance = document.Model;
        if (diagnostic["key"] is not { } key || instance.Syntax is not { } root)
        {
            yield break;
        }
        if ((root["values"] as ObjectSyntax)?.Find(key) is not null || (root["secrets"] as ObjectSyntax)?.Find(key) is not null)
        {
            // Given since the diagnostic was made.
            yield break;
        }
        var secret = diagnostic["secret"] == "true";
        var section = secret ? "secrets" : "values";
        // A secret gets a reference to fill in secret storage; a value an empty string to fill in here.
        var value = JsonEdits.Quote(secret ? SecretNames.ReferenceFor(instance, key) : "");
        var edits = root[section] is ObjectSyntax existing
            ? JsonEdits.AddProperty(document.Tree, existing, key, value)
            : JsonEdits.AddProperty(document.Tree, root, section, $"{{ {JsonEdits.Quote(key)}: {value} }}");
        yield return new QuickFix($"Add \"{key}\" to \"{section}\"", edits, IsPreferred: true);
    }
}
