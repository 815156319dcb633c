// Module entry: exports every function registered by `Export` in any source file.
#include "addon.h"

#include <utility>
#include <vector>

namespace optlab {

static std::vector<std::pair<const char*, ExportFn>>& registry() {
  static std::vector<std::pair<const char*, ExportFn>> r;
  return r;
}

Export::Export(const char* name, ExportFn fn) { registry().emplace_back(name, fn); }

bool arg_array(const Napi::CallbackInfo& info, size_t i, const char* fn, Arr& out) {
  napi_env env = info.Env();
  napi_value v = info[i];
  bool is = false;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) {
    std::string msg = std::string(fn) + ": argument " + std::to_string(i) + " must be a typed array";
    Napi::TypeError::New(info.Env(), msg).ThrowAsJavaScriptException();
    return false;
  }
  napi_typedarray_type t;
  size_t len = 0;
  void* data = nullptr;
  napi_get_typedarray_info(env, v, &t, &len, &data, nullptr, nullptr);
  out.data = data;
  out.len = len;
  out.dtype = t == napi_float32_array   ? DType::f32
              : t == napi_float64_array ? DType::f64
              : t == napi_int32_array   ? DType::i32
                                        : DType::other;
  return true;
}

int64_t arg_int(const Napi::CallbackInfo& info, size_t i) {
  int64_t r = 0;
  napi_get_value_int64(info.Env(), info[i], &r);
  return r;
}

double arg_num(const Napi::CallbackInfo& info, size_t i) {
  double r = 0;
  napi_get_value_double(info.Env(), info[i], &r);
  return r;
}

bool arg_bool(const Napi::CallbackInfo& info, size_t i) {
  bool r = false;
  if (napi_get_value_bool(info.Env(), info[i], &r) != napi_ok) return false;
  return r;
}

Napi::Value range_error(const Napi::Env& env, const char* msg) {
  Napi::RangeError::New(env, msg).ThrowAsJavaScriptException();
  return env.Undefined();
}

Napi::Value type_error(const Napi::Env& env, const char* msg) {
  Napi::TypeError::New(env, msg).ThrowAsJavaScriptException();
  return env.Undefined();
}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  for (auto& [name, fn] : registry()) exports.Set(name, Napi::Function::New(env, fn, name));
  return exports;
}

}  // namespace optlab

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) {
  return optlab::Init(env, exports);
}

NODE_API_MODULE(optlab_native, InitModule)
