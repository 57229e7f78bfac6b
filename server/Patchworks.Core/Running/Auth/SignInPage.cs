using System.Globalization;
using System.Net;
using System.Text;

namespace Patchworks.Core.Running.Auth;

/// <summary>The loopback listener's answers to the browser: small, self-contained HTML pages.</summary>
internal static class SignInPage
{
    public static byte[] Finished() => Response(200, "OK", "Sign-in finished",
        "Patchworks received the sign-in. You can close this tab and return to Patchworks.");

    public static byte[] Refused(string error, string? description) => Response(200, "OK", "Sign-in failed",
        $"The provider did not sign you in: {error}{(description is null ? "" : " (" + description + ")")}. Return to Patchworks for details.");

    public static byte[] WrongState() => Response(400, "Bad Request", "Sign-in not recognised",
        "This response does not belong to the sign-in Patchworks is waiting for (the state does not match). If you started a new sign-in, use its tab.");

    public static byte[] NoCode() => Response(400, "Bad Request", "Sign-in failed",
        "The provider's redirect carried neither a code nor an error. Return to Patchworks for details.");

    public static byte[] BadRequest() => Response(400, "Bad Request", "Bad request", "This address only receives a sign-in redirect.");

    public static byte[] NotFound() => Response(404, "Not Found", "Not found", "This address only receives a sign-in redirect.");

    public static byte[] MethodNotAllowed() => Response(405, "Method Not Allowed", "Method not allowed", "The sign-in redirect is a GET request.");

    private static byte[] Response(int status, string reason, string title, string message)
    {
        var html = $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)} - Patchworks</title></head>
            <body style="font-family: system-ui, sans-serif; margin: 3em;"><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(message)}</p></body></html>
            """;
        var body = Encoding.UTF8.GetBytes(html);
        // no-store and no-referrer: the page's URL holds the code, which must not be cached or passed on.
        var head = string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\nCache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }
}
