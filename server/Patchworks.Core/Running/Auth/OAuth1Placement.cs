namespace Patchworks.Core.Running.Auth;

/// <summary>Where the OAuth protocol parameters travel (RFC 5849 section 3.5; the connector schema's oauth1.placement).</summary>
public enum OAuth1Placement
{
    /// <summary>In an <c>Authorization: OAuth ...</c> header (section 3.5.1), the default.</summary>
    Header,

    /// <summary>Appended to the request URI's query (section 3.5.3).</summary>
    Query,
}
