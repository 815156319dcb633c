// The GEMM driver: packing, cache blocking and the thread split (see gemm.h),
// plus the N-API entry `matmul(a, b, c, m, k, n, transA, transB)`.
#include "gemm.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "addon.h"
#include "pool.h"

namespace optlab {

GemmKernel<float> gemm_kernel_f32(Isa isa) {
  GemmKernel<float> k;
  return gemm_x86_f32(isa, k) ? k : gemm_generic_f32();
}

GemmKernel<double> gemm_kernel_f64(Isa isa) {
  GemmKernel<double> k;
  return gemm_x86_f64(isa, k) ? k : gemm_generic_f64();
}

namespace {

template <class T>
GemmKernel<T> kernel_for(Isa isa);
template <>
GemmKernel<float> kernel_for<float>(Isa isa) { return gemm_kernel_f32(isa); }
template <>
GemmKernel<double> kernel_for<double>(Isa isa) { return gemm_kernel_f64(isa); }

// A per-thread, 64-byte aligned scratch buffer that only grows.
struct Scratch {
  void* p = nullptr;
  size_t bytes = 0;
  ~Scratch() { std::free(p); }
  template <class T>
  T* get(size_t n) {
    size_t want = (n * sizeof(T) + 63) / 64 * 64;
    if (want > bytes) {
      std::free(p);
      p = std::aligned_alloc(64, want);
      bytes = want;
    }
    return static_cast<T*>(p);
  }
};

thread_local Scratch tl_pack_a, tl_pack_b;

// An operand viewed through strides: x(r, s) = data[r·rs + s·cs].
template <class T>
struct View {
  const T* data;
  long rs, cs;
  T at(long r, long s) const { return data[r * rs + s * cs]; }
};

// op(A)[i0 .. i0+mc) × [p0 .. p0+kc) into MR-tall micro-panels (zero-padded).
template <class T>
void pack_a(View<T> a, long i0, long mc, long p0, long kc, int MR, T* dst) {
  for (long ir = 0; ir < mc; ir += MR) {
    const int mr = static_cast<int>(std::min<long>(MR, mc - ir));
    T* d = dst + ir * kc;
    const T* s = a.data + (i0 + ir) * a.rs + p0 * a.cs;
    if (a.rs == 1) {  // op(A) columns are contiguous (A transposed)
      for (long p = 0; p < kc; p++) {
        const T* sp = s + p * a.cs;
        T* dp = d + p * MR;
        for (int i = 0; i < mr; i++) dp[i] = sp[i];
        for (int i = mr; i < MR; i++) dp[i] = T(0);
      }
    } else {  // rows contiguous
      for (int i = 0; i < mr; i++) {
        const T* si = s + i * a.rs;
        for (long p = 0; p < kc; p++) d[p * MR + i] = si[p];
      }
      for (int i = mr; i < MR; i++)
        for (long p = 0; p < kc; p++) d[p * MR + i] = T(0);
    }
  }
}

// op(B)[p0 .. p0+kc) × [j0 .. j0+nc) into NR-wide micro-panels (zero-padded).
template <class T>
void pack_b(View<T> b, long p0, long kc, long j0, long nc, int NR, T* dst) {
  for (long jr = 0; jr < nc; jr += NR) {
    const int nr = static_cast<int>(std::min<long>(NR, nc - jr));
    T* d = dst + jr * kc;
    const T* s = b.data + p0 * b.rs + (j0 + jr) * b.cs;
    if (b.cs == 1) {  // rows of op(B) contiguous
      for (long p = 0; p < kc; p++) {
        const T* sp = s + p * b.rs;
        T* dp = d + p * NR;
        for (int j = 0; j < nr; j++) dp[j] = sp[j];
        for (int j = nr; j < NR; j++) dp[j] = T(0);
      }
    } else {  // B transposed: columns of op(B) contiguous
      for (int j = 0; j < nr; j++) {
        const T* sj = s + j * b.cs;
        for (long p = 0; p < kc; p++) d[p * NR + j] = sj[p];
      }
      for (int j = nr; j < NR; j++)
        for (long p = 0; p < kc; p++) d[p * NR + j] = T(0);
    }
  }
}

// C[i0..i1) × [j0..j1) with the blocked loops (BLIS's five loops around the micro-kernel).
template <class T>
void gemm_block(const GemmKernel<T>& K, View<T> a, View<T> b, T* c, long n, long k, long i0,
                long i1, long j0, long j1) {
  const int MR = K.mr, NR = K.nr;
  const long MC = K.mc, KC = K.kc, NC = K.nc;
  T* pa = tl_pack_a.get<T>(static_cast<size_t>(MC) * KC);
  T* pb = tl_pack_b.get<T>(static_cast<size_t>(NC) * KC);
  for (long jc = j0; jc < j1; jc += NC) {
    const long nc = std::min(NC, j1 - jc);
    for (long pc = 0; pc < k; pc += KC) {
      const long kc = std::min(KC, k - pc);
      pack_b(b, pc, kc, jc, nc, NR, pb);
      for (long ic = i0; ic < i1; ic += MC) {
        const long mc = std::min(MC, i1 - ic);
        pack_a(a, ic, mc, pc, kc, MR, pa);
        for (long jr = 0; jr < nc; jr += NR) {
          const int nr = static_cast<int>(std::min<long>(NR, nc - jr));
          for (long ir = 0; ir < mc; ir += MR) {
            const int mr = static_cast<int>(std::min<long>(MR, mc - ir));
            K.tile(kc, pa + ir * kc, pb + jr * kc, c + (ic + ir) * n + jc + jr, n, pc == 0, mr,
                   nr);
          }
        }
      }
    }
  }
}

// Small products and matrix–vector shapes: a direct loop (packing would cost more).
template <class T>
void gemm_direct(View<T> a, View<T> b, T* c, long m, long k, long n) {
  for (long i = 0; i < m; i++) {
    T* ci = c + i * n;
    for (long j = 0; j < n; j++) ci[j] = T(0);
    if (b.cs == 1) {
      for (long p = 0; p < k; p++) {
        const T av = a.at(i, p);
        const T* bp = b.data + p * b.rs;
        for (long j = 0; j < n; j++) ci[j] += av * bp[j];
      }
    } else {
      for (long j = 0; j < n; j++) {
        T s = T(0);
        const T* bj = b.data + j * b.cs;
        for (long p = 0; p < k; p++) s += a.at(i, p) * bj[p * b.rs];
        ci[j] = s;
      }
    }
  }
}

constexpr long kDirectWork = 4096;     // m·k·n below this: direct loop
// m·k·n below this: one thread. Splitting a small product costs more (each
// thread packs its own panels, then the pool synchronises) than it saves: a
// 128×784×100 layer ran slower on 2 threads than on 1. OPTLAB_GEMM_THREAD_WORK
// overrides it (the tests set 0 so that every size exercises the split).
constexpr long kThreadWork = 1L << 24;

long thread_work() {
  const char* s = std::getenv("OPTLAB_GEMM_THREAD_WORK");
  if (s != nullptr && *s != '\0') {
    char* end = nullptr;
    const long v = std::strtol(s, &end, 10);
    if (end != s && v >= 0) return v;
  }
  return kThreadWork;
}

}  // namespace

template <class T>
void gemm(const T* A, const T* B, T* C, long m, long k, long n, bool ta, bool tb, int threads) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    std::memset(C, 0, sizeof(T) * m * n);
    return;
  }
  const View<T> a{A, ta ? 1 : k, ta ? m : 1};
  const View<T> b{B, tb ? 1 : n, tb ? k : 1};
  if (m == 1 || n == 1 || m * k * n < kDirectWork) {
    gemm_direct(a, b, C, m, k, n);
    return;
  }
  const GemmKernel<T> K = kernel_for<T>(current_isa());
  // Split the longer side of C into contiguous runs of whole tiles, one per
  // thread; each thread packs what it needs (no k-split: same bits at any count).
  const bool by_rows = m >= n;
  const long unit = by_rows ? K.mr : K.nr;
  const long tiles = ((by_rows ? m : n) + unit - 1) / unit;
  int nt = m * k * n < thread_work() ? 1 : static_cast<int>(std::min<long>(threads, tiles));
  auto task = [&](int t, int ntt) {
    const long t0 = tiles * t / ntt, t1 = tiles * (t + 1) / ntt;
    if (t0 == t1) return;
    if (by_rows)
      gemm_block(K, a, b, C, n, k, t0 * unit, std::min(m, t1 * unit), 0, n);
    else
      gemm_block(K, a, b, C, n, k, 0, m, t0 * unit, std::min(n, t1 * unit));
  };
  parallel_for(nt, task);
}

template void gemm<float>(const float*, const float*, float*, long, long, long, bool, bool, int);
template void gemm<double>(const double*, const double*, double*, long, long, long, bool, bool,
                           int);

// matmul(a, b, c, m, k, n, transA, transB): C = op(A)·op(B), all row-major, in place.
static Napi::Value Matmul(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Arr a, b, c;
  if (!arg_array(info, 0, "matmul", a) || !arg_array(info, 1, "matmul", b) ||
      !arg_array(info, 2, "matmul", c))
    return env.Undefined();
  const int64_t m = arg_int(info, 3), k = arg_int(info, 4), n = arg_int(info, 5);
  const bool ta = arg_bool(info, 6), tb = arg_bool(info, 7);
  if (m < 0 || k < 0 || n < 0) return range_error(env, "matmul: negative dimension");
  if (a.dtype != c.dtype || b.dtype != c.dtype || (c.dtype != DType::f32 && c.dtype != DType::f64))
    return type_error(env, "matmul: a, b and c must all be Float32Array or all Float64Array");
  if (a.len < static_cast<size_t>(m * k) || b.len < static_cast<size_t>(k * n) ||
      c.len < static_cast<size_t>(m * n))
    return range_error(env, "matmul: an operand is shorter than its shape");
  const int threads = pool_threads();
  if (c.dtype == DType::f32)
    gemm<float>(a.f32(), b.f32(), c.f32(), m, k, n, ta, tb, threads);
  else
    gemm<double>(a.f64(), b.f64(), c.f64(), m, k, n, ta, tb, threads);
  return env.Undefined();
}

static Export e1("matmul", Matmul);

}  // namespace optlab
