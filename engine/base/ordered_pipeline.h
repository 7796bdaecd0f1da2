// runOrdered: work whose steps can be prepared in parallel but must be finished in order — an
// image whose chunks are read from many small files by worker threads while the calling thread
// writes them out one after another. At most `window` steps are prepared ahead of the one being
// finished, each into its own slot, so memory stays bounded whatever the number of steps.
#pragma once

#include <cstddef>
#include <functional>

#include "engine/base/result.h"

namespace dm {

struct OrderedPipeline {
  size_t steps = 0;
  unsigned workers = 2;  // threads preparing steps (0: the calling thread prepares each itself)
  size_t window = 8;     // slots: steps prepared ahead of the one being finished
  // Prepares step `k` into slot `slot` (< window); runs on a worker thread, several at once.
  std::function<Status(size_t k, size_t slot)> prepare;
  // Finishes step `k` from slot `slot`; runs on the calling thread, in step order.
  std::function<Status(size_t k, size_t slot)> finish;
};

// The first error in step order (of prepare or finish) stops the work: no later step is finished,
// and the workers are stopped and joined before this returns.
Status runOrdered(const OrderedPipeline& pipeline);

}  // namespace dm
