// A probe for the bridge's exclusive opens, run under `discmaster emulate`: it opens the device
// with O_EXCL as libburn and wodim do, then starts a second process (itself, in "try" mode) that
// attempts the same, and reports each outcome on stdout. A plain C program because no shell or
// packaged tool opens a device with O_EXCL.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

const char* outcome(int fd) { return fd >= 0 ? "ok" : (errno == EBUSY ? "EBUSY" : std::strerror(errno)); }

int tryOpen(const char* path, const char* label, int flags) {
  const int fd = ::open(path, O_RDWR | O_NONBLOCK | flags);
  std::printf("%s: %s\n", label, outcome(fd));
  std::fflush(stdout);
  return fd;
}

// Runs this program again in "try" mode (a separate process, exec'd, as a second burner would be).
void second(const char* self, const char* path) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execl(self, self, "try", path, static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "try") {
    const int excl = tryOpen(argv[2], "other process O_EXCL", O_EXCL);
    if (excl >= 0) ::close(excl);
    const int plain = tryOpen(argv[2], "other process plain", 0);
    if (plain >= 0) ::close(plain);
    return 0;
  }
  if (argc >= 4 && std::string(argv[1]) == "hold") {
    // hold DEVICE CMD...: CMD runs while this process holds the device exclusively.
    if (tryOpen(argv[2], "held O_EXCL", O_EXCL) < 0) return 1;
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::execvp(argv[3], argv + 3);
      ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  }
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DEVICE | try DEVICE | hold DEVICE CMD...\n", argv[0]);
    return 2;
  }
  const int fd = tryOpen(argv[1], "first O_EXCL", O_EXCL);
  if (fd < 0) return 1;
  const int again = tryOpen(argv[1], "same process O_EXCL", O_EXCL);
  if (again >= 0) ::close(again);
  second(argv[0], argv[1]);
  const int copy = ::dup(fd);
  ::close(fd);
  std::printf("closed the first, a dup still open\n");
  std::fflush(stdout);
  second(argv[0], argv[1]);
  ::close(copy);
  std::printf("closed the dup\n");
  std::fflush(stdout);
  second(argv[0], argv[1]);
  return 0;
}
