using System.Text;

namespace Patchworks.Core.Editing;

/// <summary>Names for secrets a quick fix moves out of an instance: secret:&lt;instance-name-slug&gt;-&lt;key&gt;.</summary>
public static class SecretNames
{
    /// <summary>The instance's name (or file name) in lower case, runs of other characters as one hyphen.</summary>
    public static string Slug(Model.Instance instance) =>
        Slug(instance.Name ?? Path.GetFileName(instance.FilePath).Replace(".instance.json", "", StringComparison.OrdinalIgnoreCase));

    /// <summary>A name in lower case, runs of other characters as one hyphen; "instance" for none, "i-" before a digit.</summary>
    public static string Slug(string source)
    {
        var slug = new StringBuilder();
        foreach (var c in source.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        var result = slug.ToString().TrimEnd('-');
        // A reference name starts with a letter or an underscore (SecretReference's pattern).
        return result.Length == 0 ? "instance" : char.IsAsciiDigit(result[0]) ? "i-" + result : result;
    }

    public static string NameFor(Model.Instance instance, string key) => NameFor(Slug(instance), key);

    /// <summary>The SecretStorage name of an instance's secret: its slug, a hyphen, the variable's key.</summary>
    public static string NameFor(string slug, string key) => $"{slug}-{key}";

    public static string ReferenceFor(Model.Instance instance, string key) => $"secret:{NameFor(instance, key)}";
}
