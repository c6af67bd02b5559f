namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// The driver's model-length vectors, reused from one iteration to the next. On 10⁵ coefficients each is 800 KB, an
/// object of the large-object heap: allocated new, every L-BFGS iteration (its direction, trial points and their
/// gradients, the correction pair) made ~5 MB of garbage, which brought a blocking gen-2 collection every few hundred
/// milliseconds, a background one taking a core from the passes, and fresh pages to fault in and zero. Vectors are
/// handed out as they were returned, not cleared: every user here writes all of a vector before reading it.
/// </summary>
internal sealed class VectorPool(int length)
{
    private readonly Stack<double[]> _free = [];
    private readonly HashSet<double[]> _freeSet = new(ReferenceEqualityComparer.Instance);

    public int Length => length;

    /// <summary>Vectors returned and not yet handed out again.</summary>
    public int Free => _free.Count;

    /// <summary>A vector of <see cref="Length"/> elements with unspecified contents.</summary>
    public double[] Rent() => _free.TryPop(out var vector) && _freeSet.Remove(vector) ? vector : new double[length];

    /// <summary>Gives <paramref name="vector"/> back; the caller must not use it again. Another length is ignored.</summary>
    public void Return(double[] vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        if (vector.Length != length)
        {
            return;
        }

        // Returned twice, a vector would be handed to two users at once: a bug to stop, not to absorb.
        if (!_freeSet.Add(vector))
        {
            throw new InvalidOperationException("a vector was returned to the pool twice");
        }

        _free.Push(vector);
    }
}
