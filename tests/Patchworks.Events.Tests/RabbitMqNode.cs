using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Patchworks.Core.Events;

namespace Patchworks.Events.Tests;

/// <summary>
/// A throw-away RabbitMQ node (Debian's rabbitmq-server) for one test collection: its own temp folder, node name and
/// free ports, users and virtual hosts imported from a definitions file at boot (rabbitmqctl costs seconds per call),
/// a TLS listener with a CA and server certificate made here, and killed with its shell and the folder removed when
/// disposed. Starting takes 5-45 s on a loaded machine, so tests share a node; a test that kills its broker starts
/// its own.
/// </summary>
public sealed class RabbitMqNode : IAsyncLifetime, IDisposable
{
    public const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    /// <summary>The administrator: every permission on "/" and "events".</summary>
    public const string User = "patchworks";
    public const string Password = "Sup3r-Secret-pw-7731";

    /// <summary>A user limited to resources named "limited-*" on "/" and with no access at all to "events".</summary>
    public const string LimitedUser = "limited";
    public const string LimitedPassword = "Limited-pw-0452";

    public const string EventsVirtualHost = "events";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(150);
    private readonly string folder = Directory.CreateTempSubdirectory("patchworks-rabbitmq-").FullName;
    private Process? shell;
    private int distPort;

    public int AmqpPort { get; private set; }
    public int TlsPort { get; private set; }

    /// <summary>The PEM file of the CA that signed the node's TLS certificate (for localhost and 127.0.0.1).</summary>
    public string CaCertificateFile => Path.Combine(folder, "ca.pem");

    /// <summary>A CA that signed nothing the node uses, for the untrusted-certificate test.</summary>
    public string OtherCaCertificateFile => Path.Combine(folder, "other-ca.pem");

    public TimeSpan StartedIn { get; private set; }

    /// <summary>The administrator's connection to this node, on <paramref name="virtualHost"/>.</summary>
    public BrokerConnectionSettings Connection(string virtualHost = "/") => new()
    {
        Host = "127.0.0.1",
        Port = AmqpPort,
        VirtualHost = virtualHost,
        UserName = User,
        Password = Password,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        ConnectionName = "patchworks-tests",
    };

    public async Task InitializeAsync()
    {
        if (!File.Exists(ServerScript))
        {
            throw new InvalidOperationException($"{ServerScript} is missing: run ./setup.sh, which installs Debian's rabbitmq-server (without starting its service).");
        }
        AmqpPort = FreePort();
        TlsPort = FreePort();
        distPort = FreePort();
        foreach (var sub in new[] { "home", "mnesia", "log" })
        {
            Directory.CreateDirectory(Path.Combine(folder, sub));
        }
        WriteCertificates();
        await File.WriteAllTextAsync(Path.Combine(folder, "definitions.json"), Definitions());
        await File.WriteAllTextAsync(Path.Combine(folder, "enabled_plugins"), "[].\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "rabbitmq.conf"), $"""
            listeners.tcp.default = 127.0.0.1:{AmqpPort}
            listeners.ssl.default = 127.0.0.1:{TlsPort}
            ssl_options.cacertfile = {CaCertificateFile}
            ssl_options.certfile = {Path.Combine(folder, "server.pem")}
            ssl_options.keyfile = {Path.Combine(folder, "server.key")}
            ssl_options.verify = verify_none
            ssl_options.fail_if_no_peer_cert = false
            loopback_users = none
            definitions.import_backend = local_filesystem
            definitions.local.path = {Path.Combine(folder, "definitions.json")}
            """.Replace("\r", "", StringComparison.Ordinal) + "\n");
        await StartAsync();
    }

    /// <summary>Kills the node and starts it again on the same ports and database, as a broker restart would.</summary>
    public async Task RestartAsync()
    {
        Kill();
        shell?.Dispose();
        shell = null;
        await StartAsync();
    }

    private async Task StartAsync()
    {
        var watch = Stopwatch.StartNew();

        // A watchdog shell runs the server and kills it when this test process goes away without disposing the
        // fixture (a crashed or killed test host), so no node outlives its tests.
        var start = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList =
            {
                "-c",
                "\"$2\" & child=$!; while kill -0 \"$1\" 2>/dev/null && kill -0 \"$child\" 2>/dev/null; do sleep 1; done; "
                    + "kill -KILL \"$(cat \"$RABBITMQ_PID_FILE\" 2>/dev/null)\" \"$child\" 2>/dev/null; wait",
                "rabbitmq-watchdog",
                Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ServerScript,
            },
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        var name = "patchworks-test-" + Path.GetFileName(folder).Replace('.', '-') + "@localhost";
        start.Environment["HOME"] = Path.Combine(folder, "home");
        start.Environment["RABBITMQ_NODENAME"] = name;
        start.Environment["RABBITMQ_DIST_PORT"] = distPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(folder, "mnesia");
        start.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(folder, "log");
        start.Environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(folder, "rabbitmq.conf");
        start.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(folder, "enabled_plugins");
        start.Environment["RABBITMQ_PID_FILE"] = Path.Combine(folder, "pid");
        start.Environment["RABBITMQ_CONF_ENV_FILE"] = "/dev/null";
        var output = new StringBuilder();
        shell = new Process { StartInfo = start };
        shell.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        shell.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        shell.Start();
        shell.BeginOutputReadLine();
        shell.BeginErrorReadLine();

        // The AMQP port opens after the definitions are imported; log in to be sure the users exist.
        while (true)
        {
            if (shell.HasExited)
            {
                string text;
                lock (output) { text = output.ToString(); }
                throw new InvalidOperationException($"rabbitmq-server exited with {shell.ExitCode} before listening:\n{Tail(text)}");
            }
            if (watch.Elapsed > StartTimeout)
            {
                await DisposeAsync();
                throw new TimeoutException($"the RabbitMQ node did not accept a login on 127.0.0.1:{AmqpPort} within {StartTimeout.TotalSeconds} s");
            }
            if (await PortOpenAsync(AmqpPort) && await LoginWorksAsync())
            {
                break;
            }
            await Task.Delay(250);
        }
        StartedIn = watch.Elapsed;
    }

    /// <summary>Kills the node now (beam.smp by its pid file, then the shell and anything under it), as a crash would.</summary>
    public void Kill()
    {
        var pidFile = Path.Combine(folder, "pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
        {
            try
            {
                using var beam = Process.GetProcessById(pid);
                beam.Kill();
                beam.WaitForExit(5000);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // already gone
            }
        }
        try
        {
            if (shell is { HasExited: false })
            {
                shell.Kill(entireProcessTree: true);
                shell.WaitForExit(5000);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // already gone
        }
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Kill();
        shell?.Dispose();
        shell = null;
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // disposed twice, or a log file still being closed: the temp folder is cleaned up by the system
        }
    }

    private async Task<bool> LoginWorksAsync()
    {
        try
        {
            await using var connection = await Admin.ConnectAsync(this);
            return connection.IsOpen;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    private static async Task<bool> PortOpenAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Tail(string text) => text.Length <= 3000 ? text : text[^3000..];

    /// <summary>Users, virtual hosts and permissions as RabbitMQ's definitions import reads them (3.9.4 and later: definitions.local.path).</summary>
    private static string Definitions() => JsonSerializer.Serialize(new
    {
        users = new[]
        {
            new { name = User, password_hash = PasswordHash(Password), hashing_algorithm = "rabbit_password_hashing_sha256", tags = "administrator" },
            new { name = LimitedUser, password_hash = PasswordHash(LimitedPassword), hashing_algorithm = "rabbit_password_hashing_sha256", tags = "" },
        },
        vhosts = new[] { new { name = "/" }, new { name = EventsVirtualHost } },
        permissions = new[]
        {
            new { user = User, vhost = "/", configure = ".*", write = ".*", read = ".*" },
            new { user = User, vhost = EventsVirtualHost, configure = ".*", write = ".*", read = ".*" },
            new { user = LimitedUser, vhost = "/", configure = "^limited-.*", write = "^limited-.*", read = "^limited-.*" },
        },
    });

    /// <summary>RabbitMQ's SHA-256 password hash: base64(salt + SHA-256(salt + UTF-8 password)) with a 4-byte salt.</summary>
    public static string PasswordHash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(4);
        var hash = SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(password)]);
        return Convert.ToBase64String([.. salt, .. hash]);
    }

    /// <summary>A CA and a server certificate it signs (localhost, 127.0.0.1), plus an unrelated CA, as PEM files for the node and the tests.</summary>
    private void WriteCertificates()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Patchworks Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        File.WriteAllText(CaCertificateFile, ca.ExportCertificatePem() + "\n");

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var server = serverRequest.Create(ca, now.AddDays(-1), now.AddDays(30), serial);
        File.WriteAllText(Path.Combine(folder, "server.pem"), server.ExportCertificatePem() + "\n");
        File.WriteAllText(Path.Combine(folder, "server.key"), serverKey.ExportPkcs8PrivateKeyPem() + "\n");

        using var otherKey = RSA.Create(2048);
        var otherRequest = new CertificateRequest("CN=Some Other CA", otherKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        otherRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var other = otherRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        File.WriteAllText(OtherCaCertificateFile, other.ExportCertificatePem() + "\n");
    }
}
