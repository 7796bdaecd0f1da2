// Names of burn phases, as reports and --json print them.
#include "engine/burn/progress.h"

namespace dm::burn {

std::string_view phaseName(Phase p) {
  switch (p) {
    case Phase::kPreparing: return "preparing";
    case Phase::kWriting: return "writing";
    case Phase::kFlushing: return "flushing";
    case Phase::kClosing: return "closing";
    case Phase::kVerifying: return "verifying";
    case Phase::kDone: return "done";
  }
  return "unknown";
}

}  // namespace dm::burn
