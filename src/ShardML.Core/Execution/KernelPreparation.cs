using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace ShardML.Core.Execution;

/// <summary>
/// Compiles a job's hot kernels before its first pass. A kernel marked
/// <see cref="MethodImplOptions.AggressiveOptimization"/> is compiled fully optimized at its first call and never
/// tiered; ReadyToRun images leave such methods out, so every process compiles them, and without this the first pass
/// of a job compiles them on its critical path (K-means': ~25 ms on an idle 2-core machine, out of a ~30 ms pass; see
/// docs/PERFORMANCE.md, "Warm-up"). Done while the job's data loads, the compiling overlaps reading the files.
/// </summary>
public static class KernelPreparation
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    /// <summary>
    /// The methods of <paramref name="types"/> marked <see cref="MethodImplOptions.AggressiveOptimization"/>, the
    /// code's own list of what runs per row or per block; generic definitions are left out (they are compiled per
    /// instantiation, which only the caller knows).
    /// </summary>
    public static IReadOnlyList<MethodBase> OptimizedMethodsOf(params Type[] types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var methods = new List<MethodBase>();
        foreach (var type in types)
        {
            foreach (var method in type.GetMethods(Everything))
            {
                if ((method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) != 0 && !method.ContainsGenericParameters)
                {
                    methods.Add(method);
                }
            }
        }

        return methods;
    }

    /// <summary>
    /// Compiles <paramref name="methods"/> on a thread-pool thread (off any caller's scheduler, such as a grain's). A
    /// method already compiled costs nothing, so preparing twice is harmless; one that cannot be prepared is only
    /// compiled at its first call, as without this, so it is reported, not thrown.
    /// </summary>
    public static Task<KernelPreparationResult> PrepareAsync(IReadOnlyList<MethodBase> methods, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(methods);
        if (methods.Count == 0)
        {
            return Task.FromResult(new KernelPreparationResult(0, TimeSpan.Zero, []));
        }

        return Task.Run(
            () =>
            {
                var clock = Stopwatch.StartNew();
                var failures = new List<string>();
                foreach (var method in methods)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    try
                    {
                        RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    }
                    catch (Exception e) when (e is ArgumentException or TypeLoadException or NotSupportedException or InvalidProgramException)
                    {
                        failures.Add($"{method.DeclaringType?.Name}.{method.Name}: {e.Message}");
                    }
                }

                return new KernelPreparationResult(methods.Count - failures.Count, clock.Elapsed, failures);
            },
            cancellationToken);
    }
}

/// <summary>What <see cref="KernelPreparation.PrepareAsync"/> did: methods compiled, the time it took, and those it could not prepare.</summary>
public sealed record KernelPreparationResult(int Prepared, TimeSpan Elapsed, IReadOnlyList<string> Failures);
