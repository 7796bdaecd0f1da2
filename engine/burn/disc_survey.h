// What `discmaster info` reads beyond the burn's own questions, the way reading tools ask it: the
// write speeds of GET PERFORMANCE and the selected one, the TOC in MSF form (as cd-info reads it)
// and the sessions of the full TOC. Every step goes through
// the QuirkHandler, so a drive that answers one of them wrongly is worked around and named.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/base/result.h"
#include "engine/burn/quirk_workarounds.h"
#include "engine/mmc/drive.h"
#include "engine/mmc/replies.h"

namespace dm::burn {

struct SurveyTrack {
  uint16_t number = 0;
  bool audio = false;
  int32_t start_lba = 0;
  uint32_t blocks = 0;
};

struct DiscSurvey {
  std::vector<uint16_t> write_speeds_kbps;  // fastest first
  double selected_write_speed_x = 0;
  uint8_t first_track = 0, last_track = 0;  // the TOC header
  std::vector<SurveyTrack> tracks;          // the TOC's entries, lead-out excluded (none on a blank disc)
  std::vector<mmc::TocSession> sessions;    // closed sessions
  std::vector<std::string> quirks;          // "quirk: what happened", as in a burn report
};

// `caps` is page 2Ah as already read; `disc` says whether there is a TOC to read.
Result<DiscSurvey> surveyDisc(mmc::Drive& drive, const mmc::Capabilities& caps, const mmc::DiscInformation& disc,
                              const QuirkWorkarounds& workarounds = {});

}  // namespace dm::burn
