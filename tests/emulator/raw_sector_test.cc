// The emulator's ECMA-130 synthesis on known values: the EDC and Q CRC check values, the layout of
// a Mode 1 / Mode 2 sector, hand-packed Q mode 2 (MCN) and mode 3 (ISRC) frames, and the raw P–W
// interleave. Byte-for-byte agreement with the engine's and libburn's encoders is in
// tests/crosscheck/raw_sector_crosscheck_test.cc.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

#include "emulator/media/raw_sector.h"

namespace vrec {
namespace {

std::span<const uint8_t> bytesOf(std::string_view text) {
  return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

TEST(RawSector, EdcCheckValue) {
  EXPECT_EQ(edc(bytesOf("123456789")), 0x6EC2EDC4u);
  EXPECT_EQ(edc({}), 0u);
  // A running value continues where the first part stopped.
  EXPECT_EQ(edc(bytesOf("56789"), edc(bytesOf("1234"))), 0x6EC2EDC4u);
}

TEST(RawSector, QCrcCheckValues) {
  // CRC-16/XMODEM("123456789") = 31C3h; Q stores it inverted.
  EXPECT_EQ(qCrc(bytesOf("123456789")), 0xCE3C);
  EXPECT_EQ(qCrc({}), 0xFFFF);
  // Track 1 index 1 at 00:02:00, data track: the CRC bytes of a real Q frame check out.
  const QChannel q = qPosition(4, 1, 1, 0, 0);
  const std::array<uint8_t, 10> expected{0x41, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00};
  EXPECT_TRUE(std::equal(expected.begin(), expected.end(), q.begin()));
  const uint16_t crc = qCrc(std::span<const uint8_t>(q.data(), 10));
  EXPECT_EQ(q[10], crc >> 8);
  EXPECT_EQ(q[11], crc & 0xFF);
}

TEST(RawSector, Mode1Layout) {
  std::array<uint8_t, kMode1UserBytes> user{};
  for (size_t i = 0; i < user.size(); ++i) user[i] = static_cast<uint8_t>(i * 7);
  std::array<uint8_t, kRawSectorBytes> out{};
  encodeMode1(16, user, out);  // LBA 16 = 00:02:16
  const std::array<uint8_t, 16> head{0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                     0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x02, 0x16, 0x01};
  EXPECT_TRUE(std::equal(head.begin(), head.end(), out.begin()));
  EXPECT_EQ(std::memcmp(out.data() + 16, user.data(), user.size()), 0);
  const uint32_t stored = out[2064] | out[2065] << 8 | out[2066] << 16 | static_cast<uint32_t>(out[2067]) << 24;
  EXPECT_EQ(stored, edc(std::span<const uint8_t>(out.data(), 2064)));
  for (size_t i = 2068; i < 2076; ++i) EXPECT_EQ(out[i], 0) << i;
  // The all-zero user data of a sector still gets a non-zero header parity.
  std::array<uint8_t, kMode1UserBytes> zeros{};
  encodeMode1(0, zeros, out);
  EXPECT_NE(std::count(out.begin() + 2076, out.end(), 0), 276);
}

TEST(RawSector, Mode2Form2HasSubheaderTwiceAndEdc) {
  std::array<uint8_t, kForm2UserBytes> user{};
  user.fill(0x5A);
  std::array<uint8_t, kRawSectorBytes> out{};
  encodeMode2Form2(-150, XaSubheader{1, 2, kSubmodeData, 4}, user, out);
  EXPECT_EQ(out[12], 0x00);  // 00:00:00
  EXPECT_EQ(out[15], 0x02);
  EXPECT_EQ(out[18], kSubmodeData | kSubmodeForm2);
  EXPECT_EQ(std::memcmp(out.data() + 16, out.data() + 20, 4), 0);
  const uint32_t stored = out[2348] | out[2349] << 8 | out[2350] << 16 | static_cast<uint32_t>(out[2351]) << 24;
  EXPECT_EQ(stored, edc(std::span<const uint8_t>(out.data() + 16, 2332)));
}

TEST(RawSector, QMode2CarriesTheMcnAsBcd) {
  const QChannel q = qCatalog(0, "0123456789012", 0);  // absolute frame 00
  const std::array<uint8_t, 10> expected{0x02, 0x01, 0x23, 0x45, 0x67, 0x89, 0x01, 0x20, 0x00, 0x00};
  EXPECT_TRUE(std::equal(expected.begin(), expected.end(), q.begin()));
  EXPECT_EQ(qCatalog(0, "0123456789012", 74)[9], 0x74 + 0x00);  // LBA 74 = 00:02:74
}

TEST(RawSector, QMode3PacksTheIsrc) {
  // U S R C 1 → 25h 23h 22h 13h 01h as 6-bit codes, then 7 6 0 7 8 3 9 as BCD.
  const QChannel q = qIsrc(0, "USRC17607839", 5);
  const std::array<uint8_t, 10> expected{0x03, 0x96, 0x38, 0x93, 0x04, 0x76, 0x07, 0x83, 0x90, 0x05};
  EXPECT_TRUE(std::equal(expected.begin(), expected.end(), q.begin()));
}

TEST(RawSector, QPositionCountsDownInThePregap) {
  // Track 2 index 0, 3 s 10 frames before index 1 at LBA 1000: LBA 765, absolute 00:12:15.
  const QChannel q = qPosition(0, 2, 0, 235, 765);
  const std::array<uint8_t, 10> expected{0x01, 0x02, 0x00, 0x00, 0x03, 0x10, 0x00, 0x00, 0x12, 0x15};
  EXPECT_TRUE(std::equal(expected.begin(), expected.end(), q.begin()));
}

TEST(RawSector, InterleaveSpreadsPAndQOverTheTopBits) {
  QChannel q{};
  q[0] = 0x80;   // bit 0 of Q
  q[11] = 0x01;  // bit 95 of Q
  const RawSubchannel raw = interleave(true, q);
  EXPECT_EQ(raw[0], 0xC0);
  EXPECT_EQ(raw[1], 0x80);
  EXPECT_EQ(raw[95], 0xC0);
  const RawSubchannel quiet = interleave(false, q);
  EXPECT_EQ(quiet[1], 0x00);
}

}  // namespace
}  // namespace vrec
