using Patchworks.Core.Model;
using Patchworks.Core.Resolution;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Tests.Resolution;

/// <summary>One placeholder's value for an instance, as editors show it beside the placeholder.</summary>
public sealed class PlaceholderResolutionTests
{
    private static readonly ConnectorDocument Connector = ConnectorDocument.Create("/x/" + Fixtures.ConnectorFile, Fixtures.Connector, new InMemoryFileSystem());
    private static readonly Instance Instance = InstanceDocument.Create("/x/" + Fixtures.InstanceFile, Fixtures.Instance).Model;

    private static PlaceholderValue At(string placeholder, Instance? instance, int occurrence = 0)
    {
        var references = Connector.Index.References.Where(r => r.Token.Text == placeholder).ToList();
        return RequestResolver.ResolvePlaceholder(Connector, references[occurrence].Scope, references[occurrence].Token.Name, instance);
    }

    [Fact]
    public void Endpoint_auth_and_connector_placeholders_take_the_instances_values_defaults_and_masked_secrets()
    {
        Assert.Equal(("api.example.com", ValueSourceKind.InstanceValue), (At("{{host}}", Instance).DisplayValue, At("{{host}}", Instance).Source));
        Assert.Equal(("eu", ValueSourceKind.Default), (At("{{region}}", Instance).DisplayValue, At("{{region}}", Instance).Source));
        var secret = new ResolveOptions { Secrets = new FixedSecrets("hunter2") };
        var reference = Connector.Index.References.First(r => r.Token.Name == "api_key");
        var apiKey = RequestResolver.ResolvePlaceholder(Connector, reference.Scope, "api_key", Instance, secret);
        Assert.Equal((RequestResolver.Mask, ValueSourceKind.InstanceSecret, true), (apiKey.DisplayValue, apiKey.Source, apiKey.IsSecret));
    }

    [Fact]
    public void Without_an_instance_a_required_value_is_missing()
    {
        var host = At("{{host}}", null);
        Assert.Equal(ValueSourceKind.Missing, host.Source);
    }

    private sealed class FixedSecrets(string value) : ISecretProvider
    {
        public string? Get(SecretReference reference) => value;
    }
}
