using System.Text;
using System.Text.RegularExpressions;

namespace Patchworks.Core.Importing;

/// <summary>--only patterns: * (any text, / included) and ? (one character), case-insensitive, over "Folder/Request".</summary>
public static class Glob
{
    public static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        foreach (var c in pattern)
        {
            regex.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>Whether the request's path (folders and name joined by /) or its name alone matches.</summary>
    public static bool Matches(Regex glob, ApiRequest request) =>
        glob.IsMatch(string.Join('/', request.Folders.Append(request.Name))) || glob.IsMatch(request.Name);
}
