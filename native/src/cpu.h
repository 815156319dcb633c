// CPU features the kernels use, read once from CPUID (x86-64) and the
// instruction set chosen for them (overridable for tests: OPTLAB_ISA or setIsa).
#pragma once

namespace optlab {

enum class Isa { generic = 0, avx2 = 1, avx512 = 2 };

struct CpuFeatures {
  bool avx2 = false;
  bool fma = false;
  bool avx512f = false;
};

const CpuFeatures& cpu_features();
// The best instruction set this CPU supports.
Isa best_isa();
// The instruction set the kernels use now.
Isa current_isa();
// Sets it; returns false (and changes nothing) if the CPU lacks it.
bool set_isa(Isa isa);
const char* isa_name(Isa isa);

}  // namespace optlab
