// Fused optimizer steps: the contract of src/backend/optimKernels.ts (one
// pass over θ, ∇θ and the state, in place; coefficients computed in TS). Each
// element is computed in double and rounded on store where the reference
// stores, in the reference's evaluation order (built with -ffp-contract=off),
// so float64 AND float32 results are bit-identical to the TypeScript loops —
// except float32 Adam, which computes in float32 lanes (see `Adam`).
// The loops are vectorised by the compiler three times (baseline, AVX2,
// AVX-512) and one is chosen from CPUID; long vectors are split into
// contiguous chunks across the pool's threads (each element depends only on
// itself, so any split gives the same bits).
//
// sgd(p, g, c, wd, decay)
// momentum(p, g, v, mu, c, wd, nesterov, decay)
// adagrad(p, g, r, c, eps, wd, epsInSqrt, decay)
// rmsprop(p, g, r, mean, buf, rho, eps, c, momentum, wd, epsInSqrt, nesterov, decay)
// adam(p, g, m, v, vMax, b1, b2, c1, c2, eps, epsRoot, c, wd, wdd, decay)
// (arrays, then numbers, then booleans; the TS adapter, src/backend/native/optim.ts, unpacks
// the coefficient records)
// decay: null (decay everywhere) or an Int32Array of sorted half-open ranges.
#include <algorithm>
#include <cmath>
#include <type_traits>
#if defined(__x86_64__) || defined(_M_X64)
#include <xmmintrin.h>
#endif

#include "addon.h"
#include "cpu.h"
#include "pool.h"

#define OPTLAB_INLINE inline __attribute__((always_inline))

namespace optlab {

namespace {

struct Args {
  void* p = nullptr;
  const void* g = nullptr;
  void* s[3] = {nullptr, nullptr, nullptr};
  size_t slen[3] = {0, 0, 0};
  double k[10] = {};
  bool f[2] = {false, false};
};

template <class T>
T* at(void* p) { return static_cast<T*>(p); }

struct Sgd {
  template <class T>
  static OPTLAB_INLINE void range(const Args& a, long s, long e, double wd, double) {
    T* __restrict p = at<T>(a.p);
    const T* __restrict g = static_cast<const T*>(a.g);
    const double c = a.k[0];
    if (wd == 0) {
      for (long i = s; i < e; i++) p[i] = T(double(p[i]) + double(g[i]) * c);
    } else {
      for (long i = s; i < e; i++) {
        const double pi = p[i];
        p[i] = T(pi + (double(g[i]) + wd * pi) * c);
      }
    }
  }
};

struct Momentum {
  template <class T>
  static OPTLAB_INLINE void range(const Args& a, long s, long e, double wd, double) {
    T* __restrict p = at<T>(a.p);
    const T* __restrict g = static_cast<const T*>(a.g);
    T* __restrict v = at<T>(a.s[0]);
    const double mu = a.k[0], c = a.k[1];
    const bool nesterov = a.f[0];
    if (wd == 0 && !nesterov) {
      for (long i = s; i < e; i++) {
        const T vi = T(mu * double(v[i]) + double(g[i]) * c);
        v[i] = vi;
        p[i] = T(double(p[i]) + double(vi));
      }
      return;
    }
    for (long i = s; i < e; i++) {
      const double pi = p[i];
      const double u = (wd == 0 ? double(g[i]) : double(g[i]) + wd * pi) * c;
      const T vi = T(mu * double(v[i]) + u);
      v[i] = vi;
      p[i] = T(pi + (nesterov ? mu * double(vi) + u : double(vi)));
    }
  }
};

struct Adagrad {
  template <class T>
  static OPTLAB_INLINE void range(const Args& a, long s, long e, double wd, double) {
    T* __restrict p = at<T>(a.p);
    const T* __restrict g = static_cast<const T*>(a.g);
    T* __restrict r = at<T>(a.s[0]);
    const double c = a.k[0], eps = a.k[1];
    const bool in_sqrt = a.f[0];
    for (long i = s; i < e; i++) {
      const double pi = p[i];
      const double gi = wd == 0 ? double(g[i]) : double(g[i]) + wd * pi;
      const T ri = T(double(r[i]) + gi * gi);
      r[i] = ri;
      const double d = in_sqrt ? std::sqrt(double(ri) + eps) : eps + std::sqrt(double(ri));
      p[i] = T(pi + (gi / d) * c);
    }
  }
};

struct Rmsprop {
  template <class T>
  static OPTLAB_INLINE void range(const Args& a, long s, long e, double wd, double) {
    T* __restrict p = at<T>(a.p);
    const T* __restrict g = static_cast<const T*>(a.g);
    T* __restrict r = at<T>(a.s[0]);
    T* __restrict mean = at<T>(a.s[1]);
    T* __restrict buf = at<T>(a.s[2]);
    const double rho = a.k[0], eps = a.k[1], c = a.k[2], mu = a.k[3];
    const double one_minus = 1 - rho;
    const bool in_sqrt = a.f[0], nesterov = a.f[1], centred = a.slen[1] != 0,
               has_buf = a.slen[2] != 0;
    for (long i = s; i < e; i++) {
      const double pi = p[i];
      const double gi = wd == 0 ? double(g[i]) : double(g[i]) + wd * pi;
      const T ri = T(rho * double(r[i]) + one_minus * (gi * gi));
      r[i] = ri;
      double w = ri;
      if (centred) {
        const T mi = T(rho * double(mean[i]) + one_minus * gi);
        mean[i] = mi;
        w = w - double(mi) * double(mi);
      }
      const double u = in_sqrt ? gi / std::sqrt(w + eps) : gi / (std::sqrt(w) + eps);
      if (!has_buf) {
        p[i] = T(pi + u * c);
      } else if (!nesterov) {
        const T bi = T(mu * double(buf[i]) + u);
        buf[i] = bi;
        p[i] = T(pi + double(bi) * c);
      } else {
        const double uc = u * c;
        const T bi = T(mu * double(buf[i]) + uc);
        buf[i] = bi;
        p[i] = T(pi + (mu * double(bi) + uc));
      }
    }
  }
};

// Flush-to-zero and denormals-are-zero (MXCSR bits 15 and 6) while alive, the
// caller's mode restored after (the thread may be V8's). Subnormal operands
// cost ~100 cycles each on x86: a parameter whose gradient is 0 (a dead ReLU
// unit) has its first moment m decay by β₁ per step into the subnormal range,
// where it stays ~150 steps; measured on the 784-100×4-10 net, float32 Adam went
// from 0.7 to 13 ns/param after ~800 steps, with half of m subnormal.
struct FlushDenormals {
#if defined(__x86_64__) || defined(_M_X64)
  unsigned saved;
  FlushDenormals() : saved(_mm_getcsr()) { _mm_setcsr(saved | 0x8040u); }
  ~FlushDenormals() { _mm_setcsr(saved); }
#endif
};

// Adam computes in the storage type: float64 exactly as the reference;
// float32 in float32 lanes as PyTorch does (sqrt and division in double would
// make it compute-bound at ~1.3 ns/param; the contract allows a few ulps),
// with subnormals flushed to zero (FlushDenormals: an absolute change below
// 1.2e-38, inside the contract's tolerance; float64 stays bit for bit).
struct Adam {
  template <class T>
  static OPTLAB_INLINE void range(const Args& a, long s, long e, double wd_, double wdd_) {
    if constexpr (std::is_same<T, float>::value) {
      FlushDenormals ftz;
      loop<T>(a, s, e, wd_, wdd_);
    } else {
      loop<T>(a, s, e, wd_, wdd_);
    }
  }
  template <class T>
  static OPTLAB_INLINE void loop(const Args& a, long s, long e, double wd_, double wdd_) {
    T* __restrict p = at<T>(a.p);
    const T* __restrict g = static_cast<const T*>(a.g);
    T* __restrict m = at<T>(a.s[0]);
    T* __restrict v = at<T>(a.s[1]);
    T* __restrict vmax = at<T>(a.s[2]);
    const T b1 = T(a.k[0]), b2 = T(a.k[1]), c1 = T(a.k[2]), c2 = T(a.k[3]), eps = T(a.k[4]),
            eps_root = T(a.k[5]), c = T(a.k[6]), wd = T(wd_), wdd = T(wdd_);
    const T a1 = T(1 - a.k[0]), a2 = T(1 - a.k[1]);
    const bool ams = a.slen[2] != 0;
    if (!ams && wd == 0 && wdd == 0 && eps_root == 0) {
      for (long i = s; i < e; i++) {
        const T gi = g[i];
        const T mi = b1 * m[i] + a1 * gi;
        const T vi = b2 * v[i] + a2 * (gi * gi);
        m[i] = mi;
        v[i] = vi;
        p[i] = p[i] + ((mi * c1) / (std::sqrt(vi * c2) + eps)) * c;
      }
      return;
    }
    for (long i = s; i < e; i++) {
      const T pi = p[i];
      const T gi = wd == 0 ? g[i] : g[i] + wd * pi;
      const T mi = b1 * m[i] + a1 * gi;
      const T vi = b2 * v[i] + a2 * (gi * gi);
      m[i] = mi;
      v[i] = vi;
      T w = vi;
      if (ams) {
        if (w < vmax[i]) w = vmax[i];
        else vmax[i] = w;
      }
      T u = (mi * c1) / (std::sqrt(w * c2 + eps_root) + eps);
      if (wdd != 0) u = u + wdd * pi;
      p[i] = pi + u * c;
    }
  }
};

using RangeFn = void (*)(const Args&, long, long, double, double);

template <class Op, class T>
void range_generic(const Args& a, long s, long e, double wd, double wdd) {
  Op::template range<T>(a, s, e, wd, wdd);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
template <class Op, class T>
__attribute__((target("avx2,fma"))) void range_avx2(const Args& a, long s, long e, double wd,
                                                   double wdd) {
  Op::template range<T>(a, s, e, wd, wdd);
}
template <class Op, class T>
__attribute__((target("avx512f,avx2,fma,prefer-vector-width=512"))) void range_avx512(
    const Args& a, long s, long e, double wd, double wdd) {
  Op::template range<T>(a, s, e, wd, wdd);
}
#endif

template <class Op, class T>
RangeFn pick() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  switch (current_isa()) {
    case Isa::avx512: return range_avx512<Op, T>;
    case Isa::avx2: return range_avx2<Op, T>;
    default: break;
  }
#endif
  return range_generic<Op, T>;
}

constexpr long kChunkMin = 1L << 16;  // elements per thread below which one thread runs it

// Runs fn over [0, n) piece by piece (decay on inside the ranges), the pieces
// of each thread's contiguous chunk in index order.
void run_pieces(RangeFn fn, const Args& a, long n, const int32_t* dec, long ndec, double wd,
                double wdd) {
  int nt = static_cast<int>(std::min<long>(pool_threads(), n / kChunkMin));
  if (nt < 1) nt = 1;
  auto task = [&](int t, int ntt) {
    const long lo = n * t / ntt / 16 * 16;
    const long hi = t + 1 == ntt ? n : n * (t + 1) / ntt / 16 * 16;
    if (dec == nullptr) {
      if (hi > lo) fn(a, lo, hi, wd, wdd);
      return;
    }
    long at = lo;
    for (long j = 0; j + 1 < ndec && at < hi; j += 2) {
      const long s = std::max<long>(dec[j], lo), e = std::min<long>(dec[j + 1], hi);
      if (e <= at) continue;
      if (s > at) fn(a, at, std::min(s, hi), 0, 0);
      if (e > s) fn(a, std::max(s, at), e, wd, wdd);
      at = std::max(at, e);
    }
    if (at < hi) fn(a, at, hi, 0, 0);
  };
  parallel_for(nt, task);
}

// Reads the common arguments: nArrays typed arrays first (p, g, state…), then
// nNums numbers, nBools booleans, and the decay ranges; checks dtypes and lengths.
template <class Op>
Napi::Value step(const Napi::CallbackInfo& info, const char* name, int nstate, int nrequired,
                 int nnums, int nbools, int wd_index, int wdd_index) {
  Napi::Env env = info.Env();
  Arr p, g, st[3];
  if (!arg_array(info, 0, name, p) || !arg_array(info, 1, name, g)) return env.Undefined();
  for (int i = 0; i < nstate; i++)
    if (!arg_array(info, 2 + i, name, st[i])) return env.Undefined();
  if (p.dtype != DType::f32 && p.dtype != DType::f64)
    return type_error(env, "optimizer kernel: θ must be a Float32Array or Float64Array");
  if (g.dtype != p.dtype || g.len != p.len)
    return type_error(env, "optimizer kernel: ∇θ must match θ in dtype and length");
  Args a;
  a.p = p.data;
  a.g = g.data;
  for (int i = 0; i < nstate; i++) {
    // an optional state array may be empty (of any dtype: the caller's shared
    // empty array); any other must match θ in dtype and length
    const bool absent = st[i].len == 0 && i >= nrequired;
    if (!absent && (st[i].dtype != p.dtype || st[i].len != p.len))
      return type_error(env, "optimizer kernel: a state array does not match θ (dtype, length)");
    a.s[i] = st[i].data;
    a.slen[i] = st[i].len;
  }
  const int base = 2 + nstate;
  for (int i = 0; i < nnums; i++) a.k[i] = arg_num(info, base + i);
  for (int i = 0; i < nbools; i++) a.f[i] = arg_bool(info, base + nnums + i);
  const int di = base + nnums + nbools;
  const int32_t* dec = nullptr;
  long ndec = 0;
  if (!info[di].IsNull() && !info[di].IsUndefined()) {
    Arr d;
    if (!arg_array(info, di, name, d)) return env.Undefined();
    if (d.dtype != DType::i32) return type_error(env, "optimizer kernel: decay must be an Int32Array");
    dec = d.i32();
    ndec = static_cast<long>(d.len);
    for (long j = 0; j < ndec; j++)
      if (dec[j] < 0 || dec[j] > static_cast<long>(p.len) || (j > 0 && dec[j] < dec[j - 1]))
        return range_error(env, "optimizer kernel: decay ranges must be sorted within [0, n]");
  }
  const double wd = wd_index >= 0 ? a.k[wd_index] : 0;
  const double wdd = wdd_index >= 0 ? a.k[wdd_index] : 0;
  RangeFn fn = p.dtype == DType::f32 ? pick<Op, float>() : pick<Op, double>();
  run_pieces(fn, a, static_cast<long>(p.len), dec, ndec, wd, wdd);
  return env.Undefined();
}

Napi::Value SgdStep(const Napi::CallbackInfo& info) {
  return step<Sgd>(info, "sgd", 0, 0, 2, 0, 1, -1);
}
Napi::Value MomentumStep(const Napi::CallbackInfo& info) {
  return step<Momentum>(info, "momentum", 1, 1, 3, 1, 2, -1);
}
Napi::Value AdagradStep(const Napi::CallbackInfo& info) {
  return step<Adagrad>(info, "adagrad", 1, 1, 3, 1, 2, -1);
}
Napi::Value RmspropStep(const Napi::CallbackInfo& info) {
  return step<Rmsprop>(info, "rmsprop", 3, 1, 5, 2, 4, -1);
}
Napi::Value AdamStep(const Napi::CallbackInfo& info) {
  return step<Adam>(info, "adam", 3, 2, 9, 0, 7, 8);
}

Export e1("sgdStep", SgdStep);
Export e2("momentumStep", MomentumStep);
Export e3("adagradStep", AdagradStep);
Export e4("rmspropStep", RmspropStep);
Export e5("adamStep", AdamStep);

}  // namespace

}  // namespace optlab
