// discmaster's own real-drive path end to end: `discmaster burn -d /dev/sr0` opens the bridged
// device with CdioTransport (libcdio's MMC pass-through, CDROM_SEND_PACKET) exactly as it opens a
// drive, and burns a data disc and an audio disc on the virtual recorder behind the bridge. The
// results are judged by other programs: bsdtar and isoinfo read the exported ISO, cd-info (libcdio
// through the kernel-style CD-ROM ioctls) reads the audio disc's table of contents.
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

class CdioTransportInterop : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"cd-info", "isoinfo", "bsdtar"}) {
      ASSERT_TRUE(judges::onPath(tool)) << tool << " is not installed: run tools/setup.sh";
    }
    dir_ = fs::temp_directory_path() / ("dm-cdio-interop-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "src" / "deep");
    std::ofstream(dir_ / "src" / "hello.txt") << "burned by discmaster through libcdio\n";
    std::ofstream numbers(dir_ / "src" / "deep" / "numbers.txt");
    for (int i = 0; i < 30000; ++i) numbers << i << '\n';
  }
  void TearDown() override { fs::remove_all(dir_); }

  static ProcessResult emulate(std::vector<std::string> options, const std::vector<std::string>& command) {
    std::vector<std::string> argv{DM_CLI_PATH, "emulate"};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.push_back("--");
    argv.insert(argv.end(), command.begin(), command.end());
    return run(argv);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // A 16-bit stereo 44.1 kHz WAV of `seconds` of a ramp.
  std::string wav(const std::string& name, double seconds) const {
    const uint32_t frames = static_cast<uint32_t>(seconds * 44100);
    std::string bytes = "RIFF";
    auto le = [&bytes](uint32_t v, int n) {
      for (int i = 0; i < n; ++i) bytes.push_back(static_cast<char>(v >> (8 * i)));
    };
    le(36 + frames * 4, 4);
    bytes += "WAVEfmt ";
    le(16, 4), le(1, 2), le(2, 2), le(44100, 4), le(44100 * 4, 4), le(4, 2), le(16, 2);
    bytes += "data";
    le(frames * 4, 4);
    for (uint32_t i = 0; i < frames; ++i) le(i * 7u, 4);
    const std::string p = path(name);
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }

  fs::path dir_;
};

TEST_F(CdioTransportInterop, BurnOnTheBridgedDeviceNeedsConfirmationWithoutATerminal) {
  const ProcessResult r = emulate({}, {DM_CLI_PATH, "burn", "-d", "/dev/sr0", path("src")});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("Burn on the real drive /dev/sr0 (CD-R (blank)) needs confirmation: add --yes"),
            std::string::npos)
      << r.err;
}

TEST_F(CdioTransportInterop, DataBurnReadsBackWithOtherReaders) {
  const std::string out = path("exported.iso");
  const ProcessResult r = emulate({"--export-image", out}, {DM_CLI_PATH, "burn", "-d", "/dev/sr0", "--yes",
                                                           "--volume-name", "CDIO", path("src")});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("device         /dev/sr0  (DISCMSTR VIRTUAL CD-RW"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("medium         CD-R (blank) -> CD-R (1 session, closed)"), std::string::npos) << r.out;

  const ProcessResult pvd = run({"isoinfo", "-d", "-i", out});
  EXPECT_NE(pvd.out.find("Volume id: CDIO"), std::string::npos) << pvd.out;
  const ProcessResult cat = run({"bsdtar", "-xOf", out, "deep/numbers.txt"});
  std::ifstream f(dir_ / "src" / "deep" / "numbers.txt");
  EXPECT_EQ(cat.out, std::string(std::istreambuf_iterator<char>(f), {}));
}

TEST_F(CdioTransportInterop, AudioBurnShowsInCdInfo) {
  const std::string disc = path("disc.vrec");
  const ProcessResult r = emulate({"--medium-file", disc}, {DM_CLI_PATH, "burn", "-d", "/dev/sr0", "--yes", "--audio",
                                                            wav("one.wav", 6.0), wav("two.wav", 4.5)});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const ProcessResult toc = emulate({"--medium-file", disc}, {"cd-info", "--no-device-info", "/dev/sr0"});
  EXPECT_NE(toc.out.find("Disc mode is listed as: CD-DA"), std::string::npos) << toc.out;
  EXPECT_NE(toc.out.find("CD-ROM Track List (1 - 2)"), std::string::npos) << toc.out;
  EXPECT_NE(toc.out.find("  1: 00:02:00  000000 audio"), std::string::npos) << toc.out;
  // Track 1 is 450 blocks; track 2 starts after its 2 run-out blocks and the 150-block pregap.
  EXPECT_NE(toc.out.find("  2: 00:10:02  000602 audio"), std::string::npos) << toc.out;
}

// `info` reports the ATIP as an independent reader (cdrskin, libburn) reads it from the same disc.
TEST_F(CdioTransportInterop, InfoShowsTheAtipCdrskinReads) {
  ASSERT_TRUE(judges::onPath("cdrskin"));
  const ProcessResult info = run({DM_CLI_PATH, "info", "--medium", "cd-rw"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("ATIP           CD-RW, lead-in 97:26:66 (LBA -11634), last possible lead-out 79:59:74 "
                          "(359,849 blocks)"),
            std::string::npos)
      << info.out;
  const ProcessResult atip = emulate({"--medium", "cd-rw"}, {"cdrskin", "-atip", "dev=/dev/sr0"});
  EXPECT_NE(atip.out.find("ATIP start of lead in:  -11634 (97:26/66)"), std::string::npos) << atip.out;
  EXPECT_NE(atip.out.find("ATIP start of lead out: 359849 (79:59/74)"), std::string::npos) << atip.out;
}

}  // namespace dm::interop
