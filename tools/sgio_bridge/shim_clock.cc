// The SG_IO bridge library's clocks and sleeps: while the bridge is active, a client's time is the
// virtual recorder's. Clocks read the server's clock page (protocol.h ClockPage); sleeps are sleep
// requests the server answers when virtual time reaches them (server.h). So a burn at 48x takes
// the time it takes on the emulated drive as the client measures it, and almost none on the wall.
//
// Virtualised: clock_gettime (REALTIME, MONOTONIC, BOOTTIME and their COARSE/RAW/ALARM variants),
// gettimeofday, time, timespec_get; nanosleep, clock_nanosleep (relative and TIMER_ABSTIME), usleep,
// sleep; select/pselect with empty fd sets and poll/ppoll with no fds (the "sleep with a timeout"
// idiom cdrskin, wodim and cdrdao use). select/pselect/poll/ppoll with fds wait on the wall clock
// (they wait for something outside the bridge, a pipe or a terminal, which runs on the wall
// clock), and when they time out, virtual time advances by the timeout too: a loop that waits for
// a deadline read from the virtual clock still reaches it.
// Not virtualised, on purpose: epoll_wait timeouts,
// pthread_cond_timedwait and sem_timedwait (no client here uses them; a deadline computed from the
// virtual clock would be in the future of the wall clock, so a timed wait lasts longer, never
// shorter), alarm/setitimer/timer_create (kernel timers; libburn's and cdrdao's alarm() guards
// fire later than the program thinks, never early), CPU-time clocks, and file times set by the
// kernel. A thread that spins on a clock without sleeping would see time stand still: after
// kSpinReads unchanged reads it sleeps kSpinSleep, so such a loop still ends.
#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <new>

#include "tools/sgio_bridge/shim_core.h"

namespace dm::sgio::shim {
namespace {

constexpr int64_t kNsPerSecond = 1'000'000'000;
constexpr unsigned kSpinReads = 1000;
constexpr uint64_t kSpinSleep = 1'000'000;  // 1 ms

struct RealTime {
  int (*clock_gettime)(clockid_t, timespec*) = realFn<int (*)(clockid_t, timespec*)>("clock_gettime");
  int (*gettimeofday)(timeval*, void*) = realFn<int (*)(timeval*, void*)>("gettimeofday");
  int (*nanosleep)(const timespec*, timespec*) = realFn<int (*)(const timespec*, timespec*)>("nanosleep");
  int (*clock_nanosleep)(clockid_t, int, const timespec*, timespec*) =
      realFn<int (*)(clockid_t, int, const timespec*, timespec*)>("clock_nanosleep");
  int (*select)(int, fd_set*, fd_set*, fd_set*, timeval*) =
      realFn<int (*)(int, fd_set*, fd_set*, fd_set*, timeval*)>("select");
  int (*pselect)(int, fd_set*, fd_set*, fd_set*, const timespec*, const sigset_t*) =
      realFn<int (*)(int, fd_set*, fd_set*, fd_set*, const timespec*, const sigset_t*)>("pselect");
  int (*poll)(pollfd*, nfds_t, int) = realFn<int (*)(pollfd*, nfds_t, int)>("poll");
  int (*ppoll)(pollfd*, nfds_t, const timespec*, const sigset_t*) =
      realFn<int (*)(pollfd*, nfds_t, const timespec*, const sigset_t*)>("ppoll");
};

alignas(RealTime) unsigned char g_real_time_bytes[sizeof(RealTime)];
pthread_once_t g_real_time_once = PTHREAD_ONCE_INIT;

const RealTime& realTime() {
  pthread_once(&g_real_time_once, [] { new (g_real_time_bytes) RealTime(); });
  return *std::launder(reinterpret_cast<const RealTime*>(g_real_time_bytes));
}

const ClockPage* g_page = nullptr;
pthread_once_t g_page_once = PTHREAD_ONCE_INIT;

// Set when the server could not be reached: a process that outlives the run (a daemon the
// program left behind) goes back to the wall clock instead of a clock that no longer moves.
bool g_server_gone = false;

// The server's clock page, or null when the bridge is not active (then everything is real).
const ClockPage* page() {
  if (__atomic_load_n(&g_server_gone, __ATOMIC_RELAXED)) return nullptr;
  pthread_once(&g_page_once, [] {
    const Config& c = config();
    const char* slash = std::strrchr(c.socket, '/');
    if (slash == nullptr) return;
    char path[160];
    std::snprintf(path, sizeof(path), "%.*s/%s", static_cast<int>(slash - c.socket), c.socket, dm::sgio::kClockName);
    const int fd = real().open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    void* p = ::mmap(nullptr, dm::sgio::kClockPageBytes, PROT_READ, MAP_SHARED, fd, 0);
    real().close(fd);
    if (p == MAP_FAILED) return;
    const auto* cp = static_cast<const ClockPage*>(p);
    if (cp->magic == dm::sgio::kMagic) g_page = cp;
  });
  return g_page;
}

__thread uint64_t t_last_now = 0;
__thread unsigned t_unchanged_reads = 0;

uint64_t virtualNow(const ClockPage* p) {
  uint64_t now = __atomic_load_n(&p->now_ns, __ATOMIC_ACQUIRE);
  if (now != t_last_now) {
    t_last_now = now;
    t_unchanged_reads = 0;
  } else if (++t_unchanged_reads >= kSpinReads) {
    t_unchanged_reads = 0;
    if (!sleepFor(kSpinSleep)) __atomic_store_n(&g_server_gone, true, __ATOMIC_RELAXED);
    now = __atomic_load_n(&p->now_ns, __ATOMIC_ACQUIRE);
    t_last_now = now;
  }
  return now;
}

enum class Kind { kReal, kRealtime, kMonotonic };

Kind kindOf(clockid_t id) {
  switch (id) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
    case CLOCK_REALTIME_ALARM:
    case CLOCK_TAI: return Kind::kRealtime;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
    case CLOCK_BOOTTIME_ALARM: return Kind::kMonotonic;
    default: return Kind::kReal;
  }
}

int64_t virtualClock(const ClockPage* p, Kind kind) {
  const auto now = static_cast<int64_t>(virtualNow(p));
  return now + (kind == Kind::kRealtime ? p->realtime_base_ns : p->monotonic_base_ns);
}

timespec toTimespec(int64_t ns) {
  timespec ts{};
  ts.tv_sec = ns / kNsPerSecond;
  ts.tv_nsec = ns % kNsPerSecond;
  return ts;
}

int64_t toNs(const timespec& ts) { return static_cast<int64_t>(ts.tv_sec) * kNsPerSecond + ts.tv_nsec; }

// A virtual sleep; false when the server is unreachable (the caller then sleeps for real).
bool virtualSleep(int64_t ns) {
  if (page() == nullptr) return false;
  if (sleepFor(ns > 0 ? static_cast<uint64_t>(ns) : 0)) return true;
  __atomic_store_n(&g_server_gone, true, __ATOMIC_RELAXED);
  return false;
}

// glibc declares some of these arguments nonnull, but callers do pass null (gettimeofday(NULL, tz)):
// test them out of the compiler's sight.
__attribute__((noinline)) bool isNull(const void* p) { return p == nullptr; }

// select() as a sleep: no fd in any set (cdrskin passes empty sets with nfds 7).
bool noFds(int nfds, fd_set* r, fd_set* w, fd_set* e) {
  for (fd_set* set : {r, w, e}) {
    if (set == nullptr) continue;
    for (int fd = 0; fd < nfds && fd < FD_SETSIZE; ++fd) {
      if (FD_ISSET(fd, set)) return false;
    }
  }
  return true;
}

}  // namespace
}  // namespace dm::sgio::shim

using namespace dm::sgio::shim;

extern "C" {

int clock_gettime(clockid_t id, timespec* ts) noexcept {
  const ClockPage* p = page();
  const Kind kind = kindOf(id);
  if (p == nullptr || kind == Kind::kReal || isNull(ts)) return realTime().clock_gettime(id, ts);
  *ts = toTimespec(virtualClock(p, kind));
  return 0;
}

int gettimeofday(timeval* tv, void* tz) noexcept {
  const ClockPage* p = page();
  if (p == nullptr) return realTime().gettimeofday(tv, tz);
  if (tz != nullptr) realTime().gettimeofday(nullptr, tz);
  if (!isNull(tv)) {
    const int64_t ns = virtualClock(p, Kind::kRealtime);
    tv->tv_sec = ns / kNsPerSecond;
    tv->tv_usec = (ns % kNsPerSecond) / 1000;
  }
  return 0;
}

time_t time(time_t* out) noexcept {
  const ClockPage* p = page();
  timespec ts{};
  if (p != nullptr) {
    ts = toTimespec(virtualClock(p, Kind::kRealtime));
  } else {
    realTime().clock_gettime(CLOCK_REALTIME, &ts);
  }
  if (out != nullptr) *out = ts.tv_sec;
  return ts.tv_sec;
}

int timespec_get(timespec* ts, int base) noexcept {
  if (base != TIME_UTC) return 0;
  clock_gettime(CLOCK_REALTIME, ts);
  return base;
}

int nanosleep(const timespec* req, timespec* rem) {
  if (isNull(req) || req->tv_nsec < 0 || req->tv_nsec >= kNsPerSecond || req->tv_sec < 0) {
    errno = isNull(req) ? EFAULT : EINVAL;
    return -1;
  }
  if (!virtualSleep(toNs(*req))) return realTime().nanosleep(req, rem);
  if (rem != nullptr) *rem = timespec{};
  return 0;
}

int clock_nanosleep(clockid_t id, int flags, const timespec* req, timespec* rem) {
  const ClockPage* p = page();
  const Kind kind = kindOf(id);
  if (p == nullptr || kind == Kind::kReal || isNull(req)) return realTime().clock_nanosleep(id, flags, req, rem);
  if (req->tv_nsec < 0 || req->tv_nsec >= kNsPerSecond) return EINVAL;
  const int64_t ns = (flags & TIMER_ABSTIME) != 0 ? toNs(*req) - virtualClock(p, kind) : toNs(*req);
  if (!virtualSleep(ns)) return realTime().clock_nanosleep(id, flags, req, rem);
  if (rem != nullptr && (flags & TIMER_ABSTIME) == 0) *rem = timespec{};
  return 0;
}

int usleep(useconds_t us) {
  const timespec ts = toTimespec(static_cast<int64_t>(us) * 1000);
  return nanosleep(&ts, nullptr);
}

unsigned sleep(unsigned seconds) {
  const timespec ts = toTimespec(static_cast<int64_t>(seconds) * kNsPerSecond);
  timespec rem{};
  if (nanosleep(&ts, &rem) == 0) return 0;
  return static_cast<unsigned>(rem.tv_sec + (rem.tv_nsec > 0 ? 1 : 0));
}

int select(int nfds, fd_set* r, fd_set* w, fd_set* e, timeval* timeout) {
  if (timeout == nullptr || timeout->tv_sec < 0 || timeout->tv_usec < 0) return realTime().select(nfds, r, w, e, timeout);
  const int64_t ns = static_cast<int64_t>(timeout->tv_sec) * kNsPerSecond + timeout->tv_usec * 1000;
  if (noFds(nfds, r, w, e) && virtualSleep(ns)) {
    *timeout = timeval{};  // Linux reports the time not slept
    return 0;
  }
  const int n = realTime().select(nfds, r, w, e, timeout);
  if (n == 0) virtualSleep(ns);
  return n;
}

int pselect(int nfds, fd_set* r, fd_set* w, fd_set* e, const timespec* timeout, const sigset_t* mask) {
  if (timeout == nullptr) return realTime().pselect(nfds, r, w, e, timeout, mask);
  if (noFds(nfds, r, w, e) && virtualSleep(toNs(*timeout))) return 0;
  const int n = realTime().pselect(nfds, r, w, e, timeout, mask);
  if (n == 0) virtualSleep(toNs(*timeout));
  return n;
}

int poll(pollfd* fds, nfds_t n, int timeout_ms) {
  if (timeout_ms < 0) return realTime().poll(fds, n, timeout_ms);
  const int64_t ns = static_cast<int64_t>(timeout_ms) * 1'000'000;
  if (n == 0 && virtualSleep(ns)) return 0;
  const int k = realTime().poll(fds, n, timeout_ms);
  if (k == 0) virtualSleep(ns);
  return k;
}

int ppoll(pollfd* fds, nfds_t n, const timespec* timeout, const sigset_t* mask) {
  if (timeout == nullptr) return realTime().ppoll(fds, n, timeout, mask);
  if (n == 0 && virtualSleep(toNs(*timeout))) return 0;
  const int k = realTime().ppoll(fds, n, timeout, mask);
  if (k == 0) virtualSleep(toNs(*timeout));
  return k;
}

}  // extern "C"
