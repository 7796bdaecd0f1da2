// The session and track counts of READ DISC INFORMATION (mmc.md §2.2, bytes 4-6 and 9-11), shared
// by the CD and the DVD/BD replies: MMC-5 counts an empty or incomplete last session, and its
// invisible track, among them.
#pragma once

#include <cstdint>
#include <vector>

#include "emulator/media/medium.h"

namespace vrec {

inline void putSessionAndTrackCounts(const Medium& disc, std::vector<uint8_t>& out) {
  uint16_t sessions = 1;
  uint16_t first_in_last = 1;
  uint16_t last_in_last = 1;
  if (!disc.isBlank()) {
    const Session& last = disc.sessions().back();
    if (disc.status() == DiscStatus::kComplete) {
      sessions = last.number;
      first_in_last = last.first_track;
      last_in_last = last.last_track;
    } else if (disc.sessionOpen()) {
      sessions = last.number;
      first_in_last = last.first_track;
      last_in_last = disc.openTrack() != nullptr ? last.last_track : disc.nextTrackNumber();
    } else {
      sessions = static_cast<uint16_t>(last.number + 1);
      first_in_last = last_in_last = disc.nextTrackNumber();
    }
  }
  out[4] = static_cast<uint8_t>(sessions);
  out[5] = static_cast<uint8_t>(first_in_last);
  out[6] = static_cast<uint8_t>(last_in_last);
  out[9] = static_cast<uint8_t>(sessions >> 8);
  out[10] = static_cast<uint8_t>(first_in_last >> 8);
  out[11] = static_cast<uint8_t>(last_in_last >> 8);
}

}  // namespace vrec
