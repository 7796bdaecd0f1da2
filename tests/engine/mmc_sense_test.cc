// Sense decoding, naming and the IMAPI result each sense maps to.
#include <gtest/gtest.h>

#include <array>

#include "engine/mmc/sense.h"

namespace dm::mmc {
namespace {

TEST(MmcSense, DecodesFixedFormat) {
  std::array<uint8_t, 18> raw{0xF0, 0, 0x03, 0, 0, 0x30, 0x39, 10, 0, 0, 0, 0, 0x0C, 0x09};
  EXPECT_EQ(decodeSense(raw), (SenseTriple{0x03, 0x0C, 0x09}));
}

TEST(MmcSense, DecodesDescriptorFormat) {
  std::array<uint8_t, 8> raw{0x72, 0x05, 0x21, 0x02, 0, 0, 0, 0};
  EXPECT_EQ(decodeSense(raw), (SenseTriple{0x05, 0x21, 0x02}));
}

TEST(MmcSense, GarbageDecodesToZero) {
  std::array<uint8_t, 4> raw{0x12, 0x34, 0x56, 0x78};
  EXPECT_EQ(decodeSense(raw), SenseTriple{});
  EXPECT_EQ(decodeSense({}), SenseTriple{});
}

TEST(MmcSense, DescribesKeyCodeAndText) {
  EXPECT_EQ(describeSense({0x03, 0x0C, 0x09}), "MEDIUM ERROR 03/0C/09 (write error - loss of streaming)");
  EXPECT_EQ(describeSense({0x05, 0x21, 0x02}), "ILLEGAL REQUEST 05/21/02 (invalid address for write)");
  EXPECT_EQ(describeSense({0x05, 0xEE, 0x01}), "ILLEGAL REQUEST 05/EE/01");
}

TEST(MmcSense, MapsToImapiResults) {
  EXPECT_EQ(resultForSense({0x02, 0x3A, 0x00}), ResultCode::kMediumNotPresent);
  EXPECT_EQ(resultForSense({0x02, 0x3A, 0x02}), ResultCode::kMediumNotPresent);
  EXPECT_EQ(resultForSense({0x03, 0x0C, 0x09}), ResultCode::kLossOfStreaming);
  EXPECT_EQ(resultForSense({0x05, 0x63, 0x00}), ResultCode::kDiscFull);
  EXPECT_EQ(resultForSense({0x05, 0x27, 0x00}), ResultCode::kCannotWriteToMedia);
  EXPECT_EQ(resultForSense({0x03, 0x0C, 0x00}), ResultCode::kGeneric);
}

// Every row of the table, with its wildcards filled in two different ways, maps to its code; and
// the row a more general one would shadow comes first.
TEST(MmcSense, EveryMappingRowMapsToItsCode) {
  for (const SenseMapping& m : senseMappings()) {
    for (uint8_t fill : {uint8_t{0x00}, uint8_t{0x05}}) {
      const SenseTriple s{static_cast<uint8_t>(m.key == SenseMapping::kAny ? 0x05 : m.key),
                          static_cast<uint8_t>(m.asc == SenseMapping::kAny ? fill : m.asc),
                          static_cast<uint8_t>(m.ascq == SenseMapping::kAny ? fill : m.ascq)};
      EXPECT_EQ(resultCodeName(resultForSense(s)), resultCodeName(m.code)) << describeSense(s) << ": " << m.meaning;
    }
    EXPECT_FALSE(m.meaning.empty());
  }
  EXPECT_GE(senseMappings().size(), 10u);
  // Not in the table: generic, and the message carries the decoded sense instead.
  EXPECT_EQ(resultForSense({0x04, 0x44, 0x00}), ResultCode::kGeneric);
  EXPECT_EQ(resultForSense({0x05, 0x24, 0x00}), ResultCode::kGeneric);
}

TEST(MmcSense, TransientNotReadyStates) {
  EXPECT_TRUE(isTransientNotReady({0x02, 0x04, 0x08}));
  EXPECT_TRUE(isTransientNotReady({0x02, 0x04, 0x07}));
  EXPECT_TRUE(isTransientNotReady({0x02, 0x04, 0x01}));
  EXPECT_FALSE(isTransientNotReady({0x02, 0x3A, 0x00}));
  EXPECT_FALSE(isTransientNotReady({0x02, 0x04, 0x02}));
}

TEST(ResultCodes, NamesRoundTripWithImapiValues) {
  EXPECT_EQ(resultCodeName(ResultCode::kDiscFull), "IMAPI_E_DISCFULL");
  EXPECT_EQ(static_cast<uint32_t>(ResultCode::kDiscFull), 0x8004021Cu);
  EXPECT_EQ(resultCodeFromName("IMAPI_E_LOSS_OF_STREAMING"), ResultCode::kLossOfStreaming);
  EXPECT_EQ(resultCodeFromName("IMAPI_S_OKAY"), std::nullopt);
  EXPECT_TRUE(isSuccess(ResultCode::kPropertiesIgnored));
  EXPECT_FALSE(isSuccess(ResultCode::kUserAbort));
}

}  // namespace
}  // namespace dm::mmc
