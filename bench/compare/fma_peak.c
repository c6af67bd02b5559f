/* A native cross-check of `shardml bench`'s FMA probe: 12 independent AVX-512 FMA chains per thread, the same
 * loop the probe runs, compiled by GCC. Build and run (one thread per core with OpenMP):
 *   gcc -O2 -march=native -fopenmp bench/compare/fma_peak.c -o /tmp/fma_peak && /tmp/fma_peak
 * Prints the best of 5 runs for one thread and for all threads, in GFLOP/s (2 flops per lane per FMA). */
#include "fma_chains.h"
#include <omp.h>
#include <stdio.h>

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
