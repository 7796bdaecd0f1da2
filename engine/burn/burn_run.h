// BurnRun: what every burn (Track-At-Once, Disc-At-Once) keeps and does around its own steps —
// the drive, options and sink, the report it fills, the quirk handler, the write progress — and
// the frame run() puts around a burn: the report's header first; afterwards the eject when asked,
// the tray unlocked whatever happened, the result, the quirks met, the time, and onComplete.
#pragma once

#include <functional>

#include "engine/burn/burn_report.h"
#include "engine/burn/progress.h"
#include "engine/burn/quirk_workarounds.h"
#include "engine/burn/tao_burner.h"
#include "engine/burn/write_progress.h"
#include "engine/mmc/drive.h"

namespace dm::burn {

class BurnRun {
 public:
  virtual ~BurnRun() = default;
  BurnReport run();

 protected:
  BurnRun(mmc::Drive& drive, const BurnOptions& options, ProgressSink* sink)
      : drive_(drive), options_(options), sink_(sink), quirks_(drive, options.workarounds),
        progress_(drive, sink, report_, quirks_) {}
  // The burn itself, from preparing the drive to reading the disc back.
  virtual Status burn() = 0;
  Status lockTray();
  // After a session written at once (Disc-At-Once, raw): the disc's state and sessions into the
  // report, a simulation checked to have left a blank disc blank, each track's size as recorded.
  Status readBackAtOnceSession();
  // Runs `step`, a flush or close the drive is waited out for, with QueryCancel asked at every
  // poll of the busy drive; `cancelled` says whether the host asked. The drive cannot be stopped
  // mid-step, so the caller decides what the cancel does once the step is over.
  Status waitOut(const std::function<Status()>& step, bool& cancelled);
  // The steps that end the session once every block is sent (the last flush, CLOSE SESSION, a
  // Disc-At-Once or raw lead-out, a DVD's close): a cancel during them is refused — the step runs
  // to its end and the report says when the cancel came.
  Status closeOut(const std::function<Status()>& step);
  // Whether a cancel was refused while closing: the verify that would follow is skipped.
  bool cancelRefused() const { return report_.cancel_refused_at.has_value(); }

  mmc::Drive& drive_;
  const BurnOptions& options_;
  ProgressSink* sink_;
  BurnReport report_;  // before progress_, which keeps a reference to it
  QuirkHandler quirks_;
  WriteProgress progress_;

 private:
  bool locked_ = false;
};

}  // namespace dm::burn
