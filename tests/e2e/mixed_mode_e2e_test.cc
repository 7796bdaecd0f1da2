// End to end: the two ways a CD holds data and audio, through the CLI and judged by other
// programs. Mixed mode (Yellow Book): a cue sheet of a Mode 1 ISO track then an audio track,
// burned Disc-At-Once in one session — cd-info reads data then audio with the 2-second pregap
// between, bchunk cuts the exported BIN back into an ISO isoinfo reads and audio equal to the
// input. CD-Extra (Blue Book): `burn --audio --multisession`, then a data burn on that disc — the
// data session starts after the 11,400-block gap, isoinfo reads its Joliet tree there and cd-info
// finds the last session at it.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/e2e/audio_files.h"
#include "tools/judges/subprocess.h"

namespace dm::e2e {
using namespace judges;
namespace fs = std::filesystem;
namespace {

std::string readAll(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

// cd-info's track lines: "  1: 00:02:00  000000 data  …" as (LSN, kind), the lead-out last.
std::vector<std::pair<int, std::string>> cdInfoTracks(const std::string& out) {
  static const std::regex line(R"(^\s*\d+: \d\d:\d\d:\d\d\s+(\d+) (audio|data|leadout))");
  std::vector<std::pair<int, std::string>> tracks;
  std::istringstream in(out);
  std::string text;
  while (std::getline(in, text)) {
    std::smatch m;
    if (std::regex_search(text, m, line)) tracks.emplace_back(std::stoi(m[1].str()), m[2].str());
  }
  return tracks;
}

class MixedModeEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"cd-info", "bchunk", "isoinfo"}) {
      ASSERT_TRUE(onPath(tool)) << tool << " is not installed: run tools/setup.sh";
    }
    dir_ = fs::temp_directory_path() / ("dm-e2e-mixed-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "data" / "docs");
    std::ofstream(dir_ / "data" / "docs" / "readme.txt") << "the data track of a mixed-mode disc\n";
    const std::vector<uint8_t> big = pattern(200000, 9);  // 800,000 bytes: the track passes 4 s
    writeBytes(dir_ / "data" / "big.bin", big);
    pcm_ = pattern(588 * 400, 3);  // 400 blocks of CD-DA
    writeWav(dir_ / "song.wav", pcm_, 44100);
    file_ = (dir_ / "disc.vrec").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
  std::string file_;
  std::vector<uint8_t> pcm_;
};

TEST_F(MixedModeEndToEnd, DataThenAudioInOneSessionWithTheModeChangePregap) {
  const ProcessResult image = run({DM_CLI_PATH, "image", "--volume-name", "MIXED", "-o", path("data.iso"), path("data")});
  ASSERT_EQ(image.exit_code, 0) << image.err;
  const auto iso_blocks = static_cast<int>(fs::file_size(dir_ / "data.iso") / 2048);
  std::ofstream(dir_ / "mixed.cue") << "FILE \"data.iso\" BINARY\n  TRACK 01 MODE1/2048\n    INDEX 01 00:00:00\n"
                                       "FILE \"song.wav\" WAVE\n  TRACK 02 AUDIO\n    INDEX 01 00:00:00\n";
  const ProcessResult burn = run({DM_CLI_PATH, "burn", "--audio", "--medium-file", file_, path("mixed.cue")});
  ASSERT_EQ(burn.exit_code, 0) << burn.out << burn.err;
  const ProcessResult exported = run({DM_CLI_PATH, "export", "--medium-file", file_, "-o", path("disc.cue")});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;

  // cd-info: a data track at 0, the audio track 150 blocks after it (the sheet asked for none).
  const ProcessResult info = run({"env", "LC_ALL=C", "cd-info", "--no-device-info", "--no-cddb", "--cue-file", path("disc.cue")});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  const auto tracks = cdInfoTracks(info.out);
  ASSERT_EQ(tracks.size(), 3u) << info.out;
  EXPECT_EQ(tracks[0], std::make_pair(0, std::string("data")));
  EXPECT_EQ(tracks[1], std::make_pair(iso_blocks + 150, std::string("audio")));
  EXPECT_EQ(tracks[2], std::make_pair(iso_blocks + 150 + 400, std::string("leadout")));

  // bchunk: track 1 is the ISO (isoinfo reads its tree), track 2 the PCM, bit for bit.
  const ProcessResult split = run({"bchunk", path("disc.bin"), path("disc.cue"), path("track")});
  ASSERT_EQ(split.exit_code, 0) << split.out << split.err;
  const std::string data = readAll(dir_ / "track01.iso"), iso = readAll(dir_ / "data.iso");
  ASSERT_GE(data.size(), iso.size());
  EXPECT_TRUE(data.compare(0, iso.size(), iso) == 0);
  const ProcessResult listing = run({"isoinfo", "-J", "-f", "-i", path("track01.iso")});
  ASSERT_EQ(listing.exit_code, 0) << listing.err;
  EXPECT_NE(listing.out.find("/docs/readme.txt"), std::string::npos) << listing.out;
  const std::string audio = readAll(dir_ / "track02.cdr");
  ASSERT_GE(audio.size(), pcm_.size());
  EXPECT_TRUE(std::equal(pcm_.begin(), pcm_.end(), reinterpret_cast<const uint8_t*>(audio.data())));
}

TEST_F(MixedModeEndToEnd, CdExtraAudioSessionThenADataSessionAfterTheGap) {
  const ProcessResult audio =
      run({DM_CLI_PATH, "burn", "--audio", "--multisession", "--json", "--medium-file", file_, path("song.wav")});
  ASSERT_EQ(audio.exit_code, 0) << audio.out << audio.err;
  const ProcessResult data = run({DM_CLI_PATH, "burn", "--json", "--medium-file", file_, path("data")});
  ASSERT_EQ(data.exit_code, 0) << data.out << data.err;

  const ProcessResult info = run({DM_CLI_PATH, "info", "--json", "--medium-file", file_});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  const nlohmann::json disc = nlohmann::json::parse(info.out.substr(0, info.out.find('\n')));
  EXPECT_EQ(disc["medium"], "CD-R 80 min (2 sessions, closed)");
  ASSERT_EQ(disc["tracks"].size(), 2u) << info.out;
  const int start = disc["tracks"][1]["start_lba"].get<int>();
  // Session 1: 400 blocks of audio and 2 run-out (TAO), then its lead-out and the 11,400-block
  // gap to session 2's first track (mmc.md §1.3).
  EXPECT_EQ(start, 400 + 2 + 11400) << info.out;

  // The exported ISO is the data track from its first block; isoinfo, told where the image was
  // to be written (-N), reads its Joliet tree at those addresses.
  const ProcessResult exported = run({DM_CLI_PATH, "export", "--medium-file", file_, "-o", path("extra.iso")});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const ProcessResult listing = run({"isoinfo", "-J", "-f", "-N", std::to_string(start), "-i", path("extra.iso")});
  ASSERT_EQ(listing.exit_code, 0) << listing.err;
  EXPECT_NE(listing.out.find("/docs/readme.txt"), std::string::npos) << listing.out;
  EXPECT_NE(listing.out.find("/big.bin"), std::string::npos) << listing.out;

  // cd-info reading the disc through the SG_IO bridge: the audio track, then the data track that
  // starts the last session (a BIN/CUE cannot say where sessions begin).
  const ProcessResult toc = run({DM_CLI_PATH, "emulate", "--medium-file", file_, "--", "env", "LC_ALL=C", "cd-info",
                                 "--no-cddb", "--no-device-info", "/dev/sr0"});
  ASSERT_EQ(toc.exit_code, 0) << toc.err;
  const auto tracks = cdInfoTracks(toc.out);
  ASSERT_EQ(tracks.size(), 3u) << toc.out;
  EXPECT_EQ(tracks[0], std::make_pair(0, std::string("audio")));
  EXPECT_EQ(tracks[1], std::make_pair(start, std::string("data")));
  EXPECT_NE(toc.out.find("Last CD Session LSN: " + std::to_string(start)), std::string::npos) << toc.out;
}

}  // namespace
}  // namespace dm::e2e
