using Patchworks.Cli.Tests.Infrastructure;

namespace Patchworks.Publishing.Tests.Infrastructure;

/// <summary>
/// The samples' API connectors by name: a folder's own connector by the folder's name ("shopify"), another connector
/// beside it by folder and file ("magento2/magento2-soap.connector.json").
/// </summary>
public static class SampleConnectors
{
    public static IEnumerable<string> Names() =>
        from folder in Repository.ApiSamples()
        let name = Path.GetFileName(folder)
        from file in Directory.EnumerateFiles(folder, "*.connector.json").Select(Path.GetFileName).OfType<string>()
        orderby name, file
        select file == $"{name}.connector.json" ? name : $"{name}/{file}";

    /// <summary>The sample's folder (what <see cref="TempWorkspace.CopySample"/> takes) and its connector's file name.</summary>
    public static (string Folder, string File) Split(string sample) =>
        sample.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? (sample[..slash], sample[(slash + 1)..]) : (sample, $"{sample}.connector.json");
}
