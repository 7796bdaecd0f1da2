// P/Q parity: the kernel of ecc_kernels.h instantiated for the baseline ISA (16-byte vectors) and
// for AVX2 (32-byte vectors, under a target attribute so the rest of the library stays baseline;
// dispatch calls it only when the CPU has AVX2), and the public entry point.
#include "engine/sector/ecc.h"

#include "engine/sector/ecc_kernels.h"

namespace dm::sector {
namespace detail {

void eccParityPortable(uint8_t* sector) { parityKernel<ByteVec16>(sector); }

#if defined(__x86_64__)
__attribute__((target("avx2"))) void eccParityAvx2(uint8_t* sector) { parityKernel<ByteVec32>(sector); }
#else
void eccParityAvx2(uint8_t* sector) { parityKernel<ByteVec16>(sector); }
#endif

}  // namespace detail

void writeParityPQ(std::span<uint8_t, kRawSectorBytes> sector, Impl impl) {
  detail::kernelsFor(impl).parity(sector.data());
}

}  // namespace dm::sector
