using Patchworks.TestApi.Hosting;

// Runs the test APIs alone: prints the port and writes the root certificate, then serves until stopped.
// Usage: dotnet run --project tests/Patchworks.TestApi -- [--port N] [--ca-out file.pem]
var port = args.SkipWhile(a => a != "--port").Skip(1).Select(int.Parse).FirstOrDefault();
var caOut = args.SkipWhile(a => a != "--ca-out").Skip(1).FirstOrDefault() ?? Path.Combine(Path.GetTempPath(), "patchworks-test-api-ca.pem");
await using var server = await TestApiServer.StartAsync(port);
await File.WriteAllTextAsync(caOut, server.RootCertificatePem);
Console.WriteLine($"Patchworks test APIs on https://127.0.0.1:{server.Port} (root certificate: {caOut})");
foreach (var api in TestApiServer.AllApis())
{
    Console.WriteLine($"  {api.GetType().Name,-14} {string.Join(", ", api.Hosts)}");
}
Console.WriteLine($"Run a sample with: patchworks run <connector> <endpoint> --instance <file> --connect-to '*:443:127.0.0.1:{server.Port}' --ca-cert {caOut}");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
// SIGTERM goes to the host's console lifetime, which stops the server but raises no ProcessExit: end with it.
server.Stopping.Register(() => stop.TrySetResult());
await stop.Task;
