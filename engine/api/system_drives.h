// The recorders a DiscMaster can list: the optical drives of this machine (libcdio's device scan,
// /dev/sr* and its aliases) and a combination of several sources in one list, so that real drives
// and virtual recorders sit side by side as IMAPI's EnumDiscRecorders shows them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/api/disc_master.h"

namespace dm::api {

// The paths libcdio finds, one per device: an alias (/dev/scd0 next to /dev/sr0, a /dev/cdrom
// link) is dropped when it names a device node already listed.
std::vector<std::string> systemDrivePaths();

// Real drives, listed without being opened: each Recorder's transport opens its drive exclusively
// on the first command (DeferredTransport), as burners do, so listing never locks a drive.
class SystemDriveSource final : public RecorderSource {
 public:
  std::vector<std::unique_ptr<Recorder>> discover() override;
};

// Several sources in one list, in the order given (e.g. virtual recorders first, then drives).
class CombinedRecorderSource final : public RecorderSource {
 public:
  explicit CombinedRecorderSource(std::vector<RecorderSource*> sources) : sources_(std::move(sources)) {}
  std::vector<std::unique_ptr<Recorder>> discover() override;

 private:
  std::vector<RecorderSource*> sources_;
};

}  // namespace dm::api
