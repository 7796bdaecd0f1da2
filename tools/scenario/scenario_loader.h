// Loading scenario files, with the files they include (scenario_include.h): YAML checked against
// scenarios/schema.yaml (unknown keys, wrong types, values out of range or not in an enum), then
// the checks no schema can say (profiles that exist, IMAPI code names, impossible combinations,
// images and cue sheets that load). Every problem is one line, "file:line:column: what is wrong",
// with "did you mean …?" when a close name exists. Errors are values (dm::Status).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.h"
#include "tools/scenario/scenario.h"

namespace dm::scenario {

// Where scenarios/schema.yaml is: $DISCMASTER_SCENARIO_SCHEMA if set, else the source tree's.
std::filesystem::path schemaPath();

// Parses `yaml` as the scenario file `file` (relative stage folders resolve against its folder).
Result<Scenario> parseScenario(std::string_view yaml, const std::filesystem::path& file);

// Reads and parses `path`.
Result<Scenario> loadScenario(const std::filesystem::path& path);

// The *.yaml files of `paths` (a file is taken as is, a folder contributes its *.yaml, sorted).
std::vector<std::filesystem::path> scenarioFiles(const std::vector<std::filesystem::path>& paths);

// The closest of `choices` to `word` by edit distance, or "" if none is close.
std::string closestName(std::string_view word, const std::vector<std::string>& choices);

}  // namespace dm::scenario
