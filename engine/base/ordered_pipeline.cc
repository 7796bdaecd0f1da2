// runOrdered (see the header): a claim counter shared by the workers, one ready flag and result
// per slot, and one condition variable for both directions.
#include "engine/base/ordered_pipeline.h"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace dm {

Status runOrdered(const OrderedPipeline& p) {
  if (p.workers == 0 || p.window == 0) {
    for (size_t k = 0; k < p.steps; ++k) {
      DM_TRY(p.prepare(k, 0));
      DM_TRY(p.finish(k, 0));
    }
    return Status::Ok();
  }
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::optional<Status>> prepared(p.window);  // set when the slot's step is ready
  size_t next_claim = 0;                                  // the next step a worker takes
  size_t finished = 0;                                    // steps finished so far
  bool stop = false;

  auto work = [&] {
    for (;;) {
      size_t k = 0;
      {
        std::unique_lock lock(mutex);
        // A slot is free once the step that used it `window` steps earlier is finished.
        changed.wait(lock, [&] { return stop || next_claim >= p.steps || next_claim < finished + p.window; });
        if (stop || next_claim >= p.steps) return;
        k = next_claim++;
      }
      Status s = p.prepare(k, k % p.window);
      {
        std::lock_guard lock(mutex);
        prepared[k % p.window] = std::move(s);
      }
      changed.notify_all();
    }
  };
  std::vector<std::jthread> threads;
  threads.reserve(p.workers);
  for (unsigned i = 0; i < p.workers; ++i) threads.emplace_back(work);

  Status result;
  for (size_t k = 0; k < p.steps && result.ok(); ++k) {
    const size_t slot = k % p.window;
    Status ready;
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return prepared[slot].has_value(); });
      ready = std::move(*prepared[slot]);
    }
    result = ready.ok() ? p.finish(k, slot) : std::move(ready);
    {
      std::lock_guard lock(mutex);
      prepared[slot].reset();
      finished = k + 1;
      if (!result.ok()) stop = true;
    }
    changed.notify_all();
  }
  {
    std::lock_guard lock(mutex);
    stop = true;
  }
  changed.notify_all();
  return result;  // the jthreads join here, after their last step
}

}  // namespace dm
