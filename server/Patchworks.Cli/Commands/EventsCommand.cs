using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.Core.Events;
using Patchworks.Core.Model;
using Patchworks.Core.Resolution;
using Patchworks.Core.Workspace;

namespace Patchworks.Cli.Commands;

/// <summary>
/// patchworks events listen | send: an event connector's listener against its broker for an instance (docs/events.md).
/// listen shows each message (properties, headers, body, the records at the data path checked against the message
/// schema); send publishes a test message (the listener's sample body, or --body) with publisher confirms.
/// Exit codes: 0 done, 1 a broker fault or a message that failed its checks, 2 bad usage or a connector that cannot be
/// resolved (a value or secret without a value). The password is never printed.
/// </summary>
public static class EventsCommand
{
    public const long MaxBodyBytes = 16L * 1024 * 1024;
    private const int ShownBodyChars = 4000;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("events", "Event connectors (kind \"event\"): listen to a listener's queue, or send it a test message, through the broker (RabbitMQ).")
        {
            Listen(output, error),
            Send(output, error),
        };
        return command;
    }

    private sealed record Common(Argument<string> Connector, Option<string?> Listener, Option<string?> Instance, Option<string[]> Variables, Option<string?> Root, Option<string[]> CaCert);

    private static Common CommonOptions() => new(
        new Argument<string>("connector") { Description = "The event connector file." },
        new Option<string?>("--listener", "-l") { Description = "The listener's id; may be left out when the connector has one." },
        new Option<string?>("--instance", "-i") { Description = "The instance file whose values, secrets and auth method to use." },
        new Option<string[]>("--var") { Description = "A value for this command only, as key=value (repeatable).", AllowMultipleArgumentsPerToken = false },
        CommandInputs.RootOption(),
        new Option<string[]>("--ca-cert") { Description = "A PEM file with the CA that signed a TLS broker's certificate (a private CA).", AllowMultipleArgumentsPerToken = false });

    private static Command Listen(TextWriter output, TextWriter error)
    {
        var common = CommonOptions();
        var maxMessages = new Option<int?>("--max-messages", "-n") { Description = "Stop after this many messages." };
        var timeout = new Option<double>("--timeout") { Description = "Stop when no message arrives for this many seconds (0: wait until Ctrl+C).", DefaultValueFactory = _ => 30 };
        var ack = new Option<bool>("--ack") { Description = "Acknowledge each message: the broker removes it from the queue." };
        var requeue = new Option<bool>("--requeue") { Description = "Put each message back (the default): the queue is left as it was; the listen stops when messages come round again." };
        var reject = new Option<bool>("--reject") { Description = "Reject each message: dead-lettered when the queue has a dead-letter exchange, else dropped." };
        var peek = new Option<bool>("--peek") { Description = $"Hold each message until the listen stops, then the broker puts them all back in place: the queue is left as it was, and messages arriving meanwhile are shown too (at most {ListenSession.PeekLimit})." };
        var outFile = new Option<string?>("--out", "-o") { Description = "Save the messages, with their records, as JSON." };
        var format = new Option<string>("--format", "-f") { Description = "Output: text, or json (one object per message, then a summary).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("listen", "Listen to a listener's queue and show each message: properties, headers, body, and its records checked against the message schema.")
        {
            common.Connector, common.Listener, common.Instance, common.Variables, maxMessages, timeout, ack, requeue, reject, peek, outFile, format, common.Root, common.CaCert,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var modes = new[] { parse.GetValue(ack), parse.GetValue(requeue), parse.GetValue(reject), parse.GetValue(peek) }.Count(m => m);
            if (modes > 1)
            {
                throw new CliException("--ack, --requeue, --reject and --peek: choose one");
            }
            if (parse.GetValue(maxMessages) is < 1 || parse.GetValue(timeout) < 0)
            {
                throw new CliException("--max-messages must be positive and --timeout not negative");
            }
            var settle = parse.GetValue(ack) ? Settlement.Ack : parse.GetValue(reject) ? Settlement.Reject : parse.GetValue(peek) ? Settlement.Hold : Settlement.Requeue;
            var (connector, target) = Resolve(parse, common, error);
            return await ListenAsync(connector, target, parse.GetValue(maxMessages), parse.GetValue(timeout), settle, parse.GetValue(outFile), parse.GetValue(format) == "json", output, error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Send(TextWriter output, TextWriter error)
    {
        var common = CommonOptions();
        var body = new Option<string?>("--body", "-b") { Description = "The file to send; default: the listener's message.sampleBody." };
        var routingKey = new Option<string?>("--routing-key", "-k") { Description = "The routing key; default: the listener's first binding key, or the queue's name with no exchange." };
        var exchange = new Option<string?>("--exchange") { Description = "The exchange to publish to; default: the listener's exchange, else the default exchange (straight to the queue)." };
        var contentType = new Option<string?>("--content-type") { Description = "The content type; default: message.contentType, else from the format." };
        var headers = new Option<string[]>("--header", "-H") { Description = "A message header, as name=value (repeatable).", AllowMultipleArgumentsPerToken = false };
        var command = new Command("send", "Publish a test message to a listener's queue (through its exchange and binding key), with publisher confirms: says whether the broker routed it.")
        {
            common.Connector, common.Listener, common.Instance, common.Variables, body, routingKey, exchange, contentType, headers, common.Root, common.CaCert,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (connector, target) = Resolve(parse, common, error);
            var text = ReadBody(parse.GetValue(body), target.Listener, connector.Model);
            var message = TestMessages.Build(target, text, parse.GetValue(routingKey), parse.GetValue(exchange), parse.GetValue(contentType),
                ParseHeaders(parse.GetValue(headers) ?? []));
            var result = await EventSender.PublishAsync(target.Broker, message, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            var where = TestMessages.Where(message);
            if (result.Confirmed)
            {
                await output.WriteLineAsync($"Sent {message.Body.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes to {where} with routing key \"{message.RoutingKey}\" on {target.Broker.Describe()}: the broker confirmed it (message id {message.MessageId}).").ConfigureAwait(false);
                return CliApp.Success;
            }
            await error.WriteLineAsync($"patchworks: {(result.Fault is { } fault ? $"{fault.Code}: " : "")}{result.Message}").ConfigureAwait(false);
            return CliApp.ProblemsFound;
        });
        return command;
    }

    private static (ConnectorDocument Connector, EventTarget Target) Resolve(ParseResult parse, Common common, TextWriter error)
    {
        var workspace = CommandInputs.Workspace(parse.GetValue(common.Root));
        var connectorPath = parse.GetValue(common.Connector)!;
        var connector = CommandInputs.LoadConnector(workspace, connectorPath);
        var instance = CommandInputs.LoadInstance(workspace, connector, parse.GetValue(common.Instance), error);
        CommandInputs.WarnAboutErrors(workspace, connector, connectorPath, error);
        EventTarget target;
        try
        {
            target = EventTargetResolver.Resolve(connector, parse.GetValue(common.Listener), instance,
                new ResolveOptions { AdHocValues = CommandInputs.ParseVariables(parse.GetValue(common.Variables) ?? []) });
        }
        catch (ResolutionException e)
        {
            throw new CliException(e.Message);
        }
        foreach (var warning in target.Warnings)
        {
            error.WriteLine($"patchworks: warning: {warning}");
        }
        if (!target.IsReady)
        {
            throw new CliException($"nothing was sent: {target.DescribeProblems()}");
        }
        if (parse.GetValue(common.CaCert) is { Length: > 0 } ca)
        {
            target = target with { Broker = target.Broker with { Tls = target.Broker.Tls with { CaCertificateFile = ca[^1] } } };
        }
        return (connector, target);
    }

    private static async Task<int> ListenAsync(ConnectorDocument connector, EventTarget target, int? maxMessages, double timeoutSeconds, Settlement settle,
        string? outPath, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!json)
        {
            await error.WriteLineAsync($"Listening to {target.Settings.Queue} on {target.Broker.Describe()} as {target.Broker.UserName}; messages are {ListenSession.Settling(target, settle)}. " +
                $"{(timeoutSeconds > 0 ? $"Stops after {timeoutSeconds.ToString(CultureInfo.InvariantCulture)} s without a message" : "Ctrl+C stops")}.").ConfigureAwait(false);
        }
        var saved = new JsonArray();
        var session = await ListenSession.RunAsync(connector, target, new ListenSessionOptions { MaxMessages = maxMessages, TimeoutSeconds = timeoutSeconds, Settle = settle },
            async (listened, _) =>
            {
                saved.Add(listened.Json);
                if (json)
                {
                    await output.WriteLineAsync(listened.Json.ToJsonString()).ConfigureAwait(false);
                }
                else
                {
                    await output.WriteAsync(ToText(listened.Number, listened.Message, listened.Records, target.Listener.Message)).ConfigureAwait(false);
                }
            }, cancellationToken).ConfigureAwait(false);

        var result = session.Result;
        var summary = session.Summary;
        if (outPath is not null)
        {
            var file = new JsonObject
            {
                ["connector"] = Path.GetFileName(connector.FilePath),
                ["listener"] = target.Listener.Id,
                ["queue"] = target.Settings.Queue,
                ["broker"] = target.Broker.Describe(),
                ["summary"] = summary.DeepClone(),
                ["messages"] = saved,
            };
            await File.WriteAllTextAsync(outPath, file.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", CancellationToken.None).ConfigureAwait(false);
        }
        if (json)
        {
            await output.WriteLineAsync(new JsonObject { ["summary"] = summary }.ToJsonString()).ConfigureAwait(false);
        }
        else
        {
            foreach (var interruption in result.Interruptions)
            {
                await error.WriteLineAsync($"patchworks: {interruption.Code}: {interruption.Message}").ConfigureAwait(false);
            }
            var ended = result.End == ListenEnd.MaxMessages && !session.CameRound ? session.Ended.Replace("as asked", "as --max-messages asked", StringComparison.Ordinal) : session.Ended;
            await output.WriteLineAsync($"Stopped: {ended}. {session.Count} shown: {result.Acked} acknowledged, {result.Requeued} requeued, {result.Rejected} rejected" +
                $"{(result.Held > 0 ? $", {result.Held} held and put back" : "")}" +
                $"{(session.FailedChecks > 0 ? $"; {session.FailedChecks} failed the message checks" : "")}.").ConfigureAwait(false);
            if (outPath is not null)
            {
                await output.WriteLineAsync($"Saved the messages to {outPath}").ConfigureAwait(false);
            }
        }
        if (result.Fault is { } fault)
        {
            await error.WriteLineAsync($"patchworks: {fault.Code}: {fault.Message}").ConfigureAwait(false);
            return CliApp.ProblemsFound;
        }
        return session.FailedChecks > 0 ? CliApp.ProblemsFound : CliApp.Success;
    }

    private static string ToText(int number, EventMessage message, MessageRecords records, MessageSettings settings)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"message {number}: routing key \"{message.RoutingKey}\" from {(message.Exchange.Length == 0 ? "the default exchange" : $"exchange {message.Exchange}")}{(message.Redelivered ? " (redelivered)" : "")}");
        var p = message.Properties;
        var properties = new[]
        {
            ("content-type", p.ContentType), ("message-id", p.MessageId), ("correlation-id", p.CorrelationId),
            ("timestamp", p.Timestamp?.ToString("O", culture)), ("app-id", p.AppId), ("type", p.Type),
        }.Where(x => x.Item2 is { Length: > 0 }).Select(x => $"{x.Item1} {x.Item2}");
        text.AppendLine(culture, $"  properties: {string.Join(", ", properties.DefaultIfEmpty("none"))}");
        if (p.Headers.Count > 0)
        {
            text.AppendLine(culture, $"  headers: {string.Join(", ", p.Headers.Select(h => $"{h.Key}={ListenSession.HeaderText(h.Value)}"))}");
        }
        var body = message.BodyText ?? $"({message.Body.Length} bytes, not UTF-8 text)";
        text.AppendLine(culture, $"  body ({message.Body.Length.ToString("N0", culture)} bytes):");
        foreach (var line in (body.Length > ShownBodyChars ? body[..ShownBodyChars] + " …" : body).TrimEnd('\r', '\n').Split('\n'))
        {
            text.Append("    ").AppendLine(line.TrimEnd('\r'));
        }
        var at = settings.DataPath is { Length: > 0 } path ? $" at \"{path}\"" : "";
        if (records.Problem is { } problem)
        {
            text.AppendLine(culture, $"  records: none{at}: {problem}");
        }
        else
        {
            var check = records.SchemaChecked
                ? records.Invalid.Count == 0 ? ", every one valid against the message schema" : $", {records.Invalid.Count} invalid against the message schema"
                : settings.Format == "xml" ? " (XML values are text: not checked against the schema)" : " (no message schema to check them against)";
            text.AppendLine(culture, $"  records: {records.Records.Count}{at}{check}");
            foreach (var invalid in records.Invalid.Take(5))
            {
                text.AppendLine(culture, $"    {invalid}");
            }
        }
        return Printable(text.ToString());
    }

    /// <summary>
    /// The text with the characters a terminal acts on written out as \uXXXX: the message is anyone's, and an escape
    /// sequence in a body or header (ESC [ ..., OSC 52 ...) would otherwise move the cursor, retitle the window or
    /// write to the clipboard; bidirectional overrides would reorder what is shown. Tabs and line ends stay.
    /// </summary>
    internal static string Printable(string text)
    {
        static bool Acts(char c) => c is < ' ' and not '\t' and not '\n' and not '\r' or (>= '\u007F' and <= '\u009F') or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
        if (!text.Any(Acts))
        {
            return text;
        }
        var printable = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (Acts(c))
            {
                printable.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                printable.Append(c);
            }
        }
        return printable.ToString();
    }

    private static string ReadBody(string? path, Listener listener, Connector connector)
    {
        if (path is not null)
        {
            var (text, refusal) = InputFiles.ReadFile(path, "--body");
            return text ?? throw new CliException(refusal ?? $"--body: {path} cannot be read");
        }
        return TestMessages.SampleBody(listener, connector, out var problem)
            ?? throw new CliException(problem!.Replace("give the message to send", "give the message with --body FILE", StringComparison.Ordinal));
    }

    private static Dictionary<string, object?> ParseHeaders(string[] headers)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var header in headers)
        {
            var equals = header.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException($"--header {header}: write name=value");
            }
            result[header[..equals]] = header[(equals + 1)..];
        }
        return result;
    }
}
