// End to end: the discmaster CLI stages a folder, burns it Track-At-Once on the default virtual
// recorder with real MMC commands, exports the medium, and independent readers (isoinfo, xorriso,
// bsdtar) must find exactly the source tree and bytes on it. A companion test damages a copy of
// the image to show the same checks do fail.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <regex>

#include "tools/judges/judges.h"
#include "tests/e2e/json_lines.h"
#include "tools/judges/subprocess.h"

namespace dm::e2e {
using namespace judges;  // run, onPath, judgeImage, …
namespace fs = std::filesystem;
namespace {

void writeFile(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

std::string readFile(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

std::string pseudoRandomBytes(size_t n, uint32_t seed) {
  std::mt19937 gen(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(gen() & 0xFF);
  return s;
}

class BurnEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"isoinfo", "xorriso", "bsdtar"}) {
      if (!onPath(tool)) GTEST_SKIP() << tool << " is not installed (tools/setup.sh installs it)";
    }
    dir_ = fs::temp_directory_path() / ("dm-e2e-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
                                        "-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    src_ = dir_ / "src";
    writeFile(src_ / "README.txt", "A disc made by the end-to-end test.\n");
    writeFile(src_ / "empty.dat", "");
    writeFile(src_ / "media" / "big.bin", pseudoRandomBytes(3 * 1024 * 1024 + 123, 42));
    writeFile(src_ / "docs" / "a" / "b" / "c" / "deep.txt", "four levels down\n");
    writeFile(src_ / "Größe" / "café.txt", "accents\n");
    writeFile(src_ / "日本語" / "メモ.txt", "CJK names\n");
    writeFile(src_ / "zeta-target.txt", "the file whose name the companion test damages\n");
    fs::create_directories(src_ / "empty-folder");
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  ProcessResult burn(std::vector<std::string> extra) {
    std::vector<std::string> argv{DM_CLI_PATH, "burn"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run(argv);
  }

  fs::path dir_, src_;
};

TEST_F(BurnEndToEnd, EveryJudgeFindsTheSourceTreeAndBytes) {
  const fs::path iso = dir_ / "burned.iso";
  const ProcessResult p = burn({"--json", "--volume-name", "E2E", "--export-image", iso.string(), src_.string()});
  ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
  const nlohmann::json result = lastJsonLine(p.out);
  EXPECT_EQ(result["type"], "result");
  EXPECT_EQ(result["result"], "S_OK");
  EXPECT_EQ(result["write_type"], "TAO");
  EXPECT_EQ(result["disc_after"], "closed");
  EXPECT_GT(result["sectors"].get<uint32_t>(), 3u * 512);
  EXPECT_GE(result["sectors"].get<uint32_t>(), result["image_blocks"].get<uint32_t>());
  EXPECT_GT(result["virtual_seconds"].get<double>(), 0.0);
  EXPECT_EQ(result["files"], 7);
  EXPECT_EQ(result["folders"], 8);

  const std::vector<std::string> diffs = judgeImage(iso, src_, dir_);
  EXPECT_TRUE(diffs.empty()) << ::testing::PrintToString(diffs);
  const ProcessResult pvd = run({"isoinfo", "-d", "-i", iso.string()});
  EXPECT_NE(pvd.out.find("Volume id: E2E"), std::string::npos) << pvd.out;
}

TEST_F(BurnEndToEnd, JudgesCatchAFlippedFileByteAndAFlippedNameByte) {
  const fs::path iso = dir_ / "burned.iso";
  const ProcessResult p = burn({"--export-image", iso.string(), src_.string()});
  ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
  std::string image = readFile(iso);

  // One byte inside big.bin's data…
  const std::string big = readFile(src_ / "media" / "big.bin");
  const size_t data_at = image.find(big.substr(0, 64));
  ASSERT_NE(data_at, std::string::npos);
  image[data_at + 100000] = static_cast<char>(image[data_at + 100000] ^ 0x01);
  // …and one byte of zeta-target.txt's Joliet name (UCS-2 big-endian): 'z' becomes 'y'.
  std::string ucs2;
  for (char c : std::string("zeta-target.txt")) ucs2 += std::string{'\0', c};
  const size_t name_at = image.find(ucs2);
  ASSERT_NE(name_at, std::string::npos);
  image[name_at + 1] = 'y';
  // …and the same byte of its Rock Ridge name (NM entry: "NM", length, version, flags, name),
  // which xorriso and bsdtar read in preference to Joliet.
  const size_t nm_at = image.find("zeta-target.txt");
  ASSERT_NE(nm_at, std::string::npos);
  ASSERT_EQ(image.substr(nm_at - 5, 2), "NM");
  image[nm_at] = 'y';
  const fs::path damaged = dir_ / "damaged.iso";
  std::ofstream(damaged, std::ios::binary) << image;

  const std::vector<std::string> diffs = judgeImage(damaged, src_, dir_);
  const std::string all = ::testing::PrintToString(diffs);
  EXPECT_NE(all.find("bsdtar -x: 'media/big.bin' differs from the source"), std::string::npos) << all;
  for (const char* judge : {"isoinfo -l -J", "xorriso -find", "bsdtar -t"}) {
    EXPECT_NE(all.find(std::string(judge) + ": missing file 'zeta-target.txt'"), std::string::npos) << judge << all;
    EXPECT_NE(all.find(std::string(judge) + ": unexpected 'yeta-target.txt'"), std::string::npos) << judge << all;
  }
}

TEST_F(BurnEndToEnd, BurnedTrackHoldsExactlyTheImageThenZeroPadding) {
  setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  const fs::path image = dir_ / "image.iso";
  const ProcessResult made = run({DM_CLI_PATH, "image", "--volume-name", "SAME", "-o", image.string(), src_.string()});
  ASSERT_EQ(made.exit_code, 0) << made.out << made.err;
  const fs::path burned = dir_ / "burned.iso";
  const ProcessResult p = burn({"--volume-name", "SAME", "--export-image", burned.string(), src_.string()});
  unsetenv("SOURCE_DATE_EPOCH");
  ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
  const std::string expected = readFile(image);
  const std::string got = readFile(burned);
  ASSERT_GT(got.size(), expected.size());
  EXPECT_TRUE(got.compare(0, expected.size(), expected) == 0) << "the burned track differs from the image";
  EXPECT_EQ(got.find_first_not_of('\0', expected.size()), std::string::npos) << "padding is not zeros";
  EXPECT_EQ((got.size() - expected.size()) / 2048, 150u);
}

TEST_F(BurnEndToEnd, HumanReportSaysWhatHappened) {
  const ProcessResult p = burn({"--speed", "16", src_.string()});
  ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
  for (const char* line : {"device         virtual:default", "medium         CD-R 80 min", "write type     TAO",
                           "speed          asked 16x, drive 16x", "virtual time", "result         S_OK"}) {
    EXPECT_NE(p.out.find(line), std::string::npos) << "missing '" << line << "' in:\n" << p.out;
  }
  // The progress line on stderr: cdrecord's form, then the time left on the burn's clock.
  const std::regex progress(R"(Track 01: +\d+ of +\d+ MB written \[buf +(-|\d+%)\] +[\d.]+x\. ETA \d\d:\d\d)");
  EXPECT_TRUE(std::regex_search(p.err, progress)) << p.err;
}

TEST_F(BurnEndToEnd, VerifyReadsTheTrackBackAndMatches) {
  const ProcessResult p = burn({"--verify", "--json", src_.string()});
  ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
  const nlohmann::json result = lastJsonLine(p.out);
  EXPECT_EQ(result["result"], "S_OK");
  EXPECT_EQ(result["verify"], "match");
  EXPECT_TRUE(result["phases"].contains("verifying"));
  EXPECT_NE(p.out.find(R"("phase":"verifying")"), std::string::npos);
  const ProcessResult text = burn({"--verify", src_.string()});
  EXPECT_NE(text.out.find("verify         match: "), std::string::npos) << text.out;
}

TEST_F(BurnEndToEnd, SimulationLeavesTheDiscBlank) {
  const ProcessResult p = burn({"--simulate", "--json", src_.string()});
  ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
  const nlohmann::json result = lastJsonLine(p.out);
  EXPECT_EQ(result["result"], "S_OK");
  EXPECT_EQ(result["simulate"], true);
  EXPECT_EQ(result["disc_after"], "blank");
}

TEST_F(BurnEndToEnd, UnstageableInputIsAnInputErrorNamingTheFile) {
  ASSERT_EQ(mkfifo((src_ / "a-fifo").c_str(), 0600), 0);
  const ProcessResult p = burn({"--json", src_.string()});
  EXPECT_EQ(p.exit_code, 3) << p.out << p.err;
  const nlohmann::json result = lastJsonLine(p.out);
  EXPECT_NE(result["message"].get<std::string>().find("a-fifo"), std::string::npos) << result.dump();
  EXPECT_EQ(result["exit_code"], 3);
}

TEST_F(BurnEndToEnd, UsageErrorsAreJsonToo) {
  const ProcessResult p = burn({"--json", "--speed", "fast", src_.string()});
  EXPECT_EQ(p.exit_code, 2) << p.out << p.err;
  const nlohmann::json result = lastJsonLine(p.out);
  EXPECT_EQ(result["result"], "E_INVALIDARG");
  EXPECT_NE(result["message"].get<std::string>().find("--speed fast"), std::string::npos);
}

}  // namespace
}  // namespace dm::e2e
