using System.Diagnostics;

namespace Patchworks.Core.Tests.Infrastructure;

/// <summary>
/// What the trust-boundary tests stage on the real disk (shared by the core, CLI and language-server tests): FIFOs,
/// and a small connector whose one endpoint sends the file its sampleBody names.
/// </summary>
public static class HostileFiles
{
    /// <summary>A FIFO at the path (its folder created): opening it for reading would wait for a writer forever.</summary>
    public static void MakeFifo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        if (mkfifo.ExitCode != 0)
        {
            throw new InvalidOperationException($"mkfifo {path} failed with exit code {mkfifo.ExitCode}");
        }
    }

    /// <summary>A connector whose endpoint "create" POSTs the file named by <paramref name="sampleBodyRef"/> (line 14 holds the $ref).</summary>
    public static string Connector(string sampleBodyRef) => $$"""
        {
          "name": "Boundary",
          "version": { "number": 1 },
          "systemType": "Other",
          "protocol": "HTTP",
          "authMethods": [ { "id": "none", "name": "None", "type": "none" } ],
          "endpoints": [
            {
              "id": "create",
              "name": "Create",
              "direction": "send",
              "method": "POST",
              "url": "http://127.0.0.1:9/items",
              "sampleBody": { "$ref": "{{sampleBodyRef}}" }
            }
          ]
        }
        """;
}
