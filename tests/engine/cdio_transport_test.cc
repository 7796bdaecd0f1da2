// CdioTransport's opening checks: each way a device path can be wrong gets its own code and a
// message naming the path. (Commands through it are exercised end to end through the SG_IO
// bridge in tests/interop.)
#include <gtest/gtest.h>

#include "engine/transport/cdio_transport.h"

namespace dm {
namespace {

TEST(CdioTransport, MissingDeviceIsNotPresent) {
  auto t = CdioTransport::open("/dev/sr-does-not-exist");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code(), ResultCode::kDeviceNotPresent);
  EXPECT_EQ(t.error().message(), "/dev/sr-does-not-exist: no such device");
}

TEST(CdioTransport, ACharacterDeviceIsNotAnOpticalDrive) {
  auto t = CdioTransport::open("/dev/null");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code(), ResultCode::kDeviceNotPresent);
  EXPECT_NE(t.error().message().find("/dev/null: not a block device"), std::string::npos) << t.error().toString();
}

TEST(CdioTransport, ARegularFileIsNotAnOpticalDrive) {
  auto t = CdioTransport::open("/etc/hostname");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code(), ResultCode::kDeviceNotPresent);
}

}  // namespace
}  // namespace dm
