using Patchworks.Core.Diagnostics;
using Patchworks.Core.Model;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Rules.Connectors;

/// <summary>Auth method ids are unique, and each method has the settings its type needs and no others.</summary>
public static class AuthMethodRules
{
    /// <summary>The settings block each auth type reads; token and none read none.</summary>
    public static string? SettingsBlockFor(string? type) => type switch
    {
        "basic" => "basic",
        "apiKey" => "apiKey",
        "oauth2ClientCredentials" or "oauth2Password" or "oauth2AuthorizationCode" => "oauth2",
        "oauth1" => "oauth1",
        "soap" => "soap",
        _ => null,
    };

    public static void Check(ConnectorRuleContext context)
    {
        var bag = context.Diagnostics;
        DuplicateFinder.Report(context.Connector.AuthMethods, a => a.IdSyntax is { } id ? (id.Value, id) : null, StringComparer.Ordinal, bag,
            a => (DiagnosticCatalog.DuplicateAuthMethodId, [a.Id]), "First used here.");
        foreach (var auth in context.Connector.AuthMethods)
        {
            CheckSettings(auth, bag);
            EndpointRules.CheckUrl(auth.Url, bag);
            EndpointRules.CheckUrl(auth.AdditionalUrl, bag);
        }
    }

    private static void CheckSettings(AuthMethod auth, DiagnosticBag bag)
    {
        if (auth.Type is not { } type || auth.TypeSyntax is not { } typeSyntax)
        {
            return;
        }
        var expected = SettingsBlockFor(type);
        if (expected is not null && !auth.SettingsBlocks.ContainsKey(expected))
        {
            bag.Add(DiagnosticCatalog.AuthSettingsMissing, typeSyntax.Span, type, expected);
            bag.AmendLast(d => d with { Data = new Dictionary<string, string> { ["block"] = expected } });
        }
        foreach (var (name, block) in auth.SettingsBlocks)
        {
            if (name != expected)
            {
                bag.Add(DiagnosticCatalog.AuthSettingsUnused, block.Key.Span, name, type);
            }
        }
        if (type == "none" && auth.Token?.Syntax is not null && auth.Syntax.Find("token") is { } tokenProperty)
        {
            bag.Add(DiagnosticCatalog.AuthSettingsUnused, tokenProperty.Key.Span, "token", type);
        }

        switch (type)
        {
            case "oauth2ClientCredentials" or "oauth2Password" or "oauth2AuthorizationCode" or "soap" when auth.Url is null:
                bag.Add(DiagnosticCatalog.AuthSettingMissing, typeSyntax.Span, type, type == "soap"
                    ? "a \"url\": the SOAP service the authentication request is sent to"
                    : "a \"url\": the token endpoint");
                break;
        }
        if (type == "oauth2AuthorizationCode" && auth.AdditionalUrl is null)
        {
            bag.Add(DiagnosticCatalog.AuthSettingMissing, typeSyntax.Span, type, "an \"additionalUrl\": the provider's authorise endpoint the user signs in at");
        }
        if (type == "oauth2Password" && auth.SettingsBlocks.TryGetValue("oauth2", out var oauth2) && oauth2.Value is ObjectSyntax settings)
        {
            foreach (var field in new[] { "username", "password" })
            {
                if (settings.Find(field) is null)
                {
                    bag.Add(DiagnosticCatalog.AuthSettingMissing, oauth2.Key.Span, type, $"\"oauth2.{field}\": the password grant sends the resource owner's {field}");
                }
            }
        }
    }
}
