// End to end on DVD media: the discmaster CLI stages a folder and burns it on a DVD-capable
// virtual recorder (the LG GH22LS30 profile) with a blank DVD+R, DVD-R or DVD+RW; the exported
// medium is judged by isoinfo, xorriso and bsdtar. A simulation is refused on DVD+R (no Test
// Write) and leaves a DVD-R blank; audio on DVD is refused.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <random>

#include "tests/e2e/audio_files.h"
#include "tests/e2e/json_lines.h"
#include "tools/judges/judges.h"
#include "tools/judges/subprocess.h"

namespace dm::e2e {
using namespace judges;
namespace fs = std::filesystem;
namespace {

constexpr const char* kDvdDrive = "virtual:lg-gh22ls30";

void writeFile(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

std::string pseudoRandomBytes(size_t n, uint32_t seed) {
  std::mt19937 gen(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(gen() & 0xFF);
  return s;
}

class DvdBurnEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"isoinfo", "xorriso", "bsdtar"}) {
      if (!onPath(tool)) GTEST_SKIP() << tool << " is not installed (tools/setup.sh installs it)";
    }
    dir_ = fs::temp_directory_path() /
           ("dm-e2e-dvd-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(getpid()));
    fs::remove_all(dir_);
    src_ = dir_ / "src";
    writeFile(src_ / "README.txt", "A DVD made by the end-to-end test.\n");
    writeFile(src_ / "media" / "big.bin", pseudoRandomBytes(5 * 1024 * 1024 + 77, 7));
    writeFile(src_ / "Größe" / "café.txt", "accents\n");
    fs::create_directories(src_ / "empty-folder");
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  ProcessResult burn(const std::string& medium, std::vector<std::string> extra) {
    std::vector<std::string> argv{DM_CLI_PATH, "burn", "-d", kDvdDrive, "--medium", medium, "--json"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run(argv);
  }

  // Burns src_ on a blank `medium`, exports it and has every judge compare it with the source.
  nlohmann::json burnAndJudge(const std::string& medium, std::vector<std::string> extra = {}) {
    const fs::path iso = dir_ / (medium + ".iso");
    extra.insert(extra.end(), {"--volume-name", "DVD_E2E", "--export-image", iso.string(), src_.string()});
    const ProcessResult p = burn(medium, extra);
    EXPECT_EQ(p.exit_code, 0) << p.out << p.err;
    const nlohmann::json result = lastJsonLine(p.out);
    EXPECT_EQ(result["result"], "S_OK") << result.dump();
    const std::vector<std::string> diffs = judgeImage(iso, src_, dir_);
    EXPECT_TRUE(diffs.empty()) << medium << ": " << ::testing::PrintToString(diffs);
    const ProcessResult pvd = run({"isoinfo", "-d", "-i", iso.string()});
    EXPECT_NE(pvd.out.find("Volume id: DVD_E2E"), std::string::npos) << pvd.out;
    return result;
  }

  fs::path dir_, src_;
};

TEST_F(DvdBurnEndToEnd, DvdPlusRIsWrittenSequentiallyAndFinalized) {
  const nlohmann::json r = burnAndJudge("dvd+r", {"--speed", "8"});
  EXPECT_EQ(r["write_type"], "DVD+R sequential");
  EXPECT_EQ(r["disc_after"], "closed") << r.dump();
  EXPECT_EQ(r["sectors"].get<uint32_t>() % 16, 0u) << "whole ECC blocks";
}

TEST_F(DvdBurnEndToEnd, DvdPlusRMultisessionStaysAppendable) {
  const nlohmann::json r = burnAndJudge("dvd+r", {"--multisession"});
  EXPECT_EQ(r["disc_after"], "appendable") << r.dump();
}

TEST_F(DvdBurnEndToEnd, DvdMinusRIsDiscAtOnce) {
  const nlohmann::json r = burnAndJudge("dvd-r");
  EXPECT_EQ(r["write_type"], "DVD-R DAO");
  EXPECT_EQ(r["disc_after"], "closed") << r.dump();
}

TEST_F(DvdBurnEndToEnd, DvdMinusRMultisessionIsIncremental) {
  const nlohmann::json r = burnAndJudge("dvd-r", {"--multisession"});
  EXPECT_EQ(r["write_type"], "DVD-R incremental");
  EXPECT_EQ(r["disc_after"], "appendable") << r.dump();
}

TEST_F(DvdBurnEndToEnd, BlankDvdPlusRwIsFormattedAndWritten) {
  const nlohmann::json r = burnAndJudge("dvd+rw");
  EXPECT_EQ(r["write_type"], "DVD+RW overwrite");
}

TEST_F(DvdBurnEndToEnd, SimulationIsRefusedOnDvdPlusRAndTheDiscStaysBlank) {
  const fs::path disc = dir_ / "disc.vmedium";
  const ProcessResult p = burn("dvd+r", {"--simulate", "--medium-file", disc.string(), src_.string()});
  EXPECT_NE(p.exit_code, 0) << p.out << p.err;
  const nlohmann::json r = lastJsonLine(p.out);
  EXPECT_EQ(r["result"], "IMAPI_E_MEDIUM_INVALIDTYPE") << r.dump();
  EXPECT_NE(r["message"].get<std::string>().find("DVD+R, which has no Test Write"), std::string::npos) << r.dump();
  const ProcessResult info = run({DM_CLI_PATH, "info", "-d", kDvdDrive, "--medium-file", disc.string()});
  EXPECT_NE(info.out.find("blank"), std::string::npos) << info.out << info.err;
}

TEST_F(DvdBurnEndToEnd, SimulationOnDvdMinusRLeavesItBlank) {
  const ProcessResult p = burn("dvd-r", {"--simulate", src_.string()});
  ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
  const nlohmann::json r = lastJsonLine(p.out);
  EXPECT_EQ(r["result"], "S_OK");
  EXPECT_EQ(r["simulate"], true);
  EXPECT_EQ(r["disc_after"], "blank") << r.dump();
}

TEST_F(DvdBurnEndToEnd, AudioOnDvdIsRefusedAsTheWrongMedium) {
  const fs::path wav = dir_ / "tone.wav";
  writeWav(wav, pattern(44100, 3), 44100);
  const ProcessResult p = burn("dvd+r", {"--audio", wav.string()});
  EXPECT_NE(p.exit_code, 0) << p.out << p.err;
  const nlohmann::json r = lastJsonLine(p.out);
  EXPECT_EQ(r["result"], "IMAPI_E_MEDIUM_INVALIDTYPE") << r.dump();
  EXPECT_NE(r["message"].get<std::string>().find("an audio CD is written on CD-R or CD-RW only"), std::string::npos)
      << r.dump();
}

// A file over 4 GiB (sparse, so the source costs no disk) only fits on DVD: interchange level 3
// writes it as multi-extent records, and the readers must put it back together at full size.
// 4.5 GiB is more than a single-layer DVD+R holds (4,700,372,992 bytes): disc full, nothing
// written; 4.28 GiB fits.
TEST_F(DvdBurnEndToEnd, FileOverFourGibOnDvdPlusRReadsBackAtFullSize) {
  const fs::path huge = src_ / "huge.bin";
  { std::ofstream(huge, std::ios::binary).put('\0'); }
  fs::resize_file(huge, 4'831'838'208);  // 4.5 GiB
  const fs::path iso = dir_ / "huge.iso";
  const ProcessResult full = burn("dvd+r", {"--iso-level", "3", src_.string()});
  EXPECT_NE(full.exit_code, 0);
  EXPECT_EQ(lastJsonLine(full.out)["result"], "IMAPI_E_DISCFULL") << full.out;

  constexpr uintmax_t kSize = 4'600'000'000;
  fs::resize_file(huge, kSize);
  const ProcessResult p = burn("dvd+r", {"--iso-level", "3", "--export-image", iso.string(), src_.string()});
  ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
  EXPECT_EQ(lastJsonLine(p.out)["result"], "S_OK");
  EXPECT_GT(fs::file_size(iso), kSize);
  // xorriso lists the file with its whole size; isoinfo finds it too.
  const ProcessResult x = run({"xorriso", "-indev", iso.string(), "-find", "/huge.bin", "-exec", "lsdl", "--"});
  EXPECT_NE(x.out.find(std::to_string(kSize)), std::string::npos) << x.out << x.err;
  const ProcessResult i = run({"isoinfo", "-l", "-i", iso.string()});
  EXPECT_NE(i.out.find("HUGE.BIN"), std::string::npos) << i.out;
  fs::remove(iso);
}

TEST(DvdInfo, SpeedsAreInMultiplesOfTheDvd1x) {
  // The same drive names its DVD+R speeds against 1,385 kB/s and its CD-R speeds against 176.4.
  const ProcessResult dvd = run({DM_CLI_PATH, "info", "-d", "virtual:lg-gh22ls30", "--medium", "dvd+r"});
  ASSERT_EQ(dvd.exit_code, 0) << dvd.err;
  EXPECT_NE(dvd.out.find("write speeds   22x 20x 16x 12x 8x 4x (max 22x"), std::string::npos) << dvd.out;
  const ProcessResult cd = run({DM_CLI_PATH, "info", "-d", "virtual:lg-gh22ls30", "--medium", "cd-r80"});
  ASSERT_EQ(cd.exit_code, 0) << cd.err;
  EXPECT_NE(cd.out.find("write speeds   48x 40x"), std::string::npos) << cd.out;
}

}  // namespace
}  // namespace dm::e2e

namespace dm::e2e {

// The progress ETA counts in the medium's 1x: on a DVD 1,385,000 / 2,048 blocks per second, not a
// CD's 75 (which made every DVD and BD estimate about 9 and 29 times too long). Each --json progress
// object's eta_s is the blocks left at its speed.
TEST_F(DvdBurnEndToEnd, ProgressEtaCountsInTheMediumsOneX) {
  struct Case {
    const char* drive;
    const char* medium;
    double blocks_at_1x;
  };
  for (const Case& k : {Case{kDvdDrive, "dvd+r", 1385000.0 / 2048}, Case{"virtual:lg-bh20l", "bd-r", 4495500.0 / 2048}}) {
    const ProcessResult p =
        run({DM_CLI_PATH, "burn", "-d", k.drive, "--medium", k.medium, "--json", "--volume-name", "ETA", src_.string()});
    ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
    std::istringstream lines(p.out);
    int checked = 0;
    for (std::string line; std::getline(lines, line);) {
      const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.contains("type")) continue;
      if (j["type"] != "progress" || j["phase"] != "writing" || j["eta_s"].is_null()) continue;
      const double left = j["sectors"].get<double>() - j["sector"].get<double>();
      const double speed = j["speed_x"].get<double>();
      if (left <= 0 || speed <= 0.1) continue;
      // speed_x and eta_s are printed to 0.1: the ETA lies between those of speed_x ± 0.05.
      const double eta = j["eta_s"].get<double>();
      EXPECT_GE(eta, left / ((speed + 0.05) * k.blocks_at_1x) - 0.05) << k.medium << ": " << line;
      EXPECT_LE(eta, left / ((speed - 0.05) * k.blocks_at_1x) + 0.05) << k.medium << ": " << line;
      ++checked;
    }
    EXPECT_GT(checked, 3) << k.medium << p.out;
  }
}

}  // namespace dm::e2e
