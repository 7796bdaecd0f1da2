// Reading the CLI's --json output in tests: the last line is always the result object.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace dm::e2e {

inline nlohmann::json lastJsonLine(const std::string& out) {
  const size_t end = out.find_last_not_of('\n');
  const size_t begin = out.rfind('\n', end);
  const size_t from = begin == std::string::npos ? 0 : begin + 1;
  return nlohmann::json::parse(out.substr(from, end - from + 1));
}

}  // namespace dm::e2e
