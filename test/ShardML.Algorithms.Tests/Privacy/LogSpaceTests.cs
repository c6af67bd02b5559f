using ShardML.Algorithms.Privacy;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.Privacy;

/// <summary>The log-space arithmetic and erfc the RDP series rests on, to the last few ulps.</summary>
public sealed class LogSpaceTests
{
    [Theory]
    [InlineData(1e-300, 1e-300)]
    [InlineData(1e-10, 9.9999999995000000000333e-11)]
    [InlineData(-1e-10, -1.00000000005000000000333e-10)]
    [InlineData(0.5, 0.40546510810816438198)]
    [InlineData(-0.5, -0.69314718055994530942)]
    [InlineData(1e20, 46.051701859880913680)]
    public void Log1p_keeps_the_digits_of_a_tiny_argument(double x, double expected)
    {
        Approx.Relative(expected, LogSpace.Log1P(x), 4e-16, $"log1p({x})");
    }

    [Theory]
    [InlineData(1e-300, 1e-300)]
    [InlineData(1e-10, 1.00000000005000000000167e-10)]
    [InlineData(-1e-10, -9.9999999995000000000167e-11)]
    [InlineData(0.5, 0.64872127070012814685)]
    [InlineData(-40, -0.99999999999999999575)]
    [InlineData(700, 1.0142320547350045094e304)]
    public void Expm1_keeps_the_digits_of_a_tiny_argument(double x, double expected)
    {
        Approx.Relative(expected, LogSpace.ExpM1(x), 4e-16, $"expm1({x})");
    }

    [Fact]
    public void Adds_and_subtracts_in_log_space_with_minus_infinity_as_zero()
    {
        Approx.Relative(Math.Log(5), LogSpace.Add(Math.Log(2), Math.Log(3)), 1e-15, "log(2 + 3)");
        Approx.Relative(Math.Log(2), LogSpace.Subtract(Math.Log(5), Math.Log(3)), 1e-15, "log(5 − 3)");
        Assert.Equal(7.0, LogSpace.Add(double.NegativeInfinity, 7));
        Assert.Equal(7.0, LogSpace.Subtract(7, double.NegativeInfinity));
        Assert.Equal(double.NegativeInfinity, LogSpace.Subtract(7, 7));
        Assert.True(double.IsNaN(LogSpace.Subtract(3, 7)), "a negative difference has no logarithm");
        Assert.Equal(1000.0, LogSpace.Subtract(1000, 1)); // e¹ is below the last bit of e¹⁰⁰⁰
    }

    [Theory]
    // scipy 1.10.1: special.erfc(x) and log(2) + special.log_ndtr(−x√2), the log erfc Opacus' _log_erfc computes.
    [InlineData(-5, 1.9999999999984626, 0.6931471805591766)]
    [InlineData(-1, 1.8427007929497148, 0.6112323176780705)]
    [InlineData(0.1, 0.8875370839817152, -0.11930497373739557)]
    [InlineData(1, 0.15729920705028516, -1.849605509933249)]
    [InlineData(3.5, 7.430983723414129e-07, -14.112437402148178)]
    [InlineData(5, 1.5374597944280347e-12, -27.200889545537446)]
    [InlineData(10, 2.0884875837625446e-45, -102.87988902484493)]
    [InlineData(15, 7.212994172451209e-100, -228.28262515380644)]
    [InlineData(20, 5.395865611607901e-176, -403.5693433341044)]
    [InlineData(26, 5.663192408856145e-296, -679.8311997631946)]
    [InlineData(27, 0.0, -732.8688865078977)]
    [InlineData(50, 0.0, -2504.484587848452)]
    public void Erfc_and_its_log_match_scipy_into_the_far_tail(double x, double erfc, double logErfc)
    {
        if (erfc > 0)
        {
            Approx.Relative(erfc, ErrorFunction.Erfc(x), 1e-14, $"erfc({x})");
        }

        Approx.Relative(logErfc, ErrorFunction.LogErfc(x), 1e-14, $"log erfc({x})");
    }

    [Theory]
    [InlineData(20)]
    [InlineData(22.5)]
    [InlineData(26)]
    public void Log_erfc_by_the_asymptotic_series_equals_the_log_of_erfc_where_both_are_finite(double x)
    {
        Approx.Relative(Math.Log(ErrorFunction.Erfc(x)), ErrorFunction.LogErfc(x), 1e-15, $"log erfc({x})");
    }
}
