// DeferredTransport: listing a recorder does not open its drive; the first command does, a failed
// open is reported with the opener's error and tried again on the next command, and a drive that
// is open stays open. A Recorder over a drive that cannot be opened says why when first asked.
#include <gtest/gtest.h>

#include <memory>

#include "engine/api/recorder.h"
#include "engine/transport/cdio_transport.h"
#include "engine/transport/deferred_transport.h"
#include "engine/transport/wall_clock.h"

namespace dm {
namespace {

// A device that answers every command GOOD and counts them.
class CountingDevice final : public Transport {
 public:
  explicit CountingDevice(int& commands) : commands_(commands) {}
  Result<CommandResult> execute(const Cdb&, Direction, std::span<uint8_t>, Duration) override {
    ++commands_;
    return CommandResult{};
  }
  Clock& clock() override { return clock_; }
  std::string describe() const override { return "counting"; }

 private:
  int& commands_;
  WallClock clock_;
};

Cdb testUnitReady() {
  Cdb cdb;
  cdb.length = 6;
  return cdb;
}

TEST(DeferredTransport, OpensOnTheFirstCommandOnly) {
  int opens = 0, commands = 0;
  DeferredTransport t("/dev/srX", [&]() -> Result<std::unique_ptr<Transport>> {
    ++opens;
    return std::unique_ptr<Transport>(std::make_unique<CountingDevice>(commands));
  }, std::make_unique<WallClock>());
  EXPECT_EQ(opens, 0);
  EXPECT_FALSE(t.isOpen());
  EXPECT_EQ(t.describe(), "/dev/srX");
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(t.execute(testUnitReady(), Direction::kNone, {}, std::chrono::seconds(1)).ok());
  EXPECT_EQ(opens, 1);
  EXPECT_EQ(commands, 3);
  EXPECT_TRUE(t.isOpen());
}

TEST(DeferredTransport, AFailedOpenIsReportedAndTriedAgain) {
  int opens = 0, commands = 0;
  DeferredTransport t("/dev/srX", [&]() -> Result<std::unique_ptr<Transport>> {
    if (++opens == 1) return Status(ResultCode::kDeviceStillInUse, "/dev/srX: busy");
    return std::unique_ptr<Transport>(std::make_unique<CountingDevice>(commands));
  }, std::make_unique<WallClock>());
  auto first = t.execute(testUnitReady(), Direction::kNone, {}, std::chrono::seconds(1));
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().code(), ResultCode::kDeviceStillInUse);
  EXPECT_EQ(first.error().message(), "/dev/srX: busy");
  EXPECT_EQ(commands, 0);
  ASSERT_TRUE(t.execute(testUnitReady(), Direction::kNone, {}, std::chrono::seconds(1)).ok());
  EXPECT_EQ(opens, 2);
  EXPECT_EQ(commands, 1);
}

TEST(DeferredTransport, ARecorderOverAMissingDriveSaysWhyWhenAsked) {
  const std::string path = "/dev/sr-not-here";
  api::Recorder recorder(path, std::make_unique<DeferredTransport>(path, [path]() -> Result<std::unique_ptr<Transport>> {
    auto t = CdioTransport::open(path);
    if (!t) return t.error();
    return std::unique_ptr<Transport>(std::move(*t));
  }, std::make_unique<WallClock>()));
  EXPECT_EQ(recorder.path(), path);
  auto names = recorder.displayNames();
  ASSERT_FALSE(names.ok());
  EXPECT_EQ(names.error().code(), ResultCode::kDeviceNotPresent);
  EXPECT_NE(names.error().message().find("/dev/sr-not-here: no such device"), std::string::npos) << names.error().toString();
}

}  // namespace
}  // namespace dm
