using System.Text;
using Microsoft.AspNetCore.Http;

namespace Patchworks.TestApi.Hosting;

/// <summary>The user and password of an <c>Authorization: Basic</c> header (RFC 7617), as OAuth token endpoints read a client's id and secret.</summary>
public static class BasicCredentials
{
    /// <summary>The pair, or (null, null) when the header is absent, not Basic, not base64 or has no colon.</summary>
    public static (string? User, string? Password) Of(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null);
        }
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (null, null) : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }
}
