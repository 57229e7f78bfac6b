using Patchworks.Core.Running.Auth;

namespace Patchworks.LanguageServer.Running;

/// <summary>
/// Opens the provider's sign-in page in the user's browser through the editor: LSP's window/showDocument with
/// external: true. A client that cannot gets a clear failure rather than a silent wait.
/// </summary>
internal sealed class ClientBrowser(LanguageServer server) : IBrowser
{
    public async Task OpenAsync(Uri url, CancellationToken cancellationToken)
    {
        if (!server.ClientShowsDocuments)
        {
            throw new AuthenticationFailedException($"The editor cannot open a browser (no window/showDocument): open {url.GetLeftPart(UriPartial.Path)} yourself, or run `patchworks run` in a terminal.");
        }
        var result = await server.RequestClientAsync<ShowDocumentResult>("window/showDocument", new { uri = url.AbsoluteUri, external = true }, cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            throw new AuthenticationFailedException("The editor did not open the sign-in page in a browser.");
        }
    }

    private sealed record ShowDocumentResult(bool Success);
}
