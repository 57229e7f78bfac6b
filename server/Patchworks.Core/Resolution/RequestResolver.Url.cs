using System.Text;
using Patchworks.Core.Schema;
using Patchworks.Core.Syntax;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Resolution;

// URL: the base URL and path joined with the query.
public sealed partial class RequestResolver
{
    private string ComposeUrl(string baseUrl, IReadOnlyList<ResolvedParameter> query)
    {
        if (query.Count == 0)
        {
            return baseUrl;
        }
        var builder = new StringBuilder(baseUrl);
        var separator = baseUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var parameter in query)
        {
            builder.Append(separator).Append(Uri.EscapeDataString(parameter.Name)).Append('=');
            builder.Append(parameter.Value.IsSecret && !_options.RevealSecrets ? Mask : Uri.EscapeDataString(parameter.Value.Text));
            separator = '&';
        }
        return builder.ToString();
    }
}
