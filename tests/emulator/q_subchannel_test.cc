// The Q decoder raw writing relies on (emulator/media/q_subchannel.h), fed frames the test encodes
// with its own code (recorder_raw_support.h): TOC entries, positions, catalog number, ISRC, and
// frames a drive must not believe (bad CRC, BCD fields that are not BCD).
#include <gtest/gtest.h>

#include "emulator/media/q_subchannel.h"
#include "recorder_raw_support.h"

namespace vrec_test {
namespace {

vrec::QChannel asQ(const raw::Q& q) {
  vrec::QChannel out{};
  std::copy(q.begin(), q.end(), out.begin());
  return out;
}

// ADR 3: I1-I5 as 6-bit characters (0-9 → 00h-09h, A-Z → 11h-2Ah), I6-I12 as BCD nibbles.
raw::Q isrcQ(const std::string& isrc) {
  raw::Q q{};
  q[0] = 0x03;
  uint64_t bits = 0;
  for (int i = 0; i < 5; ++i) {
    const char c = isrc[static_cast<size_t>(i)];
    bits = bits << 6 | static_cast<uint64_t>(c <= '9' ? c - '0' : c - 'A' + 0x11);
  }
  bits <<= 2;
  for (int i = 0; i < 4; ++i) q[static_cast<size_t>(1 + i)] = static_cast<uint8_t>(bits >> (24 - 8 * i));
  for (size_t i = 0; i < 7; ++i) {
    const auto d = static_cast<uint8_t>(isrc[5 + i] - '0');
    q[5 + i / 2] = static_cast<uint8_t>(q[5 + i / 2] | (i % 2 == 0 ? d << 4 : d));
  }
  return raw::withCrc(q);
}

TEST(QSubchannel, DecodesTocEntriesPositionsCatalogAndIsrc) {
  const vrec::DecodedQ a0 = vrec::decodeQ(asQ(raw::tocQ(4, 0xA0, -11'000, {raw::bcd(1), 0x20, 0})));
  EXPECT_EQ(a0.kind, vrec::QKind::kLeadInToc);
  EXPECT_EQ(a0.pmin, 1);
  EXPECT_EQ(a0.psec, 0x20);
  const vrec::DecodedQ t12 = vrec::decodeQ(asQ(raw::tocQ(0, 0x12, -11'000, raw::msf(12'345))));
  EXPECT_EQ(t12.point, 0x12);
  EXPECT_EQ(t12.point_lba, 12'345);
  const vrec::DecodedQ pos = vrec::decodeQ(asQ(raw::positionQ(4, 0x07, 0x00, 3, 4'567)));
  EXPECT_EQ(pos.kind, vrec::QKind::kPosition);
  EXPECT_EQ(pos.track, 7);
  EXPECT_EQ(pos.index, 0);
  EXPECT_EQ(pos.absolute_lba, 4'567);
  EXPECT_EQ(vrec::decodeQ(asQ(raw::positionQ(0, 0xAA, 1, 0, 900))).kind, vrec::QKind::kLeadOut);
  const vrec::DecodedQ mcn = vrec::decodeQ(asQ(raw::catalogQ(0, "0123456789012", 10)));
  EXPECT_EQ(mcn.kind, vrec::QKind::kCatalog);
  EXPECT_EQ(mcn.text, "0123456789012");
  const vrec::DecodedQ isrc = vrec::decodeQ(asQ(isrcQ("GBXYZ0512345")));
  EXPECT_EQ(isrc.kind, vrec::QKind::kIsrc);
  EXPECT_EQ(isrc.text, "GBXYZ0512345");
}

TEST(QSubchannel, ADamagedFrameTeachesNothing) {
  raw::Q bad_crc = raw::positionQ(0, 0x01, 0x01, 0, 0);
  bad_crc[10] ^= 0x01;
  EXPECT_EQ(vrec::decodeQ(asQ(bad_crc)).kind, vrec::QKind::kDamaged);
  // A valid CRC over a track number that is not BCD.
  raw::Q not_bcd = raw::positionQ(0, 0x1A, 0x01, 0, 0);
  EXPECT_EQ(vrec::decodeQ(asQ(raw::withCrc(not_bcd))).kind, vrec::QKind::kDamaged);
  // The raw P-W form carries the same frame: Q in bit 6, P in bit 7.
  const raw::Q q = raw::positionQ(4, 0x02, 0x00, 9, 300);
  const Bytes pw = raw::pw96(q, true);
  const auto span = std::span<const uint8_t, 96>(pw.data(), 96);
  EXPECT_EQ(vrec::qFromRawSubchannel(span), asQ(q));
  EXPECT_TRUE(vrec::pFromRawSubchannel(span));
}

}  // namespace
}  // namespace vrec_test
