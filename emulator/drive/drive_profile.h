// DriveProfile: everything that makes one virtual recorder model differ from another — identity
// (INQUIRY strings), buffer size, host interface bandwidth, supported write speeds, underrun
// protection, test write, the mechanical/firmware timings and firmware quirks. Profiles live as
// YAML in scenarios/drives/<name>.yaml (profile_loader.h); defaultCdRecorder() is the built-in
// drive `virtual` means on the command line (DESIGN.md), and scenarios/drives/default.yaml
// spells the same values out (a test keeps the two equal).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "emulator/quirks/quirk.h"
#include "emulator/sim/ticks.h"

namespace vrec {

// How the spindle turns while writing at one nominal speed (mmc.md §8.1).
enum class Rotation : uint8_t {
  kClv,   // constant linear velocity: the nominal speed everywhere
  kCav,   // constant rpm: speed ∝ radius, the nominal speed reached at the outer edge
  kZclv,  // zoned CLV: stepwise speeds by LBA (zones), a relink at each zone edge
  kPcav,  // partial CAV: CAV from the inner radius until the nominal speed is reached, CLV beyond
};

struct SpeedZone {
  int32_t from_lba = 0;  // the zone starts here and runs to the next zone's start
  uint16_t speed_x = 0;
  bool operator==(const SpeedZone&) const = default;
};

// The rotation used for one nominal write speed. Speeds without a rule are CLV.
struct RotationRule {
  uint16_t speed_x = 0;
  Rotation rotation = Rotation::kClv;
  std::vector<SpeedZone> zones;  // kZclv only, ascending from_lba, the first at 0
  bool operator==(const RotationRule&) const = default;
};

struct DriveProfile {
  std::string name;          // profile name, e.g. "default" (scenarios/drives/<name>.yaml)
  std::string vendor;        // INQUIRY bytes 8-15, at most 8 characters
  std::string product;       // INQUIRY bytes 16-31, at most 16 characters
  std::string revision;      // INQUIRY bytes 32-35, at most 4 characters
  std::string serial_number;  // INQUIRY VPD page 80h
  std::string description;    // what real drive family the profile is modelled on

  uint32_t buffer_bytes = 0;           // drive write buffer
  uint64_t host_bytes_per_second = 0;  // host interface bandwidth
  std::vector<uint16_t> cd_write_speeds_x;    // CD-R write speeds, fastest first
  std::vector<uint16_t> cdrw_write_speeds_x;  // CD-RW write speeds, fastest first
  uint16_t max_read_speed_x = 0;              // CD read speed (page 2Ah, GET PERFORMANCE)
  std::vector<RotationRule> rotation_rules;   // per write speed; absent speeds are CLV
  // DVD writing (a DVD±RW writer of the 2005-2012 kind): DVD-R and DVD+R write speeds and DVD+RW
  // write speeds, fastest first, in DVD 1× units (1,385 kB/s). An empty dvd_r list: a CD-only
  // recorder, which reports no DVD profiles and refuses DVD media as incompatible.
  std::vector<uint16_t> dvd_r_write_speeds_x;
  std::vector<uint16_t> dvd_plus_rw_write_speeds_x;
  uint16_t max_dvd_read_speed_x = 0;            // DVD read speed (GET PERFORMANCE)
  std::vector<RotationRule> dvd_rotation_rules;  // like rotation_rules, for DVD speeds and LBAs

  bool writesDvd() const { return !dvd_r_write_speeds_x.empty(); }

  // BD writing (a BD-R/RE writer, which is a DVD writer too): BD-R and BD-RE write speeds, fastest
  // first, in BD 1× units (4,495.5 kB/s). An empty bd_r list: a drive without BD, which reports no
  // BD profiles and refuses a BD medium as incompatible (mmc.md §3.2, §5.2). BD speeds are CLV.
  std::vector<uint16_t> bd_r_write_speeds_x;
  std::vector<uint16_t> bd_re_write_speeds_x;
  uint16_t max_bd_read_speed_x = 0;  // BD-ROM read speed (GET PERFORMANCE, page 2Ah)

  bool writesBd() const { return !bd_r_write_speeds_x.empty(); }

  bool underrun_protection = false;  // BURN-Proof class: page 05 BUFE may be set (mmc.md §8.2)
  uint32_t link_loss_sectors = 0;    // sectors a protected relink costs (0: lossless link)
  bool test_write = false;           // page 05 Test Write may be set (simulation)
  uint32_t max_cue_sheet_bytes = 0;  // feature 002Eh (CD Mastering)
  // Raw writing (page 05 write type 3, data block types 1-3; feature 002Eh Raw and Raw MS bits):
  // the host sends every block with its sub-channel, lead-in and lead-out included (mmc.md §6.2).
  bool raw_write = false;
  bool c2_pointers = true;           // READ CD returns C2 error pointers (page 2Ah byte 5 bit 4)

  Ticks command_overhead = 0;  // firmware time of every command
  Ticks opc_duration = 0;      // optimum power calibration before the first write of a session
  Ticks eject_duration = 0;    // START STOP UNIT eject (tray out)
  Ticks load_duration = 0;     // START STOP UNIT load: tray in until the medium is ready
  Ticks blank_minimal_duration = 0;  // BLANK type 1 (PMA, TOC, first pregap) on CD-RW
  Ticks spin_up_duration = 0;  // spindle from stop to speed (recorded; not yet charged)
  Ticks seek_full_stroke = 0;  // inner to outer edge seek (recorded; not yet charged)

  QuirkSet quirks;  // firmware deviations (emulator/quirks/quirk.h)

  // The default virtual CD recorder: "DISCMSTR" "VIRTUAL CD-RW" "1.00", a 48× CD-R/RW writer
  // with a 2 MiB buffer on an ATA UDMA-33 class interface, BURN-Proof style underrun protection
  // and test write.
  static DriveProfile defaultCdRecorder();

  // Why this profile cannot drive a recorder (empty speed list, zero buffer or bandwidth, an
  // identity string too long for its INQUIRY field), or nullopt if it is usable. A recorder built
  // from an unusable profile still works, with the offending values replaced by safe ones.
  std::optional<std::string> problem() const;

  bool operator==(const DriveProfile&) const = default;

  // The rotation rule for nominal speed `speed_x` (CLV when none is listed); `dvd` picks the DVD rules.
  RotationRule rotationFor(uint16_t speed_x, bool dvd = false) const;
};

}  // namespace vrec
