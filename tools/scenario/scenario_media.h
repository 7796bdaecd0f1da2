// What a scenario reads from files beside it: a pre-recorded medium made from an image
// (`medium.image`, as `--medium-image` makes it) and the audio of a CDRWIN cue sheet
// (`stage.cue`, as `burn --audio x.cue` opens it). The loader checks both when it reads the
// scenario, so a bad image or cue sheet fails the load with its own file:line:column; the runner
// opens them again to burn. Paths are relative to the file that names them; `$fixtures/…` is under
// the generated fixture folder ($DISCMASTER_SCENARIO_FIXTURES, default the build's).
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>

#include "emulator/media/medium.h"
#include "engine/base/result.h"
#include "tools/discmaster/audio_sources.h"
#include "tools/scenario/scenario.h"
#include "tools/scenario/scenario_include.h"

namespace dm::scenario {

// Where generated fixtures are: $DISCMASTER_SCENARIO_FIXTURES if set, else the build's.
std::filesystem::path fixtureDirectory();

// `text` as written in `file`: absolute, relative to the file's folder, or under fixtureDirectory()
// when it starts with "$fixtures/".
std::filesystem::path resolveScenarioPath(const std::string& text, const std::filesystem::path& file);

// The loader's part: fills s.medium_image / s.stage_cue and checks what can go wrong. Throws
// LoadFailure.
void loadMediumImage(const YAML::Node& medium, Scenario& s, const SourceMap& sources);
void loadCueStage(const YAML::Node& stage, const YAML::Node& record, Scenario& s, const SourceMap& sources);

// The runner's part: the medium a scenario starts with (blank, or made from its image).
Result<vrec::Medium> scenarioMedium(const Scenario& s);

}  // namespace dm::scenario
