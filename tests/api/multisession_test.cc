// Multi-session Joliet discs through the IMAPI-shaped API (imapi.md §1.1, §5.3): session 1 burned
// by us or by xorriso, session 2 appended with new and overwritten files, and the disc then read
// by independent readers through the SG_IO bridge (`discmaster emulate`): xorriso loads the last
// session by itself, isoinfo is told where it starts. Also WRONGDISC when another disc (or a
// blank one) is inserted before recordDisc, and single-session mode after clearFormatContent.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

#include "emulator/media/medium_file.h"
#include "engine/api/disc_master.h"
#include "engine/burn/tao_burner.h"
#include "tests/api/api_test_support.h"
#include "tools/judges/subprocess.h"

namespace dm::api {
namespace {
namespace fs = std::filesystem;
using judges::ProcessResult;

constexpr const char* kPath = "virtual:default";

std::string readText(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

ProcessResult emulate(const fs::path& medium_file, const std::vector<std::string>& command) {
  std::vector<std::string> argv{DM_CLI_PATH, "emulate", "--medium-file", medium_file.string(), "--"};
  argv.insert(argv.end(), command.begin(), command.end());
  return judges::run(argv);
}

// START STOP UNIT straight to the virtual drive: the operator's hands at the tray.
void tray(vrec::Recorder& device, bool open) {
  const uint8_t cdb[6] = {0x1B, 0, 0, 0, static_cast<uint8_t>(open ? 0x02 : 0x03), 0};
  device.execute(cdb, vrec::DataDirection::kNone, {});
}

// A data track of zeros: a session without any file system.
class ZeroSource final : public burn::SectorSource {
 public:
  uint32_t blockSize() const override { return 2048; }
  uint32_t totalBlocks() const override { return 300; }
  Status readBlocks(uint32_t, uint32_t count, std::span<uint8_t> out) const override {
    std::fill_n(out.begin(), size_t{count} * 2048, uint8_t{0});
    return Status::Ok();
  }
};

class MultiSession : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dm-api-ms-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    write(dir_ / "one" / "readme.txt", "session one\n");
    write(dir_ / "one" / "docs" / "old.txt", "kept from session one\n");
    write(dir_ / "two" / "readme.txt", "session two replaces the readme\n");
    write(dir_ / "two" / "docs" / "new.txt", "added in session two\n");
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
  JolietFormat* ready(DiscMaster& m) {
    EXPECT_TRUE(m.open().ok());
    EXPECT_TRUE(m.setActiveFormat(Format::kJoliet).ok());
    auto joliet = m.joliet();
    auto list = m.recorders();
    EXPECT_TRUE(list.ok() && !list->empty());
    EXPECT_TRUE(m.setActiveRecorder(list->front()).ok());
    return *joliet;
  }
  // Session 2 over whatever session 1 is, then the disc saved for the readers.
  void appendSessionTwo(DiscMaster& m, JolietFormat* joliet) {
    ASSERT_TRUE(m.multiSession());
    EXPECT_NE(joliet->stagedTree().find("docs/old.txt"), nullptr);
    EXPECT_EQ(joliet->usedDataBlocks().value(), 0u) << "nothing added yet";
    EXPECT_EQ(joliet->addData(dir_ / "two", false).code(), ResultCode::kFileExists) << "readme.txt is on the disc";
    ASSERT_TRUE(joliet->addData(dir_ / "two", true).ok());
    const uint32_t used = joliet->usedDataBlocks().value();
    EXPECT_GT(used, 0u);
    EXPECT_LT(used, 100u) << "the new session holds its metadata and new files only";
    ASSERT_TRUE(m.recordDisc(false, false).ok());
    const std::string after = source_.device(kPath).medium().describe();
    EXPECT_NE(after.find("2 sessions, appendable"), std::string::npos) << after;
    ASSERT_FALSE(vrec::MediumFile::save(source_.device(kPath).medium(), disc_file()).has_value());
  }
  fs::path disc_file() const { return dir_ / "disc.vrec"; }

  // What xorriso and isoinfo read from the disc through the bridge: old and new files, the
  // overwritten one with its new bytes.
  void judgeMergedDisc(uint32_t session_two_start) {
    const ProcessResult list = emulate(disc_file(), {"xorriso", "-indev", "/dev/sr0", "-find", "/", "-exec", "lsdl"});
    ASSERT_EQ(list.exit_code, 0) << list.err;
    for (const char* path : {"'/readme.txt'", "'/docs/old.txt'", "'/docs/new.txt'"})
      EXPECT_NE(list.out.find(path), std::string::npos) << path << " missing:\n" << list.out;
    const fs::path out = dir_ / "extracted";
    const ProcessResult x = emulate(disc_file(), {"xorriso", "-osirrox", "on", "-indev", "/dev/sr0", "-extract", "/",
                                                  out.string()});
    ASSERT_EQ(x.exit_code, 0) << x.err;
    EXPECT_EQ(readText(out / "readme.txt"), readText(dir_ / "two" / "readme.txt"));
    EXPECT_EQ(readText(out / "docs" / "old.txt"), readText(dir_ / "one" / "docs" / "old.txt"));
    EXPECT_EQ(readText(out / "docs" / "new.txt"), readText(dir_ / "two" / "docs" / "new.txt"));

    const ProcessResult iso = emulate(disc_file(), {"isoinfo", "-i", "/dev/sr0", "-l", "-R", "-T",
                                                    std::to_string(session_two_start)});
    ASSERT_EQ(iso.exit_code, 0) << iso.err;
    for (const char* name : {"readme.txt", "old.txt", "new.txt"})
      EXPECT_NE(iso.out.find(name), std::string::npos) << name << " missing:\n" << iso.out;
  }

  fs::path dir_;
  VirtualSource source_;
};

TEST_F(MultiSession, SecondSessionKeepsOldFilesAndReplacesOverwrittenOnes) {
  source_.add(kPath);
  DiscMaster m(source_, options());
  JolietFormat* joliet = ready(m);
  EXPECT_FALSE(m.multiSession()) << "a blank disc is single-session";
  const uint32_t blank_total = joliet->totalDataBlocks().value();
  ASSERT_TRUE(joliet->addData(dir_ / "one", false).ok());
  ASSERT_TRUE(m.recordDisc(false, false).ok());
  // The recorder is read again after the burn: the disc is appendable, the image continues it.
  EXPECT_LT(joliet->totalDataBlocks().value(), blank_total) << "the remaining space";
  const uint32_t start = joliet->sessionStart();
  EXPECT_GT(start, 300u);
  appendSessionTwo(m, joliet);
  judgeMergedDisc(start);
  // Still appendable and still continued: a third session would show all of it again.
  EXPECT_TRUE(m.multiSession());
  EXPECT_NE(joliet->stagedTree().find("docs/new.txt"), nullptr);
}

TEST_F(MultiSession, SessionOneWrittenByXorrisoIsContinued) {
  ASSERT_TRUE(judges::onPath("xorriso")) << "xorriso is not installed: run tools/setup.sh";
  const ProcessResult burn = emulate(disc_file(), {"xorriso", "-outdev", "/dev/sr0", "-write_type", "tao", "-close",
                                                   "off", "-joliet", "on", "-map", (dir_ / "one").string(), "/",
                                                   "-commit"});
  ASSERT_EQ(burn.exit_code, 0) << burn.err;
  vrec::MediumFileLoad loaded = vrec::MediumFile::load(disc_file());
  ASSERT_TRUE(loaded.ok()) << loaded.error;
  source_.add(kPath);
  vrec::Recorder& device = source_.device(kPath);
  tray(device, true);
  ASSERT_TRUE(device.insertMedium(std::move(*loaded.medium)));
  tray(device, false);

  DiscMaster m(source_, options());
  JolietFormat* joliet = ready(m);
  const uint32_t start = joliet->sessionStart();
  appendSessionTwo(m, joliet);
  judgeMergedDisc(start);
}

TEST_F(MultiSession, AnotherDiscBeforeRecordDiscIsWrongDisc) {
  // Another appendable disc: the same content burned in another drive, so only its identity differs.
  source_.add("virtual:other");
  {
    DiscMaster other(source_, options());
    ASSERT_TRUE(other.open().ok());
    ASSERT_TRUE(other.setActiveFormat(Format::kJoliet).ok());
    auto list = other.recorders();
    ASSERT_TRUE(list.ok());
    Recorder* second = nullptr;
    for (Recorder* r : *list)
      if (r->path() == "virtual:other") second = r;
    ASSERT_TRUE(other.setActiveRecorder(second).ok());
    write(dir_ / "other" / "elsewhere.txt", "another disc\n");
    ASSERT_TRUE((*other.joliet())->addData(dir_ / "other", false).ok());
    ASSERT_TRUE(other.recordDisc(false, false).ok());
  }
  source_.add(kPath);
  DiscMaster m(source_, options());
  JolietFormat* joliet = ready(m);
  ASSERT_TRUE(joliet->addData(dir_ / "one", false).ok());
  ASSERT_TRUE(m.recordDisc(false, false).ok());
  ASSERT_TRUE(m.multiSession());
  ASSERT_TRUE(joliet->addData(dir_ / "two", true).ok());

  vrec::Recorder& device = source_.device(kPath);
  const vrec::Medium ours = device.medium();
  tray(device, true);
  ASSERT_TRUE(device.insertMedium(source_.device("virtual:other").medium()));
  tray(device, false);
  const Status wrong = m.recordDisc(false, false);
  EXPECT_EQ(wrong.code(), ResultCode::kWrongDisc) << wrong.message();

  tray(device, true);
  ASSERT_TRUE(device.insertMedium(vrec::Medium::blank(vrec::MediumKind::kCdR80)));
  tray(device, false);
  const Status blank = m.recordDisc(false, false);
  EXPECT_EQ(blank.code(), ResultCode::kWrongDisc) << blank.message();
  EXPECT_EQ(device.medium().describe(), "CD-R 80 min (blank)") << "nothing was written";

  // The right disc again: the staged session goes onto it.
  tray(device, true);
  ASSERT_TRUE(device.insertMedium(ours));
  tray(device, false);
  ASSERT_TRUE(m.recordDisc(false, false).ok());
  EXPECT_NE(device.medium().describe().find("2 sessions"), std::string::npos) << device.medium().describe();
}

TEST_F(MultiSession, ClearFormatContentLeavesMultiSessionMode) {
  source_.add(kPath);
  DiscMaster m(source_, options());
  JolietFormat* joliet = ready(m);
  ASSERT_TRUE(joliet->addData(dir_ / "one", false).ok());
  ASSERT_TRUE(m.recordDisc(false, false).ok());
  ASSERT_TRUE(m.multiSession());
  ASSERT_TRUE(m.clearFormatContent().ok());
  EXPECT_FALSE(m.multiSession());
  EXPECT_TRUE(joliet->stagedTree().empty()) << "the old session's tree is gone with the image";
  ASSERT_TRUE(joliet->addData(dir_ / "two", false).ok());
  const Status refused = m.recordDisc(false, false);
  EXPECT_EQ(refused.code(), ResultCode::kCannotWriteToMedia) << refused.message();
  EXPECT_NE(source_.device(kPath).medium().describe().find("1 session"), std::string::npos);
}

TEST_F(MultiSession, AnAppendableDiscWithoutIso9660IsNotContinued) {
  source_.add(kPath);
  {
    glue::VirtualTransport transport(source_.device(kPath), kPath);
    mmc::Drive drive(transport);
    burn::BurnOptions o;
    o.multisession = true;
    const ZeroSource zeros;
    ASSERT_TRUE(burn::burnDataTrack(drive, zeros, o).status.ok());
  }
  DiscMaster m(source_, options());
  JolietFormat* joliet = ready(m);
  EXPECT_FALSE(m.multiSession());
  ASSERT_TRUE(joliet->addData(dir_ / "one", false).ok());
  const Status refused = m.recordDisc(false, false);
  EXPECT_EQ(refused.code(), ResultCode::kCannotWriteToMedia) << refused.message();
  EXPECT_NE(refused.message().find("no ISO 9660 file system"), std::string::npos) << refused.message();
}

}  // namespace
}  // namespace dm::api

namespace dm::api {
namespace {

// Session 1 with Rock Ridge, session 2 without: the new session's Joliet tree still shows every
// old file under its long name (isoinfo -J reads it at the session's start) and the new session
// carries no Rock Ridge; a session 1 name only Rock Ridge can hold cannot go into a Joliet-only
// session: turning Rock Ridge off is refused naming it, and nothing staged is lost.
TEST_F(MultiSession, SessionTwoWithoutRockRidgeKeepsTheJolietNames) {
  write(dir_ / "one" / "Mixed Case Name with spaces.txt", "long Joliet name from session one\n");
  source_.add(kPath);
  DiscMaster m(source_, options());
  JolietFormat* joliet = ready(m);
  ASSERT_TRUE(joliet->addData(dir_ / "one", false).ok());
  ASSERT_TRUE(m.recordDisc(false, false).ok());
  const uint32_t start = joliet->sessionStart();
  ASSERT_TRUE(joliet->setProperties({{"RockRidge", false}}).ok());
  appendSessionTwo(m, joliet);

  const ProcessResult d = emulate(disc_file(), {"isoinfo", "-d", "-i", "/dev/sr0", "-T", std::to_string(start)});
  ASSERT_EQ(d.exit_code, 0) << d.err;
  EXPECT_NE(d.out.find("Joliet with UCS level 3 found"), std::string::npos) << d.out;
  EXPECT_EQ(d.out.find("Rock Ridge signatures"), std::string::npos) << d.out;
  const ProcessResult j = emulate(disc_file(), {"isoinfo", "-i", "/dev/sr0", "-l", "-J", "-T", std::to_string(start)});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  for (const char* name : {"Mixed Case Name with spaces.txt", "readme.txt", "old.txt", "new.txt"})
    EXPECT_NE(j.out.find(name), std::string::npos) << name << " missing:\n" << j.out;
}

TEST_F(MultiSession, ARockRidgeOnlyNameFromSessionOneIsRefusedInAJolietOnlySession) {
  const std::string long_name = std::string(100, 'p') + ".txt";  // POSIX holds it, Joliet does not
  write(dir_ / "one" / long_name, "only Rock Ridge can name me\n");
  source_.add(kPath);
  DiscMaster m(source_, options());
  JolietFormat* joliet = ready(m);
  ASSERT_TRUE(joliet->addData(dir_ / "one", false).ok());
  ASSERT_TRUE(m.recordDisc(false, false).ok());
  ASSERT_TRUE(m.multiSession());
  const Status off = joliet->setProperties({{"RockRidge", false}});
  EXPECT_EQ(off.code(), ResultCode::kBadJolietName) << off.toString();
  EXPECT_NE(off.message().find(long_name), std::string::npos) << off.toString();
  EXPECT_TRUE(std::get<bool>(joliet->properties().at("RockRidge"))) << "a refused change changes nothing";
  EXPECT_NE(joliet->stagedTree().find(long_name), nullptr) << "nothing staged is lost";
  const std::string after = source_.device(kPath).medium().describe();
  EXPECT_NE(after.find("1 session, appendable"), std::string::npos) << "nothing was written: " << after;
  // Session 2 with Rock Ridge still on goes through.
  ASSERT_TRUE(joliet->addData(dir_ / "two", true).ok());
  ASSERT_TRUE(m.recordDisc(false, false).ok());
}

}  // namespace
}  // namespace dm::api
