using System.Text;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace Patchworks.Core.Running.Scripts;

/// <summary>
/// btoa and atob, as Node 18 and browsers have them: auth scripts build Basic credentials and decode tokens with
/// them, and Jint has neither. Strings are Latin-1 byte strings, as the web standard defines.
/// </summary>
internal static class Base64Functions
{
    public static void Install(Engine engine)
    {
        engine.SetValue("btoa", new ClrFunction(engine, "btoa", (_, arguments) =>
        {
            var text = Argument(arguments);
            var bytes = new byte[text.Length];
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] > 0xFF)
                {
                    throw new JavaScriptException(engine.Intrinsics.Error,
                        "btoa: the string has a character outside Latin-1; encode it first, e.g. btoa(unescape(encodeURIComponent(text)))");
                }
                bytes[i] = (byte)text[i];
            }
            return Convert.ToBase64String(bytes);
        }, 1));
        engine.SetValue("atob", new ClrFunction(engine, "atob", (_, arguments) =>
        {
            // The standard's forgiving decode: ASCII whitespace is ignored, missing padding is allowed.
            var text = new string(Argument(arguments).Where(c => c is not (' ' or '\t' or '\n' or '\f' or '\r')).ToArray());
            if (text.Length % 4 != 0)
            {
                text = text.PadRight(text.Length + 4 - text.Length % 4, '=');
            }
            try
            {
                return Encoding.Latin1.GetString(Convert.FromBase64String(text));
            }
            catch (FormatException)
            {
                throw new JavaScriptException(engine.Intrinsics.Error, "atob: the string is not valid Base64");
            }
        }, 1));
    }

    private static string Argument(JsValue[] arguments) => arguments.Length > 0 ? TypeConverter.ToString(arguments[0]) : "undefined";
}
