// P/Q parity checked against the definition of ECMA-130 Annex A rather than another encoder: every
// P column (RS(26,24)) and every Q diagonal (RS(45,43)) of an encoded sector must satisfy
// H·V = 0, with H's rows (1 … 1) and (α^(n-1) … α 1) over GF(2^8) mod x^8 + x^4 + x^3 + x^2 + 1.
#include <gtest/gtest.h>

#include <array>
#include <random>

#include "engine/sector/ecc.h"

namespace dm::sector {
namespace {

using Sector = std::array<uint8_t, kRawSectorBytes>;

uint8_t gfMulAlpha(uint8_t a) { return static_cast<uint8_t>((a << 1) ^ ((a & 0x80) ? 0x1D : 0)); }

// Both syndromes of the codeword `v` (v[0] has the highest power of α).
std::pair<uint8_t, uint8_t> syndromes(const std::vector<uint8_t>& v) {
  uint8_t s0 = 0;
  uint8_t s1 = 0;
  for (uint8_t byte : v) {
    s0 ^= byte;
    s1 = static_cast<uint8_t>(gfMulAlpha(s1) ^ byte);  // Horner: Σ v_i α^(n-1-i)
  }
  return {s0, s1};
}

// P codeword of byte column c (0..85): rows 0..25 of the 26 × 86 matrix starting at byte 12.
std::vector<uint8_t> pCodeword(const Sector& s, size_t c) {
  std::vector<uint8_t> v;
  for (size_t row = 0; row < 26; ++row) v.push_back(s[12 + row * 86 + c]);
  return v;
}

// Q codeword of diagonal d (0..25), byte w of the word: position m is word (row (d+m) mod 26,
// column m) for m < 43, then the two Q bytes (at 2248 + 2d + w and 2300 + 2d + w).
std::vector<uint8_t> qCodeword(const Sector& s, size_t d, size_t w) {
  std::vector<uint8_t> v;
  for (size_t m = 0; m < 43; ++m) v.push_back(s[12 + ((d + m) % 26) * 86 + 2 * m + w]);
  v.push_back(s[2248 + 2 * d + w]);
  v.push_back(s[2300 + 2 * d + w]);
  return v;
}

Sector randomSector(uint32_t seed) {
  std::mt19937 gen(seed);
  Sector s{};
  for (auto& b : s) b = static_cast<uint8_t>(gen());
  return s;
}

TEST(SectorEcc, EveryPColumnAndQDiagonalIsACodeword) {
  const std::pair<uint8_t, uint8_t> kZero{0, 0};
  for (Impl impl : supportedImpls()) {
    for (uint32_t seed = 0; seed < 20; ++seed) {
      Sector s = randomSector(seed);
      writeParityPQ(s, impl);
      for (size_t c = 0; c < 86; ++c) ASSERT_EQ(syndromes(pCodeword(s, c)), kZero) << c;
      for (size_t d = 0; d < 26; ++d)
        for (size_t w = 0; w < 2; ++w)
          ASSERT_EQ(syndromes(qCodeword(s, d, w)), kZero) << d << "/" << w;
    }
  }
}

TEST(SectorEcc, ParityDependsOnlyOnBytes12To2075) {
  Sector a = randomSector(7);
  Sector b = a;
  for (size_t i = 0; i < 12; ++i) b[i] ^= 0x5A;          // sync
  for (size_t i = 2076; i < kRawSectorBytes; ++i) b[i] = 0;  // old parity
  writeParityPQ(a);
  writeParityPQ(b);
  EXPECT_TRUE(std::equal(a.begin() + 12, a.end(), b.begin() + 12));
}

TEST(SectorEcc, ZeroDataHasZeroParity) {
  Sector s{};
  for (size_t i = 2076; i < kRawSectorBytes; ++i) s[i] = 0xFF;
  writeParityPQ(s);
  for (size_t i = 2076; i < kRawSectorBytes; ++i) ASSERT_EQ(s[i], 0) << i;
}

}  // namespace
}  // namespace dm::sector
