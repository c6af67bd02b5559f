
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// The last m correction pairs (s_k = x_{k+1} − x_k, y_k = ∇f_{k+1} − ∇f_k) of L-BFGS and the two-loop recursion
/// that applies the inverse-Hessian approximation H_k to a vector without forming it (Nocedal &amp; Wright, Numerical
/// Optimization, 2nd ed., Algorithm 7.4), with H⁰ = (sᵀy / yᵀy) I from the newest pair (eq. 7.20) — or, given a
/// diagonal preconditioner P (<see cref="DiagonalPreconditioner"/>), H⁰ = (sᵀy / yᵀPy) P, the same recursion in the
/// variables u = P^(−1/2) θ, where s becomes P^(−1/2) s and y, the gradient and the direction P^(1/2) times themselves
/// (so sᵀy, sᵀq and yᵀ(Hq) keep their values), and an empty memory gives −P∇f. A pair whose
/// curvature sᵀy is not positive would break positive definiteness and is skipped. Cost: 4·m·N multiply-adds per
/// direction for N unknowns; memory 2·m·N doubles. Runs on the driver.
/// With a <see cref="VectorPool"/>, the memory owns the vectors pushed into it and gives them back to the pool when it
/// drops them (the oldest pair, a pair refused for its curvature, a cleared memory).
/// </summary>
internal sealed class LbfgsMemory(int capacity, VectorPool? pool = null, double[]? preconditioner = null)
{
    private readonly LinkedList<(double[] S, double[] Y, double Rho)> _pairs = [];
    private readonly double[] _alphas = new double[capacity];
    private double[]? _scratch;

    public int Count => _pairs.Count;

    public void Clear()
    {
        foreach (var (s, y, _) in _pairs)
        {
            Release(s, y);
        }

        _pairs.Clear();
    }

    /// <summary>The pairs with their 1/sᵀy, oldest first: what a checkpoint keeps.</summary>
    public IReadOnlyCollection<(double[] S, double[] Y, double Rho)> Pairs => _pairs;

    /// <summary>
    /// Appends a pair saved by a checkpoint, oldest first, as it was: its curvature passed when it was pushed, and its
    /// 1/sᵀy is taken as saved rather than computed again.
    /// </summary>
    public void Restore(double[] s, double[] y, double rho)
    {
        if (_pairs.Count == capacity)
        {
            throw new InvalidOperationException($"the checkpoint holds more than the {capacity} correction pairs this job keeps");
        }

        _pairs.AddLast((s, y, rho));
    }

    /// <summary>Keeps the pair when sᵀy &gt; ε‖s‖‖y‖ (positive curvature); returns whether it was kept.</summary>
    public bool Push(double[] s, double[] y)
    {
        var sy = DoubleKernels.Dot(s, y);
        var threshold = 1e-12 * Math.Sqrt(DoubleKernels.Dot(s, s) * DoubleKernels.Dot(y, y));
        if (!(sy > threshold))
        {
            Release(s, y);
            return false;
        }

        if (_pairs.Count == capacity)
        {
            var (oldS, oldY, _) = _pairs.First!.Value;
            _pairs.RemoveFirst();
            Release(oldS, oldY);
        }

        _pairs.AddLast((s, y, 1 / sy));
        return true;
    }

    /// <summary>
    /// √(gᵀPg): the norm of <paramref name="gradient"/> in the variables the recursion works in (‖g‖ without a
    /// preconditioner), which sizes the first step of an empty memory.
    /// </summary>
    public double ScaledNorm(double[] gradient)
    {
        if (preconditioner is null)
        {
            return Math.Sqrt(DoubleKernels.Dot(gradient, gradient));
        }

        var scaled = _scratch ??= new double[gradient.Length];
        DoubleKernels.Multiply(gradient, preconditioner, scaled);
        return Math.Sqrt(DoubleKernels.Dot(gradient, scaled));
    }

    /// <summary>−H·<paramref name="gradient"/>: the quasi-Newton descent direction (−P·gradient, steepest descent without a preconditioner, when empty).</summary>
    public double[] Direction(ReadOnlySpan<double> gradient)
    {
        var q = new double[gradient.Length];
        Direction(gradient, q);
        return q;
    }

    /// <summary><see cref="Direction(ReadOnlySpan{double})"/> into <paramref name="q"/>, which must not overlap the gradient.</summary>
    public void Direction(ReadOnlySpan<double> gradient, double[] q)
    {
        gradient.CopyTo(q);
        var alphas = _alphas;
        var k = _pairs.Count - 1;
        for (var node = _pairs.Last; node is not null; node = node.Previous, k--)
        {
            var (s, y, rho) = node.Value;
            alphas[k] = rho * DoubleKernels.Dot(s, q);
            DoubleKernels.MultiplyAdd(y, -alphas[k], q, q);
        }

        if (preconditioner is null)
        {
            if (_pairs.Last is { } newest)
            {
                var (s, y, _) = newest.Value;
                DoubleKernels.Multiply(q, DoubleKernels.Dot(s, y) / DoubleKernels.Dot(y, y), q);
            }
        }
        else
        {
            DoubleKernels.Multiply(q, preconditioner, q);
            if (_pairs.Last is { } newest)
            {
                var (s, y, _) = newest.Value;
                var scaledY = _scratch ??= new double[y.Length];
                DoubleKernels.Multiply(y, preconditioner, scaledY);
                DoubleKernels.Multiply(q, DoubleKernels.Dot(s, y) / DoubleKernels.Dot(y, scaledY), q);
            }
        }

        k = 0;
        for (var node = _pairs.First; node is not null; node = node.Next, k++)
        {
            var (s, y, rho) = node.Value;
            var beta = rho * DoubleKernels.Dot(y, q);
            DoubleKernels.MultiplyAdd(s, alphas[k] - beta, q, q);
        }

        DoubleKernels.Multiply(q, -1, q);
    }

    private void Release(double[] s, double[] y)
    {
        pool?.Return(s);
        pool?.Return(y);
    }
}
