// End to end: `discmaster burn --raw` (page 05 write type 3, the host making every block's main
// data and P–W sub-channel from the lead-in to the lead-out) on the default virtual recorder,
// judged by other programs. An audio cue sheet with a catalog number, an ISRC, an index 2 and a
// PREGAP is exported as BIN/CUE: cd-info reads tracks, starts, lead-out and MCN, the sheet carries
// the ISRC and indexes the recorder learned from our Q frames, and bchunk cuts PCM equal to the
// input. A data folder written raw is read back by bsdtar and isoinfo (the drive descrambled what
// we scrambled) and cd-info sees a closed data disc. A drive without raw writing refuses it before
// anything is written.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/e2e/audio_files.h"
#include "tests/e2e/json_lines.h"
#include "tools/judges/subprocess.h"

namespace dm::e2e {
using namespace judges;
namespace fs = std::filesystem;
namespace {

std::string readAll(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

class RawBurnEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"cd-info", "bchunk", "bsdtar", "isoinfo"}) {
      ASSERT_TRUE(onPath(tool)) << tool << " is not installed: run tools/setup.sh";
    }
    dir_ = fs::temp_directory_path() / ("dm-e2e-raw-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  void expectLines(const std::string& text, std::initializer_list<const char*> lines) {
    for (const char* line : lines) EXPECT_NE(text.find(line), std::string::npos) << "missing '" << line << "' in:\n" << text;
  }
  fs::path dir_;
};

TEST_F(RawBurnEndToEnd, AudioCueSheetWrittenRawReadsBackInEveryDetail) {
  const std::vector<uint8_t> one = pattern(588 * 450, 1), two = pattern(588 * 525, 2);
  writeWav(path("one.wav"), one, 44'100);
  writeWav(path("two.wav"), two, 44'100);
  std::ofstream(path("album.cue")) << "CATALOG 4006381333931\n"
                                      "FILE \"one.wav\" WAVE\n"
                                      "  TRACK 01 AUDIO\n"
                                      "    ISRC DEA123400001\n"
                                      "    INDEX 01 00:00:00\n"
                                      "    INDEX 02 00:04:00\n"
                                      "FILE \"two.wav\" WAVE\n"
                                      "  TRACK 02 AUDIO\n"
                                      "    FLAGS PRE\n"
                                      "    PREGAP 00:01:00\n"
                                      "    INDEX 01 00:00:00\n";
  const std::string disc = path("disc.vrec");
  const ProcessResult burn =
      run({DM_CLI_PATH, "burn", "--raw", "--audio", "--json", "--medium-file", disc, path("album.cue")});
  ASSERT_EQ(burn.exit_code, 0) << burn.out << burn.err;
  const nlohmann::json r = lastJsonLine(burn.out);
  EXPECT_EQ(r["write_type"], "raw");
  EXPECT_EQ(r["disc_after"], "closed");
  // The ATIP lead-in of the default CD-R (97:26:66, LBA −11634) to −151, then 150 + 450 + 75 +
  // 525 blocks of program and 6750 of lead-out.
  EXPECT_EQ(r["sectors"], 11484 + 150 + 450 + 75 + 525 + 6750);
  ASSERT_EQ(r["tracks"].size(), 2u);
  EXPECT_EQ(r["tracks"][1]["start_lba"], 450 + 75);

  const ProcessResult exported = run({DM_CLI_PATH, "export", "--medium-file", disc, "-o", path("out.cue")});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const ProcessResult image = run({"cd-info", "--no-device-info", "--cue-file", path("out.cue")});
  expectLines(image.out, {"CD-ROM Track List (1 - 2)", "  1: 00:02:00  000000 audio  false  no    2        no",
                          "  2: 00:09:00  000525 audio  false  no    2        yes", "170: 00:16:00  001050 leadout",
                          "Media Catalog Number (MCN): 4006381333931"});
  const std::string cue = readAll(path("out.cue"));
  expectLines(cue, {"CATALOG 4006381333931", "ISRC DEA123400001", "INDEX 02 00:04:00", "INDEX 00 00:06:00",
                    "INDEX 01 00:07:00", "FLAGS PRE"});

  // The disc itself through the bridge: the TOC the recorder learned from the lead-in's Q.
  const ProcessResult drive =
      run({DM_CLI_PATH, "emulate", "--medium-file", disc, "--", "cd-info", "--no-device-info", "/dev/sr0"});
  expectLines(drive.out, {"  2: 00:09:00  000525 audio", "170: 00:16:00  001050 leadout",
                          "Media Catalog Number (MCN): 4006381333931"});

  // bchunk takes a track's last INDEX as its start: give it the sheet without the index 2.
  std::string for_bchunk = cue;
  for_bchunk.erase(for_bchunk.find("    INDEX 02 00:04:00\n"), std::string("    INDEX 02 00:04:00\n").size());
  std::ofstream(path("bchunk.cue")) << for_bchunk;
  const ProcessResult cut = run({"bchunk", "-w", path("out.bin"), path("bchunk.cue"), path("cut")});
  ASSERT_EQ(cut.exit_code, 0) << cut.out << cut.err;
  const std::string first = readAll(path("cut01.wav")), second = readAll(path("cut02.wav"));
  ASSERT_GE(first.size(), 44 + one.size());
  EXPECT_EQ(std::memcmp(one.data(), first.data() + 44, one.size()), 0) << "track 1 PCM differs";
  ASSERT_GE(second.size(), 44 + two.size());
  EXPECT_EQ(std::memcmp(two.data(), second.data() + 44, two.size()), 0) << "track 2 PCM differs";
}

TEST_F(RawBurnEndToEnd, DataFolderWrittenRawIsReadByBsdtarIsoinfoAndCdInfo) {
  fs::create_directories(path("src/docs"));
  std::ofstream(path("src/README.txt")) << "written raw, scrambled by the host\n";
  std::vector<uint8_t> big = pattern(588 * 700, 7);  // 1.6 MB: many Mode 1 sectors
  writeBytes(path("src/docs/big.bin"), big);
  const std::string disc = path("disc.vrec");
  const ProcessResult burn = run({DM_CLI_PATH, "burn", "--raw", "--json", "--medium-file", disc, path("src")});
  ASSERT_EQ(burn.exit_code, 0) << burn.out << burn.err;
  const nlohmann::json r = lastJsonLine(burn.out);
  EXPECT_EQ(r["write_type"], "raw");
  EXPECT_EQ(r["disc_after"], "closed");

  ASSERT_EQ(run({DM_CLI_PATH, "export", "--medium-file", disc, "-o", path("out.iso")}).exit_code, 0);
  const ProcessResult list = run({"bsdtar", "-tf", path("out.iso")});
  expectLines(list.out, {"README.txt", "docs/big.bin"});
  fs::create_directories(path("x"));
  ASSERT_EQ(run({"bsdtar", "-xf", path("out.iso"), "-C", path("x")}).exit_code, 0);
  EXPECT_EQ(readAll(path("x/README.txt")), "written raw, scrambled by the host\n");
  const std::string back = readAll(path("x/docs/big.bin"));
  ASSERT_EQ(back.size(), big.size());
  EXPECT_EQ(std::memcmp(back.data(), big.data(), big.size()), 0) << "big.bin differs";
  const ProcessResult iso = run({"isoinfo", "-l", "-i", path("out.iso")});
  expectLines(iso.out, {"README.TXT;1", "BIG.BIN;1"});

  ASSERT_EQ(run({DM_CLI_PATH, "export", "--medium-file", disc, "-o", path("out.cue")}).exit_code, 0);
  const ProcessResult image = run({"cd-info", "--no-device-info", "--cue-file", path("out.cue")});
  expectLines(image.out, {"CD-ROM Track List (1 - 1)", "  1: 00:02:00  000000 data"});
  EXPECT_NE(readAll(path("out.cue")).find("MODE1/2352"), std::string::npos);
}

TEST_F(RawBurnEndToEnd, ADriveWithoutRawWritingRefusesBeforeWriting) {
  fs::create_directories(path("src"));
  std::ofstream(path("src/a.txt")) << "a\n";
  const std::string disc = path("disc.vrec");
  const ProcessResult burn =
      run({DM_CLI_PATH, "burn", "--raw", "-d", "virtual:yamaha-crw4416", "--medium-file", disc, path("src")});
  EXPECT_NE(burn.exit_code, 0);
  expectLines(burn.out + burn.err, {"IMAPI_E_INITIALIZE_WRITE", "refuses raw writing: page 05 with write type 3", "05/26/00"});
  const ProcessResult info = run({DM_CLI_PATH, "info", "--medium-file", disc});
  EXPECT_NE(info.out.find("blank"), std::string::npos) << info.out;

  const ProcessResult both = run({DM_CLI_PATH, "burn", "--raw", "--dao", path("src")});
  EXPECT_NE(both.err.find("--raw excludes --tao and --dao"), std::string::npos) << both.err;
  const ProcessResult multi = run({DM_CLI_PATH, "burn", "--raw", "--multisession", path("src")});
  EXPECT_NE(multi.err.find("drop --multisession"), std::string::npos) << multi.err;
}

}  // namespace
}  // namespace dm::e2e
