// End to end: `discmaster burn --audio` with FLAC files made by the reference `flac` encoder and a
// WAV file, on a virtual recorder kept in a medium file. The disc read back holds one audio track
// per file at the Track-At-Once positions, and every track's PCM equals the input byte for byte;
// audio in another shape is refused naming the file and its format, and nothing is written.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "emulator/media/medium_file.h"
#include "tests/e2e/audio_files.h"
#include "tests/e2e/json_lines.h"
#include "tools/judges/subprocess.h"

namespace dm::e2e {
using namespace judges;
namespace fs = std::filesystem;
namespace {

constexpr size_t kBlock = 2352;

class AudioBurnEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!onPath("flac")) GTEST_SKIP() << "the flac encoder is not installed (tools/setup.sh installs it)";
    dir_ = fs::temp_directory_path() / ("dm-e2e-audio-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  // Encodes `pcm` with the reference encoder, so our reader is judged against another program.
  fs::path flac(const std::string& name, const std::vector<uint8_t>& pcm) {
    const fs::path raw = dir_ / (name + ".raw");
    writeBytes(raw, pcm);
    const fs::path out = dir_ / (name + ".flac");
    const ProcessResult r = run({"flac", "--silent", "--force-raw-format", "--endian=little", "--sign=signed",
                                 "--channels=2", "--bps=16", "--sample-rate=44100", "-o", out.string(), raw.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return out;
  }
  fs::path dir_;
};

TEST_F(AudioBurnEndToEnd, FlacAndWavTracksLandOnTheDiscByteForByte) {
  // 7.5 s, 4.2 s (not a whole block), 5 s.
  const std::vector<std::vector<uint8_t>> inputs{pattern(330'750, 1), pattern(185'220 + 100, 2), pattern(220'500, 3)};
  const fs::path a = flac("one", inputs[0]);
  const fs::path b = flac("two", inputs[1]);
  const fs::path c = dir_ / "three.wav";
  writeWav(c, inputs[2], 44'100);
  const fs::path disc = dir_ / "disc.vrec";

  const ProcessResult p = run({DM_CLI_PATH, "burn", "--audio", "--verify", "--json", "--medium-file", disc.string(),
                               a.string(), b.string(), c.string()});
  ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
  const nlohmann::json result = lastJsonLine(p.out);
  ASSERT_EQ(result["tracks"].size(), 3u) << result.dump();
  EXPECT_EQ(result["tracks"][0]["format"], "FLAC, 16-bit PCM, 44100 Hz, 2 channels");
  EXPECT_EQ(result["tracks"][2]["format"], "WAV, 16-bit PCM, 44100 Hz, 2 channels");
  EXPECT_EQ(result["disc_after"], "closed");
  EXPECT_EQ(result["verify"], "match") << "every track read back with READ CD";
  // Progress names the track being written.
  EXPECT_NE(p.out.find("\"track\":3,\"tracks\":3"), std::string::npos);

  const vrec::MediumFileLoad load = vrec::MediumFile::load(disc);
  ASSERT_TRUE(load.ok()) << load.error;
  const vrec::Medium& m = *load.medium;
  ASSERT_EQ(m.tracks().size(), 3u);
  int32_t lba = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const vrec::Track& t = m.tracks()[i];
    const size_t blocks = (inputs[i].size() + kBlock - 1) / kBlock;
    EXPECT_FALSE(t.isData());
    EXPECT_EQ(t.start_lba, lba) << "track " << i + 1;
    EXPECT_EQ(t.recorded_sectors, blocks) << "track " << i + 1;
    EXPECT_EQ(result["tracks"][i]["start_lba"], lba);
    std::vector<uint8_t> read;
    for (size_t k = 0; k < blocks; ++k) {
      const auto stored = m.store().read(t.start_lba + static_cast<int32_t>(k));
      ASSERT_EQ(stored.size(), kBlock);
      read.insert(read.end(), stored.begin(), stored.end());
    }
    // The input, then silence to the end of its last block.
    ASSERT_GE(read.size(), inputs[i].size());
    EXPECT_TRUE(std::equal(inputs[i].begin(), inputs[i].end(), read.begin())) << "track " << i + 1 << " PCM differs";
    EXPECT_TRUE(std::all_of(read.begin() + static_cast<std::ptrdiff_t>(inputs[i].size()), read.end(),
                            [](uint8_t x) { return x == 0; }));
    lba += static_cast<int32_t>(blocks + 2 + 150);
  }
}

TEST_F(AudioBurnEndToEnd, AudioInAnotherShapeIsRefusedAndNothingIsWritten) {
  const fs::path good = flac("good", pattern(200'000, 4));
  const fs::path wrong = dir_ / "dat.wav";
  writeWav(wrong, pattern(48'000 * 5, 5), 48'000);
  const fs::path disc = dir_ / "disc.vrec";
  const ProcessResult p = run({DM_CLI_PATH, "burn", "--audio", "--medium-file", disc.string(), good.string(),
                               wrong.string()});
  EXPECT_EQ(p.exit_code, 3) << "an input error";
  EXPECT_NE(p.err.find("dat.wav: WAV, 16-bit PCM, 48000 Hz, 2 channels"), std::string::npos) << p.err;
  EXPECT_FALSE(fs::exists(disc)) << "nothing reached the recorder";

  const fs::path text = dir_ / "notes.txt";
  std::ofstream(text) << "not audio";
  const ProcessResult q = run({DM_CLI_PATH, "burn", "--audio", text.string()});
  EXPECT_EQ(q.exit_code, 3);
  EXPECT_NE(q.err.find("notes.txt: cannot read it as audio"), std::string::npos) << q.err;
}

// CD-Extra ("enhanced CD"): an audio session left open, then a data session after it. cd-info
// recognises the layout and reads the second session's file system.
TEST_F(AudioBurnEndToEnd, AudioThenDataMakesACdExtra) {
  const fs::path one = dir_ / "one.wav", two = dir_ / "two.wav";
  writeWav(one, pattern(44'100 * 5, 7), 44'100);
  writeWav(two, pattern(44'100 * 6, 8), 44'100);
  fs::create_directories(dir_ / "extras");
  std::ofstream(dir_ / "extras" / "liner-notes.txt") << "recorded on a virtual recorder\n";
  const std::string disc = (dir_ / "disc.vrec").string();
  const ProcessResult audio = run({DM_CLI_PATH, "burn", "--audio", "--multisession", "--medium-file", disc,
                                   one.string(), two.string()});
  ASSERT_EQ(audio.exit_code, 0) << audio.out << audio.err;
  const ProcessResult data = run({DM_CLI_PATH, "burn", "--multisession", "--medium-file", disc, "--volume-name", "EXTRA",
                                  (dir_ / "extras").string()});
  ASSERT_EQ(data.exit_code, 0) << data.out << data.err;
  const ProcessResult info = run({DM_CLI_PATH, "emulate", "--medium-file", disc, "--", "cd-info", "--no-device-info", "/dev/sr0"});
  EXPECT_NE(info.out.find("CD-ROM Track List (1 - 3)"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("CD-Plus/Extra"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("label `EXTRA"), std::string::npos) << info.out;
  const ProcessResult files = run({DM_CLI_PATH, "emulate", "--medium-file", disc, "--", "xorriso", "-indev", "/dev/sr0",
                                   "-find", "/", "-exec", "lsdl"});
  EXPECT_NE(files.out.find("'/liner-notes.txt'"), std::string::npos) << files.out << files.err;
}

}  // namespace
}  // namespace dm::e2e
