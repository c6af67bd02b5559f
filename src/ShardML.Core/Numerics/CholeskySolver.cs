namespace ShardML.Core.Numerics;

/// <summary>
/// Solves <c>A x = b</c> for a symmetric positive-definite <c>A</c> by Cholesky factorization <c>A = L Lᵀ</c>
/// (Golub &amp; Van Loan, Algorithm 4.2.1), in double. Cost: d³/3 multiply-adds; for the d×d normal equations on
/// the driver, where d is the feature count.
/// </summary>
public static class CholeskySolver
{
    /// <summary>
    /// Solves in place; <paramref name="matrix"/> (row-major d×d) is overwritten by <c>L</c>. Returns false when
    /// the matrix is not positive definite to working precision (collinear features, a constant column).
    /// </summary>
    public static bool TrySolve(double[] matrix, double[] rhs, int d, out double[] solution)
    {
        solution = [];
        var scale = 0.0;
        for (var i = 0; i < d; i++)
        {
            scale = Math.Max(scale, Math.Abs(matrix[(i * d) + i]));
        }

        var threshold = Math.Max(scale, double.Epsilon) * d * 1e-13;
        for (var j = 0; j < d; j++)
        {
            var diagonal = matrix[(j * d) + j];
            for (var k = 0; k < j; k++)
            {
                diagonal -= matrix[(j * d) + k] * matrix[(j * d) + k];
            }

            if (!(diagonal > threshold))
            {
                return false;
            }

            var pivot = Math.Sqrt(diagonal);
            matrix[(j * d) + j] = pivot;
            for (var i = j + 1; i < d; i++)
            {
                var sum = matrix[(i * d) + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= matrix[(i * d) + k] * matrix[(j * d) + k];
                }

                matrix[(i * d) + j] = sum / pivot;
            }
        }

        var y = new double[d];
        for (var i = 0; i < d; i++)
        {
            var sum = rhs[i];
            for (var k = 0; k < i; k++)
            {
                sum -= matrix[(i * d) + k] * y[k];
            }

            y[i] = sum / matrix[(i * d) + i];
        }

        var x = new double[d];
        for (var i = d - 1; i >= 0; i--)
        {
            var sum = y[i];
            for (var k = i + 1; k < d; k++)
            {
                sum -= matrix[(k * d) + i] * x[k];
            }

            x[i] = sum / matrix[(i * d) + i];
        }

        solution = x;
        return true;
    }
}
