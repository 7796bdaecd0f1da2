// The lines of a judge's output, for the parsers in judges.cc and posix_judges.cc.
#pragma once

#include <sstream>
#include <string>
#include <vector>

namespace dm::judges {

inline std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace dm::judges
