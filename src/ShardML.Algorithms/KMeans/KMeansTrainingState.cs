using MemoryPack;

namespace ShardML.Algorithms.KMeans;

/// <summary>K-means between iterations: all a resumed job needs to take the same steps an undisturbed one would.</summary>
/// <param name="Centers">Row-major k × d centers after <paramref name="Iteration"/> updates.</param>
/// <param name="Iteration">Lloyd iterations done (0: just initialized).</param>
/// <param name="Converged">True when the last update moved no center farther than the tolerance.</param>
/// <param name="LossHistory">Inertia before each update so far.</param>
/// <param name="Notes">Notes so far (re-seeded clusters).</param>
/// <param name="InitializationPasses">Passes the initialization took.</param>
/// <param name="Algorithms">
/// The algorithm each iteration ran; null in states saved before it was kept (and from several starts, which run Lloyd).
/// </param>
/// <param name="LastMove">The largest center move of the last iteration, which <see cref="KMeansIterationPolicy"/> reads.</param>
[MemoryPackable]
public sealed partial record KMeansTrainingState(
    float[] Centers, int Iteration, bool Converged, double[] LossHistory, string[] Notes, int InitializationPasses, KMeansAlgorithm[]? Algorithms = null, double LastMove = 0);
