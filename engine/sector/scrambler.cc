// ECMA-130 Annex B scrambler: the sequence is generated at compile time from the shift register;
// the XOR loop is written with generic vectors and compiled for the baseline ISA and for AVX2.
#include "engine/sector/scrambler.h"

#include <cstring>

namespace dm::sector {
namespace {

constexpr std::array<uint8_t, kScrambledBytes> makeSequence() {
  std::array<uint8_t, kScrambledBytes> out{};
  uint16_t reg = 1;  // 15-bit register, preset to 0000 0000 0000 001
  for (auto& byte : out) {
    uint8_t value = 0;
    for (int bit = 0; bit < 8; ++bit) {
      const uint16_t out_bit = reg & 1;
      value = static_cast<uint8_t>(value | (out_bit << bit));
      // x^15 + x + 1: the bit shifted in at the top is the XOR of the two lowest stages.
      const uint16_t feedback = static_cast<uint16_t>(out_bit ^ ((reg >> 1) & 1));
      reg = static_cast<uint16_t>((reg >> 1) | (feedback << 14));
    }
    byte = value;
  }
  return out;
}

constexpr std::array<uint8_t, kScrambledBytes> kSequence = makeSequence();
static_assert(kSequence[0] == 0x01 && kSequence[1] == 0x80 && kSequence[2] == 0x00 && kSequence[3] == 0x60);

typedef uint8_t ScrambleVec16 __attribute__((vector_size(16)));
typedef uint8_t ScrambleVec32 __attribute__((vector_size(32)));

template <class V>
[[gnu::always_inline]] inline void xorSequence(uint8_t* sector) {
  constexpr size_t kW = sizeof(V);
  uint8_t* p = sector + kScrambleOffset;
  size_t i = 0;
  for (; i + kW <= kScrambledBytes; i += kW) {
    V a;
    V b;
    std::memcpy(&a, p + i, kW);
    std::memcpy(&b, kSequence.data() + i, kW);
    a ^= b;
    std::memcpy(p + i, &a, kW);
  }
  for (; i < kScrambledBytes; ++i) p[i] ^= kSequence[i];
}

}  // namespace

const std::array<uint8_t, kScrambledBytes>& scramblerSequence() { return kSequence; }

void scramble(std::span<uint8_t, kRawSectorBytes> sector, Impl impl) {
  detail::kernelsFor(impl).scramble(sector.data());
}

namespace detail {

void scramblePortable(uint8_t* sector) { xorSequence<ScrambleVec16>(sector); }

#if defined(__x86_64__)
__attribute__((target("avx2"))) void scrambleAvx2(uint8_t* sector) { xorSequence<ScrambleVec32>(sector); }
#else
void scrambleAvx2(uint8_t* sector) { xorSequence<ScrambleVec16>(sector); }
#endif

}  // namespace detail
}  // namespace dm::sector
