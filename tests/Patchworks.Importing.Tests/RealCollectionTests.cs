using System.Text.Json;
using Patchworks.Core.Importing;
using Patchworks.Importing.Tests.Infrastructure;

namespace Patchworks.Importing.Tests;

/// <summary>Real, published Postman collections of commerce APIs (Samples/, with their licences): each imports into a connector that validates.</summary>
public sealed class RealCollectionTests
{
    private static readonly string[] Files =
    [
        "feedonomics/WooCommerce_API.postman_collection.json",
        "feedonomics/Magento_API.postman_collection.json",
        "adyen/CheckoutService-v71.json",
        "adyen/ManagementService-v3.json",
        "mollie/Mollie_CT.postman_collection.json",
    ];

    public static TheoryData<string> Collections => new(Files);

    [Theory]
    [MemberData(nameof(Collections))]
    public void Imports_into_a_connector_with_no_validation_error(string file)
    {
        using var folder = new TempFolder();
        var text = Harness.Sample(file);

        var (connector, instance, result) = Harness.ImportValid(folder, text);

        var requests = CountRequests(text);
        var duplicates = result.Report.Of(ReportKind.Dropped).Count(e => e.Message.Contains("is a duplicate of", StringComparison.Ordinal));
        Assert.Equal(requests, result.RequestCount);
        Assert.Equal(requests - duplicates, connector["endpoints"]!.AsArray().Count);
        Assert.Equal(result.DuplicateCount, duplicates);
        Assert.Equal("test", (string?)instance["environment"]);
        Assert.Equal(result.ConnectorFileName, (string?)instance["connector"]);
    }

    [Theory]
    [MemberData(nameof(Collections))]
    public void No_secret_of_the_collection_is_written(string file)
    {
        using var folder = new TempFolder();
        var text = Harness.Sample(file);
        var secrets = SecretValues(text).ToList();

        var (_, instance, result) = Harness.ImportValid(folder, text);

        foreach (var written in folder.AllText())
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, written, StringComparison.Ordinal);
            }
        }
        foreach (var (key, variable) in result.Secrets)
        {
            Assert.Equal("env:" + variable, (string?)instance["secrets"]![key]);
        }
    }

    [Theory]
    [MemberData(nameof(Collections))]
    public void Importing_twice_into_the_same_folder_changes_nothing(string file)
    {
        using var folder = new TempFolder();
        var text = Harness.Sample(file);
        var first = Harness.Import(text);
        Harness.Write(first, folder);
        var connectorBefore = folder.Read(first.ConnectorFileName!);

        var second = Harness.Import(text, existing: (first.ConnectorFileName!, connectorBefore));

        Assert.True(second.Succeeded, second.Report.ToText());
        Assert.False(second.ConnectorChanged);
        Assert.Equal(connectorBefore, second.ConnectorText);
        Assert.Empty(second.Report.Of(ReportKind.Conflict));
    }

    [Fact]
    public void Every_sample_has_its_licence_and_source_beside_it()
    {
        foreach (var folder in Directory.GetDirectories(Harness.SamplesFolder))
        {
            Assert.True(File.Exists(Path.Combine(folder, "LICENSE")), $"{folder} has no LICENSE");
        }
        var readme = File.ReadAllText(Path.Combine(Harness.SamplesFolder, "README.md"));
        foreach (var file in Files)
        {
            Assert.Contains(Path.GetFileName(file), readme, StringComparison.Ordinal);
        }
    }

    internal static int CountRequests(string text)
    {
        using var document = JsonDocument.Parse(text);
        return Count(document.RootElement.GetProperty("item"));

        static int Count(JsonElement items) => items.EnumerateArray().Sum(i => i.TryGetProperty("item", out var children) ? Count(children) : 1);
    }

    /// <summary>The literal credentials of a collection: values of secret-looking keys, auth credentials, secret variables.</summary>
    internal static IEnumerable<string> SecretValues(string text)
    {
        using var document = JsonDocument.Parse(text);
        var found = new HashSet<string>(StringComparer.Ordinal);
        Walk(document.RootElement, null, found);
        return found.Where(s => s.Length >= 4 && SecretRules.HasLiteral(s)).Select(s => SecretRules.SplitScheme(s).Secret).Where(s => s.Length >= 4);

        static void Walk(JsonElement element, string? parent, HashSet<string> found)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String
                    && element.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
                {
                    var name = key.GetString()!;
                    var isSecret = SecretRules.IsSecretName(name) || SecretRules.LooksLikeSecret(value.GetString()!)
                        || parent is "apikey" && name == "value" || parent is "bearer" && name == "token"
                        || element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "secret";
                    if (isSecret && name is not ("key" or "in" or "grant_type" or "client_authentication" or "addTokenTo" or "tokenName" or "signatureMethod"))
                    {
                        found.Add(value.GetString()!);
                    }
                }
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "raw" && property.Value.ValueKind == JsonValueKind.String && property.Value.GetString()!.TrimStart().StartsWith('{'))
                    {
                        try
                        {
                            using var body = JsonDocument.Parse(property.Value.GetString()!);
                            BodySecrets(body.RootElement, found);
                        }
                        catch (JsonException)
                        {
                            // Not JSON.
                        }
                    }
                    Walk(property.Value, property.Name, found);
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, parent, found);
                }
            }
        }

        static void BodySecrets(JsonElement element, HashSet<string> found)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.String && SecretRules.IsSecretName(property.Name))
                    {
                        found.Add(property.Value.GetString()!);
                    }
                    BodySecrets(property.Value, found);
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    BodySecrets(item, found);
                }
            }
        }
    }
}
