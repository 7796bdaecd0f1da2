// DiscMaster::recordDisc refuses a disc other than the one read when the recorder was chosen:
// the staged image was planned for that disc (its room, blank or appendable). Another disc is
// IMAPI_E_WRONGDISC, an empty drive IMAPI_E_MEDIUM_NOTPRESENT, and nothing is written; choosing
// the recorder again plans for the new disc. Also on drives with the two event quirks.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "engine/api/disc_master.h"
#include "tests/api/api_test_support.h"

namespace dm::api {
namespace {
namespace fs = std::filesystem;

constexpr const char* kPath = "virtual:default";

void tray(vrec::Recorder& device, bool open) {
  const uint8_t cdb[6] = {0x1B, 0, 0, 0, static_cast<uint8_t>(open ? 0x02 : 0x03), 0};
  device.execute(cdb, vrec::DataDirection::kNone, {});
}

class DiscMasterMedium : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dm-api-mw-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "files");
    std::ofstream(dir_ / "files" / "readme.txt") << "planned for one disc\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  // Open, Joliet, the recorder chosen, a file staged: the plan is made.
  void plan(DiscMaster& m) {
    ASSERT_TRUE(m.open().ok());
    ASSERT_TRUE(m.setActiveFormat(Format::kJoliet).ok());
    auto list = m.recorders();
    ASSERT_TRUE(list.ok() && !list->empty());
    ASSERT_TRUE(m.setActiveRecorder(list->front()).ok());
    ASSERT_TRUE((*m.joliet())->addData(dir_ / "files", false).ok());
  }
  DiscMasterOptions options() {
    DiscMasterOptions o;
    o.stash_dir = dir_ / "stash";
    o.now = [] { return std::chrono::sys_seconds(std::chrono::seconds(1700000000)); };
    return o;
  }
  fs::path dir_;
  VirtualSource source_;
};

TEST_F(DiscMasterMedium, AnotherDiscIsWrongDiscUntilTheRecorderIsChosenAgain) {
  vrec::Recorder& device = source_.add(kPath);
  DiscMaster m(source_, options());
  plan(m);
  tray(device, true);
  ASSERT_TRUE(device.removeMedium());
  ASSERT_TRUE(device.insertMedium(vrec::Medium::blank(vrec::MediumKind::kCdRw)));
  tray(device, false);
  const Status wrong = m.recordDisc(false, false);
  EXPECT_EQ(wrong.code(), ResultCode::kWrongDisc) << wrong.message();
  EXPECT_NE(wrong.message().find("changed since the recorder was chosen"), std::string::npos) << wrong.message();
  EXPECT_EQ(device.medium().describe(), "CD-RW 80 min (blank)") << "nothing was written";
  // Chosen again, the plan is for the CD-RW, and it burns.
  auto list = m.recorders();
  ASSERT_TRUE(list.ok());
  ASSERT_TRUE(m.setActiveRecorder(list->front()).ok());
  ASSERT_TRUE(m.recordDisc(false, false).ok());  // the staged files were kept
  EXPECT_NE(device.medium().describe().find("1 session"), std::string::npos) << device.medium().describe();
}

TEST_F(DiscMasterMedium, AnEmptyDriveIsMediumNotPresent) {
  vrec::Recorder& device = source_.add(kPath);
  DiscMaster m(source_, options());
  plan(m);
  tray(device, true);
  ASSERT_TRUE(device.removeMedium());
  tray(device, false);
  const Status gone = m.recordDisc(false, false);
  EXPECT_EQ(gone.code(), ResultCode::kMediumNotPresent) << gone.message();
  EXPECT_NE(gone.message().find("removed after the recorder was chosen"), std::string::npos) << gone.message();
}

TEST_F(DiscMasterMedium, EventQuirksDoNotStopTheRightDisc) {
  for (vrec::Quirk q : {vrec::Quirk::kGesnUnsupported, vrec::Quirk::kGesnSpuriousMediaChange}) {
    SCOPED_TRACE(std::string(vrec::quirkInfo(q).name));
    fs::remove_all(dir_ / "stash");
    vrec::DriveProfile profile = vrec::DriveProfile::defaultCdRecorder();
    profile.quirks.set(q);
    vrec::Recorder& device = source_.add(kPath, vrec::MediumKind::kCdR80, profile);
    {
      DiscMaster m(source_, options());
      plan(m);
      ASSERT_TRUE(m.recordDisc(false, false).ok());
      EXPECT_NE(device.medium().describe().find("1 session"), std::string::npos) << device.medium().describe();
    }
    // And a changed disc is still found on them.
    vrec::Recorder& other = source_.add(kPath, vrec::MediumKind::kCdR80, profile);
    DiscMaster m(source_, options());
    plan(m);
    tray(other, true);
    ASSERT_TRUE(other.removeMedium());
    ASSERT_TRUE(other.insertMedium(vrec::Medium::blank(vrec::MediumKind::kCdR74)));
    tray(other, false);
    EXPECT_EQ(m.recordDisc(false, false).code(), ResultCode::kWrongDisc);
    EXPECT_EQ(other.medium().describe(), "CD-R 74 min (blank)");
  }
}

}  // namespace
}  // namespace dm::api
