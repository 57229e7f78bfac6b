namespace Patchworks.Events.Tests;

/// <summary>One RabbitMQ node for every test class in the collection; the classes run one after another on it.</summary>
[CollectionDefinition(Name)]
public sealed class BrokerCollection : ICollectionFixture<RabbitMqNode>
{
    public const string Name = "RabbitMQ node";
}
