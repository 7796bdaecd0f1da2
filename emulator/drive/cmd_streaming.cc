// SET STREAMING (B6h, mmc.md §2, §8.1): the DVD way to choose a speed. A type 00h performance
// descriptor (28 bytes) names a write size in kB and a write time in ms; speed = size ÷ time ×
// 1000 kB/s, resolved like SET CD SPEED against the loaded medium's speed list (rounded down,
// never below the slowest). RDD restores the defaults (fastest).
#include <string>

#include "emulator/drive/cdb.h"
#include "emulator/drive/drive.h"

namespace vrec {
namespace {

constexpr uint8_t kStreamingPerformance = 0x00;
constexpr size_t kPerformanceDescriptorBytes = 28;
constexpr uint8_t kRddBit = 0x04;

}  // namespace

void Drive::handleSetStreaming(Command& c) {
  if (!profile_.writesDvd()) {
    failField(c, kSenseInvalidOpcode, 0);  // CD recorders of this kind only know SET CD SPEED
    return;
  }
  const uint8_t type = c.cdb[8];
  const uint16_t length = be16(c.cdb, 9);
  c.transferred = c.data.size();
  if (type != kStreamingPerformance) {
    failField(c, kSenseInvalidFieldInCdb, 8);
    return;
  }
  if (length < kPerformanceDescriptorBytes || c.data.size() < kPerformanceDescriptorBytes) {
    fail(c, kSenseParameterListLength);
    return;
  }
  const std::span<const uint8_t> d = c.data;
  if ((d[0] & kRddBit) != 0) {
    requested_read_kbps_ = kSpeedMaximum;
    requested_write_kbps_ = kSpeedMaximum;
    c.params = "rdd=1 selected=" + std::to_string(currentWriteSpeedX()) + "x";
    return;
  }
  const uint32_t read_size = be32(d, 12);
  const uint32_t read_time = be32(d, 16);
  const uint32_t write_size = be32(d, 20);
  const uint32_t write_time = be32(d, 24);
  if (read_time == 0 || write_time == 0) {
    failParameter(c, kSenseInvalidFieldInParameterList, write_time == 0 ? 24 : 16);
    return;
  }
  const uint64_t write_kbps = uint64_t{write_size} * 1000 / write_time;
  const uint64_t read_kbps = uint64_t{read_size} * 1000 / read_time;
  // Requests beyond the 16-bit speed fields mean "as fast as possible".
  requested_write_kbps_ = static_cast<uint16_t>(std::min<uint64_t>(write_kbps, kSpeedMaximum));
  requested_read_kbps_ = static_cast<uint16_t>(std::min<uint64_t>(read_kbps, kSpeedMaximum));
  c.params = "write=" + std::to_string(write_kbps) + " selected=" + std::to_string(currentWriteSpeedX()) + "x";
}

}  // namespace vrec
