using Patchworks.Core.Syntax;

namespace Patchworks.Core.Model;

/// <summary>An authentication method of a connector.</summary>
public sealed class AuthMethod
{
    public required ObjectSyntax Syntax { get; init; }
    public string? Id { get; init; }
    public StringSyntax? IdSyntax { get; init; }
    public string? Name { get; init; }
    public string? Type { get; init; }
    public StringSyntax? TypeSyntax { get; init; }
    public StringSyntax? Url { get; init; }
    public StringSyntax? AdditionalUrl { get; init; }
    public string? HttpMethod { get; init; }
    public IReadOnlyList<StringSyntax> Uses { get; init; } = [];
    public IReadOnlyList<VariableDefinition> Variables { get; init; } = [];
    public IReadOnlyList<Parameter> Query { get; init; } = [];
    public IReadOnlyList<Parameter> Headers { get; init; } = [];
    public IReadOnlyList<Parameter> Body { get; init; } = [];
    public TokenSettings? Token { get; init; }

    /// <summary>The type-specific settings blocks present (basic, apiKey, oauth2, oauth1, soap), by name.</summary>
    public IReadOnlyDictionary<string, PropertySyntax> SettingsBlocks { get; init; } = new Dictionary<string, PropertySyntax>();

    /// <summary>The SOAP envelope when it is a file reference.</summary>
    public FileReference? SoapEnvelopeFile { get; init; }
    public ScriptSource? PreRequestScript { get; init; }
    public ScriptSource? PostRequestScript { get; init; }

    /// <summary>The variable the obtained token is stored in; null for methods that obtain no token.</summary>
    public VariableDefinition? TokenVariable { get; init; }

    /// <summary>A string field of a settings block, such as oauth2.clientId.</summary>
    public StringSyntax? Setting(string block, string name) =>
        SettingsBlocks.TryGetValue(block, out var property) && property.Value is ObjectSyntax obj ? obj[name] as StringSyntax : null;
}

/// <summary>Where the token is in the auth response, the key it is stored under, and how long it lives.</summary>
public sealed class TokenSettings
{
    public const string DefaultResponsePath = "access_token";
    public const string DefaultVariable = "token";

    public ObjectSyntax? Syntax { get; init; }
    public string ResponsePath { get; init; } = DefaultResponsePath;
    public string Variable { get; init; } = DefaultVariable;
    public StringSyntax? VariableSyntax { get; init; }
    public string? ExpiresInPath { get; init; }
    public int? LifetimeSeconds { get; init; }
    public int RefreshBeforeSeconds { get; init; } = 60;
    public string? RefreshTokenPath { get; init; }
    public bool RenewOnUnauthorized { get; init; } = true;
}
