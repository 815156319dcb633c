// Fused kernels where an MLP spends its non-GEMM time (reference versions in
// src/backend/fused.ts, same arithmetic):
//
// biasActivation(act, x, bias, rows, cols, out): out[r, c] = f(x[r, c] + bias[c]),
//   f ∈ {identity, relu, sigmoid, tanh} (act 0…3); the sum is rounded to the
//   storage type before f, as the unfused add-then-activation does.
// softmaxCrossEntropy(logits, labels, rows, cols, grad | null) → loss:
//   loss = −(1/m) Σᵢ log softmax(zᵢ)[yᵢ] with log softmax(z) = z − max z − log Σ e^{z−max z},
//   and, if grad is given, grad = (softmax(z) − onehot(y)) / m (the gradient of the loss).
//   Sums are in double for both storage types.
#include <cmath>

#include "addon.h"

namespace optlab {

namespace {

inline double act_fn(int act, double v) {
  switch (act) {
    case 1: return v > 0 ? v : (v != v ? v : 0.0);
    case 2:
      if (v >= 0) return 1.0 / (1.0 + std::exp(-v));
      else {
        const double e = std::exp(v);
        return e / (1.0 + e);
      }
    case 3: return std::tanh(v);
    default: return v;
  }
}

template <class T>
void bias_act(int act, const T* x, const T* bias, long rows, long cols, T* out) {
  for (long r = 0; r < rows; r++) {
    const T* xr = x + r * cols;
    T* orow = out + r * cols;
    if (act == 0) {
      for (long c = 0; c < cols; c++) orow[c] = xr[c] + bias[c];
    } else if (act == 1) {
      for (long c = 0; c < cols; c++) {
        const T v = xr[c] + bias[c];
        orow[c] = v > 0 ? v : (v != v ? v : T(0));
      }
    } else {
      for (long c = 0; c < cols; c++) orow[c] = T(act_fn(act, double(T(xr[c] + bias[c]))));
    }
  }
}

template <class T>
double softmax_ce(const T* z, const int32_t* y, long rows, long cols, T* grad) {
  double total = 0;
  for (long r = 0; r < rows; r++) {
    const T* zr = z + r * cols;
    double mx = -INFINITY;
    for (long c = 0; c < cols; c++) {
      const double v = double(zr[c]);
      if (v > mx || v != v) mx = v;
    }
    double s = 0;
    for (long c = 0; c < cols; c++) s += std::exp(double(zr[c]) - mx);
    const double lse = std::log(s);
    total += double(zr[y[r]]) - mx - lse;
    if (grad != nullptr) {
      T* gr = grad + r * cols;
      for (long c = 0; c < cols; c++)
        gr[c] = T((std::exp(double(zr[c]) - mx) / s - (c == y[r] ? 1.0 : 0.0)) / double(rows));
    }
  }
  return -total / double(rows);
}

Napi::Value BiasActivation(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int act = static_cast<int>(arg_int(info, 0));
  Arr x, bias, out;
  if (!arg_array(info, 1, "biasActivation", x) || !arg_array(info, 2, "biasActivation", bias) ||
      !arg_array(info, 5, "biasActivation", out))
    return env.Undefined();
  const long rows = arg_int(info, 3), cols = arg_int(info, 4);
  if (act < 0 || act > 3) return range_error(env, "biasActivation: unknown activation");
  if (x.dtype != out.dtype || bias.dtype != out.dtype ||
      (out.dtype != DType::f32 && out.dtype != DType::f64))
    return type_error(env, "biasActivation: x, bias and out must be the same float type");
  if (rows < 0 || cols < 0 || x.len < size_t(rows * cols) || out.len < size_t(rows * cols) ||
      bias.len < size_t(cols))
    return range_error(env, "biasActivation: an operand is shorter than rows·cols");
  if (out.dtype == DType::f32) bias_act<float>(act, x.f32(), bias.f32(), rows, cols, out.f32());
  else bias_act<double>(act, x.f64(), bias.f64(), rows, cols, out.f64());
  return env.Undefined();
}

Napi::Value SoftmaxCrossEntropy(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Arr z, y, g;
  if (!arg_array(info, 0, "softmaxCrossEntropy", z) || !arg_array(info, 1, "softmaxCrossEntropy", y))
    return env.Undefined();
  const long rows = arg_int(info, 2), cols = arg_int(info, 3);
  const bool has_grad = !info[4].IsNull() && !info[4].IsUndefined();
  if (has_grad && !arg_array(info, 4, "softmaxCrossEntropy", g)) return env.Undefined();
  if ((z.dtype != DType::f32 && z.dtype != DType::f64) || y.dtype != DType::i32 ||
      (has_grad && g.dtype != z.dtype))
    return type_error(env, "softmaxCrossEntropy: logits (and grad) float, labels Int32Array");
  if (rows <= 0 || cols <= 0 || z.len < size_t(rows * cols) || y.len < size_t(rows) ||
      (has_grad && g.len < size_t(rows * cols)))
    return range_error(env, "softmaxCrossEntropy: an operand is shorter than rows·cols");
  const int32_t* labels = y.i32();
  for (long r = 0; r < rows; r++)
    if (labels[r] < 0 || labels[r] >= cols)
      return range_error(env, "softmaxCrossEntropy: a label is outside [0, cols)");
  const double loss =
      z.dtype == DType::f32
          ? softmax_ce<float>(z.f32(), labels, rows, cols, has_grad ? g.f32() : nullptr)
          : softmax_ce<double>(z.f64(), labels, rows, cols, has_grad ? g.f64() : nullptr);
  return Napi::Number::New(env, loss);
}

Export e1("biasActivation", BiasActivation);
Export e2("softmaxCrossEntropy", SoftmaxCrossEntropy);

}  // namespace

}  // namespace optlab
