// Run-time selection of the sector kernels (see cpu_dispatch.h). The CPU is asked once per process;
// __builtin_cpu_supports reads the table libgcc fills from CPUID at start-up.
#include "engine/sector/cpu_dispatch.h"

#include "engine/sector/ecc.h"
#include "engine/sector/edc.h"
#include "engine/sector/scrambler.h"

namespace dm::sector {

std::string_view implName(Impl impl) {
  switch (impl) {
    case Impl::kAuto: return "auto";
    case Impl::kPortable: return "portable";
    case Impl::kPclmul: return "pclmul";
    case Impl::kAvx2: return "avx2";
    case Impl::kAvx512: return "avx512";
  }
  return "unknown";
}

namespace {

struct CpuFeatures {
  bool pclmul = false;
  bool avx2 = false;
  bool avx512 = false;  // F + BW + VL + VPCLMULQDQ: what the AVX-512 EDC kernel uses
};

CpuFeatures detectCpu() {
  CpuFeatures f;
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  f.pclmul = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
  f.avx2 = f.pclmul && __builtin_cpu_supports("avx2");
  f.avx512 = f.avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
             __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("vpclmulqdq");
#endif
  return f;
}

const CpuFeatures& cpu() {
  static const CpuFeatures features = detectCpu();
  return features;
}

}  // namespace

bool implSupported(Impl impl) {
  switch (impl) {
    case Impl::kAuto:
    case Impl::kPortable: return true;
    case Impl::kPclmul: return cpu().pclmul;
    case Impl::kAvx2: return cpu().avx2;
    case Impl::kAvx512: return cpu().avx512;
  }
  return false;
}

Impl bestImpl() {
  if (cpu().avx512) return Impl::kAvx512;
  if (cpu().avx2) return Impl::kAvx2;
  if (cpu().pclmul) return Impl::kPclmul;
  return Impl::kPortable;
}

std::vector<Impl> supportedImpls() {
  std::vector<Impl> out;
  for (Impl impl : {Impl::kPortable, Impl::kPclmul, Impl::kAvx2, Impl::kAvx512})
    if (implSupported(impl)) out.push_back(impl);
  return out;
}

namespace detail {

const Kernels& kernelsFor(Impl impl) {
  static const Kernels kPortableKernels{Impl::kPortable, &edcPortable, &eccParityPortable,
                                       &scramblePortable};
#if defined(__x86_64__)
  static const Kernels kPclmulKernels{Impl::kPclmul, &edcPclmul, &eccParityPortable, &scramblePortable};
  static const Kernels kAvx2Kernels{Impl::kAvx2, &edcPclmul, &eccParityAvx2, &scrambleAvx2};
  static const Kernels kAvx512Kernels{Impl::kAvx512, &edcVpclmul, &eccParityAvx2, &scrambleAvx2};
  switch (impl == Impl::kAuto ? bestImpl() : impl) {
    case Impl::kPclmul: return kPclmulKernels;
    case Impl::kAvx2: return kAvx2Kernels;
    case Impl::kAvx512: return kAvx512Kernels;
    default: break;
  }
#else
  (void)impl;
#endif
  return kPortableKernels;
}

}  // namespace detail
}  // namespace dm::sector
