// CPU feature detection and the kernel instruction-set switch.
#include "cpu.h"

#include <cstdlib>
#include <cstring>

#include "addon.h"

namespace optlab {

static CpuFeatures detect() {
  CpuFeatures f;
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
  // __builtin_cpu_supports also checks that the OS saves the wide registers (XCR0).
  __builtin_cpu_init();
  f.avx2 = __builtin_cpu_supports("avx2");
  f.fma = __builtin_cpu_supports("fma");
  f.avx512f = __builtin_cpu_supports("avx512f");
#endif
  return f;
}

const CpuFeatures& cpu_features() {
  static const CpuFeatures f = detect();
  return f;
}

Isa best_isa() {
  const CpuFeatures& f = cpu_features();
  if (f.avx512f && f.avx2 && f.fma) return Isa::avx512;
  if (f.avx2 && f.fma) return Isa::avx2;
  return Isa::generic;
}

static bool supported(Isa isa) { return static_cast<int>(isa) <= static_cast<int>(best_isa()); }

static Isa initial_isa() {
  Isa isa = best_isa();
  const char* env = std::getenv("OPTLAB_ISA");
  if (env == nullptr) return isa;
  Isa want = std::strcmp(env, "generic") == 0 ? Isa::generic
             : std::strcmp(env, "avx2") == 0  ? Isa::avx2
                                              : isa;
  return supported(want) ? want : isa;
}

static Isa g_isa = initial_isa();

Isa current_isa() { return g_isa; }

bool set_isa(Isa isa) {
  if (!supported(isa)) return false;
  g_isa = isa;
  return true;
}

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::avx512: return "avx512";
    case Isa::avx2: return "avx2";
    default: return "generic";
  }
}

// cpuInfo() → { isa, best, avx512f, avx2, fma }
static Napi::Value CpuInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const CpuFeatures& f = cpu_features();
  Napi::Object o = Napi::Object::New(env);
  o.Set("isa", isa_name(current_isa()));
  o.Set("best", isa_name(best_isa()));
  o.Set("avx512f", f.avx512f);
  o.Set("avx2", f.avx2);
  o.Set("fma", f.fma);
  return o;
}

// setIsa(name) → boolean (false when the CPU lacks it)
static Napi::Value SetIsa(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string s = info[0].As<Napi::String>().Utf8Value();
  Isa isa = s == "avx512" ? Isa::avx512 : s == "avx2" ? Isa::avx2 : Isa::generic;
  if (s != "avx512" && s != "avx2" && s != "generic")
    return range_error(env, "setIsa: expected 'avx512', 'avx2' or 'generic'");
  return Napi::Boolean::New(env, set_isa(isa));
}

static Export e1("cpuInfo", CpuInfo);
static Export e2("setIsa", SetIsa);

}  // namespace optlab
