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
    /// Every method with a body of <paramref name="types"/> and of the types the compiler generated inside them
    /// (closures, lambdas, async state machines), and each async state machine's <c>Start</c> and
    /// <c>AwaitUnsafeOnCompleted</c> on its builder: the plumbing around a job's passes (the driver loop, the step
    /// message, the merge), which its first pass would otherwise compile on its critical path, hundreds of small methods
    /// at tier 0. Preparing them compiles the same tier 0 code a first call would, so they tier up as before. Generic
    /// definitions are closed over their constraints (a reference type gets the code every reference type shares); one
    /// that cannot be closed so is left to its first call.
    /// </summary>
    public static IReadOnlyList<MethodBase> MethodsOf(params Type[] types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var methods = new List<MethodBase>();
        foreach (var type in types)
        {
            AddMethods(type, methods);
        }

        return methods;
    }

    private static void AddMethods(Type type, List<MethodBase> methods)
    {
        if (Close(type) is not { } closed || closed.IsInterface)
        {
            return;
        }

        foreach (var method in closed.GetMethods(Everything))
        {
            if (HasBody(method) && (method.IsGenericMethodDefinition ? Close(method) : method) is { } prepared)
            {
                methods.Add(prepared);
            }
        }

        foreach (var constructor in closed.GetConstructors(Everything))
        {
            if (!constructor.IsStatic && HasBody(constructor))
            {
                methods.Add(constructor);
            }
        }

        if (typeof(IAsyncStateMachine).IsAssignableFrom(closed))
        {
            AddBuilderMethods(closed, methods);
        }

        foreach (var nested in type.GetNestedTypes(BindingFlags.NonPublic))
        {
            if (nested.Name.StartsWith('<')) // the compiler's: closures, lambdas, state machines (which carry no CompilerGenerated attribute)
            {
                AddMethods(nested, methods);
            }
        }
    }

    /// <summary>
    /// The builder's generic methods instantiated over the state machine (and each of its awaiters), and, for a
    /// <c>Task</c> builder, the box that carries the state machine across awaits: about half of what an async method's
    /// first call compiles. The box is internal to the runtime library, so it is looked up by name and left out when absent.
    /// </summary>
    private static void AddBuilderMethods(Type stateMachine, List<MethodBase> methods)
    {
        const BindingFlags instance = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
        const BindingFlags all = instance | BindingFlags.Static;
        var builder = stateMachine.GetField("<>t__builder", instance)?.FieldType;
        if (builder is null)
        {
            return;
        }

        var awaiters = stateMachine.GetFields(instance)
            .Where(f => f.Name.StartsWith("<>u__", StringComparison.Ordinal) && typeof(ICriticalNotifyCompletion).IsAssignableFrom(f.FieldType))
            .Select(f => f.FieldType)
            .Distinct()
            .ToArray();
        foreach (var method in builder.GetMethods(all))
        {
            var arguments = method.IsGenericMethodDefinition ? method.GetGenericArguments().Length : 0;
            if (method.Name is "Start" or "GetStateMachineBox" && arguments == 1)
            {
                Add(methods, () => method.MakeGenericMethod(stateMachine));
            }
            else if (method.Name is "AwaitUnsafeOnCompleted" or "AwaitOnCompleted" && arguments == 2)
            {
                foreach (var awaiter in awaiters)
                {
                    Add(methods, () => method.MakeGenericMethod(awaiter, stateMachine));
                }
            }
        }

        var core = typeof(AsyncTaskMethodBuilder).Assembly.GetType("System.Runtime.CompilerServices.AsyncMethodBuilderCore")?.GetMethod("Start", all);
        if (core is { IsGenericMethodDefinition: true })
        {
            Add(methods, () => core.MakeGenericMethod(stateMachine));
        }

        var result = builder == typeof(AsyncTaskMethodBuilder)
            ? typeof(Task).Assembly.GetType("System.Threading.Tasks.VoidTaskResult")
            : builder.IsGenericType && builder.GetGenericTypeDefinition() == typeof(AsyncTaskMethodBuilder<>) ? builder.GetGenericArguments()[0] : null;
        if (result is not null && typeof(AsyncTaskMethodBuilder<>).GetNestedType("AsyncStateMachineBox`1", BindingFlags.NonPublic) is { } box)
        {
            try
            {
                var closed = box.MakeGenericType(result, stateMachine);
                methods.AddRange(closed.GetMethods(instance | BindingFlags.Static | BindingFlags.DeclaredOnly).Where(m => HasBody(m) && !m.IsGenericMethodDefinition));
                methods.AddRange(closed.GetConstructors(instance).Where(HasBody));
            }
            catch (ArgumentException)
            {
                // another runtime's box: left to the first call
            }
        }
    }

    private static void Add(List<MethodBase> methods, Func<MethodBase> instantiate)
    {
        try
        {
            methods.Add(instantiate());
        }
        catch (ArgumentException)
        {
            // constraints this instantiation does not meet: left to the first call
        }
    }

    private static bool HasBody(MethodBase method) =>
        !method.IsAbstract && (method.MethodImplementationFlags & (MethodImplAttributes.InternalCall | MethodImplAttributes.Runtime)) == 0
        && (method.Attributes & MethodAttributes.PinvokeImpl) == 0;

    private static Type? Close(Type type)
    {
        if (!type.IsGenericTypeDefinition)
        {
            return type;
        }

        try
        {
            return StandIns(type.GetGenericArguments()) is { } arguments ? type.MakeGenericType(arguments) : null;
        }
        catch (ArgumentException)
        {
            return null; // constraints one stand-in cannot satisfy
        }
    }

    private static MethodInfo? Close(MethodInfo method)
    {
        try
        {
            return StandIns(method.GetGenericArguments()) is { } arguments ? method.MakeGenericMethod(arguments) : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>For each generic parameter, a reference type meeting its constraints: its one class or interface constraint, or object.</summary>
    private static Type[]? StandIns(Type[] parameters)
    {
        var standIns = new Type[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if ((parameter.GenericParameterAttributes & GenericParameterAttributes.NotNullableValueTypeConstraint) != 0)
            {
                return null; // a value type gets code of its own: which one is the caller's to say
            }

            var constraints = parameter.GetGenericParameterConstraints();
            if (constraints.Length > 1 || constraints.Any(c => c.ContainsGenericParameters))
            {
                return null;
            }

            standIns[i] = constraints.Length == 1 ? constraints[0] : typeof(object);
        }

        return standIns;
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
