// mmc::Drive: retries of busy states on the transport's clock, unit attention, and errors that
// name the command, LBA, length and sense.
#include <gtest/gtest.h>

#include "engine/mmc/drive.h"
#include "tests/engine/scripted_transport.h"

namespace dm::mmc {
namespace {

using testing::checkCondition;
using testing::good;
using testing::ScriptedTransport;

TEST(MmcDrive, WriteRejectedNamesCommandLbaAndSense) {
  ScriptedTransport t([](const Cdb&, Direction, std::span<uint8_t>) { return checkCondition(0x05, 0x21, 0x02); });
  Drive drive(t);
  std::vector<uint8_t> data(2 * 2048);
  const Status s = drive.write(1234, 2, 2048, data);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "WRITE(10) lba=1234 len=2: ILLEGAL REQUEST 05/21/02 (invalid address for write)");
  EXPECT_EQ(s.context().command, "WRITE(10)");
  EXPECT_EQ(s.context().lba, 1234);
  EXPECT_EQ(s.context().sense, (SenseTriple{0x05, 0x21, 0x02}));
  EXPECT_EQ(t.cdbs().size(), 1u);  // an illegal request is not retried
}

TEST(MmcDrive, LongWriteInProgressIsRetriedOnTheClock) {
  int calls = 0;
  ScriptedTransport t([&](const Cdb&, Direction, std::span<uint8_t>) {
    return ++calls <= 3 ? checkCondition(0x02, 0x04, 0x08) : good();
  });
  Drive drive(t);
  std::vector<uint8_t> data(2048);
  ASSERT_TRUE(drive.write(0, 1, 2048, data).ok());
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(t.manualClock().slept(), kWriteRetryStep + 2 * kWriteRetryStep + 4 * kWriteRetryStep);
}

TEST(MmcDrive, UnitAttentionIsAcknowledgedOnce) {
  int calls = 0;
  ScriptedTransport t([&](const Cdb&, Direction, std::span<uint8_t>) {
    ++calls;
    return checkCondition(0x06, 0x28, 0x00);
  });
  Drive drive(t);
  const Status s = drive.lockTray(true);
  EXPECT_EQ(calls, 2);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("06/28/00"), std::string::npos);
}

TEST(MmcDrive, WaitUntilReadyPollsThroughBecomingReady) {
  int calls = 0;
  ScriptedTransport t([&](const Cdb&, Direction, std::span<uint8_t>) {
    ++calls;
    if (calls == 1) return checkCondition(0x06, 0x28, 0x00);
    if (calls < 5) return checkCondition(0x02, 0x04, 0x01);
    return good();
  });
  Drive drive(t);
  ASSERT_TRUE(drive.waitUntilReady(std::chrono::seconds(10)).ok());
  EXPECT_EQ(calls, 5);
  EXPECT_GT(t.manualClock().slept(), Duration::zero());
}

TEST(MmcDrive, WaitUntilReadyReportsNoMedium) {
  ScriptedTransport t([](const Cdb&, Direction, std::span<uint8_t>) { return checkCondition(0x02, 0x3A, 0x01); });
  Drive drive(t);
  const Status s = drive.waitUntilReady(std::chrono::seconds(10));
  EXPECT_EQ(s.code(), ResultCode::kMediumNotPresent);
  EXPECT_EQ(t.cdbs().size(), 1u);
}

TEST(MmcDrive, WaitUntilReadyGivesUpAfterTimeout) {
  ScriptedTransport t([](const Cdb&, Direction, std::span<uint8_t>) { return checkCondition(0x02, 0x04, 0x07); });
  Drive drive(t);
  const Status s = drive.waitUntilReady(std::chrono::seconds(3));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("still busy after 3 s"), std::string::npos);
  EXPECT_GE(t.manualClock().now(), std::chrono::seconds(3));
}

}  // namespace
}  // namespace dm::mmc
