// VirtualTransport: CDBs to the in-process recorder, sense and timing back (see the header).
#include "tools/glue/virtual_transport.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/mmc/sense.h"

namespace dm::glue {
namespace {

vrec::DataDirection toRecorder(Direction d) {
  switch (d) {
    case Direction::kNone: return vrec::DataDirection::kNone;
    case Direction::kToDevice: return vrec::DataDirection::kToDevice;
    case Direction::kFromDevice: return vrec::DataDirection::kFromDevice;
  }
  return vrec::DataDirection::kNone;
}

}  // namespace

Result<CommandResult> VirtualTransport::execute(const Cdb& cdb, Direction direction, std::span<uint8_t> data,
                                                Duration timeout) {
  if (cdb.length == 0 || cdb.length > cdb.bytes.size()) {
    return Status(ResultCode::kInvalidArgument, fmt::format("CDB length {} is not 1..16", cdb.length));
  }
  const vrec::CommandOutcome out =
      recorder_.execute(std::span<const uint8_t>(cdb.bytes.data(), cdb.length), toRecorder(direction), data);
  CommandResult r;
  r.status = out.status;
  r.transferred = out.transferred;
  r.took = Duration(static_cast<int64_t>(out.finished - out.started));
  if (out.status == kScsiStatusCheckCondition) {
    r.sense.length = out.sense_length;
    std::copy_n(out.sense.begin(), std::min<size_t>(out.sense_length, r.sense.raw.size()), r.sense.raw.begin());
    r.sense.triple = mmc::decodeSense(std::span<const uint8_t>(r.sense.raw.data(), r.sense.length));
  }
  // A real host adapter aborts a command that outlives its timeout; report it the same way.
  if (r.took > timeout) {
    return Status(ResultCode::kDeviceNotAccessible,
                  fmt::format("{}: command 0x{:02X} took {:.1f} s, longer than its {:.0f} s timeout", name_,
                              cdb.opcode(), std::chrono::duration<double>(r.took).count(),
                              std::chrono::duration<double>(timeout).count()));
  }
  return r;
}

}  // namespace dm::glue
