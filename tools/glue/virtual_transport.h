// VirtualTransport: the engine's Transport seam served by a vrec::Recorder in the same process.
// Its Clock is the recorder's virtual clock: a host that waits advances the model instead of
// sleeping, so a 10-minute burn takes milliseconds and the same commands give the same trace.
// This is the one place (with the rest of tools/) where engine and emulator meet.
#pragma once

#include <memory>
#include <string>

#include "emulator/drive/recorder.h"
#include "engine/transport/transport.h"

namespace dm::glue {

class VirtualClock final : public Clock {
 public:
  explicit VirtualClock(vrec::Recorder& recorder) : recorder_(recorder) {}
  Duration now() override { return Duration(static_cast<int64_t>(recorder_.now())); }
  void sleepFor(Duration d) override {
    if (d.count() > 0) recorder_.advance(static_cast<vrec::Ticks>(d.count()));
  }
  bool isVirtual() const override { return true; }

 private:
  vrec::Recorder& recorder_;
};

class VirtualTransport final : public Transport {
 public:
  // `name` is what describe() returns, e.g. "virtual:default".
  VirtualTransport(vrec::Recorder& recorder, std::string name)
      : recorder_(recorder), clock_(recorder), name_(std::move(name)) {}

  Result<CommandResult> execute(const Cdb& cdb, Direction direction, std::span<uint8_t> data,
                                Duration timeout) override;
  Clock& clock() override { return clock_; }
  std::string describe() const override { return name_; }

  vrec::Recorder& recorder() { return recorder_; }

 private:
  vrec::Recorder& recorder_;
  VirtualClock clock_;
  std::string name_;
};

}  // namespace dm::glue
