// ProgressEvents: IMAPI's IDiscMasterProgressEvents (imapi.md §1.6), the nine callbacks a program
// registers with DiscMaster::progressAdvise. Every method has a do-nothing default, so a sink
// overrides only what it cares about (IMAPI sinks return E_NOTIMPL for the rest).
// Order during a data burn: notifyPreparingBurn → notifyBlockProgress (first, some in between,
// last) → notifyClosingDisc → notifyBurnComplete; queryCancel is polled during addData and
// recordDisc, and true cancels with IMAPI_E_USERABORT.
#pragma once

#include "engine/base/result_code.h"

namespace dm::api {

class ProgressEvents {
 public:
  virtual ~ProgressEvents() = default;
  virtual bool queryCancel() { return false; }
  virtual void notifyPnPActivity() {}
  virtual void notifyAddProgress(long /*completed_steps*/, long /*total_steps*/) {}
  virtual void notifyBlockProgress(long /*completed*/, long /*total*/) {}
  virtual void notifyTrackProgress(long /*current_track*/, long /*total_tracks*/) {}
  virtual void notifyPreparingBurn(long /*estimated_seconds*/) {}
  virtual void notifyClosingDisc(long /*estimated_seconds*/) {}
  virtual void notifyBurnComplete(ResultCode /*status*/) {}
  virtual void notifyEraseComplete(ResultCode /*status*/) {}
};

}  // namespace dm::api
