// Which implementation of the sector kernels runs: the portable one, or one that uses x86 features
// found at run time (PCLMULQDQ for the EDC, AVX2 for P/Q parity, VPCLMULQDQ + AVX-512 for the EDC).
// The library is compiled for the baseline ISA; only the kernel functions carry target attributes,
// so one binary runs everywhere and picks the best kernels with __builtin_cpu_supports. Every
// implementation produces the same bytes (tests/engine/sector_dispatch_test.cc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace dm::sector {

enum class Impl : uint8_t {
  kAuto,      // the best supported one (bestImpl())
  kPortable,  // table-sliced EDC, generic-vector P/Q: plain C++ with GCC vector extensions
  kPclmul,    // PCLMULQDQ CRC folding; portable P/Q
  kAvx2,      // PCLMULQDQ CRC folding; AVX2 P/Q
  kAvx512,    // VPCLMULQDQ (AVX-512) CRC folding; AVX2 P/Q
};

// "auto", "portable", "pclmul", "avx2", "avx512".
std::string_view implName(Impl impl);

// True if this CPU can run `impl` (always true for kAuto and kPortable).
bool implSupported(Impl impl);

// The fastest supported implementation; never kAuto.
Impl bestImpl();

// Every concrete implementation this CPU supports, portable first.
std::vector<Impl> supportedImpls();

namespace detail {

// The kernels one implementation is made of. `parity` writes P (bytes 2076..2247) and then Q
// (2248..2351) from bytes 12..2247 of a raw sector (ECMA-130 Annex A); it may read up to 2352 bytes
// of `sector`. `scramble` XORs bytes 12..2351 with the Annex B sequence.
struct Kernels {
  Impl impl;
  uint32_t (*edc)(const uint8_t* data, size_t bytes);
  void (*parity)(uint8_t* sector);
  void (*scramble)(uint8_t* sector);
};

// The kernels of `impl` (kAuto resolves to bestImpl()). REQUIRES: implSupported(impl).
const Kernels& kernelsFor(Impl impl);

}  // namespace detail
}  // namespace dm::sector
