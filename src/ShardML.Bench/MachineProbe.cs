using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ShardML.Bench;

/// <summary>What this machine can do at best, measured in this process: memory read bandwidth and the float FMA peak.</summary>
/// <param name="Cores">Logical processors.</param>
/// <param name="Processor">The CPU model, from /proc/cpuinfo where there is one.</param>
/// <param name="VectorBits">The widest accelerated vector: 512, 256 or 128.</param>
/// <param name="ReadBandwidthOneThread">GB/s summing a large float array on one thread (best of the repeats).</param>
/// <param name="ReadBandwidthAllThreads">GB/s with one thread per core, each summing its share.</param>
/// <param name="FmaPeakOneThread">GFLOP/s of independent float FMA chains on one thread (2 flops per lane).</param>
/// <param name="FmaPeakAllThreads">The same with one thread per core.</param>
public sealed record MachineLimits(
    int Cores,
    string Processor,
    int VectorBits,
    double ReadBandwidthOneThread,
    double ReadBandwidthAllThreads,
    double FmaPeakOneThread,
    double FmaPeakAllThreads)
{
    /// <summary>The time one pass of <paramref name="bytes"/> and <paramref name="flops"/> takes at best on all cores: the larger of the two limits.</summary>
    public double LimitSeconds(double bytes, double flops) =>
        Math.Max(bytes / (ReadBandwidthAllThreads * 1e9), flops / (FmaPeakAllThreads * 1e9));
}

/// <summary>
/// Measures <see cref="MachineLimits"/> the way STREAM-like probes do: a read of an array far larger than the last
/// level cache with several independent vector accumulators (so the loop is bound by memory, not by add latency),
/// and 12 independent FMA chains per thread (more than latency × ports, so the loop is bound by FMA throughput).
/// Each figure is the best of several repeats, the machine's capability; the kernels' times are medians, so the
/// fraction of the limit errs against the kernels.
/// </summary>
public static class MachineProbe
{
    public static MachineLimits Measure(long arrayBytes = 256L << 20, int repeats = 5, long fmaIterations = 20_000_000)
    {
        var cores = Environment.ProcessorCount;
        var data = GC.AllocateUninitializedArray<float>((int)(arrayBytes / sizeof(float)));
        Parallel.For(0, cores, t =>
        {
            var (start, length) = Share(data.Length, cores, t);
            data.AsSpan(start, length).Fill(1f); // touch every page, from the threads that will read it
        });

        var readOne = Best(repeats, () => Seconds(() => Sum(data, 0, data.Length)), arrayBytes);
        var readAll = Best(repeats, () => Seconds(() => Parallel.For(0, cores, new ParallelOptions { MaxDegreeOfParallelism = cores }, t =>
        {
            var (start, length) = Share(data.Length, cores, t);
            Sum(data, start, length);
        })), arrayBytes);
        data = null;
        GC.Collect();

        const long chains = 12;
        var iterations = fmaIterations;
        var lanes = Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : 4;
        var flops = (double)iterations * chains * lanes * 2;
        var fmaOne = Best(repeats, () => Seconds(() => Fma(iterations)), flops);
        var fmaAll = Best(repeats, () => Seconds(() => Parallel.For(0, cores, new ParallelOptions { MaxDegreeOfParallelism = cores }, _ => Fma(iterations))), flops * cores);
        return new MachineLimits(cores, ProcessorName(), lanes * 32, readOne, readAll, fmaOne, fmaAll);
    }

    /// <summary>
    /// A quick probe of both limits on all cores, run right before each timed iteration: one read of
    /// <paramref name="buffer"/> (larger than the last-level cache) and one FMA run. On a machine shared with other
    /// work, a kernel's time divided by the limit measured a moment before it is a fairer ratio than one limit for
    /// the whole run.
    /// </summary>
    public static (double ReadBandwidth, double FmaPeak) Paired(float[] buffer, long fmaIterations)
    {
        var cores = Environment.ProcessorCount;
        var options = new ParallelOptions { MaxDegreeOfParallelism = cores };
        var read = Seconds(() => Parallel.For(0, cores, options, t =>
        {
            var (start, length) = Share(buffer.Length, cores, t);
            Sum(buffer, start, length);
        }));
        var fma = Seconds(() => Parallel.For(0, cores, options, _ => Fma(fmaIterations)));
        var lanes = Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : 4;
        return (buffer.Length * (double)sizeof(float) / read / 1e9, fmaIterations * 12.0 * lanes * 2 * cores / fma / 1e9);
    }

    /// <summary>Units per second (in billions) of the fastest of <paramref name="repeats"/> runs, after one warm-up run.</summary>
    private static double Best(int repeats, Func<double> seconds, double units)
    {
        seconds();
        var best = double.PositiveInfinity;
        for (var i = 0; i < repeats; i++)
        {
            best = Math.Min(best, seconds());
        }

        return units / best / 1e9;
    }

    private static double Seconds(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    private static (int Start, int Length) Share(int length, int parts, int part)
    {
        var start = (int)((long)length * part / parts);
        var end = (int)((long)length * (part + 1) / parts);
        return (start, end - start);
    }

    /// <summary>Σ of a float range with 4 independent accumulators, widest vectors first.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Sum(float[] data, int start, int length)
    {
        ref var x = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(data), start);
        var i = 0;
        var total = 0f;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> a = default, b = default, c = default, d = default;
            for (; i <= length - 64; i += 64)
            {
                a += Vector512.LoadUnsafe(ref x, (nuint)i);
                b += Vector512.LoadUnsafe(ref x, (nuint)(i + 16));
                c += Vector512.LoadUnsafe(ref x, (nuint)(i + 32));
                d += Vector512.LoadUnsafe(ref x, (nuint)(i + 48));
            }

            total = Vector512.Sum((a + b) + (c + d));
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> a = default, b = default, c = default, d = default;
            for (; i <= length - 32; i += 32)
            {
                a += Vector256.LoadUnsafe(ref x, (nuint)i);
                b += Vector256.LoadUnsafe(ref x, (nuint)(i + 8));
                c += Vector256.LoadUnsafe(ref x, (nuint)(i + 16));
                d += Vector256.LoadUnsafe(ref x, (nuint)(i + 24));
            }

            total = Vector256.Sum((a + b) + (c + d));
        }

        for (; i < length; i++)
        {
            total += Unsafe.Add(ref x, i);
        }

        return total;
    }

    /// <summary>12 independent FMA chains for <paramref name="iterations"/> steps; returns a value the JIT cannot drop.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Fma(long iterations)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var m = Vector512.Create(0.9999999f);
            var c = Vector512.Create(1e-7f);
            Vector512<float> a0 = Vector512<float>.One, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
            for (long i = 0; i < iterations; i++)
            {
                a0 = Vector512.FusedMultiplyAdd(a0, m, c);
                a1 = Vector512.FusedMultiplyAdd(a1, m, c);
                a2 = Vector512.FusedMultiplyAdd(a2, m, c);
                a3 = Vector512.FusedMultiplyAdd(a3, m, c);
                a4 = Vector512.FusedMultiplyAdd(a4, m, c);
                a5 = Vector512.FusedMultiplyAdd(a5, m, c);
                a6 = Vector512.FusedMultiplyAdd(a6, m, c);
                a7 = Vector512.FusedMultiplyAdd(a7, m, c);
                a8 = Vector512.FusedMultiplyAdd(a8, m, c);
                a9 = Vector512.FusedMultiplyAdd(a9, m, c);
                a10 = Vector512.FusedMultiplyAdd(a10, m, c);
                a11 = Vector512.FusedMultiplyAdd(a11, m, c);
            }

            return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
        }

        {
            var m = Vector256.Create(0.9999999f);
            var c = Vector256.Create(1e-7f);
            Vector256<float> a0 = Vector256<float>.One, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
            for (long i = 0; i < iterations; i++)
            {
                a0 = Vector256.FusedMultiplyAdd(a0, m, c);
                a1 = Vector256.FusedMultiplyAdd(a1, m, c);
                a2 = Vector256.FusedMultiplyAdd(a2, m, c);
                a3 = Vector256.FusedMultiplyAdd(a3, m, c);
                a4 = Vector256.FusedMultiplyAdd(a4, m, c);
                a5 = Vector256.FusedMultiplyAdd(a5, m, c);
                a6 = Vector256.FusedMultiplyAdd(a6, m, c);
                a7 = Vector256.FusedMultiplyAdd(a7, m, c);
                a8 = Vector256.FusedMultiplyAdd(a8, m, c);
                a9 = Vector256.FusedMultiplyAdd(a9, m, c);
                a10 = Vector256.FusedMultiplyAdd(a10, m, c);
                a11 = Vector256.FusedMultiplyAdd(a11, m, c);
            }

            return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
        }
    }

    private static string ProcessorName()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null)
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
