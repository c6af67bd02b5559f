/* A native cross-check of `shardml bench`'s FMA probe: 12 independent AVX-512 FMA chains per thread, the same
 * loop the probe runs, compiled by GCC. Build and run (one thread per core with OpenMP):
 *   gcc -O2 -march=native -fopenmp bench/compare/fma_peak.c -o /tmp/fma_peak && /tmp/fma_peak
 * Prints the best of 5 runs for one thread and for all threads, in GFLOP/s (2 flops per lane per FMA). */
#include <immintrin.h>
#include <omp.h>
#include <stdio.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static float chains(long iterations) {
    __m512 m = _mm512_set1_ps(0.9999999f), c = _mm512_set1_ps(1e-7f);
    __m512 a[12];
    for (int j = 0; j < 12; j++) a[j] = _mm512_set1_ps(1.f);
    for (long i = 0; i < iterations; i++) {
#pragma GCC unroll 12
        for (int j = 0; j < 12; j++) a[j] = _mm512_fmadd_ps(a[j], m, c);
    }
    float sum = 0;
    for (int j = 0; j < 12; j++) sum += _mm512_reduce_add_ps(a[j]);
    return sum;
}

int main(void) {
    const long iterations = 100000000;
    const double flops = iterations * 12.0 * 16 * 2;
    int threads = omp_get_max_threads();
    double one = 1e30, all = 1e30;
    float sink = 0;
    for (int run = 0; run < 5; run++) {
        double start = now();
        sink += chains(iterations);
        if (now() - start < one) one = now() - start;
        start = now();
#pragma omp parallel reduction(+ : sink)
        sink += chains(iterations);
        if (now() - start < all) all = now() - start;
    }
    printf("float FMA peak: %.0f GFLOP/s on 1 thread, %.0f GFLOP/s on %d threads (checksum %g)\n",
           flops / one / 1e9, flops * threads / all / 1e9, threads, sink);
    return 0;
}
