// Opening and listing devices (see device.h).
#include "tools/discmaster/device.h"

#include <cdio/cdio.h>
#include <fmt/format.h>

namespace dm::cli {
namespace {

constexpr std::string_view kVirtualPrefix = "virtual";

std::string knownMediumKinds() { return "cd-r74, cd-r80, cd-rw"; }

}  // namespace

Result<OpenDevice> openDevice(const DeviceChoice& choice) {
  const std::string& dev = choice.device;
  if (dev.rfind(kVirtualPrefix, 0) != 0) {
    return Status(ResultCode::kDeviceNotPresent,
                  fmt::format("{}: real drives are not supported by this build yet; use -d virtual", dev));
  }
  std::string profile_name = "default";
  if (dev.size() > kVirtualPrefix.size()) {
    if (dev[kVirtualPrefix.size()] != ':' || dev.size() == kVirtualPrefix.size() + 1) {
      return Status(ResultCode::kInvalidArgument,
                    fmt::format("-d {}: expected a device path or virtual[:PROFILE]", dev));
    }
    profile_name = dev.substr(kVirtualPrefix.size() + 1);
  }
  vrec::DriveProfile profile = vrec::DriveProfile::defaultCdRecorder();
  if (profile_name != profile.name) {
    return Status(ResultCode::kDeviceNotPresent,
                  fmt::format("-d {}: no drive profile '{}' (available: {})", dev, profile_name, profile.name));
  }
  const auto kind = vrec::parseMediumKind(choice.medium);
  if (!kind) {
    return Status(ResultCode::kInvalidArgument,
                  fmt::format("--medium {}: unknown medium kind (known: {})", choice.medium, knownMediumKinds()));
  }
  OpenDevice out;
  out.name = fmt::format("virtual:{}", profile.name);
  out.recorder = std::make_unique<vrec::Recorder>(std::move(profile), vrec::Medium::blank(*kind));
  out.transport = std::make_unique<glue::VirtualTransport>(*out.recorder, out.name);
  return out;
}

std::vector<DeviceListing> listDevices() {
  std::vector<DeviceListing> out;
  const vrec::DriveProfile profile = vrec::DriveProfile::defaultCdRecorder();
  out.push_back({fmt::format("virtual:{}", profile.name), "virtual", profile.vendor, profile.product,
                 profile.revision, fmt::format("ready (default; medium {} unless --medium)", kDefaultMedium)});
  // Real drives as libcdio enumerates them (cdio_get_devices scans /dev/sr* and friends).
  if (char** devices = cdio_get_devices(DRIVER_DEVICE)) {
    for (char** d = devices; *d != nullptr; ++d) {
      out.push_back({*d, "real", "", "", "", "found; real-drive burning is not supported by this build yet"});
    }
    cdio_free_device_list(devices);
  }
  return out;
}

}  // namespace dm::cli
