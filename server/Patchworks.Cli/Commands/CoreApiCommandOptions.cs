using System.CommandLine;
using Patchworks.Core.Publishing;
using Patchworks.Core.Http;

namespace Patchworks.Cli.Commands;

/// <summary>
/// The Core API options publish has (--api-url, --login-url, --timeout, --connect-to, --ca-cert, --assumptions),
/// with the same checks and the same credentials (PATCHWORKS_API_KEY, or PATCHWORKS_USERNAME + PATCHWORKS_PASSWORD),
/// for the commands that talk to the Core API besides publish.
/// </summary>
internal sealed class CoreApiCommandOptions
{
    public Option<string> ApiUrl { get; } = new("--api-url") { Description = $"The Core API's base URL. Default: {CoreApiOptions.DefaultBaseUrl}.", DefaultValueFactory = _ => CoreApiOptions.DefaultBaseUrl };
    public Option<string?> LoginUrl { get; } = new("--login-url") { Description = $"Where PATCHWORKS_USERNAME and PATCHWORKS_PASSWORD log in. Default: {CoreApiOptions.DefaultLoginUrl} for the default API, else /fabric/api/login on the API's host." };
    public Option<double> Timeout { get; } = new("--timeout") { Description = "Seconds to wait for each response. Default: 30.", DefaultValueFactory = _ => 30 };
    public Option<string[]> ConnectTo { get; } = new("--connect-to") { Description = "HOST:PORT:TARGET_HOST:TARGET_PORT, as curl's (repeatable).", AllowMultipleArgumentsPerToken = false };
    public Option<string[]> CaCert { get; } = new("--ca-cert") { Description = "A PEM file of root certificates to trust besides the system's (repeatable).", AllowMultipleArgumentsPerToken = false };
    public Option<string?> Assumptions { get; } = new("--assumptions") { Description = "A JSON file changing the toolkit's assumptions about the undocumented parts of the Core API (paths, link fields, the logo upload; docs/publishing.md)." };

    public IEnumerable<Option> All => [ApiUrl, LoginUrl, Timeout, ConnectTo, CaCert, Assumptions];

    /// <summary>The client's options and the assumptions, checked as publish checks them (a CliException for bad usage).</summary>
    public (CoreApiOptions Options, CoreApiAssumptions Assumptions, string ApiUrl) Read(ParseResult parse, IProgress<string>? log)
    {
        var apiUrl = parse.GetValue(ApiUrl)!;
        if (!Uri.TryCreate(apiUrl, UriKind.Absolute, out var api) || api.Scheme is not ("https" or "http"))
        {
            throw new CliException($"--api-url: \"{apiUrl}\" is not an http(s) URL");
        }
        if (!CoreApiOptions.IsSecureBaseUrl(api))
        {
            throw new CliException($"--api-url: \"{apiUrl}\" is plain http; credentials go only over https (plain http only to this machine: localhost, 127.0.0.0/8, ::1)");
        }
        var timeout = parse.GetValue(Timeout);
        if (timeout <= 0)
        {
            throw new CliException("--timeout must be positive");
        }
        CoreApiAssumptions assumptions;
        try
        {
            assumptions = parse.GetValue(Assumptions) is { } file ? CoreApiAssumptions.Load(file) : CoreApiAssumptions.Default;
        }
        catch (PublishException e)
        {
            throw new CliException($"--assumptions: {e.Message}");
        }
        var credentials = CoreApiCredentials.FromEnvironment(Environment.GetEnvironmentVariable)
            ?? throw new CliException($"no credentials: set {CoreApiCredentials.ApiKeyVariable} (an API key from Patchworks' general settings), or {CoreApiCredentials.UsernameVariable} and {CoreApiCredentials.PasswordVariable}");
        var options = new CoreApiOptions
        {
            BaseUrl = apiUrl,
            LoginUrl = parse.GetValue(LoginUrl),
            Credentials = credentials,
            Http = new HttpSettings
            {
                Timeout = TimeSpan.FromSeconds(timeout),
                ConnectTo = [.. (parse.GetValue(ConnectTo) ?? []).Select(ConnectionOptions.ParseConnectTo)],
                TrustedRoots = ConnectionOptions.LoadRoots(parse.GetValue(CaCert) ?? []),
                UserAgent = new CoreApiOptions { Credentials = credentials }.Http.UserAgent,
            },
            Log = log,
        };
        return (options, assumptions, apiUrl.TrimEnd('/'));
    }
}
