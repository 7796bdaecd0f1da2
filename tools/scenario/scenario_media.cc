// Pre-recorded media and cue sheets of scenarios (see scenario_media.h).
#include "tools/scenario/scenario_media.h"

#include <fmt/format.h>

#include <cstdlib>

#include "emulator/media/medium_image.h"
#include "emulator/media/medium_kind.h"

#ifndef DM_SCENARIO_FIXTURES_DIR
#define DM_SCENARIO_FIXTURES_DIR "scenario-fixtures"
#endif

namespace dm::scenario {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kFixturePrefix = "$fixtures/";

std::optional<vrec::MediumKind> givenKind(const Scenario& s) {
  return s.medium_type_given ? vrec::parseMediumKind(s.medium_type) : std::nullopt;
}

// The image as the recorder will hold it, or the loader's error text.
vrec::MediumImageLoad openImage(const Scenario& s) {
  vrec::MediumImageLoad load = vrec::MediumImage::load(s.medium_image, givenKind(s));
  if (load.ok() && s.medium_state == "appendable") {
    if (auto error = vrec::MediumImage::leaveAppendable(*load.medium)) {
      load.error = s.medium_image.string() + ": state appendable: " + *error;
      load.medium.reset();
    }
  }
  return load;
}

}  // namespace

fs::path fixtureDirectory() {
  if (const char* dir = std::getenv("DISCMASTER_SCENARIO_FIXTURES"); dir != nullptr && *dir != '\0') return dir;
  return DM_SCENARIO_FIXTURES_DIR;
}

fs::path resolveScenarioPath(const std::string& text, const fs::path& file) {
  if (text.rfind(kFixturePrefix, 0) == 0) return (fixtureDirectory() / text.substr(kFixturePrefix.size())).lexically_normal();
  return fs::absolute(file.parent_path() / text).lexically_normal();
}

void loadMediumImage(const YAML::Node& m, Scenario& s, const SourceMap& sources) {
  const YAML::Node image = m["image"];
  // The image decides what is on the disc; these would contradict it.
  if (m["sessions"]) failAt(m["sessions"], "medium: an image brings its own sessions (image with sessions)");
  if (s.medium_state == "blank") failAt(m["state"], "medium: a disc made from an image is not blank (image with state: blank)");
  s.medium_image = resolveScenarioPath(image.Scalar(), sources.fileOf(image));
  std::error_code ec;
  if (!fs::is_regular_file(s.medium_image, ec)) {
    const bool fixture = image.Scalar().rfind(kFixturePrefix, 0) == 0;
    failAt(image, fmt::format("medium.image: no file {}{}", s.medium_image.string(),
                              fixture ? " (the scenario_fixtures build target makes it)" : ""));
  }
  const vrec::MediumImageLoad load = openImage(s);
  if (!load.ok()) failAt(image, "medium.image: " + load.error);
  s.medium_type = std::string(vrec::mediumKindInfo(load.medium->kind()).name);
}

void loadCueStage(const YAML::Node& st, const YAML::Node& record, Scenario& s, const SourceMap& sources) {
  const YAML::Node cue = st["cue"];
  for (const char* other : {"folder", "files", "total_size", "seed", "volume_name", "audio"})
    if (st[other]) failAt(st[other], fmt::format("stage: a cue sheet describes the whole disc; {} cannot go with it", other));
  if (record && record["write_type"] && record["write_type"].Scalar() == "tao")
    failAt(record["write_type"], "record.write_type: a cue sheet is written Disc-At-Once (its pregaps and indexes need the cue sheet)");
  s.stage_cue = resolveScenarioPath(cue.Scalar(), sources.fileOf(cue));
  s.dao = true;
  std::error_code ec;
  if (!fs::is_regular_file(s.stage_cue, ec)) failAt(cue, fmt::format("stage.cue: no file {}", s.stage_cue.string()));
  auto disc = cli::openCueSheet(s.stage_cue);
  if (!disc) {
    // The cue sheet's own place leads: that is where the fix goes.
    const std::string message = disc.error().message();
    const std::string at = fmt::format(" (stage.cue of {})", sources.fileOf(cue).string());
    if (message.rfind(s.stage_cue.string() + ":", 0) == 0) throw LoadFailure{YAML::Mark(), message + at, YAML::Node(), "", true};
    failAt(cue, "stage.cue: " + message);
  }
}

Result<vrec::Medium> scenarioMedium(const Scenario& s) {
  // An empty drive starts with a disc the runner takes out before the burn (emptyTheDrive).
  if (s.medium_type == "none") return vrec::Medium::blank(vrec::MediumKind::kCdR80);
  if (s.medium_image.empty()) return vrec::Medium::blank(*vrec::parseMediumKind(s.medium_type));
  vrec::MediumImageLoad load = openImage(s);
  if (!load.ok()) return Status(ResultCode::kInvalidImage, "medium.image: " + load.error);
  return std::move(*load.medium);
}

}  // namespace dm::scenario
