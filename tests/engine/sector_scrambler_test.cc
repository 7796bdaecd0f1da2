// The ECMA-130 Annex B scrambler: known first bytes, the sequence against a bit-level LFSR written
// from the definition, and scrambling as an involution that leaves the sync alone.
#include <gtest/gtest.h>

#include <array>
#include <random>

#include "engine/sector/scrambler.h"

namespace dm::sector {
namespace {

TEST(SectorScrambler, SequenceStartsAsTheStandardShows) {
  const auto& seq = scramblerSequence();
  const std::array<uint8_t, 8> first{0x01, 0x80, 0x00, 0x60, 0x00, 0x28, 0x00, 0x1E};
  for (size_t i = 0; i < first.size(); ++i) EXPECT_EQ(seq[i], first[i]) << i;
}

TEST(SectorScrambler, SequenceIsTheX15PlusXPlus1Register) {
  // Stages s1..s15 preset to 0…01; output s1; the new s15 is s1 XOR s2 (x^15 + x + 1).
  std::array<int, 15> stage{};
  stage[0] = 1;
  const auto& seq = scramblerSequence();
  for (size_t i = 0; i < seq.size(); ++i) {
    int byte = 0;
    for (int bit = 0; bit < 8; ++bit) {
      byte |= stage[0] << bit;
      const int feedback = stage[0] ^ stage[1];
      for (size_t s = 0; s + 1 < stage.size(); ++s) stage[s] = stage[s + 1];
      stage[14] = feedback;
    }
    ASSERT_EQ(seq[i], byte) << "byte " << i;
  }
}

TEST(SectorScrambler, ScramblingTwiceRestoresTheSectorAndSkipsTheSync) {
  std::mt19937 gen(1);
  std::array<uint8_t, kRawSectorBytes> original{};
  for (auto& b : original) b = static_cast<uint8_t>(gen());
  for (Impl impl : supportedImpls()) {
    auto s = original;
    scramble(s, impl);
    EXPECT_TRUE(std::equal(s.begin(), s.begin() + 12, original.begin())) << implName(impl);
    EXPECT_NE(s, original);
    EXPECT_EQ(s[12], original[12] ^ 0x01);
    EXPECT_EQ(s[kRawSectorBytes - 1], original[kRawSectorBytes - 1] ^ scramblerSequence().back());
    scramble(s, impl);
    EXPECT_EQ(s, original) << implName(impl);
  }
}

}  // namespace
}  // namespace dm::sector
