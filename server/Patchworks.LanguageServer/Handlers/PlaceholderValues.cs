using Patchworks.Core.Model;
using Patchworks.Core.Resolution;
using Patchworks.Core.Workspace;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>A placeholder's value for the connector's active instance, as inlay hints and hovers show it.</summary>
internal static class PlaceholderValues
{
    public const string NoValue = "⚠ no value";

    /// <summary>The value, or null when the connector has no active instance or the placeholder is not a well-formed {{key}}.</summary>
    public static PlaceholderValue? ForActiveInstance(LanguageServer server, ConnectorDocument connector, PlaceholderReference reference)
    {
        if (reference.Token is not { Kind: PlaceholderKind.Variable, Problem: null, IsUnclosed: false }
            || server.ActiveInstances.Get(connector.FilePath) is not { } instancePath
            || server.Workspace.GetInstance(instancePath)?.Model is not { } instance)
        {
            return null;
        }
        return RequestResolver.ResolvePlaceholder(connector, reference.Scope, reference.Token.Name, instance);
    }

    /// <summary>The value as one short line: masked secrets stay masked; a missing value says so.</summary>
    public static string Display(PlaceholderValue value)
    {
        if (value.Source == ValueSourceKind.Missing)
        {
            return NoValue;
        }
        if (value.DisplayValue.Length == 0)
        {
            return "(empty)";
        }
        var text = Core.Text.PrintableText.Escape(value.DisplayValue);
        return text.Length > 40 ? text[..39] + "…" : text;
    }
}
