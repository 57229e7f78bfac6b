using System.Net;
using Patchworks.Core.Running.Auth;

namespace Patchworks.Runner.Tests.Auth;

/// <summary>
/// An authorisation server on 127.0.0.1 with only an authorise endpoint: it records the request and redirects
/// the browser to the redirect_uri with a code (or with <see cref="DenyWith"/> as the error), echoing the state.
/// </summary>
internal sealed class FakeProvider : IDisposable
{
    private readonly HttpListener _http = new();
    private readonly Task _serving;

    public FakeProvider()
    {
        Port = Loopback.FreePort();
        _http.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _http.Start();
        _serving = ServeAsync();
    }

    public int Port { get; }

    public string AuthorizeEndpoint => $"http://127.0.0.1:{Port}/authorize";

    /// <summary>The code handed out.</summary>
    public string Code { get; } = "code-" + Guid.NewGuid().ToString("N");

    /// <summary>When set, the user "refuses": the redirect carries this error and a description.</summary>
    public string? DenyWith { get; init; }

    /// <summary>The authorise request's query parameters, decoded.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Received { get; private set; } = [];

    public string Parameter(string name) => Received.Single(p => p.Key == name).Value;

    private async Task ServeAsync()
    {
        while (_http.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _http.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            Received = OAuth1Parameters.ParseForm(context.Request.Url!.Query);
            var redirect = Received.FirstOrDefault(p => p.Key == "redirect_uri").Value ?? "";
            var state = PercentEncoding.Encode(Received.FirstOrDefault(p => p.Key == "state").Value ?? "");
            var answer = DenyWith is null
                ? $"code={PercentEncoding.Encode(Code)}&state={state}"
                : $"error={PercentEncoding.Encode(DenyWith)}&error_description=The+user+denied+access&state={state}";
            context.Response.StatusCode = 302;
            context.Response.RedirectLocation = redirect + (redirect.Contains('?', StringComparison.Ordinal) ? "&" : "?") + answer;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _http.Stop();
        _http.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}

/// <summary>A simulated browser: fetches the authorise URL and follows the provider's redirect to the loopback listener.</summary>
internal sealed class HttpClientBrowser : IBrowser
{
    public Uri? Opened { get; private set; }

    public string? FinalPage { get; private set; }

    public async Task OpenAsync(Uri url, CancellationToken cancellationToken)
    {
        Opened = url;
        using var client = Loopback.Client(followRedirects: true);
        using var response = await client.GetAsync(url, cancellationToken);
        FinalPage = await response.Content.ReadAsStringAsync(cancellationToken);
    }
}

/// <summary>A browser that records the URL and does something else (nothing, or fail).</summary>
internal sealed class RecordingBrowser(Exception? failWith = null) : IBrowser
{
    public Uri? Opened { get; private set; }

    public Task OpenAsync(Uri url, CancellationToken cancellationToken)
    {
        Opened = url;
        return failWith is null ? Task.CompletedTask : Task.FromException(failWith);
    }
}
