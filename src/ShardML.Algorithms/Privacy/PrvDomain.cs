namespace ShardML.Algorithms.Privacy;

/// <summary>
/// The grid a privacy loss random variable is discretized on: <see cref="Size"/> (even) points from
/// <see cref="TMin"/> to <see cref="TMax"/>, and the mean corrections <see cref="Shifts"/> moved it by (Opacus'
/// <c>Domain</c>). Every grid of one accounting shares dt and size, so their PMFs convolve index by index.
/// </summary>
internal sealed record PrvDomain(double TMin, double TMax, int Size, double Shifts = 0)
{
    public double Dt => (TMax - TMin) / (Size - 1);

    /// <summary>
    /// The grid through −L…L with spacing <paramref name="dt"/>, its ends on multiples of dt: ⌊−L/dt⌋dt and ⌈L/dt⌉dt,
    /// so the points are −a·dt … a·dt, one more on the right to make the size even: t_min = −(size/2 − 1)·dt, which
    /// the circular composition relies on.
    /// </summary>
    public static PrvDomain CreateAligned(double tMin, double tMax, double dt, int maximumSize)
    {
        tMin = Math.Floor(tMin / dt) * dt;
        tMax = Math.Ceiling(tMax / dt) * dt;
        var points = Math.Round((tMax - tMin) / dt) + 1;
        if (points > maximumSize)
        {
            throw new ArgumentException(
                $"the PRV accountant would need a grid of {points:N0} points (more than {maximumSize:N0}) for a privacy loss range of ±{tMax:g4} at spacing {dt:g3}; use the RDP accountant");
        }

        var size = (int)points;
        if (size % 2 == 1)
        {
            size++;
            tMax += dt;
        }

        return new PrvDomain(tMin, tMax, size);
    }

    /// <summary>The i-th point, as numpy's <c>linspace</c> places it: start + i·dt, the last one exactly at the end.</summary>
    public double T(int i) => i == Size - 1 ? TMax : TMin + (i * Dt);

    public PrvDomain ShiftRight(double dt) => new(TMin + dt, TMax + dt, Size, Shifts + dt);
}
