namespace Patchworks.Runner.Tests.Infrastructure;

/// <summary>
/// Test classes that run a sample's auth method against a stand-in and then look for the token request in that
/// stand-in's log. The runner caches tokens for the process (<c>TokenCache</c>), keyed by connector, auth method,
/// instance and request, not by server: a class running the same sample's instance in parallel can leave a token the
/// other's run takes instead of asking its own stand-in, which refuses it (AkeneoApiTests' upsert was sent twice beside
/// SampleRunTests' Akeneo cases). Classes in this collection run one after the other; a test that needs its own token
/// clears the cache first.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TokenCacheCollection
{
    public const string Name = "Runs that share the process's token cache";
}
