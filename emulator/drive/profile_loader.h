// Loading drive profiles from YAML (scenarios/drives/<name>.yaml, schema 1; the schema is
// documented in scenarios/drives/README.md). Every problem (a YAML syntax error, an unknown key,
// a value of the wrong type or out of range, a missing required key, a profile problem()) is
// reported as "file:line:column: what is wrong", taken from yaml-cpp's Node::Mark(). Errors are
// values: no exception leaves these functions (STYLE.md §7).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/drive/drive_profile.h"

namespace vrec {

inline constexpr int kDriveProfileSchema = 1;

struct ProfileLoad {
  std::optional<DriveProfile> profile;  // set on success
  std::string error;                    // "file:line:column: what", set on failure
  bool ok() const { return profile.has_value(); }
};

// Parses `yaml` as a drive profile; `file` names it in error messages.
ProfileLoad parseDriveProfile(std::string_view yaml, const std::string& file);

// Reads and parses `path`.
ProfileLoad loadDriveProfile(const std::filesystem::path& path);

// The directory the shipped profiles live in (the source tree's scenarios/drives).
std::filesystem::path builtinProfileDirectory();

// Names of the profiles in `dir` (file stems of *.yaml), sorted; "default" is always included
// (it is built in even without its file).
std::vector<std::string> listDriveProfiles(const std::filesystem::path& dir);

// The profile `name` from `dir`: <dir>/<name>.yaml, or the built-in default for "default" when
// that file is absent. An unknown name fails with the list of available ones.
ProfileLoad findDriveProfile(const std::filesystem::path& dir, const std::string& name);

}  // namespace vrec
