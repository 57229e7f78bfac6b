using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Patchworks.LanguageServer.Protocol;

/// <summary>How protocol types are written: camelCase names as LSP spells them, nulls left out.</summary>
public static class ProtocolSerializer
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// How the server reads what a client sends (and writes its answers): as <see cref="Options"/>, but a member
    /// the types declare non-nullable may not be null, and a constructor parameter that is neither nullable nor
    /// has a default must be present. So `{}` for a hover, or `"uri": null`, fails while the params are read and is
    /// answered with InvalidParams naming the member (LspJsonRpc), before any handler sees a half-filled object.
    /// </summary>
    public static JsonSerializerOptions Strict { get; } = new(Options)
    {
        RespectNullableAnnotations = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { RequireNonNullableParameters } },
    };

    private static void RequireNonNullableParameters(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }
        // The protocol's records; not the anonymous types the server only writes.
        var ours = type.Type.Assembly == typeof(ProtocolSerializer).Assembly && !type.Type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false);
        foreach (var property in type.Properties)
        {
            // Only reading is strict: what the server writes is its own, and a null it leaves out is no error.
            if (!property.PropertyType.IsValueType || Nullable.GetUnderlyingType(property.PropertyType) is not null)
            {
                property.IsGetNullable = true;
            }
            if (ours && property.AssociatedParameter is { HasDefaultValue: false, IsNullable: false })
            {
                property.IsRequired = true;
            }
        }
        if (ours && NonNullItems(type.Type) is { Count: > 0 } lists)
        {
            type.OnDeserialized = value => RefuseNullItems(value, lists);
        }
    }

    /// <summary>The list and map members of a protocol type whose items the type declares non-nullable (IReadOnlyList&lt;FileEvent&gt;).</summary>
    private static List<(PropertyInfo Property, string JsonName)> NonNullItems(Type type)
    {
        var nullability = new NullabilityInfoContext();
        var result = new List<(PropertyInfo, string)>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.PropertyType == typeof(string) || !typeof(System.Collections.IEnumerable).IsAssignableFrom(property.PropertyType) || property.GetIndexParameters().Length > 0)
            {
                continue;
            }
            var info = nullability.Create(property);
            var item = info.GenericTypeArguments.Length > 0 ? info.GenericTypeArguments[^1] : info.ElementType;
            if (item is { ReadState: NullabilityState.NotNull } && !item.Type.IsValueType)
            {
                result.Add((property, Options.PropertyNamingPolicy?.ConvertName(property.Name) ?? property.Name));
            }
        }
        return result;
    }

    private static void RefuseNullItems(object value, List<(PropertyInfo Property, string JsonName)> lists)
    {
        foreach (var (property, name) in lists)
        {
            var items = property.GetValue(value) switch
            {
                System.Collections.IDictionary map => map.Values,
                System.Collections.IEnumerable list => list,
                _ => null,
            };
            if (items is not null && items.Cast<object?>().Any(i => i is null))
            {
                throw new NullItemException(name);
            }
        }
    }
}

/// <summary>A list or map of the params holds null where the protocol wants an item (`"contentChanges": [null]`).</summary>
public sealed class NullItemException(string member) : JsonException($"{member} must not hold null items")
{
    public string Member { get; } = member;
}
