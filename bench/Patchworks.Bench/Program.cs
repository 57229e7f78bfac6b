using Patchworks.Bench;

// Parse + validate benchmark of Patchworks.Core (bench/README.md). Not a timed test: it prints figures.
try
{
    if (args.Length == 2 && args[0] == PeakProbe.Argument)
    {
        return PeakProbe.RunChild(args[1]);
    }
    var options = BenchOptions.Parse(args);
    if (options.Help)
    {
        Console.WriteLine(BenchOptions.Usage);
        return 0;
    }
    Timing.PrintSamples = options.Samples;
    var paths = RepoPaths.Find();
    var inputs = new List<(string Label, string Path)>();
    if (options.Inputs.Count > 0)
    {
        inputs.AddRange(options.Inputs.Select(i => (System.IO.Path.GetFileName(i), System.IO.Path.GetFullPath(i))));
    }
    else
    {
        var generator = new InputGenerator(paths);
        generator.Prepare();
        foreach (var size in options.Sizes)
        {
            inputs.Add((SizeLabel(size), generator.Generate(size)));
        }
    }

    if (options.EditProfileEdits is { } edits)
    {
        foreach (var (_, path) in inputs)
        {
            EditProfile.Run(path, edits);
        }
        return 0;
    }

    if (options.LoopSeconds is { } seconds)
    {
        return Loop.Run(inputs[0].Path, seconds);
    }

    var results = new List<InputResult>();
    foreach (var (label, path) in inputs)
    {
        results.Add(InputBenchmark.Run(label, path, paths, options));
    }

    var commandLine = "dotnet run -c Release --project bench/Patchworks.Bench" + (args.Length > 0 ? " -- " + string.Join(' ', args) : "");
    var markdown = ResultTable.Render(results, commandLine);
    var resultsPath = options.ResultsPath ?? System.IO.Path.Combine(paths.OutFolder, "results.md");
    Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(resultsPath))!);
    File.WriteAllText(resultsPath, markdown);
    Console.WriteLine();
    Console.WriteLine(markdown);
    Console.WriteLine($"written to {resultsPath}");
    return 0;
}
catch (BenchException e)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    return 2;
}

static string SizeLabel(long bytes) => bytes switch
{
    >= 1_000_000 when bytes % 1_000_000 == 0 => $"{bytes / 1_000_000} MB",
    >= 1_000 when bytes % 1_000 == 0 => $"{bytes / 1_000} KB",
    _ => $"{bytes} B",
};
