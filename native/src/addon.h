// Shared helpers of the optlab native addon: the export registry (each .cc file
// registers its functions with a static `Export`, so adding a file needs no
// edit elsewhere) and typed-array access without copies.
#pragma once
#include <napi.h>

#include <cstddef>
#include <cstdint>

namespace optlab {

using ExportFn = Napi::Value (*)(const Napi::CallbackInfo&);

// Registers `fn` under `name` on the module object (at static-init time).
struct Export {
  Export(const char* name, ExportFn fn);
};

enum class DType { f32, f64, i32, other };

// A typed array's elements in place: `data` already includes the byteOffset.
struct Arr {
  void* data = nullptr;
  size_t len = 0;
  DType dtype = DType::other;
  float* f32() const { return static_cast<float*>(data); }
  double* f64() const { return static_cast<double*>(data); }
  int32_t* i32() const { return static_cast<int32_t*>(data); }
};

// Reads argument i as a typed array; throws a TypeError (and returns false) if it is not one.
bool arg_array(const Napi::CallbackInfo& info, size_t i, const char* fn, Arr& out);
// Argument i as an integer / double / bool (no checks beyond N-API's).
int64_t arg_int(const Napi::CallbackInfo& info, size_t i);
double arg_num(const Napi::CallbackInfo& info, size_t i);
bool arg_bool(const Napi::CallbackInfo& info, size_t i);
// Throws a JS RangeError / TypeError with `msg`; returns undefined for `return fail(...)`.
Napi::Value range_error(const Napi::Env& env, const char* msg);
Napi::Value type_error(const Napi::Env& env, const char* msg);

}  // namespace optlab
