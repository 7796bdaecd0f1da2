// End to end: `discmaster burn --multisession --medium-file F` twice. The second run continues the
// disc's last session, so the new session shows the old files and the new ones; --overwrite
// decides clashes with old files. xorriso (which loads the last session by itself) and isoinfo
// (told where session 2 starts, from `discmaster info`) read the disc through the SG_IO bridge,
// and xorriso appending between our sessions continues them as we continue its.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "tests/e2e/json_lines.h"
#include "tools/judges/subprocess.h"

namespace dm::e2e {
using namespace judges;  // run, onPath, …
namespace fs = std::filesystem;
namespace {

class MultisessionEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"xorriso", "isoinfo"})
      ASSERT_TRUE(onPath(tool)) << tool << " is not installed: run tools/setup.sh";
    dir_ = fs::temp_directory_path() / ("dm-e2e-ms-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    write(dir_ / "one" / "readme.txt", "session one\n");
    write(dir_ / "one" / "docs" / "old.txt", "kept from session one\n");
    write(dir_ / "two" / "readme.txt", "session two replaces the readme\n");
    write(dir_ / "two" / "docs" / "new.txt", "added in session two\n");
    file_ = (dir_ / "disc.vrec").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  static void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
  static std::string readText(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
  }
  ProcessResult burn(const std::string& folder, bool overwrite) const {
    std::vector<std::string> argv{DM_CLI_PATH, "burn", "--json", "--multisession", "--medium-file", file_};
    if (overwrite) argv.push_back("--overwrite");
    argv.push_back((dir_ / folder).string());
    return run(argv);
  }
  ProcessResult emulate(const std::vector<std::string>& command) const {
    std::vector<std::string> argv{DM_CLI_PATH, "emulate", "--medium-file", file_, "--"};
    argv.insert(argv.end(), command.begin(), command.end());
    return run(argv);
  }
  fs::path dir_;
  std::string file_;
};

TEST_F(MultisessionEndToEnd, TheSecondSessionShowsBothTrees) {
  const ProcessResult first = burn("one", false);
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  const ProcessResult second = burn("two", true);
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;

  const ProcessResult info = run({DM_CLI_PATH, "info", "--json", "--medium-file", file_});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  const nlohmann::json disc = nlohmann::json::parse(info.out.substr(0, info.out.find('\n')));
  EXPECT_EQ(disc["medium"], "CD-R 80 min (2 sessions, appendable)");
  ASSERT_EQ(disc["tracks"].size(), 2u) << info.out;
  const int start = disc["tracks"][1]["start_lba"].get<int>();

  const ProcessResult list = emulate({"xorriso", "-indev", "/dev/sr0", "-find", "/", "-exec", "lsdl"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  for (const char* path : {"'/readme.txt'", "'/docs/old.txt'", "'/docs/new.txt'"})
    EXPECT_NE(list.out.find(path), std::string::npos) << path << " missing:\n" << list.out;
  const fs::path out = dir_ / "extracted";
  const ProcessResult x = emulate({"xorriso", "-osirrox", "on", "-indev", "/dev/sr0", "-extract", "/", out.string()});
  ASSERT_EQ(x.exit_code, 0) << x.err;
  EXPECT_EQ(readText(out / "readme.txt"), readText(dir_ / "two" / "readme.txt"));
  EXPECT_EQ(readText(out / "docs" / "old.txt"), readText(dir_ / "one" / "docs" / "old.txt"));
  EXPECT_EQ(readText(out / "docs" / "new.txt"), readText(dir_ / "two" / "docs" / "new.txt"));

  const ProcessResult joliet = emulate({"isoinfo", "-i", "/dev/sr0", "-J", "-f", "-T", std::to_string(start)});
  ASSERT_EQ(joliet.exit_code, 0) << joliet.err;
  EXPECT_EQ(joliet.out, "/docs\n/readme.txt\n/docs/new.txt\n/docs/old.txt\n");
}

TEST_F(MultisessionEndToEnd, XorrisoAndDiscmasterTakeTurns) {
  // Each continues the other's session: xorriso reads ours as its base, we read xorriso's.
  ASSERT_EQ(burn("one", false).exit_code, 0);
  write(dir_ / "three.txt", "session three, by xorriso\n");
  const ProcessResult x = emulate({"xorriso", "-dev", "/dev/sr0", "-write_type", "tao", "-close", "off", "-map",
                                   (dir_ / "three.txt").string(), "/three.txt", "-commit"});
  ASSERT_EQ(x.exit_code, 0) << x.err;
  const ProcessResult second = burn("two", true);
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;

  const ProcessResult list = emulate({"xorriso", "-indev", "/dev/sr0", "-find", "/", "-exec", "lsdl"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  for (const char* path : {"'/readme.txt'", "'/docs/old.txt'", "'/three.txt'", "'/docs/new.txt'"})
    EXPECT_NE(list.out.find(path), std::string::npos) << path << " missing:\n" << list.out;
  const ProcessResult info = run({DM_CLI_PATH, "info", "--json", "--medium-file", file_});
  EXPECT_NE(info.out.find("\"medium\":\"CD-R 80 min (3 sessions, appendable)\""), std::string::npos) << info.out;
}

TEST_F(MultisessionEndToEnd, AClashWithAnOldFileNeedsOverwrite) {
  ASSERT_EQ(burn("one", false).exit_code, 0);
  const ProcessResult clash = burn("two", false);
  EXPECT_EQ(clash.exit_code, 3) << clash.out << clash.err;
  const nlohmann::json r = lastJsonLine(clash.out);
  EXPECT_EQ(r["result"], "IMAPI_E_FILEEXISTS") << clash.out;
  EXPECT_NE(r["message"].get<std::string>().find("/readme.txt"), std::string::npos) << clash.out;
  const ProcessResult info = run({DM_CLI_PATH, "info", "--json", "--medium-file", file_});
  EXPECT_NE(info.out.find("\"medium\":\"CD-R 80 min (1 session, appendable)\""), std::string::npos)
      << "nothing was written: " << info.out;
}

}  // namespace
}  // namespace dm::e2e
