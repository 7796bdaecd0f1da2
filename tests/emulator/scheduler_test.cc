// vrec::Scheduler: events run in (tick, sequence) order, cancel removes exactly one event, events
// scheduled from inside an event run in the same window, and time never runs backwards.
#include "emulator/sim/scheduler.h"

#include <gtest/gtest.h>

#include <string>

namespace vrec_test {
namespace {

TEST(Scheduler, RunsByTickThenBySequence) {
  vrec::Scheduler s;
  std::string order;
  s.schedule(30, [&] { order += 'c'; });
  s.schedule(10, [&] { order += 'a'; });
  s.schedule(30, [&] { order += 'd'; });  // same tick as 'c', scheduled later: runs after it
  s.schedule(20, [&] { order += 'b'; });
  s.runUntil(25);
  EXPECT_EQ(order, "ab");
  EXPECT_EQ(s.now(), 25u);
  EXPECT_EQ(s.pendingCount(), 2u);
  EXPECT_EQ(s.nextTick(), 30u);
  s.runUntil(30);  // the bound is inclusive
  EXPECT_EQ(order, "abcd");
  EXPECT_FALSE(s.nextTick().has_value());
}

TEST(Scheduler, EventsSeeTheirOwnTick) {
  vrec::Scheduler s;
  vrec::Ticks seen = 0;
  s.schedule(1'000, [&] { seen = s.now(); });
  s.runUntil(5'000);
  EXPECT_EQ(seen, 1'000u);
  EXPECT_EQ(s.now(), 5'000u);
}

TEST(Scheduler, CancelRemovesOneEvent) {
  vrec::Scheduler s;
  int ran = 0;
  const auto first = s.schedule(5, [&] { ran += 1; });
  s.schedule(5, [&] { ran += 10; });
  EXPECT_TRUE(s.cancel(first));
  EXPECT_FALSE(s.cancel(first));               // already gone
  EXPECT_FALSE(s.cancel(vrec::Scheduler::Handle{}));  // names nothing
  s.runUntil(5);
  EXPECT_EQ(ran, 10);
}

TEST(Scheduler, EventsMayScheduleInsideTheWindow) {
  vrec::Scheduler s;
  std::string order;
  s.schedule(10, [&] {
    order += 'a';
    s.schedule(15, [&] { order += 'b'; });
    s.schedule(50, [&] { order += 'z'; });
  });
  s.schedule(20, [&] { order += 'c'; });
  s.runUntil(30);
  EXPECT_EQ(order, "abc");
  EXPECT_EQ(s.pendingCount(), 1u);
}

TEST(Scheduler, ThePastIsNow) {
  vrec::Scheduler s;
  s.runUntil(100);
  vrec::Ticks seen = 0;
  const auto h = s.schedule(40, [&] { seen = s.now(); });
  EXPECT_EQ(h.tick, 100u);
  s.runUntil(50);  // never backwards
  EXPECT_EQ(s.now(), 100u);
  EXPECT_EQ(seen, 0u);
  s.runUntil(s.now());
  EXPECT_EQ(seen, 100u);
}

}  // namespace
}  // namespace vrec_test
