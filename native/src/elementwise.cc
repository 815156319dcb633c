// Element-wise and reduction kernels with the semantics of the TypeScript ones
// (src/backend/elementwise.ts): float32 values are computed in double where
// JavaScript would (transcendental functions), so results agree to the last
// bit or to the libm's rounding; + − × ÷ √ on float32 are exact in float32
// (double rounding is innocuous for them), so they run in float32 lanes.
//
// unary(kind, x, out), binary(kind, a, aStrides, b, bStrides, out, outShape) (strides and
// shape as arrays, or as numbers for 1-D: strides 0/1 and the length),
// reduce(kind, x, outer, mid, inner, out); kinds are the indices of the TS
// lists UNARY_KINDS / BINARY_KINDS (src/backend/native/kinds.ts).
#include <cmath>
#include <limits>
#include <vector>

#include "addon.h"
#include "pool.h"

namespace optlab {

namespace {

enum Unary { U_NEG, U_EXP, U_LOG, U_SQRT, U_ABS, U_SIGN, U_TANH, U_SIGMOID, U_RELU, U_STEP,
             U_SOFTPLUS, U_SQUARE, U_RECIPROCAL, U_COUNT };
enum Binary { B_ADD, B_SUB, B_MUL, B_DIV, B_POW, B_MAXIMUM, B_MINIMUM, B_GT, B_GE, B_LT, B_LE,
              B_EQ, B_NE, B_COUNT };

// JavaScript's Math.pow / ** where C's pow differs: NaN exponent, and ±1 ** ±∞.
inline double js_pow(double a, double b) {
  if (std::isnan(b)) return b;
  if (std::isinf(b) && std::fabs(a) == 1.0) return std::numeric_limits<double>::quiet_NaN();
  return std::pow(a, b);
}

inline double sigmoid(double v) {
  if (v >= 0) return 1.0 / (1.0 + std::exp(-v));
  const double e = std::exp(v);
  return e / (1.0 + e);
}

// Math.max(v, 0): NaN stays NaN, −0 becomes +0.
inline double relu(double v) { return v > 0 ? v : (v != v ? v : 0.0); }

template <class T>
void unary_loop(int kind, const T* x, T* out, size_t n) {
  switch (kind) {
    case U_NEG: for (size_t i = 0; i < n; i++) out[i] = -x[i]; return;
    case U_EXP: for (size_t i = 0; i < n; i++) out[i] = T(std::exp(double(x[i]))); return;
    case U_LOG: for (size_t i = 0; i < n; i++) out[i] = T(std::log(double(x[i]))); return;
    case U_SQRT: for (size_t i = 0; i < n; i++) out[i] = std::sqrt(x[i]); return;
    case U_ABS: for (size_t i = 0; i < n; i++) out[i] = std::fabs(x[i]); return;
    case U_SIGN:
      for (size_t i = 0; i < n; i++) {
        const T v = x[i];
        out[i] = v > 0 ? T(1) : v < 0 ? T(-1) : v;
      }
      return;
    case U_TANH: for (size_t i = 0; i < n; i++) out[i] = T(std::tanh(double(x[i]))); return;
    case U_SIGMOID: for (size_t i = 0; i < n; i++) out[i] = T(sigmoid(double(x[i]))); return;
    case U_RELU:
      for (size_t i = 0; i < n; i++) {
        const T v = x[i];
        out[i] = v > 0 ? v : (v != v ? v : T(0));
      }
      return;
    case U_STEP: for (size_t i = 0; i < n; i++) out[i] = x[i] > 0 ? T(1) : T(0); return;
    case U_SOFTPLUS:
      for (size_t i = 0; i < n; i++) {
        const double v = double(x[i]);
        out[i] = T(relu(v) + std::log1p(std::exp(-std::fabs(v))));
      }
      return;
    case U_SQUARE: for (size_t i = 0; i < n; i++) out[i] = x[i] * x[i]; return;
    case U_RECIPROCAL: for (size_t i = 0; i < n; i++) out[i] = T(1) / x[i]; return;
  }
}

template <class T>
inline T apply(int kind, T a, T b) {
  switch (kind) {
    case B_ADD: return a + b;
    case B_SUB: return a - b;
    case B_MUL: return a * b;
    case B_DIV: return a / b;
    case B_POW: return T(js_pow(double(a), double(b)));
    case B_MAXIMUM: return (a >= b || a != a) ? a : b;
    case B_MINIMUM: return (a <= b || a != a) ? a : b;
    case B_GT: return a > b ? T(1) : T(0);
    case B_GE: return a >= b ? T(1) : T(0);
    case B_LT: return a < b ? T(1) : T(0);
    case B_LE: return a <= b ? T(1) : T(0);
    case B_EQ: return a == b ? T(1) : T(0);
    default: return a != b ? T(1) : T(0);
  }
}

// out[i] = a[i·sa] ∘ b[i·sb] for i < n (sa, sb ∈ {0, 1}); the kind switch is outside the loop.
template <class T, int K>
void run_k(const T* a, long sa, const T* b, long sb, T* out, long n) {
  if (sa == 1 && sb == 1)
    for (long i = 0; i < n; i++) out[i] = apply<T>(K, a[i], b[i]);
  else if (sa == 1)
    for (long i = 0; i < n; i++) out[i] = apply<T>(K, a[i], b[0]);
  else if (sb == 1)
    for (long i = 0; i < n; i++) out[i] = apply<T>(K, a[0], b[i]);
  else
    for (long i = 0; i < n; i++) out[i] = apply<T>(K, a[i * sa], b[i * sb]);
}

template <class T>
void run(int kind, const T* a, long sa, const T* b, long sb, T* out, long n) {
  switch (kind) {
    case B_ADD: return run_k<T, B_ADD>(a, sa, b, sb, out, n);
    case B_SUB: return run_k<T, B_SUB>(a, sa, b, sb, out, n);
    case B_MUL: return run_k<T, B_MUL>(a, sa, b, sb, out, n);
    case B_DIV: return run_k<T, B_DIV>(a, sa, b, sb, out, n);
    case B_POW: return run_k<T, B_POW>(a, sa, b, sb, out, n);
    case B_MAXIMUM: return run_k<T, B_MAXIMUM>(a, sa, b, sb, out, n);
    case B_MINIMUM: return run_k<T, B_MINIMUM>(a, sa, b, sb, out, n);
    case B_GT: return run_k<T, B_GT>(a, sa, b, sb, out, n);
    case B_GE: return run_k<T, B_GE>(a, sa, b, sb, out, n);
    case B_LT: return run_k<T, B_LT>(a, sa, b, sb, out, n);
    case B_LE: return run_k<T, B_LE>(a, sa, b, sb, out, n);
    case B_EQ: return run_k<T, B_EQ>(a, sa, b, sb, out, n);
    default: return run_k<T, B_NE>(a, sa, b, sb, out, n);
  }
}

// The broadcast walk: an odometer over all axes but the last, a strided run along the last.
template <class T>
void binary_strided(int kind, const T* a, const std::vector<long>& as, const T* b,
                    const std::vector<long>& bs, T* out, const std::vector<long>& shape) {
  const size_t rank = shape.size();
  long total = 1;
  for (long d : shape) total *= d;
  if (total == 0) return;
  if (rank == 0) {
    out[0] = apply<T>(kind, a[0], b[0]);
    return;
  }
  const long last = shape[rank - 1];
  const long sa = as[rank - 1], sb = bs[rank - 1];
  std::vector<long> idx(rank, 0);
  long ai = 0, bi = 0;
  for (long o = 0; o < total; o += last) {
    run<T>(kind, a + ai, sa, b + bi, sb, out + o, last);
    for (long d = static_cast<long>(rank) - 2; d >= 0; d--) {
      idx[d]++;
      ai += as[d];
      bi += bs[d];
      if (idx[d] < shape[d]) break;
      ai -= as[d] * shape[d];
      bi -= bs[d] * shape[d];
      idx[d] = 0;
    }
  }
}

template <class T>
void reduce_loop(int kind, const T* x, long outer, long mid, long inner, T* out) {
  if (kind == 0) {  // sum
    if (inner == 1) {
      // sequential, in double (as the TS kernel's number accumulator)
      for (long o = 0; o < outer; o++) {
        double s = 0;
        const T* xo = x + o * mid;
        for (long k = 0; k < mid; k++) s += double(xo[k]);
        out[o] = T(s);
      }
      return;
    }
    for (long o = 0; o < outer; o++) {
      T* oo = out + o * inner;
      for (long i = 0; i < inner; i++) oo[i] = T(0);
      for (long k = 0; k < mid; k++) {
        const T* xo = x + (o * mid + k) * inner;
        for (long i = 0; i < inner; i++) oo[i] += xo[i];
      }
    }
    return;
  }
  for (long o = 0; o < outer; o++) {  // max; NaN wins
    T* oo = out + o * inner;
    for (long i = 0; i < inner; i++) oo[i] = -std::numeric_limits<T>::infinity();
    for (long k = 0; k < mid; k++) {
      const T* xo = x + (o * mid + k) * inner;
      for (long i = 0; i < inner; i++) {
        const T v = xo[i];
        if (v > oo[i] || v != v) oo[i] = v;
      }
    }
  }
}

bool read_longs(const Napi::Value& v, std::vector<long>& out) {
  if (!v.IsArray()) return false;
  Napi::Array arr = v.As<Napi::Array>();
  const uint32_t n = arr.Length();
  out.resize(n);
  for (uint32_t i = 0; i < n; i++) {
    Napi::Value e = arr.Get(i);
    if (!e.IsNumber()) return false;
    out[i] = static_cast<long>(e.As<Napi::Number>().Int64Value());
  }
  return true;
}

bool same_float(const Arr& a, const Arr& b) {
  return a.dtype == b.dtype && (a.dtype == DType::f32 || a.dtype == DType::f64);
}

Napi::Value Unary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int kind = static_cast<int>(arg_int(info, 0));
  Arr x, out;
  if (!arg_array(info, 1, "unary", x) || !arg_array(info, 2, "unary", out)) return env.Undefined();
  if (kind < 0 || kind >= U_COUNT) return range_error(env, "unary: unknown kind");
  if (!same_float(x, out)) return type_error(env, "unary: x and out must be the same float type");
  if (out.len < x.len) return range_error(env, "unary: out is shorter than x");
  if (x.dtype == DType::f32) unary_loop<float>(kind, x.f32(), out.f32(), x.len);
  else unary_loop<double>(kind, x.f64(), out.f64(), x.len);
  return env.Undefined();
}

Napi::Value Binary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int kind = static_cast<int>(arg_int(info, 0));
  Arr a, b, out;
  std::vector<long> as, bs, shape;
  if (!arg_array(info, 1, "binary", a) || !arg_array(info, 3, "binary", b) ||
      !arg_array(info, 5, "binary", out))
    return env.Undefined();
  if (kind < 0 || kind >= B_COUNT) return range_error(env, "binary: unknown kind");
  if (!same_float(a, out) || !same_float(b, out))
    return type_error(env, "binary: a, b and out must be the same float type");
  if (info[6].IsNumber()) {  // 1-D: strides 0 or 1, length n
    const long n = arg_int(info, 6), sa = arg_int(info, 2), sb = arg_int(info, 4);
    if (n < 0 || (sa != 0 && sa != 1) || (sb != 0 && sb != 1))
      return range_error(env, "binary: 1-D strides must be 0 or 1");
    if (n == 0) return env.Undefined();
    if (out.len < size_t(n) || a.len < size_t(sa == 1 ? n : 1) || b.len < size_t(sb == 1 ? n : 1))
      return range_error(env, "binary: an operand is shorter than n");
    if (out.dtype == DType::f32) run<float>(kind, a.f32(), sa, b.f32(), sb, out.f32(), n);
    else run<double>(kind, a.f64(), sa, b.f64(), sb, out.f64(), n);
    return env.Undefined();
  }
  if (!read_longs(info[2], as) || !read_longs(info[4], bs) || !read_longs(info[6], shape) ||
      as.size() != shape.size() || bs.size() != shape.size())
    return type_error(env, "binary: strides and shape must be number arrays of one length");
  // bounds: the largest index each operand reaches
  long total = 1, amax = 0, bmax = 0;
  for (size_t d = 0; d < shape.size(); d++) {
    if (shape[d] < 0 || as[d] < 0 || bs[d] < 0) return range_error(env, "binary: negative extent");
    total *= shape[d];
    if (shape[d] > 0) {
      amax += as[d] * (shape[d] - 1);
      bmax += bs[d] * (shape[d] - 1);
    }
  }
  if (total == 0) return env.Undefined();
  if (out.len < static_cast<size_t>(total) || a.len <= static_cast<size_t>(amax) ||
      b.len <= static_cast<size_t>(bmax))
    return range_error(env, "binary: an operand is shorter than its strides reach");
  if (out.dtype == DType::f32)
    binary_strided<float>(kind, a.f32(), as, b.f32(), bs, out.f32(), shape);
  else
    binary_strided<double>(kind, a.f64(), as, b.f64(), bs, out.f64(), shape);
  return env.Undefined();
}

Napi::Value Reduce(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int kind = static_cast<int>(arg_int(info, 0));
  Arr x, out;
  if (!arg_array(info, 1, "reduce", x) || !arg_array(info, 5, "reduce", out))
    return env.Undefined();
  const long outer = arg_int(info, 2), mid = arg_int(info, 3), inner = arg_int(info, 4);
  if (kind != 0 && kind != 1) return range_error(env, "reduce: kind must be 0 (sum) or 1 (max)");
  if (!same_float(x, out)) return type_error(env, "reduce: x and out must be the same float type");
  if (outer < 0 || mid < 0 || inner < 0 || x.len < static_cast<size_t>(outer * mid * inner) ||
      out.len < static_cast<size_t>(outer * inner))
    return range_error(env, "reduce: x or out is shorter than outer·mid·inner");
  if (x.dtype == DType::f32) reduce_loop<float>(kind, x.f32(), outer, mid, inner, out.f32());
  else reduce_loop<double>(kind, x.f64(), outer, mid, inner, out.f64());
  return env.Undefined();
}

Export e1("unary", Unary);
Export e2("binary", Binary);
Export e3("reduce", Reduce);

}  // namespace

}  // namespace optlab
