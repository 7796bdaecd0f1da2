// End to end: `discmaster burn --dry-run` prints the plan the burn would follow — the write type
// the medium and the flags choose (TAO, DAO, raw on CD; the DVD strategy the medium decides), the
// padding that write type adds, what the disc is left as — and sends no WRITE: the emulator's
// trace of the run holds none.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tools/judges/subprocess.h"

namespace dm::e2e {
using namespace judges;
namespace fs = std::filesystem;
namespace {

struct Plan {
  std::string out;
  std::string trace;
};

Plan dryRun(const std::vector<std::string>& options) {
  const fs::path trace = fs::temp_directory_path() / ("dm-dry-run-" + std::to_string(getpid()) + ".trace");
  fs::remove(trace);
  std::vector<std::string> argv{DM_CLI_PATH, "burn", "--dry-run", "--trace", trace.string()};
  argv.insert(argv.end(), options.begin(), options.end());
  argv.push_back(std::string(DM_SOURCE_DIR) + "/scenarios/samples/hello");
  const ProcessResult p = run(argv);
  EXPECT_EQ(p.exit_code, 0) << p.out << p.err;
  std::ifstream f(trace);
  std::string lines(std::istreambuf_iterator<char>(f), {});
  fs::remove(trace);
  return {p.out, lines};
}

TEST(DryRun, CdWriteTypesAndTheirPadding) {
  const Plan tao = dryRun({});
  EXPECT_NE(tao.out.find("write type     TAO, Mode 1 data, real write"), std::string::npos) << tao.out;
  EXPECT_NE(tao.out.find("track          300 blocks (38 image + 262 padding)"), std::string::npos) << tao.out;
  EXPECT_NE(tao.trace.find("TEST_UNIT_READY"), std::string::npos) << "the plan asks the drive:\n" << tao.trace;
  EXPECT_EQ(tao.trace.find("WRITE(10)"), std::string::npos) << "a dry run writes nothing:\n" << tao.trace;

  const Plan dao = dryRun({"--dao", "--multisession"});
  EXPECT_NE(dao.out.find("write type     DAO (Session-At-Once, one cue sheet)"), std::string::npos) << dao.out;
  EXPECT_NE(dao.out.find("session        left open for another session"), std::string::npos) << dao.out;

  const Plan raw = dryRun({"--raw"});
  EXPECT_NE(raw.out.find("write type     raw (write type 3"), std::string::npos) << raw.out;
  EXPECT_NE(raw.out.find("session        closed after the track (the host writes the lead-out)"), std::string::npos)
      << raw.out;
  EXPECT_EQ(raw.trace.find("WRITE(10)"), std::string::npos) << raw.trace;
}

TEST(DryRun, OnDvdTheMediumDecides) {
  const Plan plus_r = dryRun({"-d", "virtual:lg-gh22ls30", "--medium", "dvd+r"});
  EXPECT_NE(plus_r.out.find("write type     DVD+R sequential"), std::string::npos) << plus_r.out;
  // Whole 16-block ECC blocks, no CD run-out pad.
  EXPECT_NE(plus_r.out.find("track          48 blocks (38 image + 10 padding)"), std::string::npos) << plus_r.out;
  const Plan minus_r = dryRun({"-d", "virtual:lg-gh22ls30", "--medium", "dvd-r"});
  EXPECT_NE(minus_r.out.find("write type     DVD-R DAO"), std::string::npos) << minus_r.out;
  const Plan open = dryRun({"-d", "virtual:lg-gh22ls30", "--medium", "dvd-r", "--multisession"});
  EXPECT_NE(open.out.find("write type     DVD-R incremental"), std::string::npos) << open.out;
  const Plan rw = dryRun({"-d", "virtual:lg-gh22ls30", "--medium", "dvd+rw"});
  EXPECT_NE(rw.out.find("write type     DVD+RW overwrite"), std::string::npos) << rw.out;
  EXPECT_NE(rw.out.find("session        overwritten from LBA 0"), std::string::npos) << rw.out;
  EXPECT_EQ(rw.trace.find("FORMAT_UNIT"), std::string::npos) << rw.trace;
  EXPECT_EQ(rw.trace.find("WRITE(10)"), std::string::npos) << rw.trace;
}

}  // namespace
}  // namespace dm::e2e
