// GEMM structure shared by the driver (gemm.cc) and the micro-kernels
// (gemm_generic.cc, gemm_x86.cc): C (m×n, row-major) = op(A)·op(B).
//
// As in BLIS (Van Zee & van de Geijn, "BLIS: A Framework for Rapidly
// Instantiating BLAS Functionality", ACM TOMS 2015): loops over NC-wide column
// blocks of C, KC-deep slices of k and MC-tall row blocks; op(B)'s KC×NC block
// is packed into NR-wide micro-panels (row p of a panel: NR contiguous values),
// op(A)'s MC×KC block into MR-tall micro-panels (column p: MR contiguous
// values), both zero-padded; a register-blocked micro-kernel then computes an
// MR×NR tile of C from one A and one B micro-panel with MR×NR/W vector
// accumulators. Each element of C is the k-sum in the same order whatever the
// tile position and thread split, so results are bitwise reproducible.
#pragma once

#include <cstddef>

#include "cpu.h"

namespace optlab {

// tile(kc, a, b, c, ldc, overwrite, mr, nr): the MR×NR product of the packed
// panels a (kc×MR) and b (kc×NR) is written to (overwrite) or added to the
// mr×nr corner of C at c with row stride ldc (mr ≤ MR, nr ≤ NR).
template <class T>
using MicroKernel = void (*)(long kc, const T* a, const T* b, T* c, long ldc, bool overwrite,
                             int mr, int nr);

template <class T>
struct GemmKernel {
  MicroKernel<T> tile = nullptr;
  int mr = 0, nr = 0;
  long mc = 0, kc = 0, nc = 0;
};

// The kernel for an instruction set (falls back to generic off x86-64).
GemmKernel<float> gemm_kernel_f32(Isa isa);
GemmKernel<double> gemm_kernel_f64(Isa isa);
GemmKernel<float> gemm_generic_f32();
GemmKernel<double> gemm_generic_f64();
bool gemm_x86_f32(Isa isa, GemmKernel<float>& k);
bool gemm_x86_f64(Isa isa, GemmKernel<double>& k);

// C = op(A)·op(B) with the current instruction set, on up to `threads` threads.
template <class T>
void gemm(const T* a, const T* b, T* c, long m, long k, long n, bool ta, bool tb, int threads);

}  // namespace optlab
