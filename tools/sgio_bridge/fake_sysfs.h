// The minimal sysfs a run of `discmaster emulate` shows its program: the one SCSI device under
// /sys/bus/scsi/devices that cdrdao's scanbus walks (glob of devices/*, then each device's type,
// vendor, model, rev files and its block/srN entry, whose name it turns into /dev/srN). The tree
// is real files in the run's temp dir; the shim (shim_sysfs.cc) redirects the client's paths
// under kSysfsPrefix into it, so on a machine with real SCSI devices the run sees only the
// virtual one. Nothing else of /sys is faked.
#pragma once

#include <filesystem>
#include <string>

#include "emulator/drive/drive_profile.h"

namespace dm::sgio {

// Writes <dir>/sys/bus/scsi/devices/N:0:0:0/{type,vendor,model,rev,block/srN/dev} for device
// number N (the host number the shim reports in SCSI_IOCTL_GET_IDLUN). Returns an error message,
// or "" on success.
std::string writeFakeSysfs(const std::filesystem::path& dir, unsigned n, const vrec::DriveProfile& profile);

}  // namespace dm::sgio
