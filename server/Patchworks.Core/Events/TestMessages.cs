using System.Text;
using Patchworks.Core.Model;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Events;

/// <summary>The test message `patchworks events send` and the editor's Send Test Message publish to a listener.</summary>
public static class TestMessages
{
    /// <summary>The listener's message.sampleBody (its file's text, or the inline value), or null with why not.</summary>
    public static string? SampleBody(Listener listener, Connector connector, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(connector);
        problem = null;
        var message = listener.Message;
        if (message.SampleBodyFile is { } file)
        {
            if (file.Text is { } text)
            {
                return text;
            }
            problem = $"the listener's sampleBody {file.RelativePath} cannot be read: {file.LoadError ?? "missing"}";
            return null;
        }
        if (message.InlineSampleBody is { } inline)
        {
            return inline is StringSyntax s ? s.Value : connector.Tree.Text.Substring(inline.Span.Start, inline.Span.Length);
        }
        problem = $"the listener '{listener.Id}' has no message.sampleBody: give the message to send";
        return null;
    }

    /// <summary>
    /// The message to publish: to the listener's exchange with its first binding key (wildcards filled with "test"),
    /// else straight to its queue through the default exchange; a content type from the message format; a new id.
    /// </summary>
    public static PublishSettings Build(EventTarget target, string body, string? routingKey = null, string? exchange = null, string? contentType = null,
        IReadOnlyDictionary<string, object?>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(body);
        return new PublishSettings
        {
            Exchange = exchange ?? target.Settings.Binding?.Exchange ?? "",
            RoutingKey = routingKey ?? DefaultRoutingKey(target),
            Body = Encoding.UTF8.GetBytes(body),
            ContentType = contentType ?? target.Listener.Message.ContentType ?? ContentTypeOf(target.Listener.Message.Format),
            Headers = headers is null ? new Dictionary<string, object?>(StringComparer.Ordinal) : new Dictionary<string, object?>(headers, StringComparer.Ordinal),
            MessageId = Guid.NewGuid().ToString("N"),
        };
    }

    /// <summary>"the default exchange" or "exchange NAME".</summary>
    public static string Where(PublishSettings message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Exchange.Length == 0 ? "the default exchange" : $"exchange {message.Exchange}";
    }

    public static string DefaultRoutingKey(EventTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Settings.Binding is { } binding
            ? binding.BindingKeys.Count > 0 ? binding.BindingKeys[0].Replace("#", "test", StringComparison.Ordinal).Replace("*", "test", StringComparison.Ordinal) : ""
            : target.Settings.Queue;
    }

    public static string ContentTypeOf(string format) => format switch
    {
        "xml" => "application/xml",
        "text" => "text/plain",
        _ => "application/json",
    };
}
