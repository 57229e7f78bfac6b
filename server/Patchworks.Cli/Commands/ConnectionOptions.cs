using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Patchworks.Core.Http;

namespace Patchworks.Cli.Commands;

/// <summary>--connect-to and --ca-cert, which run and publish share: read, or refused with the option's name.</summary>
internal static class ConnectionOptions
{
    public static ConnectTo ParseConnectTo(string text)
    {
        try
        {
            return ConnectTo.Parse(text);
        }
        catch (FormatException e)
        {
            throw new CliException($"--connect-to: {e.Message}");
        }
    }

    public static X509Certificate2Collection LoadRoots(string[] files)
    {
        var roots = new X509Certificate2Collection();
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                throw new CliException($"--ca-cert: no such file: {file}");
            }
            try
            {
                roots.ImportFromPemFile(file);
            }
            catch (CryptographicException e)
            {
                throw new CliException($"--ca-cert: {file} holds no PEM certificate ({e.Message})");
            }
        }
        return roots;
    }
}
