using Patchworks.TestApi.Hosting;

// Runs the test APIs alone: prints the port and writes the root certificate, then serves until stopped.
// Usage: dotnet run --project tests/Patchworks.TestApi -- [--port N] [--ca-out file.pem] [--env-out file.sh]
//        [--core-throttle-write N --core-retry-after S]
// --core-throttle-write answers the Core API stand-in's Nth write attempt 429 with Retry-After S (default 1): a publish
// then waits there, long enough for a test to cancel it.
// --env-out writes `export NAME=value` lines that give the sample instances the credentials these fakes accept
// (public test constants, SampleSecrets): env: references by their own names, secret: ones as PATCHWORKS_SECRET_*.
// Every API of TestApiServer.AllApis() is served, the strict documented Core API stand-in (DocumentedCoreApi, on
// core-documented.patchworks.test) included.
var port = args.SkipWhile(a => a != "--port").Skip(1).Select(int.Parse).FirstOrDefault();
var caOut = args.SkipWhile(a => a != "--ca-out").Skip(1).FirstOrDefault() ?? Path.Combine(Path.GetTempPath(), "patchworks-test-api-ca.pem");
int? Option(string name) => args.SkipWhile(a => a != name).Skip(1).Select(int.Parse).Cast<int?>().FirstOrDefault();
var apis = TestApiServer.AllApis();
if (Option("--core-throttle-write") is { } throttled)
{
    var core = new Patchworks.TestApi.Apis.DocumentedCoreApi(retryAfterSeconds: Option("--core-retry-after") ?? 1);
    core.FailWrite(throttled, 429);
    apis = [.. apis.Where(api => api is not Patchworks.TestApi.Apis.DocumentedCoreApi), core];
}
await using var server = await TestApiServer.StartAsync(port, apis);
await File.WriteAllTextAsync(caOut, server.RootCertificatePem);
if (args.SkipWhile(a => a != "--env-out").Skip(1).FirstOrDefault() is { } envOut)
{
    var lines = SampleSecrets.ByReference.Select(pair => pair.Key.StartsWith("env:", StringComparison.Ordinal)
        ? $"export {pair.Key["env:".Length..]}='{pair.Value}'"
        : $"export {Patchworks.Core.Resolution.EnvironmentSecretProvider.EnvironmentNameFor(pair.Key["secret:".Length..])}='{pair.Value}'");
    await File.WriteAllLinesAsync(envOut, lines);
}
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
