// x86-64 micro-kernels: AVX-512 (MR×NR = 12×32 float32, 12×16 float64: 24
// zmm accumulators, 2 B vectors, 1 broadcast A, of 32 registers) and AVX2+FMA
// (6×16 / 6×8: 12 ymm accumulators of 16), as in BLIS's skx and haswell
// kernels and OpenBLAS's. Each function carries its own target attribute, so
// this file is compiled for baseline x86-64 and the caller picks a kernel from
// CPUID. Only our own internal-linkage code is compiled with those targets (no
// shared inline function of a library header gets an AVX-512 body).
#include "gemm.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#define OPTLAB_AVX512 __attribute__((target("avx512f,avx2,fma")))
#define OPTLAB_AVX2 __attribute__((target("avx2,fma")))

namespace optlab {

namespace {

// The shared body: MR rows × NV vectors of W lanes. `V` supplies the vector
// operations for one (instruction set, type) pair.
#define OPTLAB_TILE_BODY(V, T, MR, NV)                                                   \
  constexpr int W = V::W;                                                                \
  constexpr int NR = NV * W;                                                             \
  typename V::reg acc[MR][NV];                                                           \
  _Pragma("GCC unroll 16") for (int i = 0; i < MR; i++)                                  \
      _Pragma("GCC unroll 4") for (int v = 0; v < NV; v++) acc[i][v] = V::zero();        \
  for (long p = 0; p < kc; p++) {                                                        \
    typename V::reg bv[NV];                                                              \
    _Pragma("GCC unroll 4") for (int v = 0; v < NV; v++) bv[v] = V::load(b + v * W);     \
    _Pragma("GCC unroll 16") for (int i = 0; i < MR; i++) {                              \
      typename V::reg ai = V::bcast(a + i);                                              \
      _Pragma("GCC unroll 4") for (int v = 0; v < NV; v++) acc[i][v] =                   \
          V::fma(ai, bv[v], acc[i][v]);                                                  \
    }                                                                                    \
    a += MR;                                                                             \
    b += NR;                                                                             \
  }                                                                                      \
  if (mr == MR && nr == NR) {                                                            \
    _Pragma("GCC unroll 16") for (int i = 0; i < MR; i++) {                              \
      T* ci = c + i * ldc;                                                               \
      _Pragma("GCC unroll 4") for (int v = 0; v < NV; v++) {                             \
        if (overwrite)                                                                   \
          V::store(ci + v * W, acc[i][v]);                                               \
        else                                                                             \
          V::store(ci + v * W, V::add(V::load(ci + v * W), acc[i][v]));                  \
      }                                                                                  \
    }                                                                                    \
    return;                                                                              \
  }                                                                                      \
  alignas(64) T buf[MR * NR];                                                            \
  _Pragma("GCC unroll 16") for (int i = 0; i < MR; i++)                                  \
      _Pragma("GCC unroll 4") for (int v = 0; v < NV; v++)                               \
          V::store(buf + i * NR + v * W, acc[i][v]);                                     \
  for (int i = 0; i < mr; i++) {                                                         \
    T* ci = c + i * ldc;                                                                 \
    const T* bi = buf + i * NR;                                                          \
    if (overwrite)                                                                       \
      for (int j = 0; j < nr; j++) ci[j] = bi[j];                                        \
    else                                                                                 \
      for (int j = 0; j < nr; j++) ci[j] += bi[j];                                       \
  }

struct Avx512F32 {
  using reg = __m512;
  static constexpr int W = 16;
  OPTLAB_AVX512 static inline reg zero() { return _mm512_setzero_ps(); }
  OPTLAB_AVX512 static inline reg load(const float* p) { return _mm512_loadu_ps(p); }
  OPTLAB_AVX512 static inline reg bcast(const float* p) { return _mm512_set1_ps(*p); }
  OPTLAB_AVX512 static inline reg fma(reg a, reg b, reg c) { return _mm512_fmadd_ps(a, b, c); }
  OPTLAB_AVX512 static inline reg add(reg a, reg b) { return _mm512_add_ps(a, b); }
  OPTLAB_AVX512 static inline void store(float* p, reg v) { _mm512_storeu_ps(p, v); }
};

struct Avx512F64 {
  using reg = __m512d;
  static constexpr int W = 8;
  OPTLAB_AVX512 static inline reg zero() { return _mm512_setzero_pd(); }
  OPTLAB_AVX512 static inline reg load(const double* p) { return _mm512_loadu_pd(p); }
  OPTLAB_AVX512 static inline reg bcast(const double* p) { return _mm512_set1_pd(*p); }
  OPTLAB_AVX512 static inline reg fma(reg a, reg b, reg c) { return _mm512_fmadd_pd(a, b, c); }
  OPTLAB_AVX512 static inline reg add(reg a, reg b) { return _mm512_add_pd(a, b); }
  OPTLAB_AVX512 static inline void store(double* p, reg v) { _mm512_storeu_pd(p, v); }
};

struct Avx2F32 {
  using reg = __m256;
  static constexpr int W = 8;
  OPTLAB_AVX2 static inline reg zero() { return _mm256_setzero_ps(); }
  OPTLAB_AVX2 static inline reg load(const float* p) { return _mm256_loadu_ps(p); }
  OPTLAB_AVX2 static inline reg bcast(const float* p) { return _mm256_broadcast_ss(p); }
  OPTLAB_AVX2 static inline reg fma(reg a, reg b, reg c) { return _mm256_fmadd_ps(a, b, c); }
  OPTLAB_AVX2 static inline reg add(reg a, reg b) { return _mm256_add_ps(a, b); }
  OPTLAB_AVX2 static inline void store(float* p, reg v) { _mm256_storeu_ps(p, v); }
};

struct Avx2F64 {
  using reg = __m256d;
  static constexpr int W = 4;
  OPTLAB_AVX2 static inline reg zero() { return _mm256_setzero_pd(); }
  OPTLAB_AVX2 static inline reg load(const double* p) { return _mm256_loadu_pd(p); }
  OPTLAB_AVX2 static inline reg bcast(const double* p) { return _mm256_broadcast_sd(p); }
  OPTLAB_AVX2 static inline reg fma(reg a, reg b, reg c) { return _mm256_fmadd_pd(a, b, c); }
  OPTLAB_AVX2 static inline reg add(reg a, reg b) { return _mm256_add_pd(a, b); }
  OPTLAB_AVX2 static inline void store(double* p, reg v) { _mm256_storeu_pd(p, v); }
};

OPTLAB_AVX512 void tile_avx512_f32(long kc, const float* a, const float* b, float* c, long ldc,
                                   bool overwrite, int mr, int nr) {
  OPTLAB_TILE_BODY(Avx512F32, float, 12, 2)
}

OPTLAB_AVX512 void tile_avx512_f64(long kc, const double* a, const double* b, double* c, long ldc,
                                   bool overwrite, int mr, int nr) {
  OPTLAB_TILE_BODY(Avx512F64, double, 12, 2)
}

OPTLAB_AVX2 void tile_avx2_f32(long kc, const float* a, const float* b, float* c, long ldc,
                               bool overwrite, int mr, int nr) {
  OPTLAB_TILE_BODY(Avx2F32, float, 6, 2)
}

OPTLAB_AVX2 void tile_avx2_f64(long kc, const double* a, const double* b, double* c, long ldc,
                               bool overwrite, int mr, int nr) {
  OPTLAB_TILE_BODY(Avx2F64, double, 6, 2)
}

}  // namespace

bool gemm_x86_f32(Isa isa, GemmKernel<float>& k) {
  if (isa == Isa::avx512) k = {tile_avx512_f32, 12, 32, 240, 256, 4096};
  else if (isa == Isa::avx2) k = {tile_avx2_f32, 6, 16, 120, 256, 4096};
  else return false;
  return true;
}

bool gemm_x86_f64(Isa isa, GemmKernel<double>& k) {
  if (isa == Isa::avx512) k = {tile_avx512_f64, 12, 16, 240, 256, 2048};
  else if (isa == Isa::avx2) k = {tile_avx2_f64, 6, 8, 120, 256, 2048};
  else return false;
  return true;
}

}  // namespace optlab

#else

namespace optlab {
bool gemm_x86_f32(Isa, GemmKernel<float>&) { return false; }
bool gemm_x86_f64(Isa, GemmKernel<double>&) { return false; }
}  // namespace optlab

#endif
