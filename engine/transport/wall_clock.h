// WallClock: the Clock of a real drive — the monotonic clock, and real sleeps.
#pragma once

#include <chrono>
#include <thread>

#include "engine/transport/clock.h"

namespace dm {

class WallClock final : public Clock {
 public:
  Duration now() override {
    return std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now().time_since_epoch());
  }
  void sleepFor(Duration d) override {
    if (d.count() > 0) std::this_thread::sleep_for(d);
  }
  bool isVirtual() const override { return false; }
};

}  // namespace dm
