// Shared blocks of scenario files: `include: ../common/x.yaml` deep-merges another file's keys under
// the scenario's own (the scenario wins; maps merge, lists and scalars are replaced), and the
// included file may include further files. Every node keeps the place it was written, so an error
// about a value from an included file names that file's line and column; a missing file or an
// include cycle is an error naming the whole chain. Internal to the loader: failures are thrown as
// LoadFailure and turned into a Status by parseScenario().
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace dm::scenario {

// One problem at one place. `file` empty: the file the node came from (see SourceMap).
struct LoadFailure {
  YAML::Mark mark;
  std::string what;
  YAML::Node node;
  std::string file;
  bool located = false;  // `what` already starts with its own file:line:column (a cue sheet's)
};

[[noreturn]] void failAt(const YAML::Node& node, std::string what);

// Which file each node was written in, and where a merged map (which has no place of its own)
// should be reported.
class SourceMap {
 public:
  explicit SourceMap(std::filesystem::path scenario_file) : scenario_file_(std::move(scenario_file)) {}
  // Every node of `root` (recursively) comes from `file`.
  void addTree(const YAML::Node& root, const std::filesystem::path& file);
  // `merged` is reported as `like` (which came from `file`).
  void addAlias(const YAML::Node& merged, const YAML::Node& like, const std::filesystem::path& file);
  // The file `node` was written in (the scenario file if no include wrote it).
  std::filesystem::path fileOf(const YAML::Node& node) const;
  // "file:line:column: what" for a failure.
  std::string message(const LoadFailure& f) const;

 private:
  struct Entry {
    YAML::Node node;
    YAML::Mark mark;
    std::filesystem::path file;
  };
  const Entry* find(const YAML::Node& node) const;
  std::filesystem::path scenario_file_;
  std::vector<Entry> entries_;
};

// Checks one file's own keys (unknown keys, types; not required keys). Throws LoadFailure.
using ValidateFile = std::function<void(const YAML::Node& root)>;

// The scenario `root` (read from `file`) with every include merged under it and the `include` key
// removed. Throws LoadFailure.
YAML::Node resolveIncludes(const YAML::Node& root, const std::filesystem::path& file, SourceMap& sources,
                           const ValidateFile& validate);

}  // namespace dm::scenario
