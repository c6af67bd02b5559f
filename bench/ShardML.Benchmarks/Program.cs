using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/ShardML.Benchmarks -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(ShardML.Benchmarks.LloydBenchmarks).Assembly).Run(args);
