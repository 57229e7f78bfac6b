using System.Text.Encodings.Web;
using System.Text.Json;
using Patchworks.Core.Resolution;
using Patchworks.Core.Text;

namespace Patchworks.Cli.Output;

/// <summary>Prints a resolved request for people (text) or tools (json).</summary>
public static class ResolvedRequestWriter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteText(ResolvedRequest request, TextWriter output)
    {
        output = new PrintableWriter(output);
        output.WriteLine($"{request.Method} {request.Url}");
        var context = new List<string>();
        if (request.InstanceName is { } instance) context.Add($"instance: {instance}");
        if (request.AuthMethodId is { } auth) context.Add($"auth method: {auth} ({request.AuthType})");
        if (context.Count > 0)
        {
            output.WriteLine($"  {string.Join(" · ", context)}");
        }

        WriteParameters("Query", request.Query, "=", output);
        WriteParameters("Headers", request.Headers, ":", output);
        output.WriteLine();
        if (request.Body is { } body)
        {
            output.WriteLine($"Body ({body.ContentType}, from {body.Origin})");
            foreach (var line in body.Content.Text.Split('\n'))
            {
                output.WriteLine($"  {line.TrimEnd('\r')}");
            }
        }
        else
        {
            output.WriteLine("Body: none");
        }

        if (request.Placeholders.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Placeholders");
            var width = request.Placeholders.Max(p => p.Placeholder.Length);
            foreach (var p in request.Placeholders)
            {
                var what = p.Definition is null ? "" : $" [{p.Definition}]";
                output.WriteLine($"  {p.Placeholder.PadRight(width)} = {p.DisplayValue}    ({p.SourceDescription}){what}");
            }
        }
        if (request.Warnings.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Warnings");
            foreach (var warning in request.Warnings)
            {
                output.WriteLine($"  - {warning}");
            }
        }
    }

    private static void WriteParameters(string title, IReadOnlyList<ResolvedParameter> parameters, string separator, TextWriter output)
    {
        output.WriteLine();
        if (parameters.Count == 0)
        {
            output.WriteLine($"{title}: none");
            return;
        }
        output.WriteLine(title);
        var width = parameters.Max(p => p.Name.Length + separator.Length + 1 + p.Value.Text.Length);
        foreach (var parameter in parameters)
        {
            var line = $"{parameter.Name}{separator} {parameter.Value.Text}";
            output.WriteLine($"  {line.PadRight(Math.Min(width, 80))}    ({parameter.Origin})");
        }
    }

    public static void WriteJson(ResolvedRequest request, TextWriter output, IReadOnlyList<MissingSecret>? missingSecrets = null) =>
        output.WriteLine(JsonSerializer.Serialize(ResolvedRequestDocument.From(request, missingSecrets), Options));
}
