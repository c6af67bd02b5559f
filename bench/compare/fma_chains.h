/* What the native probes share: a monotonic clock and the FMA loop of `shardml bench`'s probe, 12 independent
 * AVX-512 FMA chains (more than latency x ports, so the loop is bound by FMA throughput). */
#ifndef SHARDML_FMA_CHAINS_H
#define SHARDML_FMA_CHAINS_H
#include <immintrin.h>
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

#endif
