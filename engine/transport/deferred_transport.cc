// DeferredTransport: opens on the first command (see the header for why).
#include "engine/transport/deferred_transport.h"

#include <utility>

namespace dm {

DeferredTransport::DeferredTransport(std::string path, Opener open, std::unique_ptr<Clock> clock)
    : path_(std::move(path)), open_(std::move(open)), clock_(std::move(clock)) {}

Result<CommandResult> DeferredTransport::execute(const Cdb& cdb, Direction direction, std::span<uint8_t> data,
                                                 Duration timeout) {
  if (!device_) {
    Result<std::unique_ptr<Transport>> opened = open_();
    if (!opened) return opened.error();  // CdioTransport::open names the path and the cause
    device_ = std::move(*opened);
  }
  return device_->execute(cdb, direction, data, timeout);
}

}  // namespace dm
