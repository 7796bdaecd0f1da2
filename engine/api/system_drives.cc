// SystemDriveSource and CombinedRecorderSource (see the header).
#include "engine/api/system_drives.h"

#include <cdio/cdio.h>
#include <sys/stat.h>

#include <map>
#include <utility>

#include "engine/transport/cdio_transport.h"
#include "engine/transport/deferred_transport.h"
#include "engine/transport/wall_clock.h"

namespace dm::api {

std::vector<std::string> systemDrivePaths() {
  std::vector<std::string> out;
  std::map<dev_t, size_t> index_of;  // device node → its entry in out
  char** devices = cdio_get_devices(DRIVER_DEVICE);
  if (devices == nullptr) return out;
  for (char** d = devices; *d != nullptr; ++d) {
    const std::string path = *d;
    struct stat st {};
    // A node that cannot be stat'ed is still listed: opening it later says why it is unusable.
    if (::stat(path.c_str(), &st) != 0 || !S_ISBLK(st.st_mode)) {
      out.push_back(path);
      continue;
    }
    auto [it, added] = index_of.emplace(st.st_rdev, out.size());
    if (added) {
      out.push_back(path);
    } else if (path.starts_with("/dev/sr") && !out[it->second].starts_with("/dev/sr")) {
      out[it->second] = path;  // the kernel's own name wins over /dev/scdN and /dev/cdrom
    }
  }
  cdio_free_device_list(devices);
  return out;
}

std::vector<std::unique_ptr<Recorder>> SystemDriveSource::discover() {
  std::vector<std::unique_ptr<Recorder>> out;
  for (const std::string& path : systemDrivePaths()) {
    auto open = [path]() -> Result<std::unique_ptr<Transport>> {
      Result<std::unique_ptr<CdioTransport>> t = CdioTransport::open(path);
      if (!t) return t.error();
      return std::unique_ptr<Transport>(std::move(*t));
    };
    out.push_back(std::make_unique<Recorder>(path, std::make_unique<DeferredTransport>(path, open, std::make_unique<WallClock>())));
  }
  return out;
}

std::vector<std::unique_ptr<Recorder>> CombinedRecorderSource::discover() {
  std::vector<std::unique_ptr<Recorder>> out;
  for (RecorderSource* source : sources_) {
    for (auto& recorder : source->discover()) out.push_back(std::move(recorder));
  }
  return out;
}

}  // namespace dm::api
