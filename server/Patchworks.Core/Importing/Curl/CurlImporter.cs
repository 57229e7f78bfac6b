using System.Text;

namespace Patchworks.Core.Importing.Curl;

/// <summary>
/// cURL command lines (one or several in a text, bash or Windows cmd quoting): method, URL and query, headers,
/// data (as a JSON or text sample body, or form fields), basic credentials, cookies. Options that only change
/// how curl itself behaves (-k, -L, -s, -o...) are reported and left out; files named by @file are never read.
/// </summary>
public sealed class CurlImporter : IApiImporter
{
    public string Format => "curl";

    public bool Detect(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }
            if (trimmed.StartsWith("curl ", StringComparison.Ordinal) || trimmed.StartsWith("curl.exe ", StringComparison.Ordinal) || trimmed == "curl" || trimmed.StartsWith("curl\t", StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Options that take an argument and are not imported (the argument is skipped with them).</summary>
    private static readonly HashSet<string> IgnoredWithArgument = new(StringComparer.Ordinal)
    {
        "-o", "--output", "-m", "--max-time", "--connect-timeout", "-w", "--write-out", "--retry", "--retry-delay", "--retry-max-time",
        "-x", "--proxy", "-U", "--proxy-user", "--cacert", "--capath", "-E", "--cert", "--key", "--cert-type", "--key-type", "-c", "--cookie-jar",
        "-D", "--dump-header", "--limit-rate", "-r", "--range", "--resolve", "--connect-to", "--interface", "-T", "--upload-file", "-K", "--config",
        "--trace", "--trace-ascii", "--max-redirs", "-C", "--continue-at", "--ciphers", "--tls-max", "--noproxy", "--local-port", "--dns-servers",
    };

    public ApiDescription Read(string text, ImportReport report)
    {
        var api = new ApiDescription();
        var commands = CurlTokenizer.Split(text);
        foreach (var command in commands)
        {
            var first = command[0];
            if (first.Text is not ("curl" or "curl.exe"))
            {
                report.Dropped(first.Location, $"\"{Shorten(first.Text)}\" does not start a curl command; the line was skipped");
                continue;
            }
            if (ReadCommand(command, report) is { } request)
            {
                api.Requests.Add(request);
                api.Name ??= HostOf(request.Url);
            }
        }
        if (commands.Count == 0)
        {
            throw new ImportFailedException("line 1, column 1", "no curl command found");
        }
        return api;
    }

    private static ApiRequest? ReadCommand(List<CurlToken> command, ImportReport report)
    {
        string? method = null;
        string? url = null;
        CurlToken? urlToken = null;
        var headers = new List<ApiParameter>();
        var data = new List<(string Text, CurlToken At, bool UrlEncode)>();
        var form = new List<ApiParameter>();
        var get = false;
        string? user = null;
        CurlToken? userToken = null;
        string? bearer = null;

        for (var i = 1; i < command.Count; i++)
        {
            var token = command[i];
            var option = token.Text;
            string? attached = null;
            if (option.StartsWith('-') && !option.StartsWith("--", StringComparison.Ordinal) && option.Length > 2)
            {
                // -XPOST, -HName:value, or flags run together such as -sSL.
                if (option[1] is 'X' or 'H' or 'd' or 'u' or 'b' or 'A' or 'e' or 'F' or 'o' or 'm' or 'w' or 'x')
                {
                    attached = option[2..];
                    option = option[..2];
                }
                else
                {
                    foreach (var flag in option[1..])
                    {
                        Flag("-" + flag, token, report, ref get, ref method);
                    }
                    continue;
                }
            }

            string? Argument()
            {
                if (attached is not null)
                {
                    return attached;
                }
                if (i + 1 < command.Count)
                {
                    return command[++i].Text;
                }
                report.Dropped(token.Location, $"{option} has no value");
                return null;
            }

            switch (option)
            {
                case "-X" or "--request":
                    method = Argument()?.ToUpperInvariant();
                    break;
                case "-H" or "--header":
                    if (Argument() is { } header)
                    {
                        var colon = header.IndexOf(':', StringComparison.Ordinal);
                        if (header.StartsWith('@'))
                        {
                            report.Dropped(token.Location, "headers from a file (-H @file): the file is never read");
                        }
                        else if (colon > 0)
                        {
                            headers.Add(new ApiParameter(header[..colon].Trim(), header[(colon + 1)..].Trim(), token.Location));
                        }
                        else
                        {
                            report.Dropped(token.Location, $"header \"{Shorten(header)}\" has no value (curl removes such a header)");
                        }
                    }
                    break;
                case "-d" or "--data" or "--data-ascii" or "--data-raw" or "--data-binary" or "--json":
                    if (Argument() is { } body)
                    {
                        if (body.StartsWith('@') && option != "--data-raw")
                        {
                            report.Dropped(token.Location, $"data from the file {Shorten(body[1..])}: the file is never read; give the endpoint a sampleBody by hand");
                        }
                        else
                        {
                            data.Add((body, token, false));
                        }
                        if (option == "--json")
                        {
                            headers.Add(new ApiParameter("Content-Type", "application/json", token.Location));
                        }
                    }
                    break;
                case "--data-urlencode":
                    if (Argument() is { } encoded)
                    {
                        data.Add((encoded, token, true));
                    }
                    break;
                case "-F" or "--form" or "--form-string":
                    if (Argument() is { } field)
                    {
                        var equals = field.IndexOf('=', StringComparison.Ordinal);
                        if (equals <= 0)
                        {
                            report.Dropped(token.Location, $"form field \"{Shorten(field)}\" has no name");
                        }
                        else if (option == "-F" && field[(equals + 1)..].StartsWith('@') || field[(equals + 1)..].StartsWith('<'))
                        {
                            report.Dropped(token.Location, $"form field {field[..equals]} names a file, which is never read");
                        }
                        else
                        {
                            form.Add(new ApiParameter(field[..equals], field[(equals + 1)..], token.Location));
                        }
                    }
                    break;
                case "-u" or "--user":
                    user = Argument();
                    userToken = token;
                    break;
                case "--oauth2-bearer":
                    bearer = Argument();
                    break;
                case "-b" or "--cookie":
                    if (Argument() is { } cookie)
                    {
                        if (cookie.Contains('=', StringComparison.Ordinal))
                        {
                            headers.Add(new ApiParameter("Cookie", cookie, token.Location));
                        }
                        else
                        {
                            report.Dropped(token.Location, "cookies from a file (-b file): the file is never read");
                        }
                    }
                    break;
                case "-A" or "--user-agent":
                    if (Argument() is { } agent)
                    {
                        headers.Add(new ApiParameter("User-Agent", agent, token.Location));
                    }
                    break;
                case "-e" or "--referer":
                    if (Argument() is { } referer)
                    {
                        headers.Add(new ApiParameter("Referer", referer, token.Location));
                    }
                    break;
                case "--url":
                    url = Argument();
                    urlToken = token;
                    break;
                default:
                    if (IgnoredWithArgument.Contains(option))
                    {
                        Argument();
                        report.Dropped(token.Location, $"{option} changes how curl runs, not the request; left out");
                    }
                    else if (option.StartsWith('-') && option.Length > 1)
                    {
                        Flag(option, token, report, ref get, ref method);
                    }
                    else if (url is null)
                    {
                        url = option;
                        urlToken = token;
                    }
                    else
                    {
                        report.Dropped(token.Location, $"a second URL ({Shorten(option)}) in one command: only the first is imported");
                    }
                    break;
            }
        }

        if (url is null || urlToken is null)
        {
            report.Error(command[0].Location, "the curl command has no URL");
            return null;
        }
        var request = new ApiRequest("", command[0].Location);
        var question = url.IndexOf('?', StringComparison.Ordinal);
        var path = question >= 0 ? url[..question] : url;
        var hash = path.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            path = path[..hash];
        }
        request.Url = path;
        if (question >= 0)
        {
            foreach (var pair in url[(question + 1)..].Split('#')[0].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var (key, value) = SplitPair(pair);
                request.Query.Add(new ApiParameter(key, value, urlToken.Location));
            }
        }
        request.Headers.AddRange(headers);

        var joined = string.Join('&', data.Select(d => d.Text));
        if (get && data.Count > 0)
        {
            foreach (var (text, at, _) in data)
            {
                foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
                {
                    var (key, value) = SplitPair(pair);
                    request.Query.Add(new ApiParameter(key, value, at.Location));
                }
            }
            report.Mapped(data[0].At.Location, "-G: the data became query parameters");
        }
        else if (data.Count > 0)
        {
            var contentType = headers.LastOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))?.Value ?? "";
            var trimmed = joined.TrimStart();
            if (contentType.Contains("json", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith('{') || trimmed.StartsWith('['))
            {
                request.SampleBody = joined;
            }
            else if (contentType.Contains("xml", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith('<'))
            {
                request.SampleBody = joined;
                request.DataType = "xml";
            }
            else if (data.All(d => d.UrlEncode || d.Text.Contains('=', StringComparison.Ordinal)))
            {
                foreach (var (text, at, urlEncode) in data)
                {
                    foreach (var pair in urlEncode ? [text] : text.Split('&', StringSplitOptions.RemoveEmptyEntries))
                    {
                        var (key, value) = urlEncode ? SplitEncoded(pair) : SplitPair(pair);
                        request.Body.Add(new ApiParameter(key, value, at.Location));
                    }
                }
                report.Mapped(data[0].At.Location, "form data → body parameters");
            }
            else
            {
                request.SampleBody = joined;
                request.DataType = "txt";
            }
        }
        request.Body.AddRange(form);
        method ??= data.Count > 0 && !get || form.Count > 0 ? "POST" : "GET";
        request.Method = method;

        if (user is not null && userToken is not null)
        {
            var auth = new ApiAuth("basic", userToken.Location);
            var colon = user.IndexOf(':', StringComparison.Ordinal);
            auth.Settings["username"] = colon >= 0 ? user[..colon] : user;
            auth.Settings["password"] = colon >= 0 ? user[(colon + 1)..] : "";
            request.Auth = auth;
            request.AuthIsOwn = true;
        }
        else if (bearer is not null)
        {
            var auth = new ApiAuth("bearer", command[0].Location);
            auth.Settings["token"] = bearer;
            request.Auth = auth;
            request.AuthIsOwn = true;
        }
        HeaderAuth.Lift(request, report);
        var shownPath = PathOf(path);
        request.Name = $"{method} {(shownPath.Length > 0 ? shownPath : "/")}";
        if (method is "GET" or "HEAD")
        {
            // A command line shows no response: only its query parameters say how it pages.
            request.Pagination = PaginationGuesser.Guess(request, new PaginationGuesser.Evidence(request.Query, null, "", false, "the command"), command[0].Location, report);
        }
        return request;
    }

    private static void Flag(string flag, CurlToken token, ImportReport report, ref bool get, ref string? method)
    {
        switch (flag)
        {
            case "-G" or "--get":
                get = true;
                break;
            case "-I" or "--head":
                method = "HEAD";
                break;
            case "-k" or "--insecure":
                report.Dropped(token.Location, $"{flag}: certificate checks stay on in Patchworks; the server needs a valid certificate");
                break;
            case "--compressed":
                report.Dropped(token.Location, "--compressed: compressed answers are decoded without it");
                break;
            default:
                report.Dropped(token.Location, $"{flag} changes how curl runs, not the request; left out");
                break;
        }
    }

    private static (string Key, string Value) SplitPair(string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        return equals >= 0 ? (Unescape(pair[..equals]), Unescape(pair[(equals + 1)..])) : (Unescape(pair), "");
    }

    /// <summary>--data-urlencode "name=value": the value is sent encoded, so it is kept as written.</summary>
    private static (string Key, string Value) SplitEncoded(string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 ? (pair[..equals], pair[(equals + 1)..]) : (pair.TrimStart('='), "");
    }

    private static string Unescape(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    private static string PathOf(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd >= 0 ? url[(schemeEnd + 3)..] : url;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash >= 0 ? rest[slash..] : "";
    }

    private static string? HostOf(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd >= 0 ? url[(schemeEnd + 3)..] : url;
        var end = rest.IndexOfAny(['/', ':', '?']);
        var host = end >= 0 ? rest[..end] : rest;
        return host.Length > 0 && !host.Contains('{', StringComparison.Ordinal) ? host : null;
    }

    private static string Shorten(string text)
    {
        var line = new StringBuilder();
        foreach (var c in text.Take(60))
        {
            line.Append(char.IsControl(c) ? ' ' : c);
        }
        return text.Length > 60 ? line + "…" : line.ToString();
    }
}
