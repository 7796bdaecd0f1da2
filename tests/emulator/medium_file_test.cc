// Medium files: a disc burned on one recorder, saved and loaded, reads back the same on another
// (structure, data, next writable address); a blank disc is a few bytes; damaged files are error
// values naming what is wrong.
#include "emulator/media/medium_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "recorder_test_support.h"

namespace vrec_test {
namespace {
namespace fs = std::filesystem;

class MediumFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vrec-medium-file-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

std::string readAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeAll(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; }

TEST_F(MediumFileTest, BurnedDiscRoundTrips) {
  vrec::Recorder first = makeRecorder(vrec::MediumKind::kCdRw);
  ASSERT_TRUE(selectWriteParameters(first, kTao | kBufe, kDataTrackMultisession, kMode1).good());
  writeBlocks(first, 0, 400);
  ASSERT_TRUE(syncCache(first).good());
  ASSERT_TRUE(closeSession(first).good());
  const fs::path file = dir_ / "disc.vrec";
  ASSERT_FALSE(vrec::MediumFile::save(first.medium(), file).has_value());

  vrec::MediumFileLoad load = vrec::MediumFile::load(file);
  ASSERT_TRUE(load.ok()) << load.error;
  EXPECT_EQ(load.medium->describe(), "CD-RW 80 min (1 session, appendable)");
  vrec::Recorder second(vrec::DriveProfile::defaultCdRecorder(), std::move(*load.medium));
  const Reply read = dataIn(second, read10Cdb(0, 32), 32 * 2048);
  ASSERT_TRUE(read.good()) << read.sense();
  EXPECT_EQ(read.data, payload(0, 32));
  EXPECT_EQ(be32(trackInfo(second, 0xFF).data, 12), be32(trackInfo(first, 0xFF).data, 12));
  // Saving the loaded disc again gives the same bytes.
  const fs::path again = dir_ / "again.vrec";
  ASSERT_FALSE(vrec::MediumFile::save(second.medium(), again).has_value());
  EXPECT_EQ(readAll(file), readAll(again));
  // The second session appends where the first left off.
  ASSERT_TRUE(selectWriteParameters(second, kTao | kBufe, kDataTrackCloseDisc, kMode1).good());
  const auto nwa = static_cast<int32_t>(be32(trackInfo(second, 0xFF).data, 12));
  writeBlocks(second, nwa, 300);
  ASSERT_TRUE(syncCache(second).good());
  ASSERT_TRUE(closeSession(second).good());
  EXPECT_EQ(second.medium().describe(), "CD-RW 80 min (2 sessions, closed)");
}

TEST_F(MediumFileTest, BlankDiscIsTiny) {
  const fs::path file = dir_ / "blank.vrec";
  ASSERT_FALSE(vrec::MediumFile::save(vrec::Medium::blank(vrec::MediumKind::kCdR99), file).has_value());
  EXPECT_LT(fs::file_size(file), 64u);
  const vrec::MediumFileLoad load = vrec::MediumFile::load(file);
  ASSERT_TRUE(load.ok()) << load.error;
  EXPECT_EQ(load.medium->kind(), vrec::MediumKind::kCdR99);
  EXPECT_TRUE(load.medium->isBlank());
}

TEST_F(MediumFileTest, DamagedFilesAreErrors) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());
  writeBlocks(r, 0, 300);
  ASSERT_TRUE(syncCache(r).good());
  const fs::path good = dir_ / "good.vrec";
  ASSERT_FALSE(vrec::MediumFile::save(r.medium(), good).has_value());
  const std::string bytes = readAll(good);

  const auto errorOf = [this](const std::string& content) {
    const fs::path p = dir_ / "bad.vrec";
    writeAll(p, content);
    const vrec::MediumFileLoad load = vrec::MediumFile::load(p);
    EXPECT_FALSE(load.ok());
    return load.error;
  };
  EXPECT_NE(errorOf("hello").find("not a medium file"), std::string::npos);
  std::string version = bytes;
  version[8] = 7;
  EXPECT_NE(errorOf(version).find("version 7 is not 2-5"), std::string::npos);
  std::string kind = bytes;
  kind[13] = 'x';  // "cd-r80" → "xd-r80"
  EXPECT_NE(errorOf(kind).find("unknown medium kind 'xd-r80'"), std::string::npos);
  EXPECT_NE(errorOf(bytes.substr(0, bytes.size() - 100)).find("truncated"), std::string::npos);
  EXPECT_NE(errorOf(bytes + "x").find("bytes after the end"), std::string::npos);
  const vrec::MediumFileLoad missing = vrec::MediumFile::load(dir_ / "none.vrec");
  EXPECT_FALSE(missing.ok());
  EXPECT_NE(missing.error.find("none.vrec: cannot open"), std::string::npos);
}

}  // namespace
}  // namespace vrec_test
