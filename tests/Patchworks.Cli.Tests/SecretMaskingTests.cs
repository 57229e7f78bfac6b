using System.Text.Json;
using System.Text.RegularExpressions;
using Patchworks.Cli.Tests.Infrastructure;

namespace Patchworks.Cli.Tests;

/// <summary>No resolve output ever shows a secret value, whatever the endpoint, instance or format.</summary>
public sealed partial class SecretMaskingTests
{
    [GeneratedRegex("\"(?<store>env|secret):(?<name>[^\"]+)\"")]
    private static partial Regex SecretReference();

    [GeneratedRegex(@"Endpoints: (?<ids>.*)\.$", RegexOptions.Multiline)]
    private static partial Regex EndpointList();

    [GeneratedRegex("\"connector\"\\s*:\\s*\"([^\"]+)\"")]
    private static partial Regex InstanceConnector();

    [Fact]
    public void Every_sample_endpoint_with_every_instance_masks_every_secret()
    {
        // Give every secret reference of every sample instance a distinct value, the way the CLI reads them.
        var environment = new Dictionary<string, string>();
        var secrets = new List<string>();
        foreach (var instance in Directory.EnumerateFiles(Repository.Samples, "*.instance.json", SearchOption.AllDirectories))
        {
            foreach (Match reference in SecretReference().Matches(File.ReadAllText(instance)))
            {
                var name = reference.Groups["name"].Value;
                var variable = reference.Groups["store"].Value == "env"
                    ? name
                    : "PATCHWORKS_SECRET_" + new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_')]);
                if (!environment.ContainsKey(variable))
                {
                    var value = $"s3cr3t-{environment.Count:D2}-value";
                    environment[variable] = value;
                    secrets.Add(value);
                }
            }
        }
        Assert.True(secrets.Count >= 14, $"only {secrets.Count} secret references found in the samples");

        var resolved = 0;
        foreach (var folder in Repository.ApiSamples())
        {
            // A folder may hold more than one connector (magento2: REST and SOAP); each with the instances that name it.
            foreach (var connector in Directory.EnumerateFiles(folder, "*.connector.json").Order(StringComparer.Ordinal))
            {
                var endpoints = EndpointIds(folder, Path.GetFileName(connector));
                Assert.NotEmpty(endpoints);
                var instances = Directory.EnumerateFiles(folder, "*.instance.json").Order(StringComparer.Ordinal)
                    .Where(i => InstanceConnector().Match(File.ReadAllText(i)).Groups[1].Value == Path.GetFileName(connector)).ToList();
                Assert.NotEmpty(instances);
                foreach (var instance in instances)
                {
                    foreach (var endpoint in endpoints)
                    {
                        foreach (var format in new[] { "text", "json" })
                        {
                            var result = CliProcess.Run(folder, environment, "resolve", Path.GetFileName(connector), endpoint, "--instance", Path.GetFileName(instance), "--format", format);
                            var what = $"{Path.GetFileName(folder)} {endpoint} {Path.GetFileName(instance)} --format {format}";

                            Assert.True(result.ExitCode == 0, $"{what}\n{result}");
                            Assert.Equal("", result.Stderr);
                            foreach (var secret in secrets)
                            {
                                ResolveCommandTests.AssertNoSecret(result, secret);
                            }
                            if (format == "json")
                            {
                                using var json = JsonDocument.Parse(result.Stdout);
                                foreach (var placeholder in json.RootElement.GetProperty("placeholders").EnumerateArray().Where(p => p.GetProperty("secret").GetBoolean()))
                                {
                                    Assert.Equal("••••••", placeholder.GetProperty("value").GetString());
                                }
                            }
                            resolved++;
                        }
                    }
                }
            }
        }
        Assert.True(resolved >= 100, $"only {resolved} requests resolved");
    }

    [Fact]
    public void Secret_given_with_var_is_masked_in_a_filter_parameter_of_the_same_key()
    {
        using var workspace = new TempWorkspace();
        workspace.CopySample("mirakl");
        workspace.Replace("mirakl/mirakl.connector.json",
            "{ \"key\": \"sku\", \"displayName\": \"Offer SKU\" },",
            "{ \"key\": \"sku\", \"displayName\": \"Offer SKU\" },\n        { \"key\": \"api_key\", \"value\": \"{{api_key}}\", \"displayName\": \"Key\" },");
        Assert.Equal(0, workspace.Run("validate", "mirakl").ExitCode);

        var result = workspace.Run("resolve", "mirakl/mirakl.connector.json", "list-offers", "--instance", "mirakl/prod.instance.json", "--var", "api_key=s3cr3t-value-123");

        Assert.True(result.ExitCode == 0, result.ToString());
        ResolveCommandTests.AssertNoSecret(result, "s3cr3t-value-123");
    }

    [Fact]
    public void Secret_key_in_endpoint_values_is_masked_in_a_filter_parameter_of_the_same_key()
    {
        using var workspace = new TempWorkspace();
        workspace.CopySample("mirakl");
        workspace.Replace("mirakl/mirakl.connector.json",
            "{ \"key\": \"sku\", \"displayName\": \"Offer SKU\" },",
            "{ \"key\": \"sku\", \"displayName\": \"Offer SKU\" },\n        { \"key\": \"api_key\", \"value\": \"{{api_key}}\", \"displayName\": \"Key\" },");
        workspace.Replace("mirakl/prod.instance.json",
            "\"secrets\": { \"api_key\": \"secret:mirakl-prod-api-key\" }",
            "\"secrets\": { \"api_key\": \"secret:mirakl-prod-api-key\" },\n  \"endpointValues\": { \"list-offers\": { \"api_key\": \"s3cr3t-value-123\" } }");

        var result = workspace.Run("resolve", "mirakl/mirakl.connector.json", "list-offers", "--instance", "mirakl/prod.instance.json");

        Assert.True(result.ExitCode == 0, result.ToString());
        ResolveCommandTests.AssertNoSecret(result, "s3cr3t-value-123");
    }

    private static List<string> EndpointIds(string folder, string connector)
    {
        var result = CliProcess.Run(folder, "resolve", connector, "no-such-endpoint");
        Assert.True(result.ExitCode == 2, result.ToString());
        var match = EndpointList().Match(result.Stderr);
        Assert.True(match.Success, result.ToString());
        return [.. match.Groups["ids"].Value.Split(", ", StringSplitOptions.RemoveEmptyEntries)];
    }
}
