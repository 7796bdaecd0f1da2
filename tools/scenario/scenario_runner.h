// The scenario runner: sets up the virtual recorder a scenario names (profile, overrides, medium
// and its prior sessions, or the disc an image pre-records), stages the tree (or generated audio, or
// a cue sheet's tracks), burns it while a HostFeed models the host's data rate and stalls on the
// recorder's virtual clock, then checks every expectation and writes the outputs (trace.txt,
// trace.csv, report.json, plot.svg).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tools/scenario/scenario.h"

namespace dm::scenario {

// One expectation clause and what was observed.
struct ClauseResult {
  std::string clause;    // "expect.underruns"
  std::string expected;  // "<20"
  std::string observed;  // "3"
  bool held = false;
};

struct ScenarioOutcome {
  std::string name;
  std::string result;  // the burn's IMAPI code name
  double virtual_seconds = 0;
  std::vector<ClauseResult> clauses;
  std::string error;  // the run itself could not be set up (staging, profile, prior burns)
  bool passed() const;
  // One line per failed clause: "expect.underruns: expected <20, observed 31".
  std::vector<std::string> failures() const;
};

struct RunOptions {
  std::filesystem::path out_dir = "scenario-out";  // outputs go to out_dir/<name>/
};

// Runs a loaded scenario. Never throws.
ScenarioOutcome runScenario(const Scenario& scenario, const RunOptions& options);

}  // namespace dm::scenario
