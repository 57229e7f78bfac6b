using System.Text.Encodings.Web;
using System.Text.Json;

namespace Patchworks.TestApi.Hosting;

/// <summary>
/// JSON as the real services write it: "+01:00" and "Setup > Users" stay as they are instead of the default
/// encoder's \u002B and \u003E, so that raw bodies (runner output, snapshots) look like the real ones.
/// </summary>
public static class JsonText
{
    public static JsonSerializerOptions Options { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
