// ScriptedTransport: a Transport for engine unit tests. A test supplies a handler that answers
// each CDB (data, status, sense); the transport logs every CDB and runs on a manual clock, so
// retries and waits are visible without a device or an emulator.
#pragma once

#include <functional>
#include <vector>

#include "engine/mmc/sense.h"
#include "engine/transport/transport.h"

namespace dm::testing {

class ManualClock final : public Clock {
 public:
  Duration now() override { return now_; }
  void sleepFor(Duration d) override {
    now_ += d;
    slept_ += d;
  }
  bool isVirtual() const override { return true; }
  Duration slept() const { return slept_; }

 private:
  Duration now_{};
  Duration slept_{};
};

// Builds a CHECK CONDITION result with fixed-format sense.
inline CommandResult checkCondition(uint8_t key, uint8_t asc, uint8_t ascq) {
  CommandResult r;
  r.status = kScsiStatusCheckCondition;
  r.sense.raw[0] = 0x70;
  r.sense.raw[2] = key;
  r.sense.raw[7] = 10;
  r.sense.raw[12] = asc;
  r.sense.raw[13] = ascq;
  r.sense.length = 18;
  r.sense.triple = mmc::decodeSense(r.sense.raw);
  return r;
}

inline CommandResult good(size_t transferred = 0) {
  CommandResult r;
  r.transferred = transferred;
  return r;
}

class ScriptedTransport final : public Transport {
 public:
  using Handler = std::function<CommandResult(const Cdb&, Direction, std::span<uint8_t>)>;
  explicit ScriptedTransport(Handler handler) : handler_(std::move(handler)) {}

  Result<CommandResult> execute(const Cdb& cdb, Direction direction, std::span<uint8_t> data,
                                Duration /*timeout*/) override {
    cdbs_.push_back(cdb);
    return handler_(cdb, direction, data);
  }
  Clock& clock() override { return clock_; }
  std::string describe() const override { return "scripted"; }

  const std::vector<Cdb>& cdbs() const { return cdbs_; }
  std::vector<uint8_t> opcodes() const {
    std::vector<uint8_t> out;
    for (const auto& c : cdbs_) out.push_back(c.opcode());
    return out;
  }
  ManualClock& manualClock() { return clock_; }

 private:
  Handler handler_;
  std::vector<Cdb> cdbs_;
  ManualClock clock_;
};

}  // namespace dm::testing
