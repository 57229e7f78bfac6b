using Patchworks.Core.Syntax;

namespace Patchworks.Core.Model;

/// <summary>The level a variable is defined at; a placeholder is looked up from the innermost level out.</summary>
public enum VariableLevel
{
    Endpoint,
    AuthMethod,
    Connector,
    /// <summary>The token an auth method obtains at run time (token.variable, default "token").</summary>
    AuthToken,
}

/// <summary>A variable definition: what a {{key}} refers to.</summary>
public sealed class VariableDefinition
{
    public required string Key { get; init; }

    /// <summary>Where the key is written: the "key" string, or for a token variable its declaration or its auth method's id.</summary>
    public required SyntaxNode KeySyntax { get; init; }

    public required VariableLevel Level { get; init; }

    /// <summary>The auth method or endpoint that owns the variable; null for connector variables.</summary>
    public string? OwnerId { get; init; }

    public ObjectSyntax? Syntax { get; init; }
    public string? DisplayName { get; init; }
    public string? Alias { get; init; }
    public string? Default { get; init; }
    public StringSyntax? DefaultSyntax { get; init; }
    public string? Description { get; init; }
    public bool Required { get; init; }
    public bool Configurable { get; init; }
    public bool Advanced { get; init; }
    public bool Locked { get; init; }
    public bool Secret { get; init; }

    /// <summary>"connector", "auth method 'x'", "endpoint 'y'": how messages name the scope.</summary>
    public string ScopeName => Level switch
    {
        VariableLevel.Connector => "connector",
        VariableLevel.AuthMethod => $"auth method '{OwnerId}'",
        VariableLevel.AuthToken => $"auth method '{OwnerId}' token",
        _ => $"endpoint '{OwnerId}'",
    };

    public string LevelName => Level switch
    {
        VariableLevel.Connector => "connector",
        VariableLevel.AuthMethod => "auth",
        VariableLevel.AuthToken => "auth token",
        _ => "endpoint",
    };
}
