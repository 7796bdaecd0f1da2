// Running external programs: the independent judges (isoinfo, xorriso, bsdtar) and, in tests,
// the discmaster CLI and real burning programs. Output is captured; the exit status is returned as the program's exit code.
#pragma once

#include <string>
#include <vector>

namespace dm::judges {

struct ProcessResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs argv[0] with arguments (no shell; arguments are passed as is).
ProcessResult run(const std::vector<std::string>& argv);

// True if `program` is found on PATH.
bool onPath(const std::string& program);

}  // namespace dm::judges
