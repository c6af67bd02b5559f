using BenchmarkDotNet.Attributes;
using ShardML.Core.Numerics.Losses;

namespace ShardML.Benchmarks;

/// <summary>
/// The logistic loss and derivative of 100,000 rows (<see cref="LogisticLossBlock.Evaluate"/>) at typical margins
/// (|y z| ≈ 10) and at confident ones (≈ 400, where e^−|m| ≈ 10⁻¹⁷⁴ and its square is subnormal): a well-fitted model
/// on nearly separable data has many rows of the second kind, and they must cost what the others do.
/// </summary>
public class LogisticLossBlockBenchmarks
{
    private const int Rows = 100_000;
    private readonly double[] _targets = new double[Rows];
    private readonly double[] _scores = new double[Rows];
    private readonly double[] _values = new double[Rows];
    private readonly double[] _derivatives = new double[Rows];

    [Params(10.0, 400.0)]
    public double Margin { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < Rows; i++)
        {
            _targets[i] = (i & 1) == 0 ? 1 : -1;
            _scores[i] = _targets[i] * Margin * (0.9 + (0.2 * (i * 7919 % 1000) / 1000.0));
        }
    }

    [Benchmark]
    public double Evaluate()
    {
        LogisticLossBlock.Evaluate(_targets, _scores, _values, _derivatives);
        return _values[^1];
    }
}
