namespace Patchworks.Core.Running.Auth;

/// <summary>
/// Shows the provider's sign-in page to the user. The CLI prints the URL and runs xdg-open/open/start, the editor
/// asks VS Code to open it, tests fetch it with an HttpClient as a simulated browser.
/// </summary>
public interface IBrowser
{
    /// <summary>Opens <paramref name="url"/>. Returns once it is opened, not once the user has signed in.</summary>
    Task OpenAsync(Uri url, CancellationToken cancellationToken);
}
