namespace Patchworks.Core.Publishing;

public sealed partial class CoreApiClient
{
    /// <summary>
    /// A logo for a pull: GET without any credential (never the Authorization header), http(s) only, at most
    /// <see cref="MaxLogoBytes"/>, no redirect. The bytes, or why there are none (for the pull's report).
    /// </summary>
    public async Task<(byte[]? Bytes, string? Problem)> FetchLogoAsync(string logoUrl, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(logoUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return (null, $"the logo_url {logoUrl} is not an http(s) URL; not downloaded");
        }
        _binary ??= _sender.CreateBinaryClient();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            using var response = await _binary.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"the logo at {uri.GetLeftPart(UriPartial.Path)} could not be downloaded: {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            var tooBig = $"the logo at {uri.GetLeftPart(UriPartial.Path)} is larger than {MaxLogoBytes / 1024 / 1024} MB; not downloaded";
            if (response.Content.Headers.ContentLength > MaxLogoBytes)
            {
                return (null, tooBig);
            }
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxLogoBytes)
                {
                    return (null, tooBig);
                }
                buffer.Write(chunk, 0, read);
            }
            return (buffer.ToArray(), null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return (null, $"the logo at {uri.GetLeftPart(UriPartial.Path)} could not be downloaded: {e.Message}");
        }
    }
}
