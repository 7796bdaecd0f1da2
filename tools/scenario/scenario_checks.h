// The expectations about the disc's table of contents: `expect.toc` (each track's index 1 address,
// length and ISRC as the recorder holds them), `expect.catalog` (the Media Catalog Number) and
// `expect.exported_cue_matches` (the disc exported as BIN/CUE, read back by cd-info, an independent
// reader, has the same track starts and lead-out).
#pragma once

#include <filesystem>

#include "emulator/media/medium.h"
#include "tools/scenario/scenario.h"
#include "tools/scenario/scenario_runner.h"

namespace dm::scenario {

// Appends the clauses `e` asks for; `scratch` is a folder for the exported image (removed after).
void checkDiscLayout(ScenarioOutcome& o, const Expectations& e, const vrec::Medium& medium,
                     const std::filesystem::path& scratch);

}  // namespace dm::scenario
