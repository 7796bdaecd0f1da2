// The frame around every burn (see burn_run.h).
#include "engine/burn/burn_run.h"

namespace dm::burn {

BurnReport BurnRun::run() {
  report_.device = drive_.transport().describe();
  report_.virtual_clock = drive_.clock().isVirtual();
  report_.simulate = options_.simulate;
  report_.requested_speed_x = options_.speed_x;
  // The drive layer's busy retry is one of the workarounds: switched for this burn only.
  const uint32_t busy_before = drive_.busyRetries();
  drive_.setWaitOutBusy(options_.workarounds.wait_out_busy_answers);
  Status s = burn();
  if (s.ok() && options_.eject) s = drive_.eject().withPrefix("eject after burn");
  // The tray lock is released whatever happened, so a failed burn never leaves it locked.
  if (locked_) (void)drive_.lockTray(false);
  drive_.setWaitOutBusy(true);
  quirks_.noteBusyRetries(busy_before);
  report_.status = s;
  report_.quirks = quirks_.met();
  report_.total_time = progress_.elapsed();
  progress_.enterPhase(Phase::kDone, {});
  if (sink_) sink_->onComplete(s);
  return report_;
}

Status BurnRun::lockTray() {
  DM_TRY(drive_.lockTray(true));
  locked_ = true;
  return Status::Ok();
}

Status BurnRun::readBackAtOnceSession() {
  DM_ASSIGN_OR_RETURN(mmc::DiscInformation disc, drive_.discInformation());
  report_.disc_after = std::string(mmc::discStatusName(disc.status));
  report_.sessions_after = disc.sessions;
  if (options_.simulate) {
    if (disc.status != mmc::DiscStatus::kBlank && report_.disc_before == "blank") {
      return Status(ResultCode::kGeneric, "simulation changed the disc: it is no longer blank");
    }
    return Status::Ok();
  }
  for (TrackReport& t : report_.tracks) {
    DM_ASSIGN_OR_RETURN(mmc::TrackInformation info, drive_.trackInformation(mmc::TrackAddressType::kTrack, t.number));
    t.size_after = info.track_size;
  }
  if (!report_.tracks.empty()) report_.track_size_after = report_.tracks.front().size_after;
  return Status::Ok();
}

Status BurnRun::waitOut(const std::function<Status()>& step, bool& cancelled) {
  cancelled = false;
  if (sink_ == nullptr) return step();
  // Once the host has said yes it is not asked again: the answer stands until the step is over.
  drive_.setWaitListener([&] {
    if (cancelled) return;
    ++report_.closing_cancel_polls;
    cancelled = sink_->queryCancel();
  });
  Status s = step();
  drive_.setWaitListener({});
  return s;
}

Status BurnRun::closeOut(const std::function<Status()>& step) {
  if (sink_ == nullptr || cancelRefused()) return step();  // a refused cancel stands for the rest
  std::optional<Duration> asked;
  drive_.setWaitListener([&] {
    if (asked) return;
    ++report_.closing_cancel_polls;
    if (sink_->queryCancel()) asked = progress_.elapsed();
  });
  Status s = step();
  drive_.setWaitListener({});
  if (asked) {
    report_.cancel_refused_at = *asked;
    report_.cancel_refused_phase = std::string(phaseName(progress_.phase()));
  }
  return s;
}

}  // namespace dm::burn
