// READ CD through the SG_IO bridge: libcdio's cd-read, unmodified, reads the audio of a disc made
// from a cue sheet (`discmaster emulate --medium-image`) with READ CD and gets the PCM of the BIN
// back byte for byte; cd-info sees the disc's tracks in the TOC.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tools/judges/subprocess.h"

namespace dm::interop {
namespace fs = std::filesystem;
using judges::ProcessResult;
using judges::run;
namespace {

class ReadCdInterop : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"cd-read", "cd-info"}) {
      ASSERT_TRUE(judges::onPath(tool)) << tool << " is not installed: run tools/setup.sh";
    }
    dir_ = fs::temp_directory_path() / ("dm-interop-readcd-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // 500 sectors of PCM, every byte a function of its place; two audio tracks.
    bin_.resize(500 * 2352);
    for (size_t i = 0; i < bin_.size(); ++i) bin_[i] = static_cast<char>((i / 2352 * 31 + i % 2352 * 7 + 5) & 0xFF);
    std::ofstream(dir_ / "disc.bin", std::ios::binary).write(bin_.data(), static_cast<std::streamsize>(bin_.size()));
    std::ofstream(dir_ / "disc.cue") << "FILE \"disc.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n"
                                        "  TRACK 02 AUDIO\n    INDEX 00 00:04:00\n    INDEX 01 00:05:00\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  ProcessResult emulate(const std::vector<std::string>& command) const {
    std::vector<std::string> argv{DM_CLI_PATH, "emulate", "--medium-image", (dir_ / "disc.cue").string(), "--"};
    argv.insert(argv.end(), command.begin(), command.end());
    return run(argv);
  }

  fs::path dir_;
  std::string bin_;
};

TEST_F(ReadCdInterop, CdReadGetsThePcmBack) {
  const std::string out = (dir_ / "read.pcm").string();
  // Across the end of track 1 into track 2's index 0 and index 1.
  const ProcessResult r =
      emulate({"cd-read", "--mode=audio", "--start=290", "-n", "100", "--no-hexdump", "-o", out, "-C", "/dev/sr0"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::ifstream in(out, std::ios::binary);
  const std::string got{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  ASSERT_EQ(got.size(), 100u * 2352u);
  EXPECT_TRUE(got == bin_.substr(290 * 2352, 100 * 2352)) << "the PCM differs";
}

TEST_F(ReadCdInterop, CdInfoSeesTheTracksOfTheImage) {
  const ProcessResult r = emulate({"cd-info", "--no-device-info", "--no-cddb", "/dev/sr0"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("  1: 00:02:00  000000 audio"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  2: 00:07:00  000375 audio"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("170: 00:08:50  000500 leadout"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace dm::interop
