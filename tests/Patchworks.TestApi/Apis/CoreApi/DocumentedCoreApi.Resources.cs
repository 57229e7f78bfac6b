using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Patchworks.TestApi.Apis;

/// <summary>Routing, lists, creates, updates and logo uploads of <see cref="DocumentedCoreApi"/> (called under its lock).</summary>
public sealed partial class DocumentedCoreApi
{
    private enum RouteKind
    {
        ReferenceList,
        Logo,
        List,
        Create,
        Show,
        Update,
    }

    private sealed record RouteMatch(RouteKind Kind, CollectionSpec? Spec = null, int Id = 0, Reply? Error = null);

    private sealed record LogoUpload(string? FileName, byte[]? Bytes);

    /// <summary>Laravel's routing: an unknown path is 404, a known path with another method 405 (with Allow).</summary>
    private static RouteMatch Route(string method, string rest)
    {
        var get = HttpMethods.IsGet(method);
        if (CoreApiReferenceLists.All.ContainsKey(rest))
        {
            return get ? new(RouteKind.ReferenceList) : Refused(method, rest, "GET, HEAD");
        }
        if (rest == LogoRoute)
        {
            return HttpMethods.IsPost(method) ? new(RouteKind.Logo) : Refused(method, rest, "POST");
        }
        foreach (var spec in CoreApiSchema.Collections)
        {
            if (rest == spec.Path)
            {
                return get ? new(RouteKind.List, spec) : HttpMethods.IsPost(method) ? new(RouteKind.Create, spec) : Refused(method, rest, "GET, HEAD, POST");
            }
            if (rest.StartsWith(spec.Path + "/", StringComparison.Ordinal) && rest[(spec.Path.Length + 1)..] is { Length: > 0 } segment && !segment.Contains('/'))
            {
                if (!get && !HttpMethods.IsPatch(method))
                {
                    return Refused(method, rest, "GET, HEAD, PATCH");
                }
                // Route-model binding: an id that is not a stored resource's (a name, "abc", 0) is "no query results".
                var id = int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
                return new(get ? RouteKind.Show : RouteKind.Update, spec, id);
            }
        }
        return new(RouteKind.List, Error: new Reply(StatusCodes.Status404NotFound, new JsonObject { ["message"] = $"The route api/v1/{rest} could not be found." }));
    }

    private static RouteMatch Refused(string method, string rest, string allowed) =>
        new(RouteKind.List, Error: MethodNotAllowed(method, "api/v1/" + rest, allowed));

    private static Reply MethodNotAllowed(string method, string path, string allowed) =>
        new(StatusCodes.Status405MethodNotAllowed,
            new JsonObject { ["message"] = $"The {method} method is not supported for route {path}. Supported methods: {allowed}." },
            new Dictionary<string, string> { ["Allow"] = allowed });

    private static Reply NoSuchModel(CollectionSpec spec, int id) =>
        new(StatusCodes.Status404NotFound, new JsonObject { ["message"] = $"No query results for model [App\\Models\\{spec.Model}] {(id < 0 ? "" : id.ToString(CultureInfo.InvariantCulture))}".TrimEnd() });

    private static Reply Invalid(List<KeyValuePair<string, string>> errors) =>
        new(StatusCodes.Status422UnprocessableEntity, CoreApiSchema.ErrorBody(errors));

    private string Now() => _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static List<JsonObject> ReferenceItems(string list) =>
        [.. CoreApiReferenceLists.All[list].OrderBy(e => e.Id).Select(e => new JsonObject { ["id"] = CoreApiSchema.Number(e.Id), ["name"] = e.Name })];

    private bool ResourceHas(string collection, int id) => _store.TryGetValue(collection, out var items) && items.ContainsKey(id);

    private Reply Create(CollectionSpec spec, JsonObject input)
    {
        var (fields, errors) = CoreApiSchema.Validate(spec, input, CoreApiReferenceLists.Has, ResourceHas);
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }
        var id = _nextIds[spec.Path]++;
        var now = Now();
        var item = Compose(id, fields, now, now);
        _store[spec.Path][id] = item;
        _writes++;
        return new Reply(StatusCodes.Status201Created, new JsonObject { ["data"] = item.DeepClone() });
    }

    /// <summary>
    /// PATCH: the given declared fields over the stored ones, validated as a whole. Owner links cannot move: they are
    /// ignored on PATCH like unknown fields (the update rules do not list them). Timestamps move only on a change.
    /// </summary>
    private Reply Update(CollectionSpec spec, int id, JsonObject input)
    {
        if (!_store[spec.Path].TryGetValue(id, out var existing))
        {
            return NoSuchModel(spec, id);
        }
        var merged = (JsonObject)existing.DeepClone();
        foreach (var rule in spec.Fields.Where(f => !f.Owner))
        {
            if (input.ContainsKey(rule.Name))
            {
                merged[rule.Name] = input[rule.Name]?.DeepClone();
            }
        }
        var (fields, errors) = CoreApiSchema.Validate(spec, merged, CoreApiReferenceLists.Has, ResourceHas);
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }
        var changed = spec.Fields.Any(f => !JsonNode.DeepEquals(fields[f.Name], existing[f.Name]));
        var item = Compose(id, fields, existing["created_at"]?.GetValue<string>() ?? Now(), changed ? Now() : existing["updated_at"]?.GetValue<string>() ?? Now());
        _store[spec.Path][id] = item;
        _writes++;
        return new Reply(StatusCodes.Status200OK, new JsonObject { ["data"] = item.DeepClone() });
    }

    private static JsonObject Compose(int id, JsonObject fields, string createdAt, string updatedAt)
    {
        var item = new JsonObject { ["id"] = CoreApiSchema.Number(id) };
        foreach (var (name, value) in fields)
        {
            item[name] = value?.DeepClone();
        }
        item["created_at"] = createdAt;
        item["updated_at"] = updatedAt;
        return item;
    }

    /// <summary>
    /// A list: <c>filter[field]=a,b</c> (any of the values; exact, case-insensitive; unknown filter fields 400 as
    /// spatie/laravel-query-builder answers), <c>page</c> (anything but a positive integer is page 1, as Laravel's
    /// paginator reads it), <c>per_page</c> (1..100, default 15, 422 otherwise); items in id order.
    /// </summary>
    private static Reply List(HttpRequest request, string rest, List<JsonObject> items, IReadOnlyList<string> filterable)
    {
        var errors = new List<KeyValuePair<string, string>>();
        var perPage = 15;
        if (request.Query.TryGetValue("per_page", out var perPageText))
        {
            if (!int.TryParse(perPageText.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out perPage))
            {
                errors.Add(new("per_page", "The per page field must be an integer."));
            }
            else if (perPage > 100)
            {
                errors.Add(new("per_page", "The per page field must not be greater than 100."));
            }
            else if (perPage < 1)
            {
                errors.Add(new("per_page", "The per page field must be at least 1."));
            }
        }
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }
        var page = int.TryParse(request.Query["page"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var asked) && asked >= 1 ? asked : 1;
        var filters = new List<(string Field, string[] Values)>();
        foreach (var (key, value) in request.Query)
        {
            if (key.StartsWith("filter[", StringComparison.Ordinal) && key.EndsWith(']'))
            {
                var field = key["filter[".Length..^1];
                if (!filterable.Contains(field, StringComparer.Ordinal))
                {
                    return new Reply(StatusCodes.Status400BadRequest, new JsonObject
                    {
                        ["message"] = $"Requested filter(s) `{field}` are not allowed. Allowed filter(s) are `{string.Join(", ", filterable)}`.",
                    });
                }
                filters.Add((field, value.ToString().Split(',')));
            }
        }
        var matching = items.Where(item => filters.All(f => f.Values.Any(v => Matches(item[f.Field], v)))).ToList();
        var total = matching.Count;
        var lastPage = Math.Max(1, (total + perPage - 1) / perPage);
        var data = new JsonArray([.. matching.Skip((page - 1) * perPage).Take(perPage).Select(i => (JsonNode)i.DeepClone())]);
        var from = data.Count == 0 ? null : (int?)(((page - 1) * perPage) + 1);
        var path = $"https://{Host}/api/v1/{rest}";
        string Link(int number)
        {
            var query = request.Query.Where(q => q.Key != "page")
                .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"))
                .Append($"page={number}");
            return $"{path}?{string.Join('&', query)}";
        }
        return new Reply(StatusCodes.Status200OK, new JsonObject
        {
            ["data"] = data,
            ["links"] = new JsonObject
            {
                ["first"] = Link(1),
                ["last"] = Link(lastPage),
                ["prev"] = page > 1 ? Link(page - 1) : null,
                ["next"] = page < lastPage ? Link(page + 1) : null,
            },
            ["meta"] = new JsonObject
            {
                ["current_page"] = page,
                ["from"] = from,
                ["last_page"] = lastPage,
                ["path"] = path,
                ["per_page"] = perPage,
                ["to"] = from is null ? null : from + data.Count - 1,
                ["total"] = total,
            },
        });
    }

    private static bool Matches(JsonNode? value, string wanted) =>
        value?.GetValueKind() switch
        {
            null or JsonValueKind.Null => false,
            JsonValueKind.String => string.Equals(value.GetValue<string>(), wanted, StringComparison.OrdinalIgnoreCase),
            JsonValueKind.True => wanted is "1" or "true",
            JsonValueKind.False => wanted is "0" or "false",
            _ => value.ToJsonString() == wanted,
        };

    /// <summary>The file of the multipart field <c>logo</c>, or an upload with no bytes when there is none.</summary>
    private static async Task<LogoUpload> ReadLogoAsync(HttpContext context, byte[] body)
    {
        if (!context.Request.HasFormContentType)
        {
            return new LogoUpload(null, null);
        }
        context.Request.Body = new MemoryStream(body);
        try
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            if (form.Files.GetFile("logo") is not { } file)
            {
                return new LogoUpload(null, null);
            }
            using var copy = new MemoryStream();
            await file.CopyToAsync(copy, context.RequestAborted);
            return new LogoUpload(file.FileName, copy.ToArray());
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return new LogoUpload(null, null);
        }
    }

    /// <summary>A5: 201 <c>{"data": {"logo_url"}}</c>, the URL named by the bytes' SHA-256; 422 on field <c>logo</c> otherwise.</summary>
    private Reply StoreLogo(LogoUpload? upload)
    {
        static Reply Refuse(string message) => Invalid([new("logo", message)]);
        if (upload?.Bytes is not { } bytes)
        {
            return Refuse("The logo field is required.");
        }
        if (bytes.Length == 0)
        {
            return Refuse("The logo field must be a file.");
        }
        if (bytes.LongLength > MaxLogoBytes)
        {
            return Refuse($"The logo field must not be greater than {MaxLogoBytes / 1024} kilobytes.");
        }
        if (CoreApiLogos.TypeOf(upload.FileName, bytes) is not { } type)
        {
            return Refuse("The logo field must be a file of type: png, jpg, gif, svg.");
        }
        var url = $"https://{Host}/storage/logos/{Convert.ToHexStringLower(SHA256.HashData(bytes))}.{type}";
        _logos[url] = bytes;
        _writes++;
        return new Reply(StatusCodes.Status201Created, new JsonObject { ["data"] = new JsonObject { ["logo_url"] = url } });
    }
}
