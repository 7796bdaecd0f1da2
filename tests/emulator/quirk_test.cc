// The quirk framework: the catalogue is consistent (unique names that parse back), and each quirk
// changes exactly what mmc.md §9 says it does, shown with hand-written CDBs on a drive with and
// without it.
#include "emulator/quirks/quirk.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "recorder_test_support.h"

namespace vrec_test {
namespace {

vrec::Recorder recorderWith(std::optional<vrec::Quirk> quirk) {
  vrec::DriveProfile profile = vrec::DriveProfile::defaultCdRecorder();
  if (quirk) profile.quirks.set(*quirk);
  return vrec::Recorder(std::move(profile), vrec::Medium::blank(vrec::MediumKind::kCdR80));
}

TEST(Quirks, CatalogueIsConsistent) {
  std::set<std::string> names;
  for (const vrec::QuirkInfo& info : vrec::allQuirks()) {
    EXPECT_TRUE(names.insert(std::string(info.name)).second) << info.name;
    EXPECT_EQ(vrec::parseQuirk(info.name), info.quirk);
    EXPECT_EQ(&vrec::quirkInfo(info.quirk), &info);
    EXPECT_NE(info.source.find("mmc.md §9"), std::string_view::npos) << info.name;
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(vrec::Quirk::kCount));
  EXPECT_FALSE(vrec::parseQuirk("Negative_NWA_on_blank").has_value());
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

}  // namespace
}  // namespace vrec_test
