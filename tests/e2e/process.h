// Running external programs from tests: the discmaster CLI and the independent judges (isoinfo,
// xorriso, bsdtar). Output is captured; the exit status is returned as the program's exit code.
#pragma once

#include <string>
#include <vector>

namespace dm::e2e {

struct ProcessResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs argv[0] with arguments (no shell; arguments are passed as is).
ProcessResult run(const std::vector<std::string>& argv);

// True if `program` is found on PATH.
bool onPath(const std::string& program);

}  // namespace dm::e2e
