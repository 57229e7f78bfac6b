namespace Patchworks.Bench;

/// <summary>The command line: which inputs to measure and how many times.</summary>
public sealed class BenchOptions
{
    public static readonly IReadOnlyList<long> DefaultSizes = [10_000, 100_000, 1_000_000, 5_000_000];

    /// <summary>Target sizes of the generated connectors, in bytes.</summary>
    public IReadOnlyList<long> Sizes { get; private set; } = DefaultSizes;

    /// <summary>Existing connector files to measure instead of generated ones.</summary>
    public List<string> Inputs { get; } = [];

    /// <summary>Measured iterations; null: 30 for inputs up to 1 MB, 10 above.</summary>
    public int? Iterations { get; private set; }

    /// <summary>Warm-up iterations before each measurement (and at least <see cref="MinWarmupMs"/> of them).</summary>
    public int Warmup { get; private set; } = 5;

    public int MinWarmupMs { get; private set; } = 1000;

    /// <summary>Where the results table is written; null: bench/out/results.md.</summary>
    public string? ResultsPath { get; private set; }

    /// <summary>Only run create+analyze back to back for this many seconds (for a profiler: bench/profile.sh).</summary>
    public int? LoopSeconds { get; private set; }

    /// <summary>Only profile this many edits of the first input, phase by phase (EditProfile).</summary>
    public int? EditProfileEdits { get; private set; }

    /// <summary>Print each iteration's time.</summary>
    public bool Samples { get; private set; }

    public bool Help { get; private set; }

    public int IterationsFor(long bytes) => Iterations ?? (bytes <= 1_100_000 ? 30 : 10);

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new BenchException($"missing value for {arg}");
            switch (arg)
            {
                case "--sizes":
                    options.Sizes = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(ParseSize).ToList();
                    break;
                case "--edit-profile":
                    options.EditProfileEdits = ParsePositive(arg, Value());
                    break;
                case "--input":
                    options.Inputs.Add(Value());
                    break;
                case "--iterations":
                    options.Iterations = ParsePositive(arg, Value());
                    break;
                case "--warmup":
                    options.Warmup = ParsePositive(arg, Value());
                    break;
                case "--min-warmup-ms":
                    options.MinWarmupMs = ParseNonNegative(arg, Value());
                    break;
                case "--loop":
                    options.LoopSeconds = ParsePositive(arg, Value());
                    break;
                case "--samples":
                    options.Samples = true;
                    break;
                case "--out":
                    options.ResultsPath = Value();
                    break;
                case "-h" or "--help":
                    options.Help = true;
                    break;
                default:
                    throw new BenchException($"unknown argument {arg} (--help for usage)");
            }
        }
        return options;
    }

    public const string Usage = """
        usage: dotnet run -c Release --project bench/Patchworks.Bench -- [options]

          --sizes 10000,100000,1000000,5000000   target sizes of the generated connectors (bytes; k/m suffixes allowed)
          --input FILE                           measure an existing connector instead (repeatable; --sizes is then ignored)
          --iterations N                         measured iterations per figure (default 30 up to 1 MB, 10 above)
          --warmup N                             warm-up iterations per figure (default 5, and at least --min-warmup-ms)
          --min-warmup-ms MS                     minimum warm-up time per figure (default 1000)
          --loop SECONDS                         only run create+analyze back to back on the first input for SECONDS, for a profiler
          --edit-profile N                       only profile N edits of each input after its first analysis, phase by phase (thread CPU ms)
          --samples                              print every iteration's wall time too
          --out FILE                             where to write the Markdown table (default bench/out/results.md)
        """;

    private static long ParseSize(string text)
    {
        var multiplier = 1L;
        var digits = text.ToLowerInvariant();
        if (digits.EndsWith('k'))
        {
            multiplier = 1000;
            digits = digits[..^1];
        }
        else if (digits.EndsWith('m'))
        {
            multiplier = 1_000_000;
            digits = digits[..^1];
        }
        if (!long.TryParse(digits, System.Globalization.CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw new BenchException($"--sizes: '{text}' is not a positive size in bytes");
        }
        return value * multiplier;
    }

    private static int ParsePositive(string name, string text) =>
        int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new BenchException($"{name}: '{text}' is not a positive number");

    private static int ParseNonNegative(string name, string text) =>
        int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new BenchException($"{name}: '{text}' is not a number >= 0");
}

/// <summary>A problem with the command line or the environment, reported without a stack trace.</summary>
public sealed class BenchException(string message) : Exception(message);
