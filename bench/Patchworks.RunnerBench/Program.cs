using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Patchworks.Core.Running;
using Patchworks.Core.Http;
using Patchworks.Core.Running.Results;
using Patchworks.Core.Workspace;
using Patchworks.RunnerBench;
using Patchworks.TestApi.Hosting;

// The runner against a plain HttpClient loop on the same loopback HTTPS server, the same pages, interleaved
// (A B B A ...) so machine noise falls on both. Usage: dotnet run -c Release --project bench/Patchworks.RunnerBench [-- --pages 1000 --rounds 6 --warmup 3000]
var pages = Option("--pages", 1000);
var rounds = Option("--rounds", 6);
// Pages each loop runs before any round is timed, so that all of them are measured in steady state: the
// tiered JIT keeps recompiling hot methods for the first few thousand requests, and on two cores that
// background work would fall on whichever loop happens to run first.
var warmup = Option("--warmup", 3000);
// --only runner|sender|restsharp|plain: one loop alone, for a profiler (dotnet-trace) to see nothing else.
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
await using var server = await TestApiServer.StartAsync(apis: [new PagesApi(pages)]);
var root = X509Certificate2.CreateFromPem(server.RootCertificatePem);
var folder = Directory.CreateTempSubdirectory("pw-runner-bench");
var connectorPath = Path.Combine(folder.FullName, "bench.connector.json");
await File.WriteAllTextAsync(connectorPath, """
    { "name": "Bench", "version": { "number": 1, "name": "1" }, "systemType": "Other", "protocol": "HTTP", "colour": "blue",
      "authMethods": [ { "id": "none", "name": "None", "type": "none" } ],
      "endpoints": [ { "id": "list", "name": "List", "entityType": "products", "direction": "receive", "method": "GET",
                       "url": "https://bench.test/items", "dataType": "json", "dataPath": "items",
                       "pagination": { "method": "pageNumber", "pageParam": "page", "totalPagesHeader": "X-Total-Pages" } } ] }
    """);
var workspace = new ConnectorWorkspace(PhysicalFileSystem.Instance);
workspace.Add(connectorPath);
var connector = workspace.GetConnector(Path.GetFullPath(connectorPath))!;

if (only is not null)
{
    for (var done = 0; done < warmup; done += pages)
    {
        _ = only switch
        {
            "runner" => await RunnerAsync(pages),
            "sender" => await SenderAsync(pages),
            "restsharp" => await RestSharpStreamAsync(pages),
            _ => await PlainAsync(pages, DecompressionMethods.All),
        };
    }
    for (var round = 0; round < rounds; round++)
    {
        // Allocation and processor time per page, both sides of the loopback included: these vary far less
        // than wall time on a busy machine.
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var perPage = only switch
        {
            "runner" => await RunnerAsync(pages),
            "sender" => await SenderAsync(pages),
            "restsharp" => await RestSharpStreamAsync(pages),
            _ => await PlainAsync(pages, DecompressionMethods.All),
        };
        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / pages;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / pages;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}/{rounds}: {only} {perPage:F3} ms/page, {cpu:F3} ms processor/page, {allocated} bytes allocated/page"));
    }
    return;
}
// Each loop reads the same pages; from the plain HttpClient loop to the whole runner, every step adds one layer.
(string Name, Func<int, Task<double>> Loop)[] loops =
[
    ("plain HttpClient loop (GET, read body, parse JSON)", n => PlainAsync(n, DecompressionMethods.None)),
    ("the same, accepting compressed answers as the runner does", n => PlainAsync(n, DecompressionMethods.All)),
    ("the same, reading the body after the headers as the runner does", n => PlainAsync(n, DecompressionMethods.All, HttpCompletionOption.ResponseHeadersRead)),
    ("RestSharp ExecuteAsync with its defaults, then parse JSON", RestSharpAsync),
    ("RestSharp DownloadStreamAsync (no RestResponse built), then read and parse JSON", RestSharpStreamAsync),
    ("the runner's HTTP layer (HttpSender: RestSharp, our body reader), then parse JSON", SenderAsync),
    ("patchworks runner (resolve, send, record, redact, paginate)", RunnerAsync),
];
for (var done = 0; done < warmup; done += pages)
{
    foreach (var (_, loop) in loops)
    {
        await loop(pages);
    }
}
var times = loops.Select(_ => new List<double>()).ToArray();
for (var round = 0; round < rounds; round++)
{
    // A B C ... then ... C B A, so that a slow spell of the machine falls on every loop alike.
    var order = Enumerable.Range(0, loops.Length);
    foreach (var index in round % 2 == 0 ? order : order.Reverse())
    {
        times[index].Add(await loops[index].Loop(pages));
    }
    Console.Error.WriteLine($"round {round + 1}/{rounds}: " + string.Join(", ", times.Select(t => t[^1].ToString("F3", CultureInfo.InvariantCulture))) + " ms/page");
}
var medians = times.Select(Median).ToArray();
Console.WriteLine($"| {pages} pages over loopback HTTPS, {rounds} rounds interleaved after {warmup} pages of warm-up | ms per page (median of rounds) | pages per second | ratio to plain |");
Console.WriteLine("| --- | ---: | ---: | ---: |");
for (var index = 0; index < loops.Length; index++)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {loops[index].Name} | {medians[index]:F3} | {1000 / medians[index]:F0} | {medians[index] / medians[0]:F2}x |"));
}
folder.Delete(recursive: true);
return;

async Task<double> PlainAsync(int count, DecompressionMethods decompression, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
{
    using var handler = new SocketsHttpHandler { AutomaticDecompression = decompression, ConnectCallback = ConnectAsync, SslOptions = { RemoteCertificateValidationCallback = RootTrust.For(server) } };
    using var client = new HttpClient(handler);
    var watch = Stopwatch.StartNew();
    for (var page = 1; page <= count; page++)
    {
        using var response = await client.GetAsync($"https://bench.test/items?page={page}", completion);
        var body = await response.Content.ReadAsStringAsync();
        using var json = System.Text.Json.JsonDocument.Parse(body);
        if (json.RootElement.GetProperty("items").GetArrayLength() != 10)
        {
            throw new InvalidOperationException("short page");
        }
    }
    return watch.Elapsed.TotalMilliseconds / count;
}

async Task<double> RestSharpAsync(int count)
{
    var handler = new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All, ConnectCallback = ConnectAsync, SslOptions = { RemoteCertificateValidationCallback = RootTrust.For(server) } };
    using var client = new RestSharp.RestClient(handler, disposeHandler: true);
    var watch = Stopwatch.StartNew();
    for (var page = 1; page <= count; page++)
    {
        var response = await client.ExecuteAsync(new RestSharp.RestRequest($"https://bench.test/items?page={page}"));
        using var json = System.Text.Json.JsonDocument.Parse(response.Content!);
        if (json.RootElement.GetProperty("items").GetArrayLength() != 10)
        {
            throw new InvalidOperationException("short page");
        }
    }
    return watch.Elapsed.TotalMilliseconds / count;
}

async Task<double> RestSharpStreamAsync(int count)
{
    var handler = new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All, ConnectCallback = ConnectAsync, SslOptions = { RemoteCertificateValidationCallback = RootTrust.For(server) } };
    using var client = new RestSharp.RestClient(handler, disposeHandler: true);
    var watch = Stopwatch.StartNew();
    for (var page = 1; page <= count; page++)
    {
        await using var stream = await client.DownloadStreamAsync(new RestSharp.RestRequest($"https://bench.test/items?page={page}"));
        using var json = await System.Text.Json.JsonDocument.ParseAsync(stream!);
        if (json.RootElement.GetProperty("items").GetArrayLength() != 10)
        {
            throw new InvalidOperationException("short page");
        }
    }
    return watch.Elapsed.TotalMilliseconds / count;
}

async Task<double> SenderAsync(int count)
{
    using var http = new HttpSender(new HttpSettings { ConnectTo = [new ConnectTo(null, null, "127.0.0.1", server.Port)], TrustedRoots = [root] });
    var watch = Stopwatch.StartNew();
    for (var page = 1; page <= count; page++)
    {
        var exchange = await http.SendAsync(new OutgoingRequest("GET", $"https://bench.test/items?page={page}", [], null, null), CancellationToken.None);
        using var json = System.Text.Json.JsonDocument.Parse(exchange.Body);
        if (json.RootElement.GetProperty("items").GetArrayLength() != 10)
        {
            throw new InvalidOperationException("short page");
        }
    }
    return watch.Elapsed.TotalMilliseconds / count;
}

async Task<double> RunnerAsync(int count)
{
    var options = new RunOptions
    {
        MaxPages = count,
        MaxRecords = int.MaxValue,
        Http = new HttpSettings { ConnectTo = [new ConnectTo(null, null, "127.0.0.1", server.Port)], TrustedRoots = [root] },
    };
    var watch = Stopwatch.StartNew();
    var result = await EndpointRunner.RunAsync(connector, "list", null, options);
    var elapsed = watch.Elapsed.TotalMilliseconds;
    if (result.Pages.Count != count || result.Records != count * 10)
    {
        throw new InvalidOperationException($"the runner read {result.Pages.Count} pages, {result.Records} records: {result.StopMessage}");
    }
    return elapsed / count;
}

async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
{
    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    await socket.ConnectAsync(IPAddress.Loopback, server.Port, cancellationToken);
    return new NetworkStream(socket, ownsSocket: true);
}

int Option(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).DefaultIfEmpty(fallback).First();

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
