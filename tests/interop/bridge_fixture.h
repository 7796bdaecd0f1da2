// The fixture the bridge's interop tests share: a scratch dir with a small source tree, `discmaster
// emulate` as a subprocess, an ISO of the tree and the judges that check an exported image.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tools/judges/subprocess.h"

namespace dm::interop {
namespace fs = std::filesystem;
using judges::ProcessResult;
using judges::run;

class BridgeInterop : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"cdrskin", "xorriso", "wodim", "cdrdao", "cd-info", "genisoimage", "isoinfo", "bsdtar", "stat"}) {
      ASSERT_TRUE(judges::onPath(tool)) << tool << " is not installed: run tools/setup.sh";
    }
    dir_ = fs::temp_directory_path() /
           ("dm-interop-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "src" / "sub");
    std::ofstream(dir_ / "src" / "hello.txt") << "hello through the SG_IO bridge\n";
    std::ofstream numbers(dir_ / "src" / "sub" / "numbers.txt");
    for (int i = 0; i < 40000; ++i) numbers << i << '\n';
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // `discmaster emulate OPTIONS -- COMMAND...`
  static ProcessResult emulate(std::vector<std::string> options, const std::vector<std::string>& command) {
    std::vector<std::string> argv{DM_CLI_PATH, "emulate"};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.push_back("--");
    argv.insert(argv.end(), command.begin(), command.end());
    return run(argv);
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::string makeIso() const {
    const std::string iso = path("source.iso");
    const ProcessResult r = run({"genisoimage", "-quiet", "-R", "-J", "-V", "BRIDGE", "-o", iso, path("src")});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return iso;
  }

  // The exported image holds the source tree: listed by bsdtar, named by isoinfo, bytes intact.
  void judgeExport(const std::string& iso) const {
    const ProcessResult list = run({"bsdtar", "-tf", iso});
    ASSERT_EQ(list.exit_code, 0) << list.err;
    EXPECT_NE(list.out.find("hello.txt"), std::string::npos) << list.out;
    EXPECT_NE(list.out.find("sub/numbers.txt"), std::string::npos) << list.out;
    const ProcessResult pvd = run({"isoinfo", "-d", "-i", iso});
    EXPECT_NE(pvd.out.find("Volume id: BRIDGE"), std::string::npos) << pvd.out;
    const ProcessResult cat = run({"bsdtar", "-xOf", iso, "sub/numbers.txt"});
    std::ifstream f(dir_ / "src" / "sub" / "numbers.txt");
    EXPECT_EQ(cat.out, std::string(std::istreambuf_iterator<char>(f), {}));
  }

  fs::path dir_;
};

}  // namespace dm::interop
