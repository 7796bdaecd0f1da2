// End to end: audio Disc-At-Once through the CLI, judged by other programs. A CDRWIN cue sheet with
// a catalog number, ISRC, an index 2, a PREGAP, pre-emphasis and CD-TEXT is burned on a virtual
// recorder; cd-info reads the exported BIN/CUE and, through the SG_IO bridge, the disc itself
// (libcdio decodes the CD-TEXT packs we wrote into the lead-in); bchunk cuts the BIN back into WAV
// files whose PCM equals the input. Twenty FLAC files made by the reference encoder burn gapless
// with a progress line per track. Parse errors name file:line:column.
#include <fmt/format.h>
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

class AudioDaoEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"cd-info", "bchunk", "flac"}) {
      ASSERT_TRUE(onPath(tool)) << tool << " is not installed: run tools/setup.sh";
    }
    dir_ = fs::temp_directory_path() / ("dm-e2e-dao-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(AudioDaoEndToEnd, CueSheetReachesTheDiscAndOtherReadersAgree) {
  // Whole blocks, so bchunk's WAV data equals the input exactly: 6 s and 7 s.
  const std::vector<uint8_t> one = pattern(588 * 450, 1), two = pattern(588 * 525, 2);
  writeWav(path("one.wav"), one, 44'100);
  writeWav(path("two.wav"), two, 44'100);
  std::ofstream(path("album.cue")) << "CATALOG 4006381333931\n"
                                      "TITLE \"Proof Album\"\n"
                                      "PERFORMER \"The Witnesses\"\n"
                                      "FILE \"one.wav\" WAVE\n"
                                      "  TRACK 01 AUDIO\n"
                                      "    TITLE \"Opening\"\n"
                                      "    PERFORMER \"Ada\"\n"
                                      "    ISRC DEA123400001\n"
                                      "    INDEX 01 00:00:00\n"
                                      "    INDEX 02 00:04:00\n"
                                      "FILE \"two.wav\" WAVE\n"
                                      "  TRACK 02 AUDIO\n"
                                      "    TITLE \"Closing\"\n"
                                      "    PERFORMER \"Grace\"\n"
                                      "    FLAGS PRE\n"
                                      "    PREGAP 00:01:00\n"
                                      "    INDEX 01 00:00:00\n";
  const std::string disc = path("disc.vrec");
  const ProcessResult burn = run({DM_CLI_PATH, "burn", "--audio", "--json", "--medium-file", disc, path("album.cue")});
  ASSERT_EQ(burn.exit_code, 0) << burn.out << burn.err;
  const nlohmann::json r = lastJsonLine(burn.out);
  EXPECT_EQ(r["write_type"], "SAO");
  EXPECT_EQ(r["catalog"], "4006381333931");
  EXPECT_EQ(r["cd_text"], true);
  ASSERT_EQ(r["tracks"].size(), 2u);
  EXPECT_EQ(r["tracks"][1]["start_lba"], 450 + 75) << "track 2 follows track 1 after its 1 s PREGAP";

  const ProcessResult exported = run({DM_CLI_PATH, "export", "--medium-file", disc, "-o", path("out.cue")});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const ProcessResult image = run({"cd-info", "--no-device-info", "--cue-file", path("out.cue")});
  for (const char* line : {"  1: 00:02:00  000000 audio  false  no    2        no",
                           "  2: 00:09:00  000525 audio  false  no    2        yes",
                           "170: 00:16:00  001050 leadout", "Media Catalog Number (MCN): 4006381333931"}) {
    EXPECT_NE(image.out.find(line), std::string::npos) << "missing '" << line << "' in:\n" << image.out;
  }
  const std::string cue = readAll(path("out.cue"));
  EXPECT_NE(cue.find("ISRC DEA123400001"), std::string::npos) << cue;
  EXPECT_NE(cue.find("INDEX 02 00:04:00"), std::string::npos) << cue;
  EXPECT_NE(cue.find("INDEX 00 00:06:00"), std::string::npos) << cue;

  // The disc itself through the bridge: libcdio reads the TOC, the MCN and our CD-TEXT packs.
  const ProcessResult drive = run({DM_CLI_PATH, "emulate", "--medium-file", disc, "--", "cd-info", "--no-device-info", "/dev/sr0"});
  for (const char* line : {"TITLE: Proof Album", "PERFORMER: The Witnesses", "CD-TEXT for Track  1:", "TITLE: Opening",
                           "PERFORMER: Ada", "CD-TEXT for Track  2:", "TITLE: Closing", "PERFORMER: Grace",
                           "Media Catalog Number (MCN): 4006381333931"}) {
    EXPECT_NE(drive.out.find(line), std::string::npos) << "missing '" << line << "' in:\n" << drive.out;
  }

  // bchunk cuts the BIN into WAV files (-w); their data chunks are the input PCM. bchunk starts a
  // track at its last INDEX line, so it gets the sheet without the index 2 (a point inside track 1).
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

TEST_F(AudioDaoEndToEnd, TwentyFlacTracksGaplessWithAProgressLinePerTrack) {
  std::vector<std::string> argv{DM_CLI_PATH, "burn", "--audio", "--dao", "--gap", "0", "--medium-file", path("disc.vrec")};
  for (int i = 1; i <= 20; ++i) {
    const std::string raw = path("t" + std::to_string(i) + ".raw"), flac = path("t" + std::to_string(i) + ".flac");
    writeBytes(raw, pattern(588 * 300, i));  // 4 s each
    const ProcessResult enc = run({"flac", "--silent", "--force-raw-format", "--endian=little", "--sign=signed",
                                   "--channels=2", "--bps=16", "--sample-rate=44100", "-o", flac, raw});
    ASSERT_EQ(enc.exit_code, 0) << enc.err;
    argv.push_back(flac);
  }
  const ProcessResult burn = run(argv);
  ASSERT_EQ(burn.exit_code, 0) << burn.out << burn.err;
  for (int i = 1; i <= 20; ++i) {
    const std::string line = fmt::format("Track {:02d}: ", i);
    EXPECT_NE(burn.err.find(line), std::string::npos) << "no progress line for track " << i << " in:\n" << burn.err;
  }
  const ProcessResult exported = run({DM_CLI_PATH, "export", "--medium-file", path("disc.vrec"), "-o", path("out.cue")});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const ProcessResult image = run({"cd-info", "--no-device-info", "--cue-file", path("out.cue")});
  EXPECT_NE(image.out.find("CD-ROM Track List (1 - 20)"), std::string::npos) << image.out;
  // Gapless: track k starts 300·(k−1) blocks after track 1.
  EXPECT_NE(image.out.find(" 20: 01:18:00  005700 audio"), std::string::npos) << image.out;
}

TEST_F(AudioDaoEndToEnd, CueSheetErrorsNameFileLineAndColumn) {
  writeWav(path("one.wav"), pattern(588 * 400, 1), 44'100);
  std::ofstream(path("bad.cue")) << "FILE \"one.wav\" WAVE\n  TRACK 01 AUDIO\n    INDEX 01 00:99:00\n";
  const ProcessResult p = run({DM_CLI_PATH, "burn", "--audio", path("bad.cue")});
  EXPECT_EQ(p.exit_code, 3) << p.out << p.err;
  EXPECT_NE(p.err.find(path("bad.cue") + ":3:"), std::string::npos) << p.err;

  std::ofstream(path("missing.cue")) << "FILE \"nowhere.wav\" WAVE\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n";
  const ProcessResult q = run({DM_CLI_PATH, "burn", "--audio", path("missing.cue")});
  EXPECT_EQ(q.exit_code, 3);
  EXPECT_NE(q.err.find(path("missing.cue") + ":1:6: "), std::string::npos) << q.err;
  EXPECT_NE(q.err.find("nowhere.wav"), std::string::npos) << q.err;
}

}  // namespace
}  // namespace dm::e2e
