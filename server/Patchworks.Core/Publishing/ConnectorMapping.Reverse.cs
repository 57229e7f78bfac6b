using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Patchworks.Core.Publishing;

/// <summary>
/// The reverse of <see cref="Map"/>: a system template read from the Core API (and everything under it) as a
/// connector file, by the same tables (<see cref="AuthenticationTypes"/>, <see cref="PaginationMethods"/>, the
/// field names of <see cref="Map"/>), so that mapping the pulled file again gives the same API fields. What the API
/// does not hold is not invented: a field the schema or the rules require gets a placeholder marked with a
/// "// TODO" comment, and the report says what the file could not be given.
/// </summary>
public static partial class ConnectorMapping
{
    /// <summary>The schema's systemType enum (definitions.systemType): the API's names in our casing.</summary>
    public static readonly IReadOnlyList<string> SystemTypeNames = ["Accounting", "CRM", "eCommerce", "ERP", "Marketplaces", "Other", "PIM", "POS", "3PL", "WMS", "Database"];

    /// <summary>
    /// The pulled connector: the file's JSON (with "// TODO" comments keyed by the value they stand before), the
    /// sidecar's ids by the planner's keys, what Patchworks' API does not hold, what the file cannot hold, and the
    /// placeholders put in.
    /// </summary>
    public sealed record Reversed(
        JsonObject File,
        IReadOnlyDictionary<JsonNode, string> Todos,
        IReadOnlyDictionary<string, string> Ids,
        IReadOnlyList<string> NotInFile,
        IReadOnlyList<string> Placeholders);

    /// <summary>What the documented Core API does not hold, so that a pulled file never has it (from the same table that leaves it out of a publish).</summary>
    public static IReadOnlyList<string> NotInApi { get; } =
    [
        .. Why.Select(w => $"{w.Key}: {w.Value}"),
        "pagination options (pageParam, limit, paths...): the documented API has pagination_method only",
        "auth settings blocks (basic, apiKey, oauth2, oauth1, soap): no documented field",
        "errorPath, errorWhen: ours, never published",
    ];

    /// <summary>The connector file for a system template read with <see cref="PublishPlanner.ReadTreeAsync"/>.</summary>
    internal static Reversed Reverse(PublishPlanner.RemoteNode template, ReferenceLists references, CoreApiAssumptions assumptions, string schemaReference, string? iconFileName)
    {
        var todos = new Dictionary<JsonNode, string>(ReferenceEqualityComparer.Instance);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal) { ["template"] = template.Id };
        var notInFile = new List<string>();
        var placeholders = new List<string>();
        var pendingTodos = todos;
        var pendingPlaceholders = placeholders;
        JsonNode Placeholder(JsonNode value, string where, string why)
        {
            pendingTodos[value] = $"TODO: {why}. Placeholder: Patchworks does not hold it.";
            pendingPlaceholders.Add($"{where}: {why}");
            return value;
        }
        var t = template.Data;
        var file = new JsonObject { ["$schema"] = schemaReference };
        var name = Text(t["name"]) ?? Text(t["label"]);
        file["name"] = name is null ? Placeholder(JsonValue.Create("TODO"), "name", "the connector's name (the template has neither name nor label)") : name;
        if (Text(t["name"]) is { } n && Text(t["label"]) is { } l && n != l)
        {
            notInFile.Add($"the template's label '{l}' differs from its name '{n}': the file has one name, published as both");
        }
        else if (Text(t["name"]) is null && Text(t["label"]) is { } onlyLabel)
        {
            notInFile.Add($"the template has no name, only the label '{onlyLabel}': the file's name is the label (a publish sets both)");
        }
        var version = new JsonObject();
        version["number"] = Integer(t["version"]) is { } number ? number : Placeholder(JsonValue.Create(1), "version.number", "the template has no version");
        if (Text(t["version_name"]) is { } versionName)
        {
            version["name"] = versionName;
        }
        file["version"] = version;
        if (Integer(t["version"]) == assumptions.InProgressVersion)
        {
            notInFile.Add($"the template is at version {assumptions.InProgressVersion}: a first publish that did not finish (A7)");
        }
        var systemType = NameOf(references.SystemTypes, t["system_type_id"]);
        file["systemType"] = systemType is null
            ? Placeholder(JsonValue.Create("Other"), "systemType", t["system_type_id"] is null ? "the template has no system type and the schema requires one" : $"system type id {t["system_type_id"]} is not in the API's list")
            : SystemTypeNames.FirstOrDefault(s => s.Equals(systemType, StringComparison.OrdinalIgnoreCase)) ?? systemType;
        file["protocol"] = Text(t["protocol"]) is { } protocol ? protocol : Placeholder(JsonValue.Create("HTTP"), "protocol", "the template has no protocol and the schema requires one");
        if (iconFileName is not null)
        {
            file["icon"] = iconFileName;
        }
        SetText(file, "colour", t["colour"]);
        SetText(file, "dateFormat", t["date_format"]);
        if (Integer(t["rate_limit_duration"]) is { } requests && Text(t["rate_limit_unit"]) is { } per)
        {
            file["rateLimit"] = new JsonObject { ["requests"] = requests, ["per"] = per };
        }
        SetText(file, "helpLink", t["help_link"]);
        // description: kept for people; the documented template field is not one this toolkit publishes.
        SetText(file, "description", t["description"]);
        AddVariables(file, template, "template", ids, notInFile);

        var auths = template.Children.Where(c => c.Kind == ResourceKind.AuthenticationImplementation).ToList();
        var authSlugs = new Dictionary<PublishPlanner.RemoteNode, string>();
        var usedAuthIds = new HashSet<string>(StringComparer.Ordinal);
        var authArray = new JsonArray();
        foreach (var auth in auths)
        {
            var a = auth.Data;
            var authName = Text(a["name"]) ?? $"auth {auth.Id}";
            var slug = UniqueSlug(authName, usedAuthIds);
            authSlugs[auth] = slug;
            var key = $"auth:{slug}";
            ids[key] = auth.Id;
            var o = new JsonObject { ["id"] = slug, ["name"] = authName };
            var typeName = NameOf(references.AuthenticationTypes, a["authentication_type_id"]);
            var type = typeName is null ? null : AuthenticationTypes.FirstOrDefault(p => p.Value.Equals(typeName, StringComparison.OrdinalIgnoreCase)).Key;
            o["type"] = type is null
                ? Placeholder(JsonValue.Create("none"), $"auth method '{slug}' type", typeName is null ? $"authentication type id {a["authentication_type_id"]} is not in the API's list" : $"authentication type '{typeName}' has no type in the connector format")
                : type;
            var url = Text(a["url"]);
            if (url is not null)
            {
                o["url"] = url;
            }
            else if (type is "oauth2ClientCredentials" or "oauth2AuthorizationCode" or "soap")
            {
                o["url"] = Placeholder(JsonValue.Create("https://example.invalid/TODO"), $"auth method '{slug}' url", "the authentication request's URL (required for this type)");
            }
            if (type == "oauth2AuthorizationCode")
            {
                o["additionalUrl"] = Placeholder(JsonValue.Create("https://example.invalid/TODO"), $"auth method '{slug}' additionalUrl", "the provider's authorise URL");
            }
            if (SettingsPlaceholder(type) is { } settings)
            {
                o[settings.Block] = Placeholder(settings.Value, $"auth method '{slug}' {settings.Block}", $"the {settings.Block} settings");
            }
            AddVariables(o, auth, key, ids, notInFile);
            AddParameters(o, auth, key, assumptions, ids, notInFile);
            authArray.Add(o);
        }

        // Endpoints: one per name and content, listing every auth method it is published under.
        var groups = new List<(string Signature, JsonObject Endpoint, List<(PublishPlanner.RemoteNode Auth, PublishPlanner.RemoteNode Endpoint)> Members)>();
        foreach (var auth in auths)
        {
            foreach (var endpoint in auth.Children.Where(c => c.Kind == ResourceKind.Endpoint))
            {
                var e = endpoint.Data;
                pendingTodos = new Dictionary<JsonNode, string>(ReferenceEqualityComparer.Instance);
                pendingPlaceholders = [];
                var label = Text(e["name"]) ?? $"endpoint {endpoint.Id}";
                var o = new JsonObject { ["id"] = "", ["name"] = label };
                var where = $"endpoint '{label}'";
                var entityType = NameOf(references.EntityTypes, e["entity_type_id"]);
                if (entityType is not null)
                {
                    o["entityType"] = entityType.ToLowerInvariant();
                }
                else if (e["entity_type_id"] is not null)
                {
                    notInFile.Add($"{where}: entity type id {e["entity_type_id"]} is not in the API's list");
                }
                o["direction"] = Text(e["direction"]) is { } direction ? direction.ToLowerInvariant() : Placeholder(JsonValue.Create("receive"), $"{where} direction", "the endpoint has no direction");
                o["method"] = Text(e["http_method"]) is { } method ? method.ToUpperInvariant() : Placeholder(JsonValue.Create("GET"), $"{where} method", "the endpoint has no HTTP method");
                o["url"] = Text(e["endpoint"]) is { } endpointUrl ? endpointUrl : Placeholder(JsonValue.Create("https://example.invalid/TODO"), $"{where} url", "the endpoint has no URL");
                SetText(o, "dataType", e["data_type"]);
                o["authMethods"] = new JsonArray();
                var scratch = new Dictionary<string, string>();
                AddVariables(o, endpoint, "e", scratch, []);
                AddParameters(o, endpoint, "e", assumptions, scratch, []);
                if (Text(e["pagination_method"]) is { } apiMethod)
                {
                    var ours = PaginationMethods.FirstOrDefault(p => p.Value.Equals(apiMethod, StringComparison.OrdinalIgnoreCase)).Key;
                    if (ours is null)
                    {
                        notInFile.Add($"{where}: pagination method '{apiMethod}' has no method in the connector format");
                    }
                    else
                    {
                        var pagination = new JsonObject { ["method"] = ours };
                        foreach (var option in Schema.PaginationMethods.Find(ours)?.Required ?? [])
                        {
                            pagination[option] = Placeholder(option == "limit" ? JsonValue.Create(100) : JsonValue.Create("TODO"), $"{where} pagination.{option}", $"pagination option {option} (required by {ours})");
                        }
                        // The value the method pages by must be sent (PW3011): a placeholder parameter name unless the endpoint already sends the built-in.
                        if (PagedBy.TryGetValue(ours, out var paged) && !o.ToJsonString().Contains($"[[pagination.{paged.Builtin}]]", StringComparison.Ordinal))
                        {
                            pagination[paged.Option] = Placeholder(JsonValue.Create(paged.Builtin), $"{where} pagination.{paged.Option}", $"the parameter the {ours} method sends its value in (a guess)");
                        }
                        o["pagination"] = pagination;
                    }
                }
                var signature = o.ToJsonString();
                var group = groups.FirstOrDefault(g => g.Signature == signature && g.Members.All(m => m.Auth != auth));
                if (group.Endpoint is null)
                {
                    group = (signature, o, []);
                    groups.Add(group);
                    // Placeholders count once per endpoint of the file, not once per auth method it is under.
                    foreach (var (node, todo) in pendingTodos)
                    {
                        todos[node] = todo;
                    }
                    placeholders.AddRange(pendingPlaceholders);
                }
                group.Members.Add((auth, endpoint));
            }
        }
        pendingTodos = todos;
        pendingPlaceholders = placeholders;
        var usedEndpointIds = new HashSet<string>(StringComparer.Ordinal);
        var endpointArray = new JsonArray();
        foreach (var (_, o, members) in groups)
        {
            var slug = UniqueSlug(o["name"]!.GetValue<string>(), usedEndpointIds);
            var ordered = new JsonObject();
            foreach (var (property, value) in o.ToList())
            {
                o.Remove(property);
                ordered[property] = value;
            }
            ordered["id"] = slug;
            if (members.Count == auths.Count)
            {
                ordered.Remove("authMethods");
            }
            else
            {
                ordered["authMethods"] = new JsonArray([.. members.Select(m => (JsonNode)JsonValue.Create(authSlugs[m.Auth]))]);
            }
            foreach (var (auth, endpoint) in members)
            {
                var key = $"endpoint:{authSlugs[auth]}/{slug}";
                ids[key] = endpoint.Id;
                AddVariables(null, endpoint, key, ids, notInFile);
                AddParameters(null, endpoint, key, assumptions, ids, notInFile);
            }
            endpointArray.Add(ordered);
        }
        file["authMethods"] = authArray;
        file["endpoints"] = endpointArray;
        return new Reversed(file, todos, ids, [.. notInFile.Distinct()], placeholders);
    }

    /// <summary>The option naming the parameter a method sends its value in, and the built-in that sends it otherwise (PW3011).</summary>
    private static readonly Dictionary<string, (string Option, string Builtin)> PagedBy = new(StringComparer.Ordinal)
    {
        ["pageNumber"] = ("pageParam", "page"),
        ["limitOffset"] = ("offsetParam", "offset"),
        ["nextPageToken"] = ("tokenParam", "next_page_token"),
    };

    /// <summary>The settings block a type needs (PW3008), with placeholder values.</summary>
    private static (string Block, JsonObject Value)? SettingsPlaceholder(string? type) => type switch
    {
        "basic" => ("basic", new JsonObject { ["username"] = "TODO", ["password"] = "TODO" }),
        "apiKey" => ("apiKey", new JsonObject { ["name"] = "TODO", ["value"] = "TODO" }),
        "oauth2ClientCredentials" or "oauth2AuthorizationCode" => ("oauth2", new JsonObject { ["clientId"] = "TODO" }),
        "oauth1" => ("oauth1", new JsonObject { ["consumerKey"] = "TODO", ["consumerSecret"] = "TODO" }),
        "soap" => ("soap", new JsonObject { ["envelope"] = "TODO" }),
        _ => null,
    };

    /// <summary>Variables of a remote node into <paramref name="into"/>["variables"] (null: only the ids), keyed as <see cref="Map"/> keys them.</summary>
    private static void AddVariables(JsonObject? into, PublishPlanner.RemoteNode owner, string ownerKey, Dictionary<string, string> ids, List<string> notInFile)
    {
        var array = new JsonArray();
        foreach (var variable in owner.Children.Where(c => c.Kind == ResourceKind.Variable))
        {
            var v = variable.Data;
            var key = Text(v["key"]) ?? "";
            ids[$"{ownerKey}/variable:{key}"] = variable.Id;
            var o = new JsonObject { ["key"] = key };
            SetText(o, "displayName", v["label"]);
            SetText(o, "alias", v["alias"]);
            SetText(o, "default", v["value"]);
            foreach (var flag in new[] { "required", "configurable", "locked", "secret" })
            {
                SetFlag(o, flag, v[flag], $"variable '{key}'", notInFile);
            }
            array.Add(o);
        }
        if (into is not null && array.Count > 0)
        {
            into["variables"] = array;
        }
    }

    /// <summary>Request options as query (A6: type url), headers and body, in the order <see cref="Map"/> reads them back.</summary>
    private static void AddParameters(JsonObject? into, PublishPlanner.RemoteNode owner, string ownerKey, CoreApiAssumptions assumptions, Dictionary<string, string> ids, List<string> notInFile)
    {
        var options = owner.Children.Where(c => c.Kind == ResourceKind.RequestOption).ToList();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (type, property, location) in new[] { (assumptions.QueryRequestOptionType, "query", "query"), ("header", "headers", "header"), ("body", "body", "body") })
        {
            var array = new JsonArray();
            foreach (var option in options.Where(r => Text(r.Data["type"]) == type))
            {
                var p = option.Data;
                var key = Text(p["key"]) ?? "";
                var count = seen[$"{type}:{key}"] = seen.GetValueOrDefault($"{type}:{key}") + 1;
                ids[$"{ownerKey}/{location}:{key}{(count > 1 ? $"#{count}" : "")}"] = option.Id;
                var o = new JsonObject { ["key"] = key };
                SetText(o, "value", p["value"]);
                SetFlag(o, "required", p["required"], $"{location} parameter '{key}'", notInFile);
                SetFlag(o, "configurable", p["configurable"], $"{location} parameter '{key}'", notInFile);
                foreach (var lost in new[] { "alias", "locked" })
                {
                    if (p[lost] is { } value && value.ToJsonString() is not ("null" or "false" or "\"\""))
                    {
                        notInFile.Add($"{location} parameter '{key}': {lost} {value.ToJsonString()} (the connector format's parameters have no {lost})");
                    }
                }
                array.Add(o);
            }
            if (into is not null && array.Count > 0)
            {
                into[property] = array;
            }
        }
        foreach (var option in options.Where(r => Text(r.Data["type"]) is not { } type || (type != assumptions.QueryRequestOptionType && type != "header" && type != "body")))
        {
            notInFile.Add($"request option '{Text(option.Data["key"])}' of type '{Text(option.Data["type"])}': not a query, header or body parameter");
        }
    }

    /// <summary>A boolean the file holds only when true (absent is false); an unset one (null) cannot be said, and is reported.</summary>
    private static void SetFlag(JsonObject o, string name, JsonNode? value, string where, List<string> notInFile)
    {
        if (value is JsonValue v && v.TryGetValue<bool>(out var flag))
        {
            if (flag)
            {
                o[name] = true;
            }
        }
        else if (value is null && where.Length > 0)
        {
            notInFile.Add($"{where}: {name} is unset in Patchworks; the file says false (a publish sets it)");
        }
    }

    private static void SetText(JsonObject o, string name, JsonNode? value)
    {
        if (Text(value) is { } text)
        {
            o[name] = text;
        }
    }

    private static string? Text(JsonNode? value) => value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static int? Integer(JsonNode? value) =>
        value is JsonValue v && (v.TryGetValue<int>(out var i) || (v.TryGetValue<double>(out var d) && d == Math.Floor(d) && (i = (int)d) == d)
            || (v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out i))) ? i : null;

    private static string? NameOf(ReferenceList list, JsonNode? id) =>
        id is null ? null : list.Items.FirstOrDefault(i => i.Id.ToString() == id.ToString()).Name;

    /// <summary>"List all orders" → "list-all-orders"; a second one "list-all-orders-2".</summary>
    public static string Slug(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                text.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && text.Length > 0 && text[^1] != '-')
            {
                text.Append('-');
            }
        }
        var slug = text.ToString().Trim('-');
        return slug.Length == 0 ? "item" : slug.Length > 100 ? slug[..100].TrimEnd('-') : slug;
    }

    private static string UniqueSlug(string name, HashSet<string> used)
    {
        var slug = Slug(name);
        var unique = slug;
        for (var i = 2; !used.Add(unique); i++)
        {
            unique = $"{slug}-{i}";
        }
        return unique;
    }
}
