// End to end: the burn is a pure function of its input. `discmaster burn --trace F` run twice on
// the same folder writes two byte-identical trace files (the emulator's virtual clock, scheduler
// and trace are deterministic; SOURCE_DATE_EPOCH pins the image's dates and the volume name is
// given, so the image the engine sends is identical too).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "tools/judges/subprocess.h"

namespace dm::e2e {
using namespace judges;  // run, onPath, judgeImage, …
namespace fs = std::filesystem;
namespace {

std::string readFile(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

class TraceEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dm-e2e-trace-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  }
  void TearDown() override { fs::remove_all(dir_); }

  ProcessResult burnWithTrace(const fs::path& trace, const std::string& device) {
    return run({DM_CLI_PATH, "burn", "-d", device, "--volume-name", "TRACE", "--trace", trace.string(),
                std::string(DM_SOURCE_DIR) + "/scenarios/samples/hello"});
  }

  fs::path dir_;
};

TEST_F(TraceEndToEnd, TwoBurnsOfOneFolderGiveIdenticalTraces) {
  const fs::path first = dir_ / "first.trace";
  const fs::path second = dir_ / "second.trace";
  const ProcessResult a = burnWithTrace(first, "virtual");
  ASSERT_EQ(a.exit_code, 0) << a.out << a.err;
  const ProcessResult b = burnWithTrace(second, "virtual");
  ASSERT_EQ(b.exit_code, 0) << b.out << b.err;
  const std::string text = readFile(first);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text, readFile(second));
  // It is a whole burn: written, flushed and fixated.
  EXPECT_NE(text.find(" WRITE(10) "), std::string::npos);
  EXPECT_NE(text.find(" OPC "), std::string::npos);
  EXPECT_NE(text.find(" LEAD-OUT "), std::string::npos);
}

}  // namespace
}  // namespace dm::e2e
