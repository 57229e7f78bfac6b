using Patchworks.Core.Model;
using Patchworks.Core.Resolution;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Tests.Samples;

/// <summary>The samples are the format's worked examples: all of them validate clean, and every endpoint resolves for every instance.</summary>
public sealed class SampleTests
{
    public static TheoryData<string> Connectors => [.. SampleCorpus.ConnectorFiles().Select(SampleCorpus.Relative)];

    [Fact]
    public void The_samples_folder_validates_with_no_diagnostics_at_all()
    {
        var workspace = new ConnectorWorkspace(PhysicalFileSystem.Instance);
        foreach (var file in WorkspaceFiles.Expand(SampleCorpus.SamplesFolder))
        {
            workspace.Add(file);
        }
        Assert.True(workspace.Connectors.Count() >= 6, "Expected at least six sample connectors.");
        Assert.True(workspace.Instances.Count() >= 12, "Expected a test and a live instance per sample.");
        var diagnostics = workspace.Analyze();
        Assert.True(diagnostics.Count == 0, Analysis.Describe(diagnostics));
    }

    [Theory]
    [MemberData(nameof(Connectors))]
    public void Every_endpoint_resolves_for_every_instance_without_leaking_secrets(string relative)
    {
        var path = SampleCorpus.Absolute(relative);
        var connector = ConnectorDocument.Create(path, File.ReadAllText(path), PhysicalFileSystem.Instance);
        var instances = Directory.GetFiles(Path.GetDirectoryName(path)!, "*.instance.json")
            .Select(f => InstanceDocument.Create(f, File.ReadAllText(f)).Model)
            .Where(i => i.ConnectorFullPath == path)
            .ToList();
        Assert.NotEmpty(instances);
        Assert.Contains(instances, i => i.Environment == "live");
        Assert.Contains(instances, i => i.Environment == "test");

        var secrets = new EverySecret();
        foreach (var instance in instances)
        {
            foreach (var endpoint in connector.Model.Endpoints)
            {
                var request = RequestResolver.Resolve(connector, endpoint.Id!, instance, new ResolveOptions { Secrets = secrets });
                Assert.StartsWith("https://", request.Url, StringComparison.Ordinal);
                // What stays unresolved in a URL can only be an endpoint variable a flow supplies, and the warnings say so.
                foreach (var missing in request.Placeholders.Where(p => p.Source == ValueSourceKind.Missing && request.Url.Contains(p.Placeholder, StringComparison.Ordinal)))
                {
                    Assert.StartsWith("endpoint variable", missing.Definition, StringComparison.Ordinal);
                    Assert.Contains(request.Warnings, w => w.StartsWith(missing.Placeholder, StringComparison.Ordinal));
                }
                Assert.Equal(instance.AuthMethodId, request.AuthMethodId);
                var everything = string.Join("\n", request.Headers.Select(h => h.Value.Text).Append(request.Url).Append(request.Body?.Content.Text ?? "")
                    .Concat(request.Placeholders.Select(p => p.DisplayValue)).Concat(request.Warnings));
                Assert.False(everything.Contains(EverySecret.Marker, StringComparison.Ordinal), $"{endpoint.Id} / {Path.GetFileName(instance.FilePath)} leaks: {everything}");
            }
        }
    }

    /// <summary>Answers every reference with a value that must never appear in a masked request.</summary>
    private sealed class EverySecret : ISecretProvider
    {
        public const string Marker = "LEAKED-SECRET";

        public string? Get(SecretReference reference) => $"{Marker}-{reference.Name}";
    }
}
