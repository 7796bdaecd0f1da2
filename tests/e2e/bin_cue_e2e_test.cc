// BIN/CUE judged by other people's readers: a mixed TAO disc recorded through hand-written CDBs
// (audio track 1, Mode 1 track 2) is exported, cd-info (libcdio) reads the cue sheet and reports
// the tracks, modes, start addresses and lengths the disc has, and bchunk extracts the audio
// track's PCM and the data track's blocks byte for byte. Then the CLI: `discmaster export -o
// x.cue --medium-image y.cue` writes back a disc with the same tracks, CATALOG and CD-TEXT, and
// `discmaster info --medium-image y.iso` shows the ISO's track; cdrdao places a generated PREGAP.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "tests/e2e/json_lines.h"
#include "tests/emulator/mixed_disc_support.h"
#include "tools/judges/subprocess.h"

namespace dm::e2e {
using namespace judges;
using vrec_test::Bytes;
namespace fs = std::filesystem;
namespace {

Bytes readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeFile(const fs::path& path, const Bytes& bytes) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// The first --json line of `type` ("info", …).
nlohmann::json jsonLineOfType(const std::string& out, const std::string& type) {
  size_t start = 0;
  while (start < out.size()) {
    const size_t end = out.find('\n', start);
    const std::string line = out.substr(start, end == std::string::npos ? std::string::npos : end - start);
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_discarded() && j.value("type", "") == type) return j;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return nlohmann::json();
}

ProcessResult cdInfo(const fs::path& cue) {
  return run({"env", "LC_ALL=C.UTF-8", "cd-info", "--no-device-info", "--no-cddb", "--cue-file", cue.string()});
}

class BinCueEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dm-e2e-bincue-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(BinCueEndToEnd, CdInfoAndBchunkReadTheExportedMixedDisc) {
  vrec::Recorder r = vrec_test::makeRecorder();
  vrec_test::recordMixedDisc(r);
  const fs::path cue = dir_ / "mixed.cue";
  const auto error = r.medium().exportBinCue(cue);
  ASSERT_FALSE(error.has_value()) << *error;
  // 400 audio + 2 run-out + 150 pregap + 320 data + 2 run-out sectors of 2352 bytes.
  EXPECT_EQ(fs::file_size(dir_ / "mixed.bin"), 874u * 2352u);

  ASSERT_TRUE(onPath("cd-info"));
  const ProcessResult info = cdInfo(cue);
  ASSERT_EQ(info.exit_code, 0) << info.out << info.err;
  // Track list: number, MSF, LSN, type. Track 2 starts at LBA 552 (00:09:27), the lead-out at 874,
  // so track 1 spans 552 sectors (its run-out and track 2's pregap included) and track 2 322.
  EXPECT_NE(info.out.find("Disc mode is listed as: CD-ROM Mixed"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("  1: 00:02:00  000000 audio"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("  2: 00:09:27  000552 data"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("170: 00:13:49  000874 leadout"), std::string::npos) << info.out;
  EXPECT_EQ(info.out.find("  3: "), std::string::npos) << info.out;

  ASSERT_TRUE(onPath("bchunk"));
  const ProcessResult chunk =
      run({"bchunk", "-w", (dir_ / "mixed.bin").string(), cue.string(), (dir_ / "out").string()});
  ASSERT_EQ(chunk.exit_code, 0) << chunk.out << chunk.err;
  // bchunk cuts track 1 up to track 2's INDEX 00: the PCM written, then the 2 run-out blocks
  // (silence), after a 44-byte WAV header (PCM little-endian, as written).
  const Bytes wav = readFile(dir_ / "out01.wav");
  ASSERT_EQ(wav.size(), 44u + 402u * 2352u);
  const Bytes written = vrec_test::pcm(0, vrec_test::kAudioBlocks);
  EXPECT_TRUE(std::equal(written.begin(), written.end(), wav.begin() + 44)) << "the PCM differs";
  EXPECT_TRUE(std::all_of(wav.begin() + 44 + static_cast<ptrdiff_t>(written.size()), wav.end(), [](uint8_t b) { return b == 0; }));
  // Track 2 from INDEX 01: the user data of every Mode 1 sector, then the run-out's zero blocks.
  const Bytes iso = readFile(dir_ / "out02.iso");
  ASSERT_EQ(iso.size(), 322u * 2048u);
  const Bytes data = vrec_test::payload(vrec_test::kDataStart, vrec_test::kDataBlocks);
  EXPECT_TRUE(std::equal(data.begin(), data.end(), iso.begin())) << "the data track differs";
}

TEST_F(BinCueEndToEnd, ExportOfAnImportedCueSheetKeepsTracksCatalogAndCdText) {
  writeFile(dir_ / "y.bin", vrec_test::pcm(0, 700));
  std::ofstream(dir_ / "y.cue") << "CATALOG 0123456789012\n"
                                   "TITLE \"Round Trip\"\n"
                                   "PERFORMER \"The Testers\"\n"
                                   "FILE \"y.bin\" BINARY\n"
                                   "  TRACK 01 AUDIO\n"
                                   "    TITLE \"One\"\n"
                                   "    INDEX 01 00:00:00\n"
                                   "    INDEX 02 00:01:00\n"
                                   "  TRACK 02 AUDIO\n"
                                   "    TITLE \"Two\"\n"
                                   "    FLAGS DCP\n"
                                   "    ISRC USRC17607839\n"
                                   "    INDEX 00 00:04:00\n"
                                   "    INDEX 01 00:06:00\n";
  const fs::path x = dir_ / "x.cue";
  const ProcessResult out = run({DM_CLI_PATH, "export", "--json", "-o", x.string(), "--medium-image",
                                 (dir_ / "y.cue").string()});
  ASSERT_EQ(out.exit_code, 0) << out.out << out.err;
  const nlohmann::json result = lastJsonLine(out.out);
  EXPECT_EQ(result["result"], "S_OK");
  EXPECT_EQ(result["tracks"], 2);
  // The BIN is the input's sectors unchanged; the cue sheet says what the input said.
  EXPECT_EQ(readFile(dir_ / "x.bin"), readFile(dir_ / "y.bin"));
  const Bytes sheet_bytes = readFile(x);
  const std::string sheet(sheet_bytes.begin(), sheet_bytes.end());
  for (const char* line : {"CATALOG 0123456789012\n", "TITLE \"Round Trip\"\n", "FILE \"x.bin\" BINARY\n",
                           "    INDEX 02 00:01:00\n", "    FLAGS DCP\n", "    ISRC USRC17607839\n",
                           "    INDEX 00 00:04:00\n    INDEX 01 00:06:00\n"}) {
    EXPECT_NE(sheet.find(line), std::string::npos) << line << "\n" << sheet;
  }
  const ProcessResult info = cdInfo(x);
  ASSERT_EQ(info.exit_code, 0) << info.out << info.err;
  EXPECT_NE(info.out.find("  2: 00:08:00  000450 audio  false  yes"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("170: 00:11:25  000700 leadout"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("Media Catalog Number (MCN): 0123456789012"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("TITLE: Round Trip"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("TITLE: Two"), std::string::npos) << info.out;

  // A second export of the export is the same text: nothing drifts.
  const ProcessResult again = run({DM_CLI_PATH, "export", "-o", (dir_ / "z.cue").string(), "--medium-image", x.string()});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  const Bytes z = readFile(dir_ / "z.cue");
  std::string z_sheet(z.begin(), z.end());
  z_sheet.replace(z_sheet.find("z.bin"), 5, "x.bin");
  EXPECT_EQ(z_sheet, sheet);
}

TEST_F(BinCueEndToEnd, GeneratedPregapStaysAPregapLineThatCdrdaoPlaces) {
  // Track 2's PREGAP is not in the BIN: it stays a PREGAP line, and cdrdao (which, unlike
  // libcdio, honours PREGAP) puts track 2 where the disc has it: LBA 300 + 75.
  writeFile(dir_ / "y.bin", vrec_test::pcm(0, 700));
  std::ofstream(dir_ / "y.cue") << "FILE \"y.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n"
                                   "  TRACK 02 AUDIO\n    PREGAP 00:01:00\n    INDEX 01 00:04:00\n";
  const fs::path x = dir_ / "x.cue";
  const ProcessResult out = run({DM_CLI_PATH, "export", "-o", x.string(), "--medium-image", (dir_ / "y.cue").string()});
  ASSERT_EQ(out.exit_code, 0) << out.out << out.err;
  const Bytes sheet = readFile(x);
  EXPECT_NE(std::string(sheet.begin(), sheet.end()).find("    PREGAP 00:01:00\n    INDEX 01 00:04:00\n"), std::string::npos);
  ASSERT_TRUE(onPath("cdrdao"));
  // cdrdao opens the BIN relative to its working directory.
  const ProcessResult toc = run({"env", "-C", dir_.string(), "cdrdao", "show-toc", "x.cue"});
  ASSERT_EQ(toc.exit_code, 0) << toc.out << toc.err;
  const std::string text = toc.out + toc.err;
  EXPECT_NE(text.find("PREGAP 00:01:00(    75)"), std::string::npos) << text;
  EXPECT_NE(text.find("START  00:05:00(   375)"), std::string::npos) << text;
  EXPECT_NE(text.find("END    00:10:25(   775)"), std::string::npos) << text;
  const ProcessResult info = run({DM_CLI_PATH, "info", "--json", "--medium-image", x.string()});
  ASSERT_EQ(info.exit_code, 0) << info.out << info.err;
  const nlohmann::json event = jsonLineOfType(info.out, "info");
  EXPECT_EQ(event["tracks"][1]["start_lba"], 375);
  // The TOC as cd-info reads it (MSF form) and the full TOC's session agree with cdrdao's reading.
  ASSERT_EQ(event["toc"]["tracks"].size(), 2u) << info.out;
  EXPECT_EQ(event["toc"]["tracks"][1]["start_lba"], 375);
  EXPECT_EQ(event["toc"]["tracks"][1]["type"], "audio");
  ASSERT_EQ(event["toc_sessions"].size(), 1u) << info.out;
  EXPECT_EQ(event["toc_sessions"][0]["last_track"], 2);
  EXPECT_EQ(event["toc_sessions"][0]["lead_out_lba"], 775);
  EXPECT_TRUE(event["quirks"].empty());
}

TEST_F(BinCueEndToEnd, InfoShowsTheTrackOfAnIso) {
  const fs::path iso = dir_ / "y.iso";
  const ProcessResult made = run({"genisoimage", "-quiet", "-r", "-J", "-V", "HELLO", "-o", iso.string(),
                                  std::string(DM_SOURCE_DIR) + "/scenarios/samples/hello"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const uint64_t blocks = fs::file_size(iso) / 2048;
  const ProcessResult text = run({DM_CLI_PATH, "info", "--medium-image", iso.string()});
  ASSERT_EQ(text.exit_code, 0) << text.out << text.err;
  EXPECT_NE(text.out.find("medium         CD-R 21 min (8 cm) (1 session, closed)"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("track  1       session 1, data, LBA 0, " + std::to_string(blocks) + " blocks"),
            std::string::npos)
      << text.out;
  const ProcessResult json = run({DM_CLI_PATH, "info", "--json", "--medium", "cd-r80", "--medium-image", iso.string()});
  ASSERT_EQ(json.exit_code, 0) << json.out << json.err;
  const nlohmann::json event = jsonLineOfType(json.out, "info");
  EXPECT_EQ(event["medium"], "CD-R 80 min (1 session, closed)");
  ASSERT_EQ(event["tracks"].size(), 1u);
  EXPECT_EQ(event["tracks"][0]["type"], "data");
  EXPECT_EQ(event["tracks"][0]["blocks"], blocks);
}

TEST_F(BinCueEndToEnd, BadImagesAndSuffixesAreInputErrors) {
  std::ofstream(dir_ / "bad.cue") << "FILE \"none.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n";
  const ProcessResult missing = run({DM_CLI_PATH, "info", "--medium-image", (dir_ / "bad.cue").string()});
  EXPECT_EQ(missing.exit_code, 3) << missing.out << missing.err;
  EXPECT_NE(missing.err.find("bad.cue:1:6: cannot open"), std::string::npos) << missing.err;
  const ProcessResult suffix = run({DM_CLI_PATH, "export", "-o", (dir_ / "x.img").string()});
  EXPECT_NE(suffix.exit_code, 0);
  EXPECT_NE(suffix.err.find("unknown image type '.img'"), std::string::npos) << suffix.err;
  // A blank disc has nothing to export; the help shows examples.
  const ProcessResult blank = run({DM_CLI_PATH, "export", "-o", (dir_ / "b.cue").string()});
  EXPECT_NE(blank.exit_code, 0);
  EXPECT_NE(blank.err.find("is blank"), std::string::npos) << blank.err;
  const ProcessResult help = run({DM_CLI_PATH, "export", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Examples:"), std::string::npos);
  const ProcessResult both = run({DM_CLI_PATH, "info", "--medium-file", (dir_ / "a.vrec").string(), "--medium-image",
                                  (dir_ / "bad.cue").string()});
  EXPECT_EQ(both.exit_code, 2) << both.out << both.err;
}

}  // namespace
}  // namespace dm::e2e
