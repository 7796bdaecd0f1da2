// CdioTransport: the Transport of a real optical drive on Linux, through libcdio's MMC
// pass-through (mmc_run_cmd: CDROM_SEND_PACKET on the device node). The device is opened the way
// burners open it — read-write, exclusive, non-blocking — and before libcdio touches it the path
// is checked so that each way it can fail gets its own clear error: no such device, no
// permission (naming the group that grants it), busy (another program holds it), not an optical
// drive. A CHECK CONDITION comes back as sense on a successful execute(); an error Result means
// the command never reached the drive.
#pragma once

#include <memory>
#include <string>

#include "engine/base/result.h"
#include "engine/transport/transport.h"
#include "engine/transport/wall_clock.h"

namespace dm {

class CdioTransport final : public Transport {
 public:
  // Opens `path` (e.g. /dev/sr0). Errors: IMAPI_E_DEVICE_NOTPRESENT (no such device, or not an
  // optical drive), IMAPI_E_DEVICE_NOTACCESSIBLE (permission), IMAPI_E_DEVICE_STILL_IN_USE (busy).
  static Result<std::unique_ptr<CdioTransport>> open(const std::string& path);
  ~CdioTransport() override;
  CdioTransport(const CdioTransport&) = delete;
  CdioTransport& operator=(const CdioTransport&) = delete;

  Result<CommandResult> execute(const Cdb& cdb, Direction direction, std::span<uint8_t> data,
                                Duration timeout) override;
  Clock& clock() override { return clock_; }
  std::string describe() const override { return path_; }

 private:
  struct Handle;
  CdioTransport(std::string path, std::unique_ptr<Handle> handle);

  std::string path_;
  std::unique_ptr<Handle> handle_;
  WallClock clock_;
};

}  // namespace dm
