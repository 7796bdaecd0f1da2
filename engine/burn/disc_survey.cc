// surveyDisc (see disc_survey.h).
#include "engine/burn/disc_survey.h"

#include <algorithm>
#include <functional>

namespace dm::burn {

Result<DiscSurvey> surveyDisc(mmc::Drive& drive, const mmc::Capabilities& caps, const mmc::DiscInformation& disc,
                              const QuirkWorkarounds& workarounds) {
  QuirkHandler quirks(drive, workarounds);
  DiscSurvey survey;
  DM_ASSIGN_OR_RETURN(survey.write_speeds_kbps, quirks.writeSpeeds(caps));
  std::sort(survey.write_speeds_kbps.begin(), survey.write_speeds_kbps.end(), std::greater<>());
  DM_ASSIGN_OR_RETURN(survey.selected_write_speed_x, quirks.selectedWriteSpeedX(caps));
  // A blank disc, or a first session still open, has no TOC yet.
  const bool has_toc = disc.status == mmc::DiscStatus::kComplete ||
                       (disc.status == mmc::DiscStatus::kAppendable &&
                        (disc.sessions >= 2 || disc.last_session == mmc::SessionState::kEmpty));
  if (has_toc) {
    DM_ASSIGN_OR_RETURN(mmc::Toc toc, quirks.toc());
    survey.first_track = toc.first_track;
    survey.last_track = toc.last_track;
    for (size_t i = 0; i + 1 < toc.entries.size(); ++i) {
      const mmc::TocEntry& e = toc.entries[i];
      SurveyTrack t;
      t.number = e.track;
      t.audio = (e.control & 0x04) == 0;
      t.start_lba = e.start_lba;
      // Up to the next entry: gaps and lead-in/lead-out of a later session included, as cd-info counts.
      t.blocks = static_cast<uint32_t>(std::max(0, toc.entries[i + 1].start_lba - e.start_lba));
      survey.tracks.push_back(t);
    }
    DM_ASSIGN_OR_RETURN(survey.sessions, quirks.sessions());
  }
  survey.quirks = quirks.met();
  return survey;
}

}  // namespace dm::burn
