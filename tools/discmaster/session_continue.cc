// Staging a new session for an appendable disc (see session_continue.h).
#include "tools/discmaster/session_continue.h"

#include <chrono>

#include "engine/api/session_append.h"

namespace dm::cli {

Status continueLastSession(mmc::Drive& drive, StageOptions& stage, bool continue_data) {
  // No disc, or none that answers: nothing to continue; the burn itself says what is wrong.
  if (!drive.waitUntilReady(std::chrono::seconds(60)).ok()) return Status::Ok();
  const Result<mmc::DiscInformation> disc = drive.discInformation();
  if (!disc.ok() || disc->status != mmc::DiscStatus::kAppendable) return Status::Ok();
  DM_ASSIGN_OR_RETURN(mmc::SessionInfo info, drive.sessionInfo());
  DM_ASSIGN_OR_RETURN(mmc::TrackInformation last,
                      drive.trackInformation(mmc::TrackAddressType::kTrack, info.first_track_last_session));
  if ((last.track_mode & 0x04) == 0 || !continue_data) {
    DM_ASSIGN_OR_RETURN(mmc::TrackInformation next,
                        drive.trackInformation(mmc::TrackAddressType::kTrack, mmc::kInvisibleTrack));
    stage.session_start = static_cast<uint32_t>(next.writableStart());
    return Status::Ok();
  }
  DM_ASSIGN_OR_RETURN(api::AppendTarget target, api::readAppendTarget(drive));
  stage.base = std::move(target.session.tree);
  stage.session_start = target.next_writable;
  return Status::Ok();
}

}  // namespace dm::cli
