// The line and JSON a refused cancel leaves in the burn summary, and the scenario that makes one:
// a cancel while closing is reported with when it came, and report.json carries it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tools/discmaster/burn_summary.h"
#include "tools/scenario/scenario_loader.h"
#include "tools/scenario/scenario_runner.h"

namespace dm::scenario {
namespace {
namespace fs = std::filesystem;

TEST(CancelReport, ARefusedCancelSaysWhenItCameAndThatTheCloseWasWaitedOut) {
  burn::BurnReport r;
  EXPECT_EQ(cli::cancelRefusedText(r), "");
  EXPECT_TRUE(cli::cancelRefusedJson(r).is_null());
  r.cancel_refused_at = std::chrono::milliseconds(41234);
  r.cancel_refused_phase = "closing";
  r.closing_cancel_polls = 3;
  r.disc_after = "closed";
  EXPECT_EQ(cli::cancelRefusedText(r),
            "refused: asked at 41.23 s while closing; a close that has begun cannot be stopped, so it was waited out "
            "(disc closed)");
  const cli::Json j = cli::cancelRefusedJson(r);
  EXPECT_EQ(j["refused"], true);
  EXPECT_DOUBLE_EQ(j["at_seconds"].get<double>(), 41.234);
  EXPECT_EQ(j["phase"], "closing");
  EXPECT_EQ(j["polls_while_closing"], 3);
  r.cancel_refused_phase = "flushing";
  EXPECT_NE(cli::cancelRefusedText(r).find("while closing (during the last flush)"), std::string::npos);
}

TEST(CancelReport, TheCancelWhileClosingScenarioWritesItIntoItsReport) {
  auto s = loadScenario(fs::path(DM_SOURCE_DIR) / "scenarios/library/cancel-while-closing.yaml");
  ASSERT_TRUE(s.has_value()) << s.error().toString();
  RunOptions options;
  options.out_dir = fs::temp_directory_path() / ("dm-cancel-report-" + std::to_string(getpid()));
  const ScenarioOutcome o = runScenario(*s, options);
  EXPECT_TRUE(o.passed()) << (o.failures().empty() ? "" : o.failures().front());
  std::ifstream in(options.out_dir / "cancel-while-closing" / "report.json");
  const nlohmann::json report = nlohmann::json::parse(in);
  EXPECT_EQ(report["result"], "S_OK");
  EXPECT_EQ(report["cancel"]["refused"], true);
  EXPECT_EQ(report["cancel"]["phase"], "closing");
  EXPECT_GT(report["cancel"]["at_seconds"].get<double>(), 0.0);
  fs::remove_all(options.out_dir);
}

}  // namespace
}  // namespace dm::scenario
