using System.Text;

namespace Patchworks.Core.Importing;

/// <summary>
/// A request's own <c>Authorization: Bearer ...</c> or <c>Basic ...</c> header (Postman header, curl -H) becomes the
/// auth method it is (bearer or basic) rather than a plain header, unless the request names another auth of its own.
/// A Basic header is split only when its value decodes to user:password; one made of placeholders cannot be split and
/// stays a header, reported.
/// </summary>
public static class HeaderAuth
{
    public static void Lift(ApiRequest request, ImportReport report)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(report);
        if (request.AuthIsOwn && request.Auth is { Kind: not "none" })
        {
            return;
        }
        var header = request.Headers.FirstOrDefault(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase));
        var value = header?.Value?.Trim() ?? "";
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (header is null || space <= 0)
        {
            return;
        }
        var scheme = value[..space];
        var credential = value[(space + 1)..].Trim();
        if (credential.Length == 0 || credential.Contains(' ', StringComparison.Ordinal))
        {
            return;
        }
        ApiAuth auth;
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            auth = new ApiAuth("bearer", header.Location);
            auth.Settings["token"] = credential;
        }
        else if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (UserAndPassword(credential) is not var (user, password))
            {
                report.Guessed(header.Location, SecretRules.IsOnlyPlaceholders(credential)
                    ? "the Authorization header is Basic with encoded credentials in a variable: a basic auth method needs the username and password apart, so it stays a header"
                    : "the Authorization header is Basic but does not decode to user:password: it stays a header");
                return;
            }
            auth = new ApiAuth("basic", header.Location);
            auth.Settings["username"] = user;
            auth.Settings["password"] = password;
        }
        else
        {
            return;
        }
        request.Headers.Remove(header);
        request.Auth = auth;
        request.AuthIsOwn = true;
        report.Mapped(header.Location, $"the Authorization header ({(auth.Kind == "bearer" ? "Bearer" : "Basic")}) → a {auth.Kind} auth method instead of a header");
    }

    private static (string User, string Password)? UserAndPassword(string base64)
    {
        if (base64.Contains("{{", StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            var text = new UTF8Encoding(false, true).GetString(Convert.FromBase64String(base64));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 && !text.Any(char.IsControl) ? (text[..colon], text[(colon + 1)..]) : null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return null;
        }
    }
}
