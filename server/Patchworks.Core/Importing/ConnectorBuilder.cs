using System.Text.Json;
using System.Text.Json.Nodes;

namespace Patchworks.Core.Importing;

/// <summary>A connector and its test instance built from an <see cref="ApiDescription"/>, before they are written or merged.</summary>
public sealed class BuiltConnector
{
    public required string Slug { get; init; }

    public required JsonObject Connector { get; init; }

    public required JsonObject Instance { get; set; }

    public required JsoncWriter Writer { get; init; }

    /// <summary>The connector's variables, auth methods and endpoints (the nodes inside <see cref="Connector"/>), for merging.</summary>
    public List<JsonObject> Variables { get; } = [];

    public List<JsonObject> AuthMethods { get; } = [];

    public List<JsonObject> Endpoints { get; } = [];

    /// <summary>Secret variables and the environment variable the test instance reads each from.</summary>
    public List<(string Key, string EnvironmentVariable)> Secrets { get; } = [];

    public int RequestCount { get; set; }

    public int DuplicateCount { get; set; }

    /// <summary>Files the connector references (record schemas under schemas/), by path relative to its folder, with their text.</summary>
    public List<(string Path, string Text)> Files { get; } = [];

    public string ConnectorFileName => Slug + ".connector.json";

    public string InstanceFileName => Slug + ".test.instance.json";
}

/// <summary>
/// Turns the intermediate model into a connector: variable names become keys, every credential becomes a secret
/// variable (the instance gets env: references), auth schemes become auth methods, requests become endpoints.
/// Shared by every importer.
/// </summary>
public sealed class ConnectorBuilder
{
    private const int MaxUrl = 255;
    private const int MaxValue = 4096;
    private const int MaxDescription = 2000;
    private const int MaxVariableValue = 1024;
    private const int MaxCommentLines = 30;

    private readonly ImportReport _report;

    /// <summary>Variables by source name (collection, environment, and the secrets pulled out of requests).</summary>
    private readonly Dictionary<string, VariableInfo> _variables = new(StringComparer.Ordinal);

    /// <summary>Secret literal values already turned into a variable: the same value is the same variable.</summary>
    private readonly Dictionary<string, string> _secretByValue = new(StringComparer.Ordinal);

    private readonly Dictionary<string, string> _keyOf = new(StringComparer.Ordinal);
    /// <summary>Entity types guessed, per type and what it was guessed from (two resources that are both "Other" are reported apart).</summary>
    private readonly Dictionary<(string Type, string From), (string Location, int Count)> _entityGuesses = [];
    private readonly HashSet<string> _takenKeys = new(StringComparer.Ordinal);

    private sealed class VariableInfo(string name, string location)
    {
        public string Name { get; } = name;

        public string Location { get; } = location;

        public string? Value { get; set; }

        /// <summary>A default for the connector file (with placeholders); see <see cref="ApiVariable.Default"/>.</summary>
        public string? Default { get; set; }

        public string? Description { get; set; }

        public bool Secret { get; set; }

        /// <summary>Defined by the connector merged into, not by the source.</summary>
        public bool Existing { get; init; }

        /// <summary>Made by the importer from a literal credential, not defined by the source.</summary>
        public bool Extracted { get; set; }

        public string? DisplayName { get; set; }
    }

    public ConnectorBuilder(ImportReport report) => _report = report;

    /// <summary>What the source calls the groups its requests are in (ApiDescription.FolderWord).</summary>
    private string _folderWord = "folder";

    public BuiltConnector Build(ApiDescription api, ImportOptions options)
    {
        _folderWord = api.FolderWord;
        var name = Truncate(options.Name ?? api.Name ?? "Imported API", 128);
        if (string.IsNullOrWhiteSpace(name))
        {
            name = "Imported API";
        }
        var slug = Slugs.Slug(options.Name ?? api.Name ?? "") is { Length: > 0 } s ? s : "imported-api";

        // Variables the source defines, then the environment's values over them.
        foreach (var variable in api.Variables)
        {
            var info = Variable(variable.Name, variable.Location);
            info.Value = variable.Value;
            info.Default = variable.Default;
            info.Description = variable.Description;
            info.Secret |= variable.MarkedSecret || SecretRules.IsSecretName(variable.Name) || variable.Value is { } v && SecretRules.LooksLikeSecret(v);
        }
        foreach (var value in options.Environment)
        {
            var info = Variable(value.Name, value.Location);
            info.Value = value.Value;
            info.Secret |= value.MarkedSecret || SecretRules.IsSecretName(value.Name) || SecretRules.LooksLikeSecret(value.Value);
        }

        // Variables of the connector merged into define their placeholders too (merging leaves them as they are).
        foreach (var key in options.ExistingVariables)
        {
            if (!_variables.ContainsKey(key))
            {
                _variables[key] = new VariableInfo(key, "") { Existing = true };
            }
        }

        // The requests to import.
        var requests = api.Requests.ToList();
        if (options.Only is { Length: > 0 } only)
        {
            var glob = Glob.ToRegex(only);
            var kept = requests.Where(r => Glob.Matches(glob, r)).ToList();
            if (kept.Count < requests.Count)
            {
                _report.Dropped("", $"--only {only}: {requests.Count - kept.Count} of {requests.Count} requests left out");
            }
            requests = kept;
        }

        // Credentials written in the source become secret variables before anything is named.
        if (api.DefaultAuth is { } defaultAuth)
        {
            ExtractAuthSecrets(defaultAuth);
        }
        foreach (var other in api.OtherAuths)
        {
            ExtractAuthSecrets(other);
        }
        foreach (var request in requests)
        {
            if (request.Auth is { } auth)
            {
                ExtractAuthSecrets(auth);
            }
            ExtractRequestSecrets(request);
        }

        // A variable that fills a credential (a password, a token, an API key header) is a secret whatever its name.
        foreach (var auth in requests.Select(r => r.Auth).Append(api.DefaultAuth).Concat(api.OtherAuths).OfType<ApiAuth>())
        {
            if (CredentialFields.TryGetValue(auth.Kind, out var fields))
            {
                foreach (var (field, secret) in fields)
                {
                    if (secret && auth.Settings.TryGetValue(field, out var value))
                    {
                        MarkSecret(Placeholders.Names(value));
                    }
                }
            }
        }
        foreach (var request in requests)
        {
            foreach (var parameter in request.Headers.Concat(request.Query).Concat(request.Body))
            {
                if (SecretRules.IsSecretName(parameter.Key))
                {
                    MarkSecret(Placeholders.Names(parameter.Value));
                }
            }
        }

        // Which names are used where: in auth (connector level) or only in requests (endpoint level when undefined).
        var authNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var auth in requests.Select(r => r.Auth ?? api.DefaultAuth).Append(api.DefaultAuth).Concat(api.OtherAuths).OfType<ApiAuth>())
        {
            foreach (var value in auth.Settings.Values)
            {
                authNames.UnionWith(Placeholders.Names(value));
            }
        }
        var requestNames = requests.SelectMany(RequestTexts).SelectMany(Placeholders.Names).ToHashSet(StringComparer.Ordinal);
        // A variable whose value names others (an OpenAPI base URL with server variables) keeps them.
        var pending = new Queue<string>(authNames.Concat(requestNames));
        while (pending.Count > 0)
        {
            if (_variables.TryGetValue(pending.Dequeue(), out var used) && (used.Value ?? "") + " " + (used.Default ?? "") is var usedValue)
            {
                foreach (var inner in Placeholders.Names(usedValue))
                {
                    if (requestNames.Add(inner))
                    {
                        pending.Enqueue(inner);
                    }
                }
            }
        }
        var connectorNames = new List<string>();
        foreach (var info in _variables.Values)
        {
            if (authNames.Contains(info.Name) || requestNames.Contains(info.Name))
            {
                connectorNames.Add(info.Name);
            }
            else if (!info.Extracted && !info.Existing)
            {
                _report.Dropped(info.Location, $"variable {info.Name} is used by no imported request (only by scripts, or not at all), so it was left out");
            }
        }
        foreach (var undefined in authNames.Where(n => !_variables.ContainsKey(n)).Order(StringComparer.Ordinal))
        {
            _variables[undefined] = new VariableInfo(undefined, "auth") { Secret = SecretRules.IsSecretName(undefined) };
            connectorNames.Add(undefined);
            _report.Guessed("", $"{{{{{undefined}}}}} is used by an auth method but defined nowhere: it became a connector variable to fill in");
        }
        // A path parameter every request has (commercetools' {projectKey}, an account or store id in every path) names
        // the account the connector talks to, not a record: one connector variable the user fills in once, not a
        // variable of each endpoint. From three requests on: one or two say too little.
        if (requests.Count >= 3)
        {
            foreach (var shared in requests.SelectMany(r => r.PathVariables.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList())
            {
                if (_variables.ContainsKey(shared) || !requests.All(r => r.PathVariables.ContainsKey(shared)))
                {
                    continue;
                }
                var example = requests.Select(r => r.PathVariables[shared]).FirstOrDefault(v =>
                    v is { Length: > 0 and <= MaxVariableValue } && !v.Contains("{{", StringComparison.Ordinal) && !string.Equals(v, shared, StringComparison.OrdinalIgnoreCase));
                _variables[shared] = new VariableInfo(shared, requests[0].Location)
                {
                    Value = example,
                    Description = $"In the path of every endpoint ({{{shared}}}).",
                    Extracted = true,
                };
                connectorNames.Add(shared);
                _report.Guessed(requests[0].Location, $"{{{shared}}} is in the path of all {requests.Count} requests: it became one connector variable, not a variable of each endpoint");
            }
        }
        foreach (var variableName in connectorNames)
        {
            KeyOf(variableName);
        }

        // No "$schema": the files are recognised by their names, and a path to the schemas depends on where they are written.
        var connector = new JsonObject
        {
            ["name"] = name,
            ["version"] = new JsonObject { ["number"] = 1 },
        };
        if (Truncate(api.Description, MaxDescription) is { Length: > 0 } description)
        {
            connector["description"] = description;
        }
        connector["systemType"] = "Other";
        connector["protocol"] = "HTTP";
        var writer = new JsoncWriter();
        var built = new BuiltConnector { Slug = slug, Connector = connector, Instance = [], Writer = writer };
        _report.Guessed("systemType", "systemType is Other: set it to the kind of system (eCommerce, ERP, WMS...)");

        // Auth methods: one per distinct scheme.
        var authIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var takenAuthIds = new HashSet<string>(StringComparer.Ordinal);
        var authMethods = new JsonArray();
        var schemes = new List<ApiAuth>();
        if (api.DefaultAuth is { } collectionAuth)
        {
            schemes.Add(collectionAuth);
        }
        schemes.AddRange(requests.Select(r => r.Auth).OfType<ApiAuth>());
        schemes.AddRange(api.OtherAuths);
        // Requests that name no auth, in an API that names none for all: the implicit "none" method, reported at the first.
        var unauthenticated = api.DefaultAuth is null ? requests.Where(r => r.Auth is null).ToList() : [];
        ApiAuth? implicitNone = null;
        if (schemes.Count == 0 || unauthenticated.Count > 0)
        {
            implicitNone = new ApiAuth("none", unauthenticated.Count > 0 ? unauthenticated[0].Location : "");
            schemes.Add(implicitNone);
        }
        foreach (var scheme in schemes)
        {
            if (authIds.ContainsKey(scheme.Signature))
            {
                continue;
            }
            var method = AuthMethod(scheme, takenAuthIds, report: !ReferenceEquals(scheme, implicitNone));
            if (ReferenceEquals(scheme, implicitNone))
            {
                _report.Mapped(scheme.Location, unauthenticated.Count == 0
                    ? $"the source names no authentication: auth method {method["id"]} (none)"
                    : $"{unauthenticated.Count} request{(unauthenticated.Count == 1 ? "" : "s")} name{(unauthenticated.Count == 1 ? "s" : "")} no authentication (and the source none for all): auth method {method["id"]} (none){(unauthenticated.Count == 1 ? "" : $", first {unauthenticated[0].Name}")}");
            }
            authIds[scheme.Signature] = (string)method["id"]!;
            authMethods.Add(method);
            built.AuthMethods.Add(method);
        }

        // Endpoints.
        var endpoints = new JsonArray();
        var takenEndpointIds = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var endpointValues = new JsonObject();
        built.RequestCount = requests.Count;
        foreach (var request in requests)
        {
            var endpoint = Endpoint(request, takenEndpointIds, endpointValues, writer, built);
            if (endpoint is null)
            {
                continue;
            }
            var identity = DuplicateIdentity(endpoint);
            if (seen.TryGetValue(identity, out var firstId))
            {
                _report.Dropped(request.Location, $"request \"{request.Name}\" is a duplicate of endpoint {firstId} (same method, URL, parameters and body)");
                takenEndpointIds.Remove((string)endpoint["id"]!);
                endpointValues.Remove((string)endpoint["id"]!);
                built.DuplicateCount++;
                continue;
            }
            seen[identity] = (string)endpoint["id"]!;
            var auth = request.Auth ?? api.DefaultAuth;
            if (authMethods.Count > 1)
            {
                var authId = auth is null ? authIds[new ApiAuth("none", "").Signature] : authIds[auth.Signature];
                InsertAfter(endpoint, "url", "authMethods", new JsonArray(authId));
            }
            endpoints.Add(endpoint);
            built.Endpoints.Add(endpoint);
        }

        foreach (var ((entityType, from), (location, count)) in _entityGuesses)
        {
            _report.Guessed(location, $"entityType {entityType} for {count} endpoint{(count == 1 ? "" : "s")}, from {from}: check it names the records' entity");
        }

        // Variables the auth methods and endpoints asked for on the way (token_url, base_url).
        foreach (var late in _keyOf.Keys.Where(n => _variables.ContainsKey(n) && !connectorNames.Contains(n)).ToList())
        {
            connectorNames.Add(late);
        }

        // Connector variables, now that every key is known.
        var variables = new JsonArray();
        foreach (var variableName in connectorNames)
        {
            var info = _variables[variableName];
            var key = KeyOf(variableName);
            var node = new JsonObject { ["key"] = key };
            if (key != variableName)
            {
                node["displayName"] = Truncate(variableName, 128);
            }
            else if (info.DisplayName is { } displayName)
            {
                node["displayName"] = displayName;
            }
            if (info.Default is { Length: > 0 and <= MaxVariableValue } defaultValue && !info.Secret)
            {
                node["default"] = Placeholders.Rename(defaultValue, KeyOf);
            }
            node["required"] = true;
            if (info.Secret)
            {
                node["secret"] = true;
            }
            if (Truncate(info.Description, MaxDescription) is { Length: > 0 } variableDescription)
            {
                node["description"] = variableDescription;
            }
            variables.Add(node);
            built.Variables.Add(node);
            if (!info.Existing)
            {
                _report.Mapped(info.Location, $"variable {variableName} → connector variable {key}{(info.Secret ? " (secret)" : "")}");
            }
        }
        var uses = new JsonArray([.. connectorNames.Select(n => (JsonNode)KeyOf(n))]);
        foreach (var method in built.AuthMethods)
        {
            if (uses.Count > 0)
            {
                InsertAfter(method, "type", "uses", uses.DeepClone());
            }
        }
        if (variables.Count > 0)
        {
            connector["variables"] = variables;
        }
        connector["authMethods"] = authMethods;
        connector["endpoints"] = endpoints;
        if (api.Comments.Count > 0)
        {
            writer.Comment(endpoints, CommentBlock(api.Comments));
        }

        // The test instance: values for plain variables, env: references for secrets.
        var values = new JsonObject();
        var secrets = new JsonObject();
        foreach (var variableName in connectorNames)
        {
            var info = _variables[variableName];
            var key = KeyOf(variableName);
            if (info.Secret)
            {
                var environmentVariable = Slugs.EnvironmentName(slug, key);
                secrets[key] = "env:" + environmentVariable;
                built.Secrets.Add((key, environmentVariable));
                _report.Add(ReportKind.Secret, info.Location, $"set the environment variable {environmentVariable} to the value of {key}{(info.Value is { Length: > 0 } ? " (the source holds one; it was not written)" : "")}");
            }
            else if (info.Value is null && info.Default is { Length: > 0 and <= MaxVariableValue } && !info.Secret)
            {
                // The connector's default applies (its placeholders are resolved from the other variables).
            }
            else
            {
                var value = info.Value ?? "";
                if (value.Length > MaxVariableValue)
                {
                    _report.Dropped(info.Location, $"the value of {variableName} is longer than {MaxVariableValue} characters and was left out of the instance");
                    value = "";
                }
                if (value.Length == 0 && !info.Existing)
                {
                    _report.Guessed(info.Location, $"{key} has no value in the source: fill it in in {built.InstanceFileName}");
                }
                values[key] = Placeholders.Rename(value, KeyOf);
            }
        }
        var instance = new JsonObject
        {
            ["name"] = Truncate(name, 121) + " - test",
            ["connector"] = built.ConnectorFileName,
            ["environment"] = "test",
            ["authMethod"] = api.DefaultAuth is { } d ? authIds[d.Signature] : (string)authMethods[0]!["id"]!,
        };
        if (values.Count > 0)
        {
            instance["values"] = values;
        }
        if (secrets.Count > 0)
        {
            instance["secrets"] = secrets;
        }
        if (endpointValues.Count > 0)
        {
            instance["endpointValues"] = endpointValues;
        }
        Scrub(connector, writer, instance);
        var neutralized = 0;
        string Neutral(string text)
        {
            var cleaned = NeutralizeBrokenPlaceholders(text);
            neutralized += cleaned == text ? 0 : 1;
            return cleaned;
        }
        ScrubNode(connector, Neutral);
        ScrubNode(instance, Neutral);
        if (neutralized > 0)
        {
            _report.Guessed("", $"{neutralized} text{(neutralized == 1 ? "" : "s")} held '{{{{' or '[[' that Patchworks would read as a broken placeholder or a built-in: a space was put between the braces");
        }
        built.Instance = instance;
        return built;
    }

    private void MarkSecret(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            Variable(name, "").Secret = true;
        }
    }

    private VariableInfo Variable(string name, string location)
    {
        if (!_variables.TryGetValue(name, out var info))
        {
            _variables[name] = info = new VariableInfo(name, location);
        }
        return info;
    }

    /// <summary>The variable key for a source name, made once.</summary>
    private string KeyOf(string name)
    {
        if (!_keyOf.TryGetValue(name, out var key))
        {
            var wanted = Slugs.VariableKey(name);
            key = Slugs.Unique(wanted, _takenKeys, "_", 64);
            _keyOf[name] = key;
            if (name.StartsWith('$'))
            {
                _report.Guessed("", $"{{{{{name}}}}} is a Postman dynamic variable, which Patchworks has no equivalent of: it became the variable {key} to fill in");
            }
        }
        return key;
    }

    // ---- secrets -------------------------------------------------------------------------------------------

    /// <summary>A literal secret becomes a secret variable; returns its source name.</summary>
    private string SecretVariable(string suggested, string value, string location, bool secret = true)
    {
        if (_secretByValue.TryGetValue(value, out var existing))
        {
            return existing;
        }
        var baseName = Slugs.VariableKey(suggested.ToLowerInvariant());
        var variableName = baseName;
        // A variable of the connector merged into with this name is taken over (a re-import finds its own variables).
        for (var n = 2; _variables.TryGetValue(variableName, out var taken) && !taken.Existing; n++)
        {
            variableName = baseName + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        _variables[variableName] = new VariableInfo(variableName, location) { Value = value, Secret = secret, Extracted = true };
        if (secret)
        {
            _secretByValue[value] = variableName;
        }
        return variableName;
    }

    private static readonly Dictionary<string, (string Name, bool Secret)[]> CredentialFields = new(StringComparer.Ordinal)
    {
        ["basic"] = [("username", false), ("password", true)],
        ["bearer"] = [("token", true)],
        ["apikey"] = [("value", true)],
        ["oauth2"] = [("clientId", false), ("clientSecret", true), ("username", false), ("password", true), ("accessToken", true), ("refreshToken", true)],
        ["oauth1"] = [("consumerKey", true), ("consumerSecret", true), ("token", true), ("tokenSecret", true)],
    };

    private static readonly Dictionary<string, string> CredentialVariableNames = new(StringComparer.Ordinal)
    {
        ["basic.username"] = "username", ["basic.password"] = "password", ["bearer.token"] = "access_token", ["apikey.value"] = "api_key",
        ["oauth2.clientId"] = "client_id", ["oauth2.clientSecret"] = "client_secret", ["oauth2.username"] = "username", ["oauth2.password"] = "password",
        ["oauth2.accessToken"] = "access_token", ["oauth2.refreshToken"] = "refresh_token",
        ["oauth1.consumerKey"] = "consumer_key", ["oauth1.consumerSecret"] = "consumer_secret", ["oauth1.token"] = "token", ["oauth1.tokenSecret"] = "token_secret",
    };

    private void ExtractAuthSecrets(ApiAuth auth)
    {
        if (!CredentialFields.TryGetValue(auth.Kind, out var fields))
        {
            return;
        }
        foreach (var (field, secret) in fields)
        {
            if (!auth.Settings.TryGetValue(field, out var value) || value.Length == 0 || !SecretRules.HasLiteral(value))
            {
                continue;
            }
            var (prefix, literal) = SecretRules.SplitScheme(value);
            var variableName = SecretVariable(CredentialVariableNames[auth.Kind + "." + field], literal, auth.Location, secret || SecretRules.LooksLikeSecret(literal));
            auth.Settings[field] = prefix + "{{" + variableName + "}}";
            if (secret)
            {
                _report.Add(ReportKind.Secret, auth.Location, $"the {auth.Kind} {field} written in the source became the secret variable {variableName}");
            }
        }
    }

    private void ExtractRequestSecrets(ApiRequest request)
    {
        ExtractParameters(request.Headers, "header");
        ExtractParameters(request.Query, "query parameter");
        ExtractParameters(request.Body, "body field");
        if (request.SampleBody is { Length: > 0 } body && request.DataType is null or "json")
        {
            JsonNode? json = null;
            try
            {
                json = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
            }
            catch (JsonException)
            {
                // Not JSON (or JSON with bare placeholders): the scrub pass still replaces known secret values.
            }
            if (json is not null && ExtractJson(json, request.Location + ".body"))
            {
                request.SampleBody = json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            }
        }

        void ExtractParameters(List<ApiParameter> parameters, string what)
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                var parameter = parameters[i];
                if (parameter.Value is not { Length: > 0 } value
                    || !(SecretRules.IsSecretName(parameter.Key) || SecretRules.LooksLikeSecret(value))
                    || !SecretRules.HasLiteral(value))
                {
                    continue;
                }
                var (prefix, literal) = SecretRules.SplitScheme(value);
                var suggested = prefix.Trim().ToLowerInvariant() switch
                {
                    "bearer" => "bearer_token",
                    "basic" => "basic_credentials",
                    _ => parameter.Key,
                };
                var variableName = SecretVariable(suggested, literal, parameter.Location);
                parameters[i] = parameter with { Value = prefix + "{{" + variableName + "}}" };
                _report.Add(ReportKind.Secret, parameter.Location, $"the {what} {parameter.Key} held a credential: it became the secret variable {variableName}");
            }
        }
    }

    private bool ExtractJson(JsonNode node, string location)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 && SecretRules.HasLiteral(s)
                        && (SecretRules.IsSecretName(name) || SecretRules.LooksLikeSecret(s)))
                    {
                        var variableName = SecretVariable(name, s, location);
                        obj[name] = "{{" + variableName + "}}";
                        _report.Add(ReportKind.Secret, location, $"the body field {name} held a credential: it became the secret variable {variableName}");
                        changed = true;
                    }
                    else if (value is not null)
                    {
                        changed |= ExtractJson(value, location);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        changed |= ExtractJson(item, location);
                    }
                }
                break;
        }
        return changed;
    }

    /// <summary>Every known secret value replaced by its placeholder, in every string and comment written.</summary>
    private void Scrub(JsonObject connector, JsoncWriter writer, JsonObject instance)
    {
        // An example value ("admin") is no one's credential: replacing it everywhere would garble the fields that hold it for another reason.
        var secrets = _variables.Values.Where(v => v.Secret && v.Value is { Length: > 0 } && !SecretRules.IsOnlyPlaceholders(v.Value!) && !SecretRules.IsExampleValue(v.Value!))
            .Select(v => (Value: v.Value!, Placeholder: "{{" + KeyOf(v.Name) + "}}"))
            .OrderByDescending(s => s.Value.Length)
            .ToList();
        if (secrets.Count == 0)
        {
            return;
        }
        string Clean(string text)
        {
            foreach (var (value, placeholder) in secrets)
            {
                if (value.Length >= 4 ? text.Contains(value, StringComparison.Ordinal) : text == value)
                {
                    text = value.Length >= 4 ? text.Replace(value, placeholder, StringComparison.Ordinal) : placeholder;
                }
            }
            return text;
        }
        ScrubNode(connector, Clean);
        // The instance's secret references (env:SHOP_ACCESS_TOKEN) name environment variables, not values: a secret
        // whose value is the same text ("ACCESS_TOKEN") must not rewrite them.
        foreach (var (name, value) in instance.ToList())
        {
            if (name != "secrets" && value is not null)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var s))
                {
                    instance[name] = Clean(s);
                }
                else
                {
                    ScrubNode(value, Clean);
                }
            }
        }
        foreach (var comments in writer.AllComments)
        {
            for (var i = 0; i < comments.Count; i++)
            {
                comments[i] = Clean(comments[i]);
            }
        }
    }

    /// <summary>'{{' that opens no valid placeholder and every '[[' (the source has no built-ins) get a space between the braces.</summary>
    private static string NeutralizeBrokenPlaceholders(string text)
    {
        if (!text.Contains("{{", StringComparison.Ordinal) && !text.Contains("[[", StringComparison.Ordinal))
        {
            return text;
        }
        // A broken opening can hide what follows it: scan again until nothing changes.
        var result = text;
        for (var pass = 0; pass < 100; pass++)
        {
            var changed = false;
            foreach (var token in Model.PlaceholderScanner.Scan(result).OrderByDescending(t => t.Start))
            {
                if (token.Kind == Model.PlaceholderKind.Builtin || token.Problem is not null || token.IsUnclosed)
                {
                    result = result[..(token.Start + 1)] + " " + result[(token.Start + 1)..];
                    changed = true;
                }
            }
            if (!changed)
            {
                break;
            }
        }
        return result;
    }

    private static void ScrubNode(JsonNode node, Func<string, string> clean)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (value is JsonValue v && v.TryGetValue<string>(out var s))
                    {
                        var cleaned = clean(s);
                        if (cleaned != s)
                        {
                            obj[name] = cleaned;
                        }
                    }
                    else if (value is not null)
                    {
                        ScrubNode(value, clean);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue v && v.TryGetValue<string>(out var s))
                    {
                        var cleaned = clean(s);
                        if (cleaned != s)
                        {
                            array[i] = cleaned;
                        }
                    }
                    else if (array[i] is { } item)
                    {
                        ScrubNode(item, clean);
                    }
                }
                break;
        }
    }

    // ---- auth methods --------------------------------------------------------------------------------------

    private string Template(string value) => Truncate(Placeholders.Rename(value, KeyOf), MaxValue)!;

    private string? Setting(ApiAuth auth, string name) => auth.Settings.TryGetValue(name, out var value) && value.Length > 0 ? Template(value) : null;

    private JsonObject AuthMethod(ApiAuth auth, HashSet<string> taken, bool report = true)
    {
        var method = new JsonObject();
        string type;
        string baseId;
        string displayName;
        var settings = new JsonObject();
        string? settingsBlock = null;
        switch (auth.Kind)
        {
            case "basic":
                type = "basic";
                baseId = "basic";
                displayName = "Basic authentication";
                settingsBlock = "basic";
                settings["username"] = Setting(auth, "username") ?? "";
                settings["password"] = Setting(auth, "password") ?? "";
                break;
            case "bearer":
                type = "token";
                baseId = "bearer-token";
                displayName = "Bearer token";
                break;
            case "apikey":
                type = "apiKey";
                baseId = "api-key";
                displayName = "API key";
                settingsBlock = "apiKey";
                settings["in"] = auth.Settings.GetValueOrDefault("in") == "query" ? "query" : "header";
                settings["name"] = Truncate(Setting(auth, "key") ?? "X-Api-Key", 255);
                settings["value"] = Setting(auth, "value") ?? "";
                break;
            case "oauth2":
                (type, baseId, displayName, settingsBlock) = OAuth2(auth, method, settings);
                break;
            case "oauth1":
                type = "oauth1";
                baseId = "oauth1";
                displayName = "OAuth 1.0";
                settingsBlock = "oauth1";
                settings["consumerKey"] = Setting(auth, "consumerKey") ?? "";
                settings["consumerSecret"] = Setting(auth, "consumerSecret") ?? "";
                foreach (var (from, to) in new[] { ("token", "token"), ("tokenSecret", "tokenSecret"), ("realm", "realm") })
                {
                    if (Setting(auth, from) is { } value)
                    {
                        settings[to] = value;
                    }
                }
                if (auth.Settings.GetValueOrDefault("signatureMethod") is { } signature)
                {
                    if (signature is "HMAC-SHA1" or "HMAC-SHA256" or "PLAINTEXT")
                    {
                        settings["signatureMethod"] = signature;
                    }
                    else
                    {
                        _report.Dropped(auth.Location, $"OAuth 1 signature method {signature} is not supported (HMAC-SHA1, HMAC-SHA256 or PLAINTEXT): the default HMAC-SHA1 applies");
                    }
                }
                if (auth.Settings.GetValueOrDefault("addParamsToHeader") == "false")
                {
                    settings["placement"] = "query";
                }
                break;
            case "none":
                type = "none";
                baseId = "no-auth";
                displayName = "No authentication";
                break;
            default:
                _report.Dropped(auth.Location, $"auth type {auth.Kind} has no Patchworks equivalent: a 'none' method stands in for it; set it up by hand");
                type = "none";
                baseId = Slugs.Slug(auth.Kind) is { Length: > 0 } k ? k : "auth";
                displayName = Truncate($"{auth.Kind} (set up by hand)", 128)!;
                break;
        }
        var id = Slugs.Unique(baseId, taken);
        var result = new JsonObject { ["id"] = id, ["name"] = displayName, ["type"] = type };
        foreach (var (name, value) in method.ToList())
        {
            method.Remove(name);
            result[name] = value;
        }
        if (auth.Kind is "basic" or "bearer" or "apikey" && Setting(auth, "checkUrl") is { } checkUrl && IsAbsolute(checkUrl))
        {
            // A URL Patchworks calls when an instance's credentials are saved (OpenAPI: a cheap GET of the API).
            result["url"] = checkUrl;
            result["method"] = "GET";
        }
        if (auth.Kind == "bearer")
        {
            var token = Setting(auth, "token") ?? "";
            result["headers"] = new JsonArray(new JsonObject { ["key"] = "Authorization", ["value"] = "Bearer " + token, ["required"] = true, ["sendWith"] = "endpointRequests" });
        }
        if (settingsBlock is not null)
        {
            result[settingsBlock] = settings;
        }
        if (report)
        {
            _report.Mapped(auth.Location, $"auth {auth.Kind} → auth method {id} ({type})");
        }
        return result;
    }

    private (string Type, string Id, string Name, string Block) OAuth2(ApiAuth auth, JsonObject method, JsonObject settings)
    {
        var grant = auth.Settings.GetValueOrDefault("grant_type") ?? "authorization_code";
        string type;
        string name;
        switch (grant)
        {
            case "client_credentials":
                type = "oauth2ClientCredentials";
                name = "OAuth 2.0 client credentials";
                break;
            case "password" or "password_credentials":
                type = "oauth2Password";
                name = "OAuth 2.0 password";
                break;
            default:
                if (grant is not ("authorization_code" or "authorization_code_with_pkce"))
                {
                    _report.Guessed(auth.Location, $"OAuth 2 grant {grant} is not supported: it became an authorisation code method");
                }
                type = "oauth2AuthorizationCode";
                name = "OAuth 2.0 authorisation code";
                break;
        }
        var tokenUrl = Setting(auth, "accessTokenUrl");
        if (tokenUrl is null || !IsAbsolute(tokenUrl))
        {
            tokenUrl = "{{" + KeyOf(TokenUrlVariable()) + "}}";
            _report.Guessed(auth.Location, "the OAuth 2 token URL is missing or not absolute: it became the variable token_url to fill in");
        }
        method["url"] = tokenUrl;
        if (type == "oauth2AuthorizationCode")
        {
            var authorizeUrl = Setting(auth, "authUrl");
            if (authorizeUrl is null || !IsAbsolute(authorizeUrl))
            {
                authorizeUrl = "{{" + KeyOf(AuthorizeUrlVariable()) + "}}";
                _report.Guessed(auth.Location, "the OAuth 2 authorise URL is missing or not absolute: it became the variable authorize_url to fill in");
            }
            method["additionalUrl"] = authorizeUrl;
        }
        settings["clientId"] = Setting(auth, "clientId") ?? "";
        foreach (var (from, to) in new[] { ("clientSecret", "clientSecret"), ("scope", "scope"), ("audience", "audience") })
        {
            if (Setting(auth, from) is { } value)
            {
                settings[to] = value;
            }
        }
        if (type == "oauth2Password")
        {
            settings["username"] = Setting(auth, "username") ?? "";
            settings["password"] = Setting(auth, "password") ?? "";
        }
        if (auth.Settings.GetValueOrDefault("client_authentication") is { } clientAuthentication)
        {
            settings["clientAuthentication"] = clientAuthentication == "header" ? "basic" : "body";
        }
        if (type == "oauth2AuthorizationCode")
        {
            settings["pkce"] = grant == "authorization_code_with_pkce";
            if (auth.Settings.GetValueOrDefault("redirect_uri") is { Length: > 0 and <= 1024 } redirect)
            {
                settings["redirectUri"] = redirect;
            }
        }
        var id = type switch
        {
            "oauth2ClientCredentials" => "oauth2-client-credentials",
            "oauth2Password" => "oauth2-password",
            _ => "oauth2-authorization-code",
        };
        return (type, id, name, "oauth2");
    }

    private string TokenUrlVariable() => EnsureAuthVariable("token_url", "The OAuth 2 token endpoint.");

    private string AuthorizeUrlVariable() => EnsureAuthVariable("authorize_url", "The OAuth 2 authorise endpoint.");

    private string EnsureAuthVariable(string name, string description)
    {
        if (!_variables.ContainsKey(name))
        {
            _variables[name] = new VariableInfo(name, "auth") { Description = description, Extracted = true };
        }
        return name;
    }

    // ---- endpoints -----------------------------------------------------------------------------------------

    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal) { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" };

    private static IEnumerable<string> RequestTexts(ApiRequest request) =>
        new[] { request.Url, request.SampleBody }
            .Concat(request.Query.Concat(request.Headers).Concat(request.Body).SelectMany(p => new[] { p.Key, p.Value }))
            .OfType<string>();

    private JsonObject? Endpoint(ApiRequest request, HashSet<string> takenIds, JsonObject endpointValues, JsoncWriter writer, BuiltConnector built)
    {
        var method = request.Method.Trim().ToUpperInvariant();
        if (!Methods.Contains(method))
        {
            _report.Dropped(request.Location, $"request \"{request.Name}\" uses the method {request.Method}, which Patchworks has no endpoint for");
            return null;
        }

        // Placeholders no variable defines: endpoint variables of this request.
        var endpointVariables = new List<string>();
        foreach (var used in RequestTexts(request).SelectMany(Placeholders.Names).Concat(request.PathVariables.Keys).Distinct(StringComparer.Ordinal))
        {
            if (!_keyOf.ContainsKey(used) || request.PathVariables.ContainsKey(used) && !_variables.ContainsKey(used))
            {
                endpointVariables.Add(used);
            }
        }
        string Local(string name) => endpointVariables.Contains(name) ? Slugs.VariableKey(name) : KeyOf(name);
        string Text(string text) => Placeholders.Rename(text, Local);

        var url = Text(request.Url.Trim());
        if (!IsAbsolute(url))
        {
            if (url.StartsWith('/'))
            {
                var baseUrl = EnsureAuthVariable("base_url", "The API's base URL, such as https://api.example.com.");
                if (!_keyOf.ContainsKey(baseUrl))
                {
                    _report.Guessed(request.Location, "the URL has no host: it starts with the variable base_url to fill in");
                }
                url = "{{" + KeyOf(baseUrl) + "}}" + url;
            }
            else
            {
                var scheme = url.StartsWith("localhost", StringComparison.OrdinalIgnoreCase) || url.StartsWith("127.", StringComparison.Ordinal) ? "http://" : "https://";
                _report.Guessed(request.Location, $"the URL {url} has no scheme: {scheme} was added");
                url = scheme + url;
            }
        }
        if (url.Length > MaxUrl)
        {
            _report.Dropped(request.Location, $"request \"{request.Name}\": the URL is {url.Length} characters long, more than the {MaxUrl} an endpoint URL may have");
            return null;
        }

        var name = Truncate(string.IsNullOrWhiteSpace(request.Name) ? method + " " + url : request.Name.Trim(), 128)!;
        var baseId = Slugs.Slug(request.Id ?? "", 100) is { Length: > 0 } sourceId ? sourceId
            : Slugs.Slug(name, 100) is { Length: > 0 } slug ? slug : Slugs.Slug(method + " " + UrlPath(url), 100);
        var id = Slugs.Unique(baseId.Length > 0 ? baseId : "endpoint", takenIds);
        var endpoint = new JsonObject { ["id"] = id, ["name"] = name };
        if (Truncate(request.Description, MaxDescription) is { Length: > 0 } description)
        {
            endpoint["description"] = Text(description);
        }
        if (EntityType(request, url) is { Length: > 0 } resource)
        {
            var entityType = EntityTypes.For(resource);
            endpoint["entityType"] = entityType;
            var from = (request.Folders.Count > 0 ? $"the {_folderWord} \"{request.Folders[^1]}\"" : "the URL's path")
                + (entityType == resource ? "" : entityType == EntityTypes.Other
                    ? $" (\"{resource}\" is none of the entity types publishing knows: {string.Join(", ", EntityTypes.Known)})"
                    : $" (\"{resource}\")");
            _entityGuesses[(entityType, from)] = _entityGuesses.TryGetValue((entityType, from), out var guess)
                ? (guess.Location, guess.Count + 1)
                : (request.Location, 1);
        }
        endpoint["direction"] = method is "GET" or "HEAD" or "OPTIONS" ? "receive" : "send";
        endpoint["method"] = method;
        endpoint["url"] = url;
        endpoint["dataType"] = request.DataType ?? "json";

        if (endpointVariables.Count > 0)
        {
            var variables = new JsonArray();
            var values = new JsonObject();
            foreach (var variableName in endpointVariables)
            {
                var key = Slugs.VariableKey(variableName);
                if (variables.Any(v => (string?)v!["key"] == key))
                {
                    continue;
                }
                var variable = new JsonObject { ["key"] = key };
                if (key != variableName)
                {
                    variable["displayName"] = Truncate(variableName, 128);
                }
                variable["required"] = true;
                variables.Add(variable);
                if (request.PathVariables.GetValueOrDefault(variableName) is { Length: > 0 and <= MaxVariableValue } example && !example.Contains("{{", StringComparison.Ordinal))
                {
                    values[key] = example;
                }
                _report.Guessed(request.Location, variableName.StartsWith('$')
                    ? $"{{{{{variableName}}}}} is a Postman dynamic variable, which Patchworks has no equivalent of: it became the endpoint variable {key} of {id}"
                    : $"{{{{{variableName}}}}} is defined by no variable: it became the endpoint variable {key} of {id}");
            }
            endpoint["variables"] = variables;
            if (values.Count > 0)
            {
                endpointValues[id] = values;
            }
        }

        AddParameters(endpoint, "query", request.Query, Text, request.Name);
        AddParameters(endpoint, "headers", request.Headers, Text, request.Name);
        AddParameters(endpoint, "body", request.Body, Text, request.Name);
        if (request.SampleBody is { Length: > 0 } body)
        {
            var text = Text(body);
            JsonNode? json = null;
            if (request.DataType is null or "json")
            {
                try
                {
                    json = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
                }
                catch (JsonException)
                {
                    json = null;
                }
            }
            endpoint["sampleBody"] = json ?? JsonValue.Create(text);
        }
        if (request.DataPath is { Length: > 0 and <= 255 } dataPath)
        {
            InsertBefore(endpoint, "sampleBody", "dataPath", dataPath);
        }
        if (request.Schema is { } schema)
        {
            InsertBefore(endpoint, "sampleBody", "schema", new JsonObject { ["$ref"] = SchemaFile(request.SchemaName ?? id, schema, built) });
        }
        if (request.Pagination is { } pagination)
        {
            endpoint["pagination"] = pagination.DeepClone();
        }
        if (request.Comments.Count > 0)
        {
            writer.Comment(endpoint, CommentBlock(request.Comments.Select(Text)));
        }
        _report.Mapped(request.Location, $"request \"{request.Name}\" → endpoint {id} ({method} {url})");
        return endpoint;
    }

    private void AddParameters(JsonObject endpoint, string property, List<ApiParameter> parameters, Func<string, string> text, string requestName)
    {
        if (parameters.Count == 0)
        {
            return;
        }
        var list = new JsonArray();
        foreach (var parameter in parameters)
        {
            var key = text(parameter.Key.Trim());
            if (key.Length is 0 or > 255)
            {
                _report.Dropped(parameter.Location, $"a parameter of \"{requestName}\" has an empty or too long name");
                continue;
            }
            var value = parameter.Value is null ? null : text(parameter.Value);
            if (value is { Length: > MaxValue })
            {
                _report.Dropped(parameter.Location, $"the value of {key} is longer than {MaxValue} characters");
                continue;
            }
            var node = new JsonObject { ["key"] = key };
            if (value is { Length: > 0 })
            {
                node["value"] = value;
            }
            if (parameter.Required ?? value is { Length: > 0 })
            {
                node["required"] = true;
            }
            if (Truncate(parameter.Description, MaxDescription) is { Length: > 0 } description)
            {
                node["description"] = description;
            }
            list.Add(node);
        }
        if (list.Count > 0)
        {
            endpoint[property] = list;
        }
    }

    private static string? EntityType(ApiRequest request, string url)
    {
        if (request.Folders.Count > 0 && Slugs.Slug(request.Folders[^1]) is { Length: > 0 } folder)
        {
            return Truncate(folder, 64);
        }
        var segments = UrlPath(url).Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => !s.Contains("{{", StringComparison.Ordinal) && !IsVersion(s) && !s.Contains('.', StringComparison.Ordinal))
            .ToList();
        return segments.Count > 0 ? Truncate(Slugs.Slug(segments[^1]), 64) : null;
    }

    private static bool IsVersion(string segment) => segment.Length <= 4 && segment.StartsWith('v') && segment.Skip(1).All(char.IsAsciiDigit) || segment is "api" or "rest";

    private static string UrlPath(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        var rest = start >= 0 ? url[(start + 3)..] : url;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash >= 0 ? rest[slash..] : "";
    }

    private static bool IsAbsolute(string url) =>
        url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || System.Text.RegularExpressions.Regex.IsMatch(url, @"^\{\{[A-Za-z_][A-Za-z0-9_]*\}\}", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static string DuplicateIdentity(JsonObject endpoint)
    {
        var copy = (JsonObject)endpoint.DeepClone();
        copy.Remove("id");
        copy.Remove("name");
        copy.Remove("description");
        copy.Remove("entityType");
        return copy.ToJsonString();
    }

    private static IEnumerable<string> CommentBlock(IEnumerable<string> comments)
    {
        var lines = comments.SelectMany(c => c.Replace("\r", "", StringComparison.Ordinal).Split('\n')).Select(l => l.Replace("*/", "* /", StringComparison.Ordinal)).ToList();
        return lines.Count <= MaxCommentLines ? lines : [.. lines.Take(MaxCommentLines), $"... ({lines.Count - MaxCommentLines} more lines not copied)"];
    }

    private static readonly JsonSerializerOptions SchemaFileOptions = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The schema's file (schemas/name.json): the same schema is one file; another schema of a taken name gets -2, -3.</summary>
    private static string SchemaFile(string name, JsonObject schema, BuiltConnector built)
    {
        var text = schema.ToJsonString(SchemaFileOptions).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
        if (built.Files.FirstOrDefault(f => f.Text == text) is { Path: { } same })
        {
            return same;
        }
        var stem = Slugs.Slug(name, 80) is { Length: > 0 } slug ? slug : "schema";
        var taken = built.Files.Select(f => f.Path).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var path = "schemas/" + stem + ".json";
        for (var n = 2; taken.Contains(path); n++)
        {
            path = "schemas/" + stem + "-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".json";
        }
        built.Files.Add((path, text));
        return path;
    }

    private static void InsertBefore(JsonObject obj, string before, string name, JsonNode value)
    {
        if (!obj.ContainsKey(before))
        {
            obj[name] = value;
            return;
        }
        var members = obj.ToList();
        obj.Clear();
        foreach (var (key, node) in members)
        {
            if (key == before)
            {
                obj[name] = value;
            }
            obj[key] = node;
        }
    }

    private static void InsertAfter(JsonObject obj, string after, string name, JsonNode value)
    {
        var members = obj.ToList();
        obj.Clear();
        var inserted = false;
        foreach (var (key, node) in members)
        {
            obj[key] = node;
            if (key == after)
            {
                obj[name] = value;
                inserted = true;
            }
        }
        if (!inserted)
        {
            obj[name] = value;
        }
    }

    private static string? Truncate(string? text, int max) =>
        text is null ? null : text.Length <= max ? text : text[..(max - 1)] + "…";
}
