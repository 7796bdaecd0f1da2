// End to end on BD media: the discmaster CLI stages folders and burns them on the BD writer
// profile (lg-bh20l). A BD-R is written in 64 KiB clusters and finalized, or left appendable and
// given a second session that continues the first; a BD-RE is formatted (FORMAT UNIT 30h) on the
// first burn, written from LBA 0, and overwritten by the next burn without another format. The
// exported images are judged by isoinfo, xorriso and bsdtar; the appended BD-R is read through
// the SG_IO bridge by xorriso (which finds the last session itself) and isoinfo (told where it
// starts). A simulation is refused on BD before anything is written.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <random>

#include "tests/e2e/json_lines.h"
#include "tools/judges/judges.h"
#include "tools/judges/subprocess.h"

namespace dm::e2e {
using namespace judges;
namespace fs = std::filesystem;
namespace {

constexpr const char* kBdDrive = "virtual:lg-bh20l";

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

std::string readText(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

class BdBurnEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"isoinfo", "xorriso", "bsdtar"}) {
      if (!onPath(tool)) GTEST_SKIP() << tool << " is not installed (tools/setup.sh installs it)";
    }
    dir_ = fs::temp_directory_path() /
           ("dm-e2e-bd-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(getpid()));
    fs::remove_all(dir_);
    one_ = dir_ / "one";
    writeFile(one_ / "README.txt", "A BD made by the end-to-end test.\n");
    writeFile(one_ / "media" / "big.bin", pseudoRandomBytes(3 * 1024 * 1024 + 77, 11));
    writeFile(one_ / "Größe" / "café.txt", "accents\n");
    fs::create_directories(one_ / "empty-folder");
    two_ = dir_ / "two";
    writeFile(two_ / "second" / "notes.txt", "written by the second burn\n");
    writeFile(two_ / "second" / "data.bin", pseudoRandomBytes(700 * 1024 + 5, 12));
    disc_ = (dir_ / "disc.vrec").string();
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  ProcessResult burn(const std::string& medium, std::vector<std::string> extra) {
    std::vector<std::string> argv{DM_CLI_PATH, "burn", "-d", kBdDrive, "--medium", medium, "--json"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run(argv);
  }

  // Burns `source` on the medium file (a blank `medium` the first time), exports the data track
  // and has every judge compare it with `source`. Returns the result line; `trace` gets the
  // emulator's trace of the burn.
  nlohmann::json burnAndJudge(const std::string& medium, const fs::path& source, std::vector<std::string> extra,
                              std::string* trace = nullptr) {
    const fs::path iso = dir_ / "out.iso";
    const fs::path trace_file = dir_ / "burn.trace";
    extra.insert(extra.end(), {"--medium-file", disc_, "--volume-name", "BD_E2E", "--export-image", iso.string(),
                               "--trace", trace_file.string(), source.string()});
    const ProcessResult p = burn(medium, extra);
    EXPECT_EQ(p.exit_code, 0) << p.out << p.err;
    const nlohmann::json result = lastJsonLine(p.out);
    EXPECT_EQ(result["result"], "S_OK") << result.dump();
    const std::vector<std::string> diffs = judgeImage(iso, source, dir_ / "judge");
    EXPECT_TRUE(diffs.empty()) << medium << ": " << ::testing::PrintToString(diffs);
    const ProcessResult pvd = run({"isoinfo", "-d", "-i", iso.string()});
    EXPECT_NE(pvd.out.find("Volume id: BD_E2E"), std::string::npos) << pvd.out;
    if (trace != nullptr) *trace = readText(trace_file);
    fs::remove(iso);
    return result;
  }

  ProcessResult emulate(const std::vector<std::string>& command) const {
    std::vector<std::string> argv{DM_CLI_PATH, "emulate", "--drive", "lg-bh20l", "--medium-file", disc_, "--"};
    argv.insert(argv.end(), command.begin(), command.end());
    return run(argv);
  }

  fs::path dir_, one_, two_;
  std::string disc_;
};

TEST_F(BdBurnEndToEnd, BdRIsWrittenInClustersAndFinalized) {
  std::string trace;
  const nlohmann::json r = burnAndJudge("bd-r", one_, {"--speed", "4"}, &trace);
  EXPECT_EQ(r["write_type"], "BD-R sequential");
  EXPECT_EQ(r["disc_after"], "closed") << r.dump();
  EXPECT_EQ(r["sectors"].get<uint32_t>() % 32, 0u) << "whole 64 KiB clusters";
  EXPECT_EQ(r["accepted_speed_x"], 4.0) << r.dump();
  // CLOSE TRACK, then the finalize (110b): the emulator names it.
  EXPECT_NE(trace.find("FINALIZE"), std::string::npos) << trace;
  EXPECT_EQ(trace.find("FORMAT_UNIT"), std::string::npos);
  // A finalized BD-R takes no second session.
  const ProcessResult again = burn("bd-r", {"--multisession", "--medium-file", disc_, two_.string()});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_EQ(lastJsonLine(again.out)["result"], "IMAPI_E_CANNOT_WRITE_TO_MEDIA") << again.out;
}

TEST_F(BdBurnEndToEnd, BdRSecondSessionContinuesTheFirst) {
  const nlohmann::json first = burnAndJudge("bd-r", one_, {"--multisession"});
  EXPECT_EQ(first["disc_after"], "appendable") << first.dump();
  const ProcessResult p = burn("bd-r", {"--multisession", "--medium-file", disc_, two_.string()});
  ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
  const nlohmann::json second = lastJsonLine(p.out);
  EXPECT_EQ(second["result"], "S_OK") << second.dump();
  EXPECT_EQ(second["write_type"], "BD-R sequential");
  EXPECT_EQ(second["disc_after"], "appendable") << second.dump();
  const int64_t start = second["start_lba"].get<int64_t>();
  EXPECT_GT(start, 0);
  EXPECT_EQ(start % 32, 0) << "a BD-R track starts on a cluster";

  // xorriso loads the last session: the first burn's files and the second's.
  const ProcessResult list = emulate({"xorriso", "-indev", "/dev/sr0", "-find", "/", "-exec", "lsdl", "--"});
  ASSERT_EQ(list.exit_code, 0) << list.out << list.err;
  EXPECT_NE((list.out + list.err).find("Media summary: 2 sessions"), std::string::npos) << list.out << list.err;
  for (const char* name : {"/README.txt", "/media/big.bin", "/second/notes.txt", "/second/data.bin"})
    EXPECT_NE(list.out.find(name), std::string::npos) << name << "\n" << list.out;
  // Extracted by xorriso, every byte of both burns is there.
  const fs::path out = dir_ / "extracted";
  const ProcessResult x = emulate({"xorriso", "-osirrox", "on", "-indev", "/dev/sr0", "-extract", "/", out.string()});
  ASSERT_EQ(x.exit_code, 0) << x.out << x.err;
  EXPECT_EQ(readText(out / "media" / "big.bin"), readText(one_ / "media" / "big.bin"));
  EXPECT_EQ(readText(out / "second" / "data.bin"), readText(two_ / "second" / "data.bin"));
  // isoinfo, told where session 2 starts, lists its Joliet tree with both.
  const ProcessResult joliet = emulate({"isoinfo", "-i", "/dev/sr0", "-J", "-f", "-T", std::to_string(start)});
  EXPECT_NE(joliet.out.find("/second/notes.txt"), std::string::npos) << joliet.out << joliet.err;
  EXPECT_NE(joliet.out.find("/README.txt"), std::string::npos) << joliet.out;
}

TEST_F(BdBurnEndToEnd, BdReIsFormattedOnceThenOverwritten) {
  std::string trace;
  const nlohmann::json first = burnAndJudge("bd-re", one_, {}, &trace);
  EXPECT_EQ(first["write_type"], "BD-RE overwrite");
  EXPECT_EQ(first["start_lba"], 0);
  EXPECT_EQ(first["disc_after"], "random-access") << first.dump();
  EXPECT_NE(trace.find("FORMAT_UNIT"), std::string::npos) << trace;
  EXPECT_NE(trace.find("FORMAT type=30h subtype=0"), std::string::npos) << trace;
  EXPECT_EQ(trace.find("CLOSE_TRACK_SESSION"), std::string::npos) << "a BD-RE has nothing to close";
  // The second burn replaces the image — --multisession too, as on DVD+RW: nothing is appended
  // to a random-access disc — and formats nothing.
  const nlohmann::json second = burnAndJudge("bd-re", two_, {"--multisession"}, &trace);
  EXPECT_EQ(second["write_type"], "BD-RE overwrite");
  EXPECT_EQ(second["start_lba"], 0);
  EXPECT_EQ(trace.find("FORMAT_UNIT"), std::string::npos) << trace;
  const ProcessResult info = run({DM_CLI_PATH, "info", "-d", kBdDrive, "--medium-file", disc_});
  EXPECT_NE(info.out.find("BD-RE 25 GB (formatted)"), std::string::npos) << info.out << info.err;
}

TEST_F(BdBurnEndToEnd, SimulationIsRefusedAndTheDiscStaysBlank) {
  for (const char* medium : {"bd-r", "bd-re"}) {
    fs::remove(disc_);
    const ProcessResult p = burn(medium, {"--simulate", "--medium-file", disc_, one_.string()});
    EXPECT_NE(p.exit_code, 0) << p.out << p.err;
    const nlohmann::json r = lastJsonLine(p.out);
    EXPECT_EQ(r["result"], "IMAPI_E_MEDIUM_INVALIDTYPE") << r.dump();
    EXPECT_NE(r["message"].get<std::string>().find("which has no Test Write"), std::string::npos) << r.dump();
    EXPECT_EQ(r["sectors"], 0) << r.dump();
    const ProcessResult info = run({DM_CLI_PATH, "info", "-d", kBdDrive, "--medium-file", disc_});
    EXPECT_NE(info.out.find("(blank)"), std::string::npos) << info.out << info.err;
  }
}

TEST(BdDryRun, ThePlanNamesTheBdStrategyPaddingAndWhatTheDiscIsLeftAs) {
  const std::string hello = std::string(DM_SOURCE_DIR) + "/scenarios/samples/hello";
  const ProcessResult r = run({DM_CLI_PATH, "burn", "--dry-run", "-d", kBdDrive, "--medium", "bd-r", hello});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("write type     BD-R sequential"), std::string::npos) << r.out;
  // Whole 32-block clusters, no CD run-out pad.
  EXPECT_NE(r.out.find("track          64 blocks (38 image + 26 padding), WRITE(10) of 32 blocks"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("session        finalized: no further session"), std::string::npos) << r.out;
  const ProcessResult open =
      run({DM_CLI_PATH, "burn", "--dry-run", "--multisession", "-d", kBdDrive, "--medium", "bd-r", hello});
  EXPECT_NE(open.out.find("session        left open for another session"), std::string::npos) << open.out;
  const ProcessResult re = run({DM_CLI_PATH, "burn", "--dry-run", "-d", kBdDrive, "--medium", "bd-re", hello});
  ASSERT_EQ(re.exit_code, 0) << re.out << re.err;
  EXPECT_NE(re.out.find("write type     BD-RE overwrite"), std::string::npos) << re.out;
  EXPECT_NE(re.out.find("medium first   FORMAT UNIT 30h (spare areas, quick): 11826176 blocks for data"),
            std::string::npos)
      << re.out;
  EXPECT_NE(re.out.find("session        overwritten from LBA 0"), std::string::npos) << re.out;
  EXPECT_NE(re.out.find("medium         BD-RE 25 GB (blank)"), std::string::npos) << "a plan formats nothing\n" << re.out;
}

}  // namespace
}  // namespace dm::e2e
