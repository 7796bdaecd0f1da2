// How commands talk to people and machines: with --json, JSON Lines on stdout (one object per line,
// each with "type", "t" and "schema", the last one the result); without it, human text on stdout
// and progress on stderr. Shapes follow shared/reference/ecosystem.md §2–§3.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

#include "engine/base/status.h"

namespace dm::cli {

using Json = nlohmann::ordered_json;

class Output {
 public:
  explicit Output(bool json) : json_(json) {}
  bool json() const { return json_; }

  // Emits one JSON Lines object (type, t, schema first, then `fields`) in --json mode.
  void event(std::string_view type, double t, const Json& fields = Json::object()) const;
  // Human text to stdout (ignored in --json mode).
  void text(std::string_view s) const;
  // The final result object in --json mode, or an error line on stderr otherwise.
  void result(const Status& status, int exit_code, double t, Json fields = Json::object()) const;

 private:
  bool json_;
};

// Context of a Status as JSON fields (command, lba, sense, file, line, column).
Json statusFields(const Status& status);

// "12,345" — thousands separators for reports.
std::string withThousands(uint64_t n);

}  // namespace dm::cli
