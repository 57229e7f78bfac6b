using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>
/// Every endpoint and auth URL of every sample, with each of its instances' values, reaches a route of the test
/// server: the answer may be an auth refusal, but never the 404 or 405 of a host or path no fake API serves.
/// </summary>
public sealed partial class SampleRoutesTests
{
    private static readonly JsonDocumentOptions Jsonc = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    [Fact]
    public async Task Every_sample_url_with_every_instance_reaches_a_fake_api()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = TestApiClient.For(server);
        var checkedUrls = new List<string>();
        var missing = new List<string>();

        foreach (var (method, url) in SampleRequests())
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (method != "GET")
            {
                request.Content = new StringContent("", Encoding.UTF8, url.Contains(".asmx", StringComparison.Ordinal) ? "text/xml" : "application/json");
            }
            using var response = await client.SendAsync(request);
            checkedUrls.Add($"{method} {url}");
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed && (await response.Content.ReadAsStringAsync()).Length == 0)
            {
                missing.Add($"{method} {url} -> {(int)response.StatusCode}");
            }
        }

        Assert.Empty(missing);
        Assert.True(checkedUrls.Count > 40, $"only {checkedUrls.Count} sample URLs were found");
    }

    [Fact]
    public void Every_secret_reference_of_every_sample_instance_has_a_test_value()
    {
        var references = RepositoryRoot().GetDirectories("samples").Single().GetFiles("*.instance.json", SearchOption.AllDirectories)
            .Where(file => !IsEventSample(file.Directory!))
            .SelectMany(file =>
            {
                using var instance = JsonDocument.Parse(File.ReadAllText(file.FullName), Jsonc);
                return instance.RootElement.TryGetProperty("secrets", out var secrets)
                    ? secrets.EnumerateObject().Select(s => s.Value.GetString()!).ToList()
                    : [];
            })
            .ToList();

        Assert.NotEmpty(references);
        Assert.All(references, reference => Assert.True(SampleSecrets.ByReference.ContainsKey(reference), $"no test value for {reference}"));
    }

    /// <summary>(method, URL) of each auth method and endpoint of each sample connector, once per instance of it.</summary>
    private static IEnumerable<(string Method, string Url)> SampleRequests()
    {
        var samples = RepositoryRoot().GetDirectories("samples").Single();
        foreach (var connectorFile in samples.GetFiles("*.connector.json", SearchOption.AllDirectories))
        {
            using var connector = JsonDocument.Parse(File.ReadAllText(connectorFile.FullName), Jsonc);
            if (IsEvent(connector.RootElement))
            {
                continue;
            }
            var defaults = Variables(connector.RootElement, "variables");
            foreach (var instanceFile in connectorFile.Directory!.GetFiles("*.instance.json"))
            {
                using var instance = JsonDocument.Parse(File.ReadAllText(instanceFile.FullName), Jsonc);
                var values = new Dictionary<string, string>(defaults);
                if (instance.RootElement.TryGetProperty("values", out var instanceValues))
                {
                    foreach (var value in instanceValues.EnumerateObject())
                    {
                        values[value.Name] = value.Value.GetString()!;
                    }
                }
                var requests = new List<(string, JsonElement, string)>();
                foreach (var auth in connector.RootElement.GetProperty("authMethods").EnumerateArray())
                {
                    foreach (var key in new[] { "url", "additionalUrl" })
                    {
                        if (auth.TryGetProperty(key, out var url))
                        {
                            requests.Add((key == "url" && auth.TryGetProperty("method", out var m) ? m.GetString()! : key == "url" && auth.GetProperty("type").GetString()!.StartsWith("oauth2", StringComparison.Ordinal) ? "POST" : "GET", auth, url.GetString()!));
                        }
                    }
                }
                foreach (var endpoint in connector.RootElement.GetProperty("endpoints").EnumerateArray())
                {
                    requests.Add((endpoint.GetProperty("method").GetString()!, endpoint, endpoint.GetProperty("url").GetString()!));
                }
                foreach (var (method, owner, template) in requests)
                {
                    var scoped = new Dictionary<string, string>(values);
                    foreach (var variable in Variables(owner, "variables"))
                    {
                        scoped.TryAdd(variable.Key, variable.Value);
                    }
                    if (owner.TryGetProperty("id", out var id) && instance.RootElement.TryGetProperty("endpointValues", out var endpointValues)
                        && endpointValues.TryGetProperty(id.GetString()!, out var own))
                    {
                        foreach (var value in own.EnumerateObject())
                        {
                            scoped[value.Name] = value.Value.GetString()!;
                        }
                    }
                    var url = Placeholder().Replace(template, m => scoped.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
                    if (!url.Contains("{{", StringComparison.Ordinal))
                    {
                        yield return (method, url);
                    }
                }
            }
        }
    }

    private static Dictionary<string, string> Variables(JsonElement owner, string property)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (owner.TryGetProperty(property, out var variables))
        {
            foreach (var variable in variables.EnumerateArray())
            {
                if (variable.TryGetProperty("default", out var value))
                {
                    result[variable.GetProperty("key").GetString()!] = value.GetString()!;
                }
            }
        }
        return result;
    }

    /// <summary>
    /// Event connectors ("kind": "event") have no URLs; their broker is a real RabbitMQ node in Patchworks.Events.Tests,
    /// which gives the sample's secret its own value.
    /// </summary>
    private static bool IsEvent(JsonElement connector) =>
        connector.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == "event";

    private static bool IsEventSample(DirectoryInfo folder) => folder.GetFiles("*.connector.json").Any(f =>
    {
        using var connector = JsonDocument.Parse(File.ReadAllText(f.FullName), Jsonc);
        return IsEvent(connector.RootElement);
    });

    private static DirectoryInfo RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!Directory.Exists(Path.Combine(directory!.FullName, "samples")))
        {
            directory = directory.Parent;
        }
        return directory;
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
