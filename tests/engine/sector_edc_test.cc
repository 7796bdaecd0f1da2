// The EDC (ECMA-130 §14.3): the CRC-32/CD-ROM-EDC check value, and every kernel against a
// bit-at-a-time CRC written straight from the generator polynomial.
#include <gtest/gtest.h>

#include <random>
#include <string_view>
#include <vector>

#include "engine/sector/edc.h"

namespace dm::sector {
namespace {

// The definition: shift each message bit (LSB of each byte first) through the register, feeding
// back P(x) = x^32 + x^31 + x^16 + x^15 + x^4 + x^3 + x + 1 (reflected: 0xD8018001).
uint32_t edcBitwise(const uint8_t* data, size_t bytes) {
  uint32_t reg = 0;
  for (size_t i = 0; i < bytes; ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      const uint32_t in = ((data[i] >> bit) & 1) ^ (reg & 1);
      reg >>= 1;
      if (in) reg ^= 0xD8018001u;
    }
  }
  return reg;
}

TEST(SectorEdc, CheckValue) {
  constexpr std::string_view kCheck = "123456789";
  const std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(kCheck.data()), kCheck.size());
  EXPECT_EQ(edcBitwise(bytes.data(), bytes.size()), 0x6EC2EDC4u);
  for (Impl impl : supportedImpls()) EXPECT_EQ(edc(bytes, impl), kEdcCheckValue) << implName(impl);
  EXPECT_EQ(edc(bytes), kEdcCheckValue);
}

TEST(SectorEdc, EveryKernelMatchesTheDefinitionForEveryLength) {
  std::mt19937 gen(3);
  std::vector<uint8_t> data(4200);
  for (auto& b : data) b = static_cast<uint8_t>(gen());
  for (Impl impl : supportedImpls()) {
    for (size_t len = 0; len <= data.size(); len += (len < 600 ? 1 : 97)) {
      ASSERT_EQ(edc(std::span(data.data(), len), impl), edcBitwise(data.data(), len))
          << implName(impl) << " len " << len;
    }
    // The three sector lengths, at an odd alignment.
    for (size_t len : {2056u, 2064u, 2332u})
      EXPECT_EQ(edc(std::span(data.data() + 3, len), impl), edcBitwise(data.data() + 3, len)) << implName(impl);
  }
}

TEST(SectorEdc, UpdateContinues) {
  std::vector<uint8_t> data(3000);
  std::mt19937 gen(9);
  for (auto& b : data) b = static_cast<uint8_t>(gen());
  const std::span<const uint8_t> all(data);
  EXPECT_EQ(edcUpdate(edc(all.first(1234)), all.subspan(1234)), edc(all));
}

TEST(SectorEdc, StoredLeastSignificantByteFirst) {
  uint8_t at[4];
  storeEdc(at, 0x6EC2EDC4u);
  EXPECT_EQ(at[0], 0xC4);
  EXPECT_EQ(at[3], 0x6E);
}

}  // namespace
}  // namespace dm::sector
