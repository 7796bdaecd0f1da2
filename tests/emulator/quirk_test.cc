// The quirk catalogue is consistent (unique names that parse back, every row sourced and
// described), and each identification and media-information quirk changes exactly what its row
// says, shown with hand-written CDBs on a drive with and without it.
#include "emulator/quirks/quirk.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "quirk_test_support.h"

namespace vrec_test {
namespace {

TEST(Quirks, CatalogueIsConsistent) {
  std::set<std::string> names;
  const std::set<std::string_view> areas = {"identification", "media", "mode pages", "writing", "buffer", "reading",
                                             "events"};
  for (const vrec::QuirkInfo& info : vrec::allQuirks()) {
    EXPECT_TRUE(names.insert(std::string(info.name)).second) << info.name;
    EXPECT_EQ(vrec::parseQuirk(info.name), info.quirk);
    EXPECT_EQ(&vrec::quirkInfo(info.quirk), &info);
    EXPECT_NE(info.source.find("mmc.md §"), std::string_view::npos) << info.name;
    EXPECT_TRUE(areas.contains(info.area)) << info.name << ": " << info.area;
    EXPECT_GT(info.description.size(), 150u) << info.name;
    EXPECT_EQ(info.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_"), std::string_view::npos);
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(vrec::Quirk::kCount));
  EXPECT_GE(names.size(), 25u);
  EXPECT_FALSE(vrec::parseQuirk("Negative_NWA_on_blank").has_value());
  EXPECT_EQ(vrec::suggestQuirk("negative_nwa_on_blnk"), "negative_nwa_on_blank");
  EXPECT_EQ(vrec::suggestQuirk("eats_discs"), "");
  vrec::QuirkSet set;
  EXPECT_TRUE(set.empty());
  set.set(vrec::Quirk::kSetCdSpeedNoRoundUp);
  EXPECT_EQ(set.names(), std::vector<std::string>{"set_cd_speed_no_round_up"});
}

// mmc.md §9 #1: READ TRACK INFORMATION (invisible track FFh) NWA bytes 12-15 on a blank disc.
TEST(Quirks, NegativeNwaOnBlank) {
  vrec::Recorder plain = recorderWith(std::nullopt);
  vrec::Recorder quirky = recorderWith(vrec::Quirk::kNegativeNwaOnBlank);
  const Reply normal = trackInfo(plain, 0xFF);
  const Reply odd = trackInfo(quirky, 0xFF);
  ASSERT_TRUE(normal.good() && odd.good());
  EXPECT_EQ(be32(normal.data, 12), 0u);
  EXPECT_EQ(static_cast<int32_t>(be32(odd.data, 12)), -150);
  EXPECT_EQ(be32(odd.data, 8), 0u);  // the track start stays right; only the NWA is off
  // A burner that clamps the NWA to the track start (libburn) still writes at LBA 0; once the
  // disc holds a track the quirk no longer applies.
  ASSERT_TRUE(selectWriteParameters(quirky, kTao, kDataTrackMultisession, kMode1).good());
  EXPECT_EQ(dataOut(quirky, write10Cdb(-150, 1), payload(0, 1)).sense(), "05/21/02");
  writeBlocks(quirky, 0, 320);
  ASSERT_TRUE(syncCache(quirky).good());
  const Reply next = trackInfo(quirky, 0xFF);
  EXPECT_GT(static_cast<int32_t>(be32(next.data, 12)), 0);
}

// mmc.md §9 #35: SET CD SPEED write 176 kB/s (1×) is below the slowest CD-R speed (4×).
TEST(Quirks, SetCdSpeedNoRoundUp) {
  const Bytes set_1x = {0xBB, 0x00, 0xFF, 0xFF, 0x00, 0xB0, 0, 0, 0, 0, 0, 0};
  vrec::Recorder plain = recorderWith(std::nullopt);
  EXPECT_TRUE(noData(plain, set_1x).good());
  EXPECT_EQ(plain.currentWriteSpeedX(), 4);  // rounded up to the slowest
  vrec::Recorder quirky = recorderWith(vrec::Quirk::kSetCdSpeedNoRoundUp);
  const Reply refused = noData(quirky, set_1x);
  EXPECT_EQ(refused.sense(), "05/24/00");
  EXPECT_TRUE(refused.inCdb());
  EXPECT_EQ(refused.fieldPointer(), 4);
  EXPECT_EQ(quirky.currentWriteSpeedX(), 48);  // nothing changed
  // 4× (704 kB/s) and "maximum" are accepted.
  EXPECT_TRUE(noData(quirky, {0xBB, 0x00, 0xFF, 0xFF, 0x02, 0xC0, 0, 0, 0, 0, 0, 0}).good());
  EXPECT_EQ(quirky.currentWriteSpeedX(), 4);
  EXPECT_TRUE(noData(quirky, {0xBB, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0}).good());
}

// mmc.md §9 #53: SET CD SPEED is not implemented at all.
TEST(Quirks, SetCdSpeedUnsupported) {
  const Bytes set_16x = {0xBB, 0x00, 0xFF, 0xFF, 0x0B, 0x00, 0, 0, 0, 0, 0, 0};
  vrec::Recorder plain = recorderWith(std::nullopt);
  EXPECT_TRUE(noData(plain, set_16x).good());
  EXPECT_EQ(plain.currentWriteSpeedX(), 16);
  vrec::Recorder quirky = recorderWith(vrec::Quirk::kSetCdSpeedUnsupported);
  EXPECT_EQ(noData(quirky, set_16x).sense(), "05/20/00");
  EXPECT_EQ(quirky.currentWriteSpeedX(), 48);  // it records at its own speed
}

// mmc.md §9 #25: page 2Ah write speed descriptors (byte 32 + 4n + 2) after the first read 0.
TEST(Quirks, ZeroWriteSpeedDescriptors) {
  vrec::Recorder plain = recorderWith(std::nullopt);
  vrec::Recorder quirky = recorderWith(vrec::Quirk::kZeroWriteSpeedDescriptors);
  const Reply normal = capabilitiesPage(plain);
  const Reply odd = capabilitiesPage(quirky);
  ASSERT_TRUE(normal.good() && odd.good());
  const size_t page = 8;
  ASSERT_EQ(be16(normal.data, page + 30), 7);  // 48, 40, 32, 24, 16, 8, 4x
  EXPECT_EQ(be16(normal.data, page + 32 + 2), 8467);
  EXPECT_EQ(be16(normal.data, page + 32 + 6 * 4 + 2), 705);
  EXPECT_EQ(be16(odd.data, page + 32 + 2), 8467);
  for (size_t i = 1; i < 7; ++i) EXPECT_EQ(be16(odd.data, page + 32 + 4 * i + 2), 0) << i;
  EXPECT_EQ(be16(odd.data, page + 18), 8467);  // the maximum write speed field stays right
}

// mmc.md §9 #55: the 16-bit speed fields of page 2Ah are little-endian.
TEST(Quirks, ByteSwappedSpeedFields) {
  vrec::Recorder plain = recorderWith(std::nullopt);
  vrec::Recorder quirky = recorderWith(vrec::Quirk::kByteSwappedSpeedFields);
  const Reply normal = capabilitiesPage(plain);
  const Reply odd = capabilitiesPage(quirky);
  ASSERT_TRUE(normal.good() && odd.good());
  for (size_t field : {8u, 14u, 18u, 20u, 28u, 34u}) {
    const uint16_t n = be16(normal.data, 8 + field);
    EXPECT_EQ(be16(odd.data, 8 + field), static_cast<uint16_t>(n >> 8 | n << 8)) << "byte " << field;
  }
  EXPECT_EQ(be16(odd.data, 8 + 18), 0x1321);  // 8,467 kB/s (2113h) swapped
}

// mmc.md §9 #26: GET PERFORMANCE type 03h answers GOOD with an empty list.
TEST(Quirks, EmptyGetPerformance) {
  vrec::Recorder plain = recorderWith(std::nullopt);
  vrec::Recorder quirky = recorderWith(vrec::Quirk::kEmptyGetPerformance);
  const Reply normal = writeSpeedPerformance(plain);
  const Reply odd = writeSpeedPerformance(quirky);
  ASSERT_TRUE(normal.good() && odd.good()) << odd.sense();
  EXPECT_EQ(be32(normal.data, 0), 4u + 7 * 16);
  EXPECT_EQ(be32(odd.data, 0), 0u);
  EXPECT_EQ(odd.data.size(), 8u);
}

// mmc.md §9 #23: GET PERFORMANCE type 00h (nominal) is refused at byte 10.
TEST(Quirks, GetPerformanceNominalRefused) {
  vrec::Recorder plain = recorderWith(std::nullopt);
  vrec::Recorder quirky = recorderWith(vrec::Quirk::kGetPerformanceNominalRefused);
  EXPECT_TRUE(nominalPerformance(plain).good());
  const Reply odd = nominalPerformance(quirky);
  EXPECT_EQ(odd.sense(), "05/24/00");
  EXPECT_EQ(odd.fieldPointer(), 10);
  EXPECT_TRUE(writeSpeedPerformance(quirky).good());  // type 03h still works
}

// mmc.md §9 #42: free blocks (bytes 16-19) and track size (24-27) of the blank invisible track.
TEST(Quirks, ZeroFreeBlocksOnBlank) {
  vrec::Recorder plain = recorderWith(std::nullopt);
  vrec::Recorder quirky = recorderWith(vrec::Quirk::kZeroFreeBlocksOnBlank);
  const Reply normal = trackInfo(plain, 0xFF);
  const Reply odd = trackInfo(quirky, 0xFF);
  ASSERT_TRUE(normal.good() && odd.good());
  EXPECT_EQ(be32(normal.data, 16), 359849u);
  EXPECT_EQ(be32(normal.data, 24), 359849u);
  EXPECT_EQ(be32(odd.data, 16), 0u);
  EXPECT_EQ(be32(odd.data, 24), 0u);
  // The disc itself is as big as ever: READ DISC INFORMATION's last possible lead-out (79:59:74).
  const Reply disc = discInfo(quirky);
  ASSERT_TRUE(disc.good());
  EXPECT_EQ(disc.data[21], 79);
  EXPECT_EQ(disc.data[22], 59);
}

// mmc.md §9 #58: READ DISC INFORMATION is an unknown opcode.
TEST(Quirks, ReadDiscInformationUnsupported) {
  vrec::Recorder plain = recorderWith(std::nullopt);
  vrec::Recorder quirky = recorderWith(vrec::Quirk::kReadDiscInformationUnsupported);
  EXPECT_TRUE(discInfo(plain).good());
  const Reply odd = discInfo(quirky);
  EXPECT_EQ(odd.sense(), "05/20/00");
  EXPECT_EQ(odd.fieldPointer(), 0);
  EXPECT_TRUE(trackInfo(quirky, 0xFF).good());
}

// mmc.md §9 #37: page 05h as powered up holds data block type 7 (reserved): a MODE SELECT that
// keeps it fails, one that sets the block type explicitly passes.
TEST(Quirks, InvalidPage05Defaults) {
  const Bytes sense05 = {0x5A, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00};
  vrec::Recorder plain = recorderWith(std::nullopt);
  vrec::Recorder quirky = recorderWith(vrec::Quirk::kInvalidPage05Defaults);
  EXPECT_EQ(dataIn(plain, sense05, 64).data[8 + 4] & 0x0F, 8);
  EXPECT_EQ(dataIn(quirky, sense05, 64).data[8 + 4] & 0x0F, 7);
  EXPECT_TRUE(selectWriteParameters(plain, kTao, kDataTrackCloseDisc, 0x08).good());
  const Reply kept = selectWriteParameters(quirky, kTao, kDataTrackCloseDisc, 0x07);
  EXPECT_EQ(kept.sense(), "05/26/00");
  EXPECT_TRUE(selectWriteParameters(quirky, kTao, kDataTrackCloseDisc, kMode1).good());
}

}  // namespace
}  // namespace vrec_test
