// End to end: --medium-file keeps a virtual disc between runs. Two multisession burns on one
// file give a two-session disc, info reads it back, blank erases it, and a damaged file is an
// input error (exit 3) that touches nothing.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/e2e/json_lines.h"
#include "tools/judges/subprocess.h"

namespace dm::e2e {
using namespace judges;  // run, onPath, judgeImage, …
namespace fs = std::filesystem;
namespace {

class MediumFileEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dm-e2e-medium-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    file_ = (dir_ / "disc.vrec").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string sample(const std::string& sub = "") const {
    return std::string(DM_SOURCE_DIR) + "/scenarios/samples/hello" + sub;
  }
  fs::path dir_;
  std::string file_;
};

TEST_F(MediumFileEndToEnd, TwoBurnsMakeTwoSessionsThenBlankErases) {
  const ProcessResult first = run({DM_CLI_PATH, "burn", "--json", "--multisession", "--medium", "cd-rw",
                                   "--medium-file", file_, "--volume-name", "ONE", sample()});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  ASSERT_TRUE(fs::exists(file_));
  const ProcessResult second = run({DM_CLI_PATH, "burn", "--json", "--medium-file", file_, "--volume-name", "TWO",
                                    sample("/docs")});
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;

  const ProcessResult info = run({DM_CLI_PATH, "info", "--json", "--medium-file", file_});
  ASSERT_EQ(info.exit_code, 0) << info.out << info.err;
  EXPECT_NE(info.out.find("\"medium\":\"CD-RW 80 min (2 sessions, closed)\""), std::string::npos) << info.out;

  const ProcessResult blank = run({DM_CLI_PATH, "blank", "--json", "--medium-file", file_});
  ASSERT_EQ(blank.exit_code, 0) << blank.out << blank.err;
  const nlohmann::json r = lastJsonLine(blank.out);
  EXPECT_EQ(r["medium_before"], "CD-RW 80 min (2 sessions, closed)");
  EXPECT_EQ(r["medium_after"], "CD-RW 80 min (blank)");
  const ProcessResult after = run({DM_CLI_PATH, "info", "--json", "--medium-file", file_});
  EXPECT_NE(after.out.find("\"medium\":\"CD-RW 80 min (blank)\""), std::string::npos) << after.out;
}

TEST_F(MediumFileEndToEnd, DamagedFileIsAnInputError) {
  std::ofstream(file_, std::ios::binary) << "not a disc";
  const ProcessResult p = run({DM_CLI_PATH, "info", "--json", "--medium-file", file_});
  EXPECT_EQ(p.exit_code, 3);
  EXPECT_NE(lastJsonLine(p.out)["message"].get<std::string>().find("not a medium file"), std::string::npos) << p.out;
  std::ifstream in(file_, std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "not a disc");
}

}  // namespace
}  // namespace dm::e2e
