using Patchworks.Core.Model;
using Patchworks.Core.Schema;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Resolution;

// Bodies: the request body from the endpoint's body template or body parameters, with its content type.
public sealed partial class RequestResolver
{
    private ResolvedBody? BuildBody()
    {
        if (_endpoint.SampleBodyFile is { } file)
        {
            if (file.Refusal is { } refusal)
            {
                throw new ResolutionException($"The sample body is not used: {refusal.Reason}");
            }
            if (file.Text is null)
            {
                _warnings.Add($"The sample body file \"{file.RelativePath}\" cannot be read, so the request has no body.");
                return null;
            }
            return new ResolvedBody(ContentTypeFor(_endpoint.DataType), ResolveTemplate(file.Text), $"sampleBody file {file.RelativePath}");
        }
        if (_endpoint.InlineSampleBody is { } inline)
        {
            if (inline is StringSyntax text)
            {
                return new ResolvedBody(ContentTypeFor(_endpoint.DataType), ResolveTemplate(text.Value), "sampleBody");
            }
            var json = SyntaxJsonWriter.Write(inline, s => ResolveTemplate(s).Text);
            return new ResolvedBody("application/json", new ResolvedText(json, []), "sampleBody");
        }

        var parameters = new List<ResolvedParameter>();
        if (_auth is not null)
        {
            AddParameters(_auth.Body.Where(SentWithEndpoints), parameters, $"auth method '{_auth.Id}' body");
        }
        AddParameters(_endpoint.Body, parameters, "endpoint body");
        if (parameters.Count == 0)
        {
            return null;
        }

        var form = _endpoint.Headers.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
            && h.Value?.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true) || _endpoint.DataType != "json";
        var values = parameters.SelectMany(p => p.Value.Values).ToList();
        if (form)
        {
            var encoded = string.Join("&", parameters.Select(p => $"{Uri.EscapeDataString(p.Name)}={(p.Value.IsSecret && !_options.RevealSecrets ? Mask : Uri.EscapeDataString(p.Value.Text))}"));
            return new ResolvedBody("application/x-www-form-urlencoded", new ResolvedText(encoded, values), "body parameters");
        }
        return new ResolvedBody("application/json", new ResolvedText(BodyParameterJson.Write(parameters.Select(p => (p.Name, p.Value.Text))), values), "body parameters");
    }

    private static string ContentTypeFor(string dataType) => dataType switch
    {
        "xml" => "text/xml; charset=utf-8",
        "csv" => "text/csv",
        "txt" => "text/plain",
        _ => "application/json",
    };
}
