// Subprocess runner (see subprocess.h): fork/exec with stdout and stderr to temp files.
#include "tools/judges/subprocess.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace dm::judges {
namespace {

int next_id = 0;  // unique temp names within this process

std::string slurp(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace

ProcessResult run(const std::vector<std::string>& argv) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string stem = "dm-e2e-" + std::to_string(getpid()) + "-" + std::to_string(next_id++);
  const auto out_path = dir / (stem + ".out");
  const auto err_path = dir / (stem + ".err");
  ProcessResult r;
  const pid_t pid = fork();
  if (pid == 0) {
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    // Judges print names in the locale's charset; UTF-8 makes Joliet names comparable (bsdtar
    // refuses names it cannot convert, xorriso mangles them).
    setenv("LC_ALL", "C.UTF-8", 1);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return r;
}

bool onPath(const std::string& program) {
  return run({"sh", "-c", "command -v " + program}).exit_code == 0;
}

}  // namespace dm::judges
