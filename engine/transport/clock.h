// Clock: the time a Transport runs on. A real drive runs on the wall clock; a virtual recorder on
// its own virtual clock, where waiting advances virtual time instead of sleeping. Everything in the
// engine that waits or measures time goes through this seam.
#pragma once

#include <chrono>

namespace dm {

using Duration = std::chrono::nanoseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  // Time since an arbitrary fixed origin; only differences are meaningful.
  virtual Duration now() = 0;
  // Lets `d` pass: sleeps on a wall clock, advances the model on a virtual one.
  virtual void sleepFor(Duration d) = 0;
  // True when time is simulated (reports then say "virtual seconds").
  virtual bool isVirtual() const = 0;
};

}  // namespace dm
