using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ShardML.Tests;

/// <summary>
/// The C# in README.md and docs/ is the C# of examples/ShardML.Examples, which CI builds: every snippet must appear in
/// an example (its usings at the top of that file), and the examples must run. So a snippet that no longer compiles,
/// or no longer does what it says, fails the build or this test instead of a reader.
/// </summary>
public sealed partial class DocumentationExamplesTests : IDisposable
{
    private readonly Samples _samples = new();

    /// <summary>README.md and every page of docs/: a page with C# in it cannot be left out of the check.</summary>
    public static TheoryData<string> Documents
    {
        get
        {
            using var samples = new Samples();
            return [.. Directory.GetFiles(Path.Combine(samples.Root, "docs"), "*.md").Select(f => Path.GetRelativePath(samples.Root, f)).Order().Prepend("README.md")];
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_csharp_snippet_is_code_of_an_example(string document)
    {
        var text = File.ReadAllText(Path.Combine(_samples.Root, document));
        var snippets = Snippet().Matches(text).Select(m => m.Groups[1].Value).ToList();
        var examples = Directory.GetFiles(Path.Combine(_samples.Root, "examples"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path: f, Text: File.ReadAllText(f)))
            .ToList();

        foreach (var snippet in snippets)
        {
            var lines = snippet.Split('\n');
            var usings = lines.Where(l => l.StartsWith("using ", StringComparison.Ordinal) && l.TrimEnd().EndsWith(';')).Select(l => l.Trim()).ToList();
            var code = Normalize(string.Join('\n', lines.Where(l => !usings.Contains(l.Trim()))));
            var home = examples.FirstOrDefault(e => Normalize(e.Text).Contains(code, StringComparison.Ordinal));
            Assert.True(home.Path is not null, $"{document}: this snippet is in no file of examples/:\n{snippet}");
            Assert.All(usings, u => Assert.Contains(u, home.Text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_examples_run_from_the_repository_root()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var program = Path.Combine(_samples.Root, "examples", "ShardML.Examples", "bin", configuration, "net10.0", "ShardML.Examples.dll");
        Assert.True(File.Exists(program), $"{program} is not built: build the solution first");
        var start = new ProcessStartInfo("dotnet", [program])
        {
            WorkingDirectory = _samples.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await output}\n{await error}");
        Assert.Contains("all examples ran", await output, StringComparison.Ordinal);
    }

    public void Dispose() => _samples.Dispose();

    private static string Normalize(string code) => Whitespace().Replace(code, " ").Trim();

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Snippet();

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();
}
