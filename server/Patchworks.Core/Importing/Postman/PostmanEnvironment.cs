using System.Text.Json;

namespace Patchworks.Core.Importing.Postman;

/// <summary>A Postman environment file: { "name", "values": [ { "key", "value", "enabled", "type" } ] }.</summary>
public static class PostmanEnvironment
{
    public static IReadOnlyList<EnvironmentValue> Read(string text, ImportReport report)
    {
        using var document = PostmanImporter.Parse(text, "environment");
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
        {
            throw new ImportFailedException("environment", "a Postman environment is an object with a \"values\" array");
        }
        var result = new List<EnvironmentValue>();
        var i = 0;
        foreach (var value in values.EnumerateArray())
        {
            var location = $"environment values[{i++}]";
            if (value.ValueKind != JsonValueKind.Object || PostmanImporter.String(value, "key") is not { Length: > 0 } key)
            {
                continue;
            }
            if (value.TryGetProperty("enabled", out var enabled) && enabled.ValueKind == JsonValueKind.False)
            {
                report.Dropped(location, $"environment value {key} is disabled");
                continue;
            }
            result.Add(new EnvironmentValue(key, PostmanImporter.Scalar(value, "value") ?? "", PostmanImporter.String(value, "type") == "secret", location));
        }
        return result;
    }
}
