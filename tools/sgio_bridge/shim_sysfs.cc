// The SG_IO bridge library's faked sysfs (see fake_sysfs.h): paths under /sys/bus/scsi are looked
// up in the run's tree instead. glibc's fopen, opendir and glob open files through internal calls
// our open/stat wrappers never see, so they are wrapped here; glob's results are renamed back to
// /sys/... so the client sees the paths it asked for.
#include <dirent.h>
#include <dlfcn.h>
#include <glob.h>

#include <cstdio>
#include <cstring>

#include "tools/sgio_bridge/shim_core.h"

namespace dm::sgio::shim {
namespace {

char g_root[160];  // the run's dir, the tree's root ("" when the bridge is not active)
pthread_once_t g_root_once = PTHREAD_ONCE_INIT;

const char* root() {
  pthread_once(&g_root_once, [] {
    const Config& c = config();
    if (const char* slash = std::strrchr(c.socket, '/')) {
      std::snprintf(g_root, sizeof(g_root), "%.*s", static_cast<int>(slash - c.socket), c.socket);
    }
  });
  return g_root;
}

// glob found the tree's files: give them their /sys names back (shorter, so in place).
template <typename G>
void renameBack(G* g, size_t first) {
  const size_t n = std::strlen(root());
  for (size_t i = first; i < g->gl_pathc; ++i) {
    char* p = g->gl_pathv[g->gl_offs + i];
    if (p != nullptr && std::strncmp(p, root(), n) == 0) std::memmove(p, p + n, std::strlen(p + n) + 1);
  }
}

}  // namespace

Redirect::Redirect(const char* path) : path_(path) {
  const size_t k = std::strlen(dm::sgio::kSysfsPrefix);
  if (path == nullptr || std::strncmp(path, dm::sgio::kSysfsPrefix, k) != 0 || (path[k] != '/' && path[k] != '\0')) {
    return;
  }
  if (root()[0] == '\0') return;
  const int len = std::snprintf(buf_, sizeof(buf_), "%s/%s%s", root(), dm::sgio::kSysfsName, path + k);
  if (len > 0 && static_cast<size_t>(len) < sizeof(buf_)) path_ = buf_;
}

}  // namespace dm::sgio::shim

using dm::sgio::shim::Redirect;
using dm::sgio::shim::Fn;
using dm::sgio::shim::lazyNext;

extern "C" {

FILE* fopen(const char* path, const char* mode) {
  static Fn<FILE* (*)(const char*, const char*)> real_fopen_slot = nullptr;
  const auto real_fopen = lazyNext(real_fopen_slot, "fopen");
  if (dm::sgio::shim::nodeOf(path) != dm::sgio::shim::Node::kNone) return dm::sgio::shim::openDeviceStream(path, mode);
  return real_fopen(Redirect(path).path(), mode);
}
FILE* fopen64(const char* path, const char* mode) {
  static Fn<FILE* (*)(const char*, const char*)> real_fopen64_slot = nullptr;
  const auto real_fopen64 = lazyNext(real_fopen64_slot, "fopen64");
  if (dm::sgio::shim::nodeOf(path) != dm::sgio::shim::Node::kNone) return dm::sgio::shim::openDeviceStream(path, mode);
  return real_fopen64(Redirect(path).path(), mode);
}
DIR* opendir(const char* path) {
  static Fn<DIR* (*)(const char*)> real_opendir_slot = nullptr;
  const auto real_opendir = lazyNext(real_opendir_slot, "opendir");
  return real_opendir(Redirect(path).path());
}

int glob(const char* pattern, int flags, int (*errfunc)(const char*, int), glob_t* g) {
  static Fn<int (*)(const char*, int, int (*)(const char*, int), glob_t*)> real_glob_slot = nullptr;
  const auto real_glob = lazyNext(real_glob_slot, "glob");
  const Redirect r(pattern);
  const size_t before = (flags & GLOB_APPEND) != 0 ? g->gl_pathc : 0;
  const int rc = real_glob(r.path(), flags, errfunc, g);
  if (r.redirected() && rc == 0) dm::sgio::shim::renameBack(g, before);
  return rc;
}
int glob64(const char* pattern, int flags, int (*errfunc)(const char*, int), glob64_t* g) {
  static Fn<int (*)(const char*, int, int (*)(const char*, int), glob64_t*)> real_glob64_slot = nullptr;
  const auto real_glob64 = lazyNext(real_glob64_slot, "glob64");
  const Redirect r(pattern);
  const size_t before = (flags & GLOB_APPEND) != 0 ? g->gl_pathc : 0;
  const int rc = real_glob64(r.path(), flags, errfunc, g);
  if (r.redirected() && rc == 0) dm::sgio::shim::renameBack(g, before);
  return rc;
}

}  // extern "C"
