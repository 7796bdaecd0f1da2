// ProgressPrinter: the burn's progress events shown to people (a cdrecord-style line on stderr,
// redrawn on a terminal, one line per MiB otherwise) or to machines (JSON Lines "progress" and
// "phase" objects). Times are on the transport's clock: virtual seconds on a virtual recorder.
#pragma once

#include "engine/burn/progress.h"
#include "tools/discmaster/output.h"

namespace dm::cli {

class ProgressPrinter final : public burn::ProgressSink {
 public:
  explicit ProgressPrinter(const Output& out);
  void onPhase(burn::Phase phase, Duration at, Duration estimate) override;
  void onBlocks(const burn::BlockProgress& p) override;

 private:
  const Output& out_;
  bool tty_;
  int last_step_ = -1;  // last printed step (see onBlocks)
};

}  // namespace dm::cli
