namespace Patchworks.Core.Importing;

/// <summary>
/// One source format. <see cref="Detect"/> says whether a text is in this format (cheaply, for --format auto);
/// <see cref="Read"/> fills the intermediate model and reports what it mapped, guessed and dropped, with the
/// source location. Importers never read files or the network: they get the text, nothing else.
/// </summary>
public interface IApiImporter
{
    /// <summary>The --format name: postman, openapi, har, curl.</summary>
    string Format { get; }

    bool Detect(string text);

    /// <summary>Reads the text; throws <see cref="ImportFailedException"/> when it cannot be read at all.</summary>
    ApiDescription Read(string text, ImportReport report);
}

/// <summary>The importers known to the CLI, in detection order.</summary>
public static class ImportFormats
{
    public static IReadOnlyList<IApiImporter> All { get; } = [new Postman.PostmanImporter(), new OpenApi.OpenApiImporter(), new Har.HarImporter(), new Curl.CurlImporter()];

    public static IEnumerable<string> Names => All.Select(i => i.Format);

    public static IApiImporter? Find(string format) => All.FirstOrDefault(i => string.Equals(i.Format, format, StringComparison.OrdinalIgnoreCase));

    public static IApiImporter? Detect(string text) => All.FirstOrDefault(i => i.Detect(text));
}
