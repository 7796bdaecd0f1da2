// DriveProfile: everything that makes one virtual recorder model differ from another — identity
// (INQUIRY strings), buffer size, host interface bandwidth, supported write speeds, underrun
// protection, test write, and the mechanical/firmware timings. Scenario YAML will fill it later;
// defaultCdRecorder() is the drive `virtual` means on the command line (DESIGN.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "emulator/sim/ticks.h"

namespace vrec {

struct DriveProfile {
  std::string name;          // profile name, e.g. "default" (scenarios/drives/<name>.yaml)
  std::string vendor;        // INQUIRY bytes 8-15, at most 8 characters
  std::string product;       // INQUIRY bytes 16-31, at most 16 characters
  std::string revision;      // INQUIRY bytes 32-35, at most 4 characters
  std::string serial_number;  // INQUIRY VPD page 80h

  uint32_t buffer_bytes = 0;           // drive write buffer
  uint64_t host_bytes_per_second = 0;  // host interface bandwidth
  std::vector<uint16_t> cd_write_speeds_x;    // CD-R write speeds, fastest first
  std::vector<uint16_t> cdrw_write_speeds_x;  // CD-RW write speeds, fastest first
  uint16_t max_read_speed_x = 0;              // CD read speed (page 2Ah, GET PERFORMANCE)

  bool underrun_protection = false;  // BURN-Proof class: page 05 BUFE may be set (mmc.md §8.2)
  bool test_write = false;           // page 05 Test Write may be set (simulation)
  uint32_t max_cue_sheet_bytes = 0;  // feature 002Eh (CD Mastering)

  Ticks command_overhead = 0;  // firmware time of every command
  Ticks opc_duration = 0;      // optimum power calibration before the first write of a session
  Ticks eject_duration = 0;    // START STOP UNIT eject (tray out)
  Ticks load_duration = 0;     // START STOP UNIT load: tray in until the medium is ready

  // The default virtual CD recorder: "DISCMSTR" "VIRTUAL CD-RW" "1.00", a 48× CD-R/RW writer
  // with a 2 MiB buffer on an ATA UDMA-33 class interface, BURN-Proof style underrun protection
  // and test write.
  static DriveProfile defaultCdRecorder();

  // Why this profile cannot drive a recorder (empty speed list, zero buffer or bandwidth, an
  // identity string too long for its INQUIRY field), or nullopt if it is usable. A recorder built
  // from an unusable profile still works, with the offending values replaced by safe ones.
  std::optional<std::string> problem() const;
};

}  // namespace vrec
