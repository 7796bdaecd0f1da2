// RecorderProperties: IMAPI's property names, validated then applied (see the header).
#include "engine/api/recorder_properties.h"

#include <fmt/format.h>

#include <algorithm>

namespace dm::api {
namespace {

constexpr const char* kWriteSpeed = "WriteSpeed";
constexpr const char* kMaxWriteSpeed = "MaxWriteSpeed";
constexpr const char* kAudioGapSize = "AudioGapSize";
constexpr const char* kCapable = "BufferUnderrunFreeCapable";
constexpr const char* kEnable = "EnableBufferUnderrunFree";

Result<int32_t> integer(const PropertySet::value_type& entry) {
  if (const auto* v = std::get_if<int32_t>(&entry.second)) return *v;
  return Status(ResultCode::kInvalidArgument, fmt::format("property {} takes an integer", entry.first));
}

}  // namespace

PropertySet RecorderProperties::toSet() const {
  return {{kWriteSpeed, write_speed},
          {kMaxWriteSpeed, max_write_speed},
          {kAudioGapSize, audio_gap_size},
          {kCapable, buffer_underrun_free_capable},
          {kEnable, enable_buffer_underrun_free}};
}

Status RecorderProperties::apply(const PropertySet& changes) {
  RecorderProperties next = *this;
  bool ignored = false;
  for (const auto& entry : changes) {
    const std::string& name = entry.first;
    if (name == kWriteSpeed) {
      DM_ASSIGN_OR_RETURN(int32_t x, integer(entry));
      if (x < 1) return Status(ResultCode::kInvalidArgument, fmt::format("WriteSpeed {} is below 1x", x));
      next.write_speed = max_write_speed > 0 ? std::min(x, max_write_speed) : x;
    } else if (name == kAudioGapSize) {
      DM_ASSIGN_OR_RETURN(int32_t gap, integer(entry));
      if (gap < 0 || gap > kMaxAudioGapSize) {
        return Status(ResultCode::kInvalidArgument,
                      fmt::format("AudioGapSize {} is outside 0..{} blocks", gap, kMaxAudioGapSize));
      }
      next.audio_gap_size = gap;
    } else if (name == kEnable) {
      DM_ASSIGN_OR_RETURN(int32_t v, integer(entry));
      if (v < -1 || v > 1) {
        return Status(ResultCode::kInvalidArgument, fmt::format("EnableBufferUnderrunFree {} is not -1, 0 or 1", v));
      }
      next.enable_buffer_underrun_free = v;
    } else {
      ignored = true;  // read-only (MaxWriteSpeed, BufferUnderrunFreeCapable) or unknown
    }
  }
  *this = next;
  if (ignored) return Status(ResultCode::kPropertiesIgnored, "some properties are read-only or unknown and were ignored");
  return Status::Ok();
}

}  // namespace dm::api
