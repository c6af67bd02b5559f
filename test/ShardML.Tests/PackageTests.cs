using System.Diagnostics;

namespace ShardML.Tests;

/// <summary>
/// What a team that adopts ShardML does: pack the library and the tool into a folder feed, reference the package (not
/// the projects) from a fresh console project, train and predict; install the tool and train with it. A version of
/// its own per run, removed from the package cache afterwards, so no earlier build is picked up.
/// </summary>
public sealed class PackageTests : IDisposable
{
    private static readonly string[] Packed = ["ShardML.Core", "ShardML.Algorithms", "ShardML.Runtime", "ShardML", "ShardML.Cli"];
    private readonly Samples _samples = new();
    private readonly string _version = $"0.9.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    [Fact]
    public async Task The_packages_train_and_predict_in_a_fresh_project_and_as_a_tool()
    {
        var feed = Directory.CreateDirectory(Path.Combine(_samples.Scratch, "feed")).FullName;
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        foreach (var project in Packed)
        {
            // The platform-neutral tool: one precompiled package per platform would take minutes and ~0.5 GB of runtime
            // packs (the csproj's default, tried by hand: docs/CLI.md).
            await RunAsync(_samples.Root, "pack", Path.Combine("src", project), "-c", configuration, "--no-build", "-o", feed, $"-p:Version={_version}", "-p:ShardMLToolPlatforms=none");
        }

        Assert.All(Packed, p => Assert.True(File.Exists(Path.Combine(feed, $"{p}.{_version}.nupkg")), $"{p} was not packed"));
        Assert.True(File.Exists(Path.Combine(feed, $"ShardML.{_version}.snupkg")), "no symbols package");

        var app = Directory.CreateDirectory(Path.Combine(_samples.Scratch, "app")).FullName;
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ShardML" Version="{_version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), $$"""
            using ShardML;

            await using var ml = await ShardMLContext.StartEmbeddedAsync(seed: 42);
            var model = await ml.KMeans(4).TrainAsync(ml.Data.FromCsv(@"{{_samples.Blobs}}", label: "species"));
            var metrics = await ml.EvaluateAsync(model, ml.Data.FromCsv(@"{{_samples.Blobs}}", label: "species"));
            Console.WriteLine($"clusters {model.Centers.Length} ari {metrics["adjusted_rand_index"]:F3} row {model.Predict([1.5f, -0.5f, 2.0f]).Cluster}");
            """);

        var run = await RunAsync(app, "run", "-c", "Release");

        Assert.Contains("clusters 4 ari 1.000 row ", run, StringComparison.Ordinal);

        var tools = Path.Combine(_samples.Scratch, "tools");
        await RunAsync(app, "tool", "install", "ShardML.Cli", "--tool-path", tools, "--add-source", feed, "--version", _version);
        var trained = await RunProcessAsync(_samples.Root, Path.Combine(tools, "shardml"), "train", "kmeans", "--data", _samples.Blobs, "--k", "4", "--label", "species", "--json");

        Assert.Contains("\"adjusted_rand_index\": 1", trained, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _samples.Dispose();
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var package in Packed)
        {
            var folder = Path.Combine(cache, package.ToLowerInvariant(), _version);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static Task<string> RunAsync(string directory, params string[] arguments) => RunProcessAsync(directory, "dotnet", arguments);

    private static async Task<string> RunProcessAsync(string directory, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        return await output;
    }
}
