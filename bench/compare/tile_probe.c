/* How close a register-tiled K-means score tile can come to the FMA peak on this machine, in C: the tile of
 * BlockedAssignment (16 rows x 16 centers, d = 32, one zmm accumulator per row, the row's feature broadcast from
 * memory) over 250,000 rows, and the FMA peak of 12 independent chains on the same thread. A native ceiling for
 * the kernel's first half; the per-row argmin, exact distance and cluster sums come after it. Build and run:
 *   gcc -O2 -march=native bench/compare/tile_probe.c -o /tmp/tile_probe && /tmp/tile_probe
 * Prints the best of 5 runs of each, in GFLOP/s, and the tile's fraction of the peak. */
#include "fma_chains.h"
#include <stdio.h>
#include <stdlib.h>

#define D 32
#define ROWS 250000

/* Scores of 16 rows against a panel of 16 centers stored transposed (feature f of the 16 centers contiguous). */
__attribute__((noinline)) static void tile(const float *x, const float *panel, float *scores) {
    __m512 a[16];
    for (int r = 0; r < 16; r++) a[r] = _mm512_setzero_ps();
    for (int f = 0; f < D; f++) {
        __m512 c = _mm512_loadu_ps(panel + 16 * f);
#pragma GCC unroll 16
        for (int r = 0; r < 16; r++) a[r] = _mm512_fmadd_ps(_mm512_set1_ps(x[r * D + f]), c, a[r]);
    }
    for (int r = 0; r < 16; r++) _mm512_storeu_ps(scores + 16 * r, a[r]);
}

int main(void) {
    float *x = aligned_alloc(64, sizeof(float) * ROWS * D);
    float *panel = aligned_alloc(64, sizeof(float) * 16 * D);
    float scores[256], sink = 0;
    for (long i = 0; i < (long)ROWS * D; i++) x[i] = (float)(i % 97) * 0.01f;
    for (int i = 0; i < 16 * D; i++) panel[i] = (float)i * 0.001f;
    const long iterations = 50000000;
    double best_tile = 1e30, best_peak = 1e30;
    for (int run = 0; run < 5; run++) {
        double start = now();
        for (int row = 0; row + 16 <= ROWS; row += 16) {
            tile(x + (long)row * D, panel, scores);
            sink += scores[run];
        }
        if (now() - start < best_tile) best_tile = now() - start;
        start = now();
        sink += chains(iterations);
        if (now() - start < best_peak) best_peak = now() - start;
    }
    double tile_gflops = 2.0 * (ROWS / 16 * 16) * 16 * D / best_tile / 1e9;
    double peak_gflops = iterations * 12.0 * 16 * 2 / best_peak / 1e9;
    printf("score tile: %.1f GFLOP/s, FMA peak: %.1f GFLOP/s on one thread: the tile at %.0f%% of the peak (checksum %g)\n",
           tile_gflops, peak_gflops, 100 * tile_gflops / peak_gflops, sink);
    free(x);
    free(panel);
    return 0;
}
