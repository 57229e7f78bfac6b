using Patchworks.Core.Model;
using Patchworks.Core.Syntax;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Resolution;

public sealed partial class RequestResolver
{
    /// <summary>
    /// The value one {{key}} written in a scope takes for an instance, by the same precedence as a whole
    /// request: what an editor shows beside a placeholder. Secrets are masked unless the options reveal them.
    /// </summary>
    public static PlaceholderValue ResolvePlaceholder(ConnectorDocument connector, TemplateScope scope, string key, Instance? instance, ResolveOptions? options = null)
    {
        var model = connector.Model;
        // Outside an endpoint there are no endpoint variables or endpoint values: an empty endpoint stands in.
        var endpoint = scope.Endpoint ?? new Endpoint { Syntax = new ObjectSyntax(default) };
        var auth = scope.AuthMethod ?? ChooseAuthMethod(model, endpoint, instance, out _);
        var resolver = new RequestResolver(model, endpoint, auth, instance, options ?? new ResolveOptions());
        return resolver.ResolveVariable(key, 0);
    }

    /// <summary>
    /// Resolves templates written outside any endpoint (an event connector's broker and listeners): the connector's and
    /// the auth method's variables, by the same precedence as a request. Secrets are masked unless the options reveal them.
    /// </summary>
    public static Func<string, ResolvedText> TemplateResolver(ConnectorDocument connector, AuthMethod? auth, Instance? instance, ResolveOptions? options = null)
    {
        var resolver = new RequestResolver(connector.Model, new Endpoint { Syntax = new ObjectSyntax(default) }, auth, instance, options ?? new ResolveOptions());
        return resolver.ResolveTemplate;
    }
}
