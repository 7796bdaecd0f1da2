// End to end: `discmaster blank` erases the virtual recorder's CD-RW with MMC BLANK and reports
// the modelled duration (minimal: the profile's tens of seconds; full: disc length ÷ speed,
// mmc.md §7), refuses a CD-R with exit 5 (medium unsuitable), and `discmaster eject` opens the
// tray; both speak --json with the result object last.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "tests/e2e/json_lines.h"
#include "tools/judges/subprocess.h"

namespace dm::e2e {
using namespace judges;  // run, onPath, judgeImage, …
namespace {

TEST(BlankEndToEnd, MinimalBlankTakesTensOfSeconds) {
  const ProcessResult p = run({DM_CLI_PATH, "blank", "--json"});
  ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
  const nlohmann::json r = lastJsonLine(p.out);
  EXPECT_EQ(r["result"], "S_OK");
  EXPECT_EQ(r["blank_type"], "minimal");
  EXPECT_EQ(r["medium_after"], "CD-RW 80 min (blank)");
  EXPECT_GE(r["virtual_seconds"].get<double>(), 30.0);
  EXPECT_LE(r["virtual_seconds"].get<double>(), 90.0);
}

TEST(BlankEndToEnd, FullBlankTakesTheDiscLengthOverTheSpeed) {
  // yamaha-crw4416 rewrites at 4x: 80 minutes of disc (plus lead-in and lead-out) ≈ 20.6 min.
  const ProcessResult p = run({DM_CLI_PATH, "blank", "--full", "--json", "-d", "virtual:yamaha-crw4416"});
  ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
  const double seconds = lastJsonLine(p.out)["virtual_seconds"].get<double>();
  EXPECT_GT(seconds, 20 * 60.0);
  EXPECT_LT(seconds, 21 * 60.0);
  // The default profile rewrites at 24x: about 3.4 minutes.
  const ProcessResult fast = run({DM_CLI_PATH, "blank", "--full", "--json"});
  ASSERT_EQ(fast.exit_code, 0) << fast.out << fast.err;
  EXPECT_NEAR(lastJsonLine(fast.out)["virtual_seconds"].get<double>(), 206.2, 1.0);
}

TEST(BlankEndToEnd, CdRIsRefusedAndFlagsExcludeEachOther) {
  const ProcessResult cdr = run({DM_CLI_PATH, "blank", "--medium", "cd-r80", "--json"});
  EXPECT_EQ(cdr.exit_code, 5);
  EXPECT_EQ(lastJsonLine(cdr.out)["result"], "IMAPI_E_MEDIUM_INVALIDTYPE");
  const ProcessResult both = run({DM_CLI_PATH, "blank", "--fast", "--full"});
  EXPECT_EQ(both.exit_code, 2);
  const ProcessResult help = run({DM_CLI_PATH, "blank", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Examples:"), std::string::npos);
}

TEST(EjectEndToEnd, OpensTheTray) {
  const ProcessResult p = run({DM_CLI_PATH, "eject", "--json", "-d", "virtual:plextor-px-w4824a"});
  ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
  const nlohmann::json r = lastJsonLine(p.out);
  EXPECT_EQ(r["tray"], "open");
  EXPECT_EQ(r["device"], "virtual:plextor-px-w4824a");
  EXPECT_GT(r["virtual_seconds"].get<double>(), 0.9);  // the profile's 1 s tray-out
  const ProcessResult help = run({DM_CLI_PATH, "eject", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Examples:"), std::string::npos);
}

}  // namespace
}  // namespace dm::e2e
