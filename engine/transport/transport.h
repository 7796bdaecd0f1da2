// Transport: the one seam between the engine and a drive. It executes a SCSI command descriptor
// block with a data direction, a buffer and a timeout, and returns the SCSI status and sense. A
// CHECK CONDITION is a *successful* execute() that carries sense; an error Result means the command
// never reached a device (ioctl failure, timeout, device gone). mmc::Drive turns sense into typed
// errors. Implementations: CdioTransport (a real /dev/srN through libcdio) and VirtualTransport
// (tools/glue: a vrec::Recorder in the same process).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "engine/base/result.h"
#include "engine/transport/clock.h"

namespace dm {

enum class Direction : uint8_t { kNone, kToDevice, kFromDevice };

struct Cdb {
  std::array<uint8_t, 16> bytes{};
  uint8_t length = 0;
  uint8_t opcode() const { return bytes[0]; }
};

struct Sense {
  SenseTriple triple;            // decoded key/ASC/ASCQ (zero when status is GOOD)
  std::array<uint8_t, 18> raw{};  // fixed-format sense as the device returned it
  uint8_t length = 0;             // valid bytes in raw
};

inline constexpr uint8_t kScsiStatusGood = 0x00;
inline constexpr uint8_t kScsiStatusCheckCondition = 0x02;

struct CommandResult {
  uint8_t status = kScsiStatusGood;  // SCSI status byte
  Sense sense;                        // valid when status is CHECK CONDITION
  size_t transferred = 0;             // data bytes actually moved
  Duration took{};                    // on the transport's clock
  bool good() const { return status == kScsiStatusGood; }
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Runs one command. `data` is read from (kToDevice) or filled (kFromDevice); its size is the
  // transfer length. Errors are transport failures only; device errors come back as sense.
  virtual Result<CommandResult> execute(const Cdb& cdb, Direction direction,
                                        std::span<uint8_t> data, Duration timeout) = 0;
  virtual Clock& clock() = 0;
  // Where the commands go, for messages and reports: "/dev/sr0", "virtual:default".
  virtual std::string describe() const = 0;
};

}  // namespace dm
