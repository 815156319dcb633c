// Portable micro-kernels (plain C++; the compiler vectorises the NR loop with
// the baseline instruction set). Used off x86-64 and on CPUs without AVX2+FMA.
#include "gemm.h"

namespace optlab {

namespace {

template <class T, int MR, int NR>
void tile(long kc, const T* a, const T* b, T* c, long ldc, bool overwrite, int mr, int nr) {
  T acc[MR][NR] = {};
  for (long p = 0; p < kc; p++) {
    const T* ap = a + p * MR;
    const T* bp = b + p * NR;
    for (int i = 0; i < MR; i++) {
      const T ai = ap[i];
      for (int j = 0; j < NR; j++) acc[i][j] += ai * bp[j];
    }
  }
  for (int i = 0; i < mr; i++) {
    T* ci = c + i * ldc;
    if (overwrite)
      for (int j = 0; j < nr; j++) ci[j] = acc[i][j];
    else
      for (int j = 0; j < nr; j++) ci[j] += acc[i][j];
  }
}

}  // namespace

GemmKernel<float> gemm_generic_f32() { return {tile<float, 4, 16>, 4, 16, 128, 256, 4096}; }
GemmKernel<double> gemm_generic_f64() { return {tile<double, 4, 8>, 4, 8, 128, 256, 2048}; }

}  // namespace optlab
