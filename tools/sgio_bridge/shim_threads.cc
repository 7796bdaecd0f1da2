// The SG_IO bridge library's view of who can act (server.h "Virtual time"): every new thread
// is connected before pthread_create returns, and a thread waiting for a child (waitpid & co.) says
// so, because neither can issue a command before a sleeper's deadline comes. Waits on pipes,
// futexes or sockets are not reported; the server's quiet rule covers those.
#include <dlfcn.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdlib>
#include <unistd.h>

#include "tools/sgio_bridge/shim_core.h"

namespace dm::sgio::shim {
namespace {

struct Start {
  void* (*routine)(void*);
  void* arg;
  int conn_fd;  // made by the creating thread, so the server counts the new one at once
};

void* trampoline(void* p) {
  const Start start = *static_cast<Start*>(p);
  std::free(p);
  adoptThreadConnection(start.conn_fd);
  return start.routine(start.arg);
}

// Brackets a wait for a child: errno is the wait's, not the notification's.
class Blocked {
 public:
  Blocked() { setBlocked(true); }
  ~Blocked() {
    const int saved = errno;
    setBlocked(false);
    errno = saved;
  }
  Blocked(const Blocked&) = delete;
  Blocked& operator=(const Blocked&) = delete;
};

bool mayBlock(int options) { return (options & WNOHANG) == 0; }

}  // namespace
}  // namespace dm::sgio::shim

using namespace dm::sgio::shim;

extern "C" {

int pthread_create(pthread_t* thread, const pthread_attr_t* attr, void* (*routine)(void*), void* arg) {
  static Fn<int (*)(pthread_t*, const pthread_attr_t*, void* (*)(void*), void*)> real_create_slot = nullptr;
  const auto real_create = lazyNext(real_create_slot, "pthread_create");
  auto* start = static_cast<Start*>(std::malloc(sizeof(Start)));
  if (start == nullptr || !bridgeActive()) {
    std::free(start);
    return real_create(thread, attr, routine, arg);
  }
  start->routine = routine;
  start->arg = arg;
  start->conn_fd = newThreadConnection();
  const int rc = real_create(thread, attr, trampoline, start);
  if (rc != 0) {
    if (start->conn_fd >= 0) {
      forgetConnectionFd(start->conn_fd);
      ::close(start->conn_fd);
    }
    std::free(start);
  }
  return rc;
}

pid_t waitpid(pid_t pid, int* status, int options) {
  static Fn<pid_t (*)(pid_t, int*, int)> real_waitpid_slot = nullptr;
  const auto real_waitpid = lazyNext(real_waitpid_slot, "waitpid");
  if (!mayBlock(options)) return real_waitpid(pid, status, options);
  const Blocked blocked;
  return real_waitpid(pid, status, options);
}

pid_t wait(int* status) { return waitpid(-1, status, 0); }

pid_t wait3(int* status, int options, struct rusage* usage) {
  static Fn<pid_t (*)(int*, int, struct rusage*)> real_wait3_slot = nullptr;
  const auto real_wait3 = lazyNext(real_wait3_slot, "wait3");
  if (!mayBlock(options)) return real_wait3(status, options, usage);
  const Blocked blocked;
  return real_wait3(status, options, usage);
}

pid_t wait4(pid_t pid, int* status, int options, struct rusage* usage) {
  static Fn<pid_t (*)(pid_t, int*, int, struct rusage*)> real_wait4_slot = nullptr;
  const auto real_wait4 = lazyNext(real_wait4_slot, "wait4");
  if (!mayBlock(options)) return real_wait4(pid, status, options, usage);
  const Blocked blocked;
  return real_wait4(pid, status, options, usage);
}

int waitid(idtype_t idtype, id_t id, siginfo_t* info, int options) {
  static Fn<int (*)(idtype_t, id_t, siginfo_t*, int)> real_waitid_slot = nullptr;
  const auto real_waitid = lazyNext(real_waitid_slot, "waitid");
  if (!mayBlock(options)) return real_waitid(idtype, id, info, options);
  const Blocked blocked;
  return real_waitid(idtype, id, info, options);
}

}  // extern "C"
