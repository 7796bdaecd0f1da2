// recordDisc on DVD media through the IMAPI-style API: a Joliet image on a DVD writer goes to the
// DVD burner (DVD+R and DVD-R left appendable as IMAPI leaves data discs, a second session
// continues the first), a simulation is refused on DVD+R and honoured on DVD-R, and a Red Book
// (audio) record on DVD is IMAPI_E_MEDIUM_INVALIDTYPE.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "engine/api/disc_master.h"
#include "tests/api/api_test_support.h"

namespace dm::api {
namespace {
namespace fs = std::filesystem;

// The default recorder made a DVD writer (16/8/4x DVD±R, 8/4x DVD+RW).
vrec::DriveProfile dvdWriter() {
  vrec::DriveProfile p = vrec::DriveProfile::defaultCdRecorder();
  p.name = "dvd-api-test";
  p.dvd_r_write_speeds_x = {16, 8, 4};
  p.dvd_plus_rw_write_speeds_x = {8, 4};
  p.max_dvd_read_speed_x = 16;
  return p;
}

class DvdRecordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dm-api-dvd-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    write(dir_ / "a" / "readme.txt", "first session\n");
    write(dir_ / "b" / "docs" / "two.txt", "second session\n");
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
  void ready(DiscMaster& m, vrec::MediumKind kind, Format format) {
    source_.add("virtual:dvd", kind, dvdWriter());
    ASSERT_TRUE(m.open().ok());
    ASSERT_TRUE(m.setActiveFormat(format).ok());
    auto list = m.recorders();
    ASSERT_TRUE(list.ok() && !list->empty());
    ASSERT_TRUE(m.setActiveRecorder(list->front()).ok());
  }
  std::string medium() { return source_.device("virtual:dvd").medium().describe(); }
  fs::path dir_;
  VirtualSource source_;
};

TEST_F(DvdRecordTest, JolietOnDvdPlusRTwoSessions) {
  DiscMaster m(source_, options());
  ready(m, vrec::MediumKind::kDvdPlusR, Format::kJoliet);
  JolietFormat* joliet = *m.joliet();
  ASSERT_TRUE(joliet->addData(dir_ / "a", false).ok());
  const Status first = m.recordDisc(false, false);
  ASSERT_TRUE(first.ok()) << first.toString();
  EXPECT_NE(medium().find("1 session"), std::string::npos) << medium();
  EXPECT_TRUE(m.multiSession());
  ASSERT_TRUE(joliet->addData(dir_ / "b", false).ok());
  const Status second = m.recordDisc(false, false);
  ASSERT_TRUE(second.ok()) << second.toString();
  EXPECT_NE(medium().find("2 sessions"), std::string::npos) << medium();
}

TEST_F(DvdRecordTest, JolietOnDvdMinusRIsIncrementalAndAppendable) {
  DiscMaster m(source_, options());
  ready(m, vrec::MediumKind::kDvdMinusR, Format::kJoliet);
  ASSERT_TRUE((*m.joliet())->addData(dir_ / "a", false).ok());
  const Status s = m.recordDisc(false, false);
  ASSERT_TRUE(s.ok()) << s.toString();
  EXPECT_NE(medium().find("1 session"), std::string::npos) << medium();
  EXPECT_TRUE(m.multiSession());
}

TEST_F(DvdRecordTest, SimulationIsRefusedOnDvdPlusRAndHonouredOnDvdMinusR) {
  {
    DiscMaster m(source_, options());
    ready(m, vrec::MediumKind::kDvdPlusR, Format::kJoliet);
    ASSERT_TRUE((*m.joliet())->addData(dir_ / "a", false).ok());
    const Status s = m.recordDisc(true, false);
    EXPECT_EQ(s.code(), ResultCode::kMediumInvalidType) << s.toString();
    EXPECT_NE(s.message().find("DVD+R, which has no Test Write"), std::string::npos) << s.message();
    EXPECT_NE(medium().find("blank"), std::string::npos) << medium();
  }
  {
    DiscMaster m(source_, options());
    ready(m, vrec::MediumKind::kDvdMinusR, Format::kJoliet);
    ASSERT_TRUE((*m.joliet())->addData(dir_ / "a", false).ok());
    const Status s = m.recordDisc(true, false);
    EXPECT_TRUE(s.ok()) << s.toString();
    EXPECT_NE(medium().find("blank"), std::string::npos) << medium();
  }
}

TEST_F(DvdRecordTest, AudioOnDvdIsTheWrongMedium) {
  DiscMaster m(source_, options());
  ready(m, vrec::MediumKind::kDvdPlusR, Format::kRedbook);
  RedbookFormat* redbook = *m.redbook();
  ASSERT_TRUE(redbook->createAudioTrack(300).ok());
  ASSERT_TRUE(redbook->addAudioTrackBlocks(std::vector<uint8_t>(size_t{300} * 2352, 0x11)).ok());
  ASSERT_TRUE(redbook->closeAudioTrack().ok());
  const Status s = m.recordDisc(false, false);
  EXPECT_EQ(s.code(), ResultCode::kMediumInvalidType) << s.toString();
  EXPECT_NE(s.message().find("the disc is DVD+R: an audio CD is written on CD-R or CD-RW only"), std::string::npos)
      << s.message();
  EXPECT_NE(medium().find("blank"), std::string::npos) << medium();
}

// IDiscRecorder::QueryMediaType beyond IMAPI v1: the DVD media the engine writes are recordable,
// with their MMC profile; a DVD+RW is rewritable.
TEST_F(DvdRecordTest, MediaTypeOfDvdMediaIsRecordable) {
  const std::pair<vrec::MediumKind, uint16_t> kinds[] = {
      {vrec::MediumKind::kDvdPlusR, 0x001B}, {vrec::MediumKind::kDvdMinusR, 0x0011}, {vrec::MediumKind::kDvdPlusRw, 0x001A}};
  for (const auto& [kind, profile] : kinds) {
    VirtualSource source;
    source.add("virtual:dvd", kind, dvdWriter());
    auto recorders = source.discover();
    ASSERT_EQ(recorders.size(), 1u);
    Recorder& r = *recorders.front();
    ASSERT_TRUE(r.openExclusive().ok());
    const auto type = r.queryMediaType();
    ASSERT_TRUE(type.ok()) << type.error().toString();
    EXPECT_EQ(type->profile, profile);
    EXPECT_EQ(type->flags & kMediaUnusable, 0) << profile;
    EXPECT_NE(type->flags & kMediaWritable, 0) << profile;
    EXPECT_EQ((type->flags & kMediaRw) != 0, kind == vrec::MediumKind::kDvdPlusRw) << profile;
    (void)r.close();
  }
}

// The image may use a blank DVD+R's whole capacity: its tracks end on whole ECC blocks, and the
// CD run-out pad (150 blocks) does not apply.
TEST_F(DvdRecordTest, BlockAccountingIsTheDvdOne) {
  DiscMaster m(source_, options());
  ready(m, vrec::MediumKind::kDvdPlusR, Format::kJoliet);
  EXPECT_EQ((*m.joliet())->totalDataBlocks().value(), 2'295'104u);
}

}  // namespace
}  // namespace dm::api
