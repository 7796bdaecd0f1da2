// vrec::Recorder: a virtual MMC CD recorder as a hardware model. It sees only CDBs and data, as a
// real drive does, answers with a SCSI status and fixed-format sense, and keeps its own integer
// virtual clock (1 tick = 1 ns): every command takes modelled time, and a host that waits calls
// advance() instead of sleeping. Same commands in, same trace out, to the tick.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "emulator/drive/drive_profile.h"
#include "emulator/media/medium.h"
#include "emulator/sim/ticks.h"

namespace vrec {

enum class DataDirection : uint8_t { kNone, kToDevice, kFromDevice };

inline constexpr uint8_t kStatusGood = 0x00;
inline constexpr uint8_t kStatusCheckCondition = 0x02;

// What one command did, as the host sees it.
struct CommandOutcome {
  uint8_t status = kStatusGood;
  std::array<uint8_t, 18> sense{};  // fixed format (70h), valid when status is CHECK CONDITION
  uint8_t sense_length = 0;
  size_t transferred = 0;           // bytes moved to or from the host
  Ticks started = 0;                // virtual time the command arrived
  Ticks finished = 0;               // virtual time it completed
};

// A failure of the model's host-side services (exporting images), not of an MMC command.
struct ExportError {
  std::string message;
};

class Recorder {
 public:
  Recorder(DriveProfile profile, Medium medium);
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  // Executes one command. `data` is the host buffer: read for kToDevice, filled for kFromDevice;
  // its size is the host's transfer length. Never throws; every problem becomes sense.
  CommandOutcome execute(std::span<const uint8_t> cdb, DataDirection direction, std::span<uint8_t> data);

  // Virtual time now, and letting time pass while the host waits (the drive keeps working).
  Ticks now() const;
  void advance(Ticks ticks);

  const DriveProfile& profile() const;
  const Medium& medium() const;

  // The event trace in its stable text form (one line per event, in time order; trace_log.h),
  // and its FNV-1a 64-bit hash.
  std::string traceText() const;
  uint64_t traceHash() const;

  // Writes the user data of the first data track as an ISO image (2048-byte blocks, as long as
  // the track's recorded length). Fails if there is no recorded data track.
  std::optional<ExportError> exportIso(const std::filesystem::path& path) const;

  // --- Additions beyond the fixed API: the operator's hands and the model's counters. ---
  // Tray state as START STOP UNIT left it, and whether a disc lies in the drive (or on the open
  // tray).
  bool trayOpen() const;
  bool mediumPresent() const;
  // Puts `medium` on the open tray (replacing any disc there); the host loads it with START STOP
  // UNIT, which raises the unit attention. False, and nothing changes, if the tray is closed.
  bool insertMedium(Medium medium);
  // Takes the disc off the open tray. False if the tray is closed or empty.
  bool removeMedium();
  // Someone presses the drive's eject button: the tray opens unless the host locked it.
  bool pressEjectButton(bool emergency = false);
  // Buffer underruns so far, and relinks after protected (BUFE) underruns.
  uint32_t underrunCount() const;
  uint32_t relinkCount() const;
  // The write speed the drive would record at now (SET CD SPEED resolved against the medium).
  uint16_t currentWriteSpeedX() const;
  // The speed the write head runs at now, in thousandths of 1× (differs from the nominal speed
  // for CAV, P-CAV and Z-CLV; 0 before the head first starts).
  uint32_t headSpeedMilliX() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace vrec
