// DeferredTransport: a Transport that opens the device it stands for only when the first command
// is sent. Listing recorders must not take them: burners open a drive exclusively, and a list that
// held every drive it found would lock other programs out, and itself out of a drive it lists
// again while that drive is in use. Once opened, the device stays open until the transport goes.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "engine/base/result.h"
#include "engine/transport/transport.h"

namespace dm {

class DeferredTransport final : public Transport {
 public:
  using Opener = std::function<Result<std::unique_ptr<Transport>>()>;

  // `clock` is the time the device runs on, valid before it is opened (a real drive's wall clock).
  DeferredTransport(std::string path, Opener open, std::unique_ptr<Clock> clock);

  // Opens the device on the first call; an open that fails is an error Result naming the path,
  // and the next command tries again (the drive may have been released in between).
  Result<CommandResult> execute(const Cdb& cdb, Direction direction, std::span<uint8_t> data,
                                Duration timeout) override;
  Clock& clock() override { return *clock_; }
  std::string describe() const override { return path_; }
  bool isOpen() const { return device_ != nullptr; }

 private:
  std::string path_;
  Opener open_;
  std::unique_ptr<Clock> clock_;
  std::unique_ptr<Transport> device_;
};

}  // namespace dm
