// End to end: `discmaster info` on the BD writer profile (lg-bh20l) names the loaded BD medium and
// its state, with write speeds in multiples of the BD 1x (4,495.5 kB/s); a DVD writer cannot read
// a BD; `discmaster emulate --medium bd-re` hands an unmodified program a BD-RE it must format.
#include <gtest/gtest.h>

#include <filesystem>

#include "tools/judges/subprocess.h"

namespace dm::e2e {
using namespace judges;
namespace fs = std::filesystem;
namespace {

TEST(BdInfo, NamesTheBdMediumAndItsSpeeds) {
  const ProcessResult r = run({DM_CLI_PATH, "info", "-d", "virtual:lg-bh20l", "--medium", "bd-r"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("medium         BD-R 25 GB (blank)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("write speeds   6x 4x 2x (max 6x"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("12,219,392 blocks free"), std::string::npos) << r.out;
  const ProcessResult re = run({DM_CLI_PATH, "info", "-d", "virtual:lg-bh20l", "--medium", "bd-re"});
  ASSERT_EQ(re.exit_code, 0) << re.err;
  EXPECT_NE(re.out.find("medium         BD-RE 25 GB (blank)"), std::string::npos) << re.out;
  EXPECT_NE(re.out.find("write speeds   2x (max 2x"), std::string::npos) << re.out;
}

TEST(BdInfo, AFormattedBdReFromAMediumFile) {
  const fs::path disc = fs::temp_directory_path() / ("dm-bd-info-" + std::to_string(getpid()) + ".vrec");
  fs::remove(disc);
  // dvd+rw-format formats a blank BD-RE (FORMAT UNIT 00h or 30h) through the SG_IO bridge.
  const ProcessResult f = run({DM_CLI_PATH, "emulate", "--drive", "lg-bh20l", "--medium", "bd-re", "--medium-file",
                               disc.string(), "--", "dvd+rw-format", "/dev/sr0"});
  ASSERT_EQ(f.exit_code, 0) << f.out << f.err;
  const ProcessResult r = run({DM_CLI_PATH, "info", "-d", "virtual:lg-bh20l", "--medium-file", disc.string()});
  fs::remove(disc);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("medium         BD-RE 25 GB (formatted)"), std::string::npos) << r.out;
}

TEST(BdInfo, ADvdWriterCannotReadABd) {
  const ProcessResult r = run({DM_CLI_PATH, "info", "-d", "virtual:lg-gh22ls30", "--medium", "bd-r"});
  EXPECT_NE(r.exit_code, 0) << r.out;
  EXPECT_NE((r.out + r.err).find("30/02"), std::string::npos) << r.out << r.err;
}

}  // namespace
}  // namespace dm::e2e
