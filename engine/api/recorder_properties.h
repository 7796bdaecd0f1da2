// The recorder's property set (IDiscRecorder::Get/SetRecorderProperties, imapi.md §2.1): names and
// meanings as IMAPI documents them, so programs written against IMAPI read the same way.
#pragma once

#include <map>
#include <string>
#include <variant>

#include "engine/base/result.h"

namespace dm::api {

// IMAPI's VT_I4 / VT_BOOL values; booleans follow VARIANT_BOOL (−1 true, 0 false) on the IMAPI
// names, and plain bool here.
using PropertyValue = std::variant<int32_t, bool>;
using PropertySet = std::map<std::string, PropertyValue>;

inline constexpr int32_t kDefaultAudioGapSize = 150;  // 2 s of blocks (imapi.md §2.1)
inline constexpr int32_t kMaxAudioGapSize = 225;

struct RecorderProperties {
  int32_t write_speed = 0;                   // "x"; default the highest available
  int32_t max_write_speed = 0;               // read-only
  int32_t audio_gap_size = kDefaultAudioGapSize;
  bool buffer_underrun_free_capable = false;  // read-only
  int32_t enable_buffer_underrun_free = -1;  // −1 use if capable, 0 off, 1 on if capable

  PropertySet toSet() const;
  // Applies the writable entries of `changes`. Unknown and read-only names are skipped and the
  // result is IMAPI_S_PROPERTIESIGNORED; a value of the wrong type or out of range
  // (AudioGapSize 0..225, EnableBufferUnderrunFree −1/0/1, WriteSpeed ≥ 1) is E_INVALIDARG and
  // nothing is applied. WriteSpeed above MaxWriteSpeed is lowered to it, as IMAPI clients do.
  Status apply(const PropertySet& changes);

  // Whether a burn should enable underrun protection.
  bool useBufferUnderrunFree() const { return enable_buffer_underrun_free != 0 && buffer_underrun_free_capable; }
};

}  // namespace dm::api
