// runOrdered: steps are finished in order whatever order the workers prepare them in, never more
// than `window` ahead, and the first failing step stops the work with its error.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/base/ordered_pipeline.h"

namespace dm {
namespace {

TEST(OrderedPipeline, FinishesEveryStepInOrderFromItsOwnSlot) {
  for (unsigned workers : {0u, 1u, 2u, 4u}) {
    OrderedPipeline p;
    p.steps = 200;
    p.workers = workers;
    p.window = 5;
    std::vector<size_t> slots(p.window);
    std::vector<size_t> finished;
    p.prepare = [&](size_t k, size_t slot) {
      // Uneven work so that workers overtake each other.
      if (k % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
      slots[slot] = k * 3;
      return Status::Ok();
    };
    p.finish = [&](size_t k, size_t slot) {
      EXPECT_EQ(slots[slot], k * 3) << "step " << k << " found another step's slot";
      finished.push_back(k);
      return Status::Ok();
    };
    ASSERT_TRUE(runOrdered(p).ok());
    ASSERT_EQ(finished.size(), 200u) << workers << " workers";
    for (size_t k = 0; k < finished.size(); ++k) EXPECT_EQ(finished[k], k);
  }
}

TEST(OrderedPipeline, NeverPreparesMoreThanTheWindowAhead) {
  OrderedPipeline p;
  p.steps = 100;
  p.workers = 3;
  p.window = 4;
  std::atomic<size_t> finished{0};
  std::atomic<size_t> worst_lead{0};
  p.prepare = [&](size_t k, size_t) {
    const size_t lead = k - finished.load();
    size_t seen = worst_lead.load();
    while (lead > seen && !worst_lead.compare_exchange_weak(seen, lead)) {
    }
    return Status::Ok();
  };
  p.finish = [&](size_t, size_t) {
    std::this_thread::sleep_for(std::chrono::microseconds(100));
    ++finished;
    return Status::Ok();
  };
  ASSERT_TRUE(runOrdered(p).ok());
  EXPECT_LT(worst_lead.load(), p.window);
}

TEST(OrderedPipeline, TheFirstFailingStepStopsTheWork) {
  OrderedPipeline p;
  p.steps = 1000;
  p.workers = 2;
  p.window = 6;
  std::mutex m;
  std::vector<size_t> finished;
  p.prepare = [](size_t k, size_t) {
    return k == 40 || k == 45 ? Status(ResultCode::kFileAccess, "step " + std::to_string(k) + " cannot be read")
                              : Status::Ok();
  };
  p.finish = [&](size_t k, size_t) {
    std::lock_guard lock(m);
    finished.push_back(k);
    return Status::Ok();
  };
  const Status s = runOrdered(p);
  EXPECT_EQ(s.code(), ResultCode::kFileAccess);
  EXPECT_EQ(s.message(), "step 40 cannot be read");
  ASSERT_EQ(finished.size(), 40u);
  EXPECT_EQ(finished.back(), 39u);
}

TEST(OrderedPipeline, AFailingFinishStopsTheWork) {
  OrderedPipeline p;
  p.steps = 50;
  p.workers = 2;
  p.window = 3;
  size_t finished = 0;
  p.prepare = [](size_t, size_t) { return Status::Ok(); };
  p.finish = [&](size_t k, size_t) {
    if (k == 10) return Status(ResultCode::kFileAccess, "disk full");
    ++finished;
    return Status::Ok();
  };
  EXPECT_EQ(runOrdered(p).message(), "disk full");
  EXPECT_EQ(finished, 10u);
}

}  // namespace
}  // namespace dm
