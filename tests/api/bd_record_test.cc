// recordDisc on BD media through the IMAPI-style API, on a BD writer (6/4/2x BD-R, 2x BD-RE): a
// Joliet image on a BD-R is left appendable as IMAPI leaves data discs and a second session
// continues the first; a BD-RE is formatted, written and then overwritten (never appended to); a
// simulation is refused on both before anything is written. QueryMediaType names BD-R and BD-RE
// (profile and IMAPI2 physical type); free blocks end on whole 32-block clusters; WriteSpeed and
// MaxWriteSpeed are in the loaded medium's 1x, and the burn estimate NotifyPreparingBurn carries
// is the image at that speed, on DVD and on BD.
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <fstream>

#include "engine/api/disc_master.h"
#include "tests/api/api_test_support.h"
#include "tests/engine/fake_dvd_recorder.h"

namespace dm::api {
namespace {
namespace fs = std::filesystem;

vrec::DriveProfile bdWriter() {
  vrec::DriveProfile p = vrec::DriveProfile::defaultCdRecorder();
  p.name = "bd-api-test";
  p.dvd_r_write_speeds_x = {16, 8, 4};
  p.dvd_plus_rw_write_speeds_x = {8, 4};
  p.max_dvd_read_speed_x = 16;
  p.bd_r_write_speeds_x = {6, 4, 2};
  p.bd_re_write_speeds_x = {2};
  p.max_bd_read_speed_x = 6;
  return p;
}

class BdRecordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dm-api-bd-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    write(dir_ / "a" / "readme.txt", "first session\n");
    write(dir_ / "b" / "docs" / "two.txt", "second session\n");
    write(dir_ / "big" / "data.bin", std::string(3 << 20, 'x'));  // 3 MiB: 1,536 blocks and the tree
  }
  void TearDown() override { fs::remove_all(dir_); }
  static void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
  DiscMasterOptions options() {
    DiscMasterOptions o;
    o.stash_dir = dir_ / "stash";
    o.now = [] { return std::chrono::sys_seconds(std::chrono::seconds(1700000000)); };
    return o;
  }
  void ready(DiscMaster& m, vrec::MediumKind kind) {
    source_.add("virtual:bd", kind, bdWriter());
    ASSERT_TRUE(m.open().ok());
    ASSERT_TRUE(m.setActiveFormat(Format::kJoliet).ok());
    auto list = m.recorders();
    ASSERT_TRUE(list.ok() && !list->empty());
    ASSERT_TRUE(m.setActiveRecorder(list->front()).ok());
  }
  std::string medium() { return source_.device("virtual:bd").medium().describe(); }
  // The volume identifier of the ISO 9660 image on track 1, read off the medium.
  std::string firstVolume() {
    const vrec::Medium& disc = source_.device("virtual:bd").medium();
    const vrec::Track* track = disc.track(1);
    if (track == nullptr) return "";
    std::array<uint8_t, 2048> pvd{};
    vrec::readUserData(disc, *track, 16, pvd);
    std::string id(pvd.begin() + 40, pvd.begin() + 72);
    return id.substr(0, id.find_last_not_of(' ') + 1);
  }
  fs::path dir_;
  VirtualSource source_;
};

TEST_F(BdRecordTest, JolietOnBdRTwoSessions) {
  DiscMaster m(source_, options());
  ready(m, vrec::MediumKind::kBdR);
  EXPECT_FALSE(m.multiSession());
  JolietFormat* joliet = *m.joliet();
  ASSERT_TRUE(joliet->addData(dir_ / "a", false).ok());
  const Status first = m.recordDisc(false, false);
  ASSERT_TRUE(first.ok()) << first.toString();
  EXPECT_EQ(medium(), "BD-R 25 GB (1 session, appendable)");
  // DiscMaster read the appendable BD-R and switched to multisession, as on DVD+R.
  EXPECT_TRUE(m.multiSession());
  ASSERT_TRUE(joliet->addData(dir_ / "b", false).ok());
  const Status second = m.recordDisc(false, false);
  ASSERT_TRUE(second.ok()) << second.toString();
  EXPECT_EQ(medium(), "BD-R 25 GB (2 sessions, appendable)");
}

TEST_F(BdRecordTest, BdReIsFormattedWrittenAndThenOverwritten) {
  DiscMaster m(source_, options());
  ready(m, vrec::MediumKind::kBdRe);
  // Blank: the room is what the default format with spares leaves (mmc.md §1.5).
  EXPECT_EQ((*m.joliet())->totalDataBlocks().value(), 11'826'176u);
  ASSERT_TRUE((*m.joliet())->addData(dir_ / "a", false).ok());
  const Status first = m.recordDisc(false, false);
  ASSERT_TRUE(first.ok()) << first.toString();
  EXPECT_EQ(medium(), "BD-RE 25 GB (formatted)");
  // The recorder's media info agrees: a formatted BD-RE's room is all of it, from LBA 0.
  Recorder* recorder = *m.activeRecorder();
  ASSERT_TRUE(recorder->openExclusive().ok());
  auto info = recorder->queryMediaInfo();
  ASSERT_TRUE(info.ok()) << info.error().toString();
  EXPECT_EQ(info->next_writable, 0u);
  EXPECT_EQ(info->free_blocks, 11'826'176u);
  ASSERT_TRUE(recorder->close().ok());
  // Random access: nothing to append to; the next image replaces the first, from LBA 0.
  EXPECT_FALSE(m.multiSession());
  EXPECT_EQ((*m.joliet())->totalDataBlocks().value(), 11'826'176u);
  ASSERT_TRUE((*m.joliet())->setProperties({{"VolumeName", std::string("SECOND")}}).ok());
  ASSERT_TRUE((*m.joliet())->addData(dir_ / "b", false).ok());
  const Status second = m.recordDisc(false, false);
  ASSERT_TRUE(second.ok()) << second.toString();
  EXPECT_EQ(medium(), "BD-RE 25 GB (formatted)");
  EXPECT_EQ(firstVolume(), "SECOND");
}

TEST_F(BdRecordTest, SimulationIsRefusedOnBdRAndBdReBeforeAnyWrite) {
  for (const vrec::MediumKind kind : {vrec::MediumKind::kBdR, vrec::MediumKind::kBdRe}) {
    DiscMaster m(source_, options());
    ready(m, kind);
    ASSERT_TRUE((*m.joliet())->addData(dir_ / "a", false).ok());
    const Status s = m.recordDisc(true, false);
    EXPECT_EQ(s.code(), ResultCode::kMediumInvalidType) << s.toString();
    EXPECT_NE(s.message().find("which has no Test Write"), std::string::npos) << s.message();
    EXPECT_NE(medium().find("blank"), std::string::npos) << medium();
    ASSERT_TRUE(m.close().ok());
  }
}

TEST(BdMediaType, BdRAndBdReAreRecordableWithTheirProfileAndPhysicalType) {
  const std::tuple<vrec::MediumKind, uint16_t, PhysicalMediaType, bool> kinds[] = {
      {vrec::MediumKind::kBdR, 0x0041, PhysicalMediaType::kBdR, false},
      {vrec::MediumKind::kBdRe, 0x0043, PhysicalMediaType::kBdRe, true},
      {vrec::MediumKind::kDvdPlusR, 0x001B, PhysicalMediaType::kDvdPlusR, false},
      {vrec::MediumKind::kCdR80, 0x0009, PhysicalMediaType::kCdR, false}};
  for (const auto& [kind, profile, physical, rewritable] : kinds) {
    VirtualSource source;
    source.add("virtual:bd", kind, bdWriter());
    auto recorders = source.discover();
    ASSERT_EQ(recorders.size(), 1u);
    Recorder& r = *recorders.front();
    ASSERT_TRUE(r.openExclusive().ok());
    const auto type = r.queryMediaType();
    ASSERT_TRUE(type.ok()) << type.error().toString();
    EXPECT_EQ(type->profile, profile);
    EXPECT_EQ(type->physical_type, physical) << profile;
    EXPECT_EQ(type->flags & kMediaUnusable, 0) << profile;
    EXPECT_NE(type->flags & kMediaWritable, 0) << profile;
    EXPECT_NE(type->flags & kMediaBlank, 0) << profile;
    EXPECT_EQ((type->flags & kMediaRw) != 0, rewritable) << profile;
    (void)r.close();
  }
}

// WriteSpeed and MaxWriteSpeed count the loaded medium's 1x: the writer's 16x DVD±R is 16 with a
// DVD+R inserted (not 126, its 22,160 kB/s in CD 1x), its 6x BD-R 6 with a BD-R. The estimate
// NotifyPreparingBurn carries is the image's blocks at WriteSpeed times the medium's 1x (DVD 1,385
// kB/s, BD 4,495.5 kB/s of 2048-byte blocks).
void checkEstimate(vrec::MediumKind kind, int32_t max_x, double blocks_per_second_1x, const fs::path& dir) {
  VirtualSource source;
  source.add("virtual:bd", kind, bdWriter());
  DiscMasterOptions o;
  o.stash_dir = dir / "stash";
  DiscMaster m(source, o);
  ASSERT_TRUE(m.open().ok());
  ASSERT_TRUE(m.setActiveFormat(Format::kJoliet).ok());
  auto list = m.recorders();
  ASSERT_TRUE(list.ok() && !list->empty());
  Recorder* recorder = list->front();
  ASSERT_TRUE(m.setActiveRecorder(recorder).ok());
  const RecorderProperties props = m.activeRecorderProperties().value();
  EXPECT_EQ(props.max_write_speed, max_x);
  EXPECT_EQ(props.write_speed, max_x);  // IMAPI: the highest by default
  ASSERT_TRUE(recorder->setProperties({{"WriteSpeed", int32_t{2}}}).ok());
  Recording events;
  ASSERT_TRUE(m.progressAdvise(&events).ok());
  ASSERT_TRUE((*m.joliet())->addData(dir / "big", false).ok());
  const Status s = m.recordDisc(false, false);
  ASSERT_TRUE(s.ok()) << s.toString();
  const long blocks = events.last_block.second;
  ASSERT_GT(blocks, 1536);
  const long expected = static_cast<long>(std::ceil(blocks / (blocks_per_second_1x * 2)));
  EXPECT_EQ(events.preparing_s, expected) << blocks << " blocks";
  EXPECT_GT(events.preparing_s, 0);
}

TEST_F(BdRecordTest, DvdEstimateAndSpeedsAreInDvd1x) {
  checkEstimate(vrec::MediumKind::kDvdPlusR, 16, 1'385'000.0 / 2048.0, dir_);
}

TEST_F(BdRecordTest, BdEstimateAndSpeedsAreInBd1x) {
  checkEstimate(vrec::MediumKind::kBdR, 6, 4'495'500.0 / 2048.0, dir_);
}

// A scripted BD-R with room for 1,000 blocks after its NWA: the image may use 992 of them, whole
// 32-block clusters (a DVD+R would offer 992 too: 62 ECC blocks; 1,000 − 8 is the BD rounding).
TEST(BdFreeBlocks, CountedOnWholeClusters) {
  struct ScriptedSource final : RecorderSource {
    burn::testing_fakes::FakeDvdRecorder fake;
    std::vector<std::unique_ptr<Recorder>> discover() override {
      std::vector<std::unique_ptr<Recorder>> out;
      out.push_back(std::make_unique<Recorder>("scripted", std::make_unique<dm::testing::ScriptedTransport>(std::ref(fake))));
      return out;
    }
  };
  for (const auto& [profile, capacity, expected] :
       std::vector<std::tuple<uint16_t, uint32_t, uint32_t>>{{0x0041, 1000, 992}, {0x0041, 1023, 992}, {0x001B, 1023, 1008}}) {
    ScriptedSource source;
    source.fake.profile = profile;
    source.fake.capacity = capacity;
    DiscMasterOptions o;
    o.stash_dir = fs::temp_directory_path() / ("dm-api-bd-free-" + std::to_string(getpid()));
    DiscMaster m(source, o);
    ASSERT_TRUE(m.open().ok());
    ASSERT_TRUE(m.setActiveFormat(Format::kJoliet).ok());
    auto list = m.recorders();
    ASSERT_TRUE(list.ok() && !list->empty());
    ASSERT_TRUE(m.setActiveRecorder(list->front()).ok());
    EXPECT_EQ(m.mediumFreeBlocks().value(), expected) << profile << " " << capacity;
    ASSERT_TRUE(m.close().ok());
  }
}

}  // namespace
}  // namespace dm::api
