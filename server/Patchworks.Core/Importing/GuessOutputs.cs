using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Patchworks.Core.Importing;

/// <summary>
/// Ties the report's guesses to what they produced in the built connector, and leaves out what the user rejected.
/// A guess about one request (pagination, dataPath, an inferred or example record schema) produced one property of
/// that request's endpoint, which the endpoint does without: <c>endpoints[id].pagination</c>, <c>endpoints[id].dataPath</c>,
/// <c>endpoints[id].schema</c> (and its file under <c>schemas/</c>). Every other guess (a variable to fill in, an
/// auth type, the system type...) cannot be left out: it has no outputs, and rejecting it changes nothing.
/// </summary>
internal static partial class GuessOutputs
{
    /// <summary>Sets each guess's outputs (see <see cref="ReportEntry.Outputs"/>) from the built connector.</summary>
    public static void Attach(ApiDescription api, BuiltConnector built, ImportReport report)
    {
        var endpointsByLocation = EndpointsByLocation(built, report);
        var locations = api.Requests.Select(r => r.Location).Where(l => l.Length > 0).OrderByDescending(l => l.Length).ToList();
        foreach (var guess in report.Of(ReportKind.Guessed).ToList())
        {
            if (Property(guess.Message) is not { } property
                || locations.FirstOrDefault(l => Within(guess.Location, l)) is not { } requestLocation
                || !endpointsByLocation.TryGetValue(requestLocation, out var endpoint)
                || endpoint[property] is not { } produced)
            {
                continue;
            }
            var outputs = new List<string> { $"endpoints[{endpoint["id"]}].{property}" };
            if (property == "schema" && produced["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var file))
            {
                outputs.Add(file);
            }
            report.SetOutputs(guess, outputs);
        }
    }

    /// <summary>Removes what the rejected guesses produced from the built connector (a schema file too, once no endpoint names it); each one reported.</summary>
    public static void Reject(IReadOnlyCollection<string> rejected, BuiltConnector built, ImportReport report)
    {
        if (rejected.Count == 0)
        {
            return;
        }
        var ids = rejected.ToHashSet(StringComparer.Ordinal);
        var files = new HashSet<string>(StringComparer.Ordinal);
        var endpoints = built.Endpoints.Where(e => e["id"] is JsonValue).ToDictionary(e => (string)e["id"]!, StringComparer.Ordinal);
        foreach (var guess in report.Of(ReportKind.Guessed).Where(g => g.Id is { } id && ids.Contains(id)).ToList())
        {
            if (guess.Outputs.Count == 0)
            {
                report.Mapped(guess.Location, $"kept although rejected (it cannot be left out): {guess.Message}");
                continue;
            }
            foreach (var output in guess.Outputs)
            {
                if (OutputPath().Match(output) is { Success: true } match && endpoints.TryGetValue(match.Groups["id"].Value, out var endpoint))
                {
                    endpoint.Remove(match.Groups["property"].Value);
                }
                else
                {
                    files.Add(output);
                }
            }
            report.Dropped(guess.Location, $"left out (rejected in the preview): {string.Join(", ", guess.Outputs)}, from the guess \"{guess.Message}\"");
        }
        var referenced = built.Endpoints.Select(e => e["schema"]?["$ref"]).OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToHashSet(StringComparer.Ordinal);
        built.Files.RemoveAll(f => files.Contains(f.Path) && !referenced.Contains(f.Path));
    }

    /// <summary>The endpoint property a guess's message says it produced, by the words it starts with.</summary>
    private static string? Property(string message) =>
        message.StartsWith("pagination ", StringComparison.Ordinal) ? "pagination"
        : message.StartsWith("dataPath ", StringComparison.Ordinal) ? "dataPath"
        : message.Contains("record schema", StringComparison.Ordinal) ? "schema"
        : null;

    /// <summary>Whether a guess's location is the request's or inside it (item[2] holds item[2].response[0], not item[20]).</summary>
    private static bool Within(string location, string requestLocation) =>
        location.StartsWith(requestLocation, StringComparison.Ordinal)
        && (location.Length == requestLocation.Length || location[requestLocation.Length] is '.' or '[' or '/' or ' ' or ':');

    /// <summary>Each request's endpoint, from the report's "→ endpoint id (" line at the request's location.</summary>
    private static Dictionary<string, JsonObject> EndpointsByLocation(BuiltConnector built, ImportReport report)
    {
        var endpoints = built.Endpoints.Where(e => e["id"] is JsonValue).ToDictionary(e => (string)e["id"]!, StringComparer.Ordinal);
        var byLocation = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var entry in report.Of(ReportKind.Mapped))
        {
            foreach (Match match in EndpointMapped().Matches(entry.Message))
            {
                if (endpoints.TryGetValue(match.Groups[1].Value, out var endpoint))
                {
                    byLocation.TryAdd(entry.Location, endpoint);
                }
            }
        }
        return byLocation;
    }

    [GeneratedRegex(@"→ endpoint (\S+) \(", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex EndpointMapped();

    [GeneratedRegex(@"^endpoints\[(?<id>[^\]]+)\]\.(?<property>\w+)$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex OutputPath();
}
