// The modelled host (see host_feed.h).
#include "tools/scenario/host_feed.h"

#include <algorithm>
#include <cmath>

namespace dm::scenario {

HostFeed::HostFeed(const burn::SectorSource& inner, vrec::Recorder& recorder, std::optional<double> bytes_per_second,
                   const std::vector<Stall>& stalls, double jitter_fraction, uint64_t seed, uint32_t first_disc_block,
                   std::optional<uint32_t> disc_blocks)
    : inner_(inner), recorder_(recorder), bytes_per_second_(bytes_per_second), jitter_(jitter_fraction),
      random_state_(seed * 0x9E3779B97F4A7C15ULL + 0x2545F4914F6CDD1DULL) {
  const double total = disc_blocks.value_or(inner.totalBlocks());
  for (const Stall& s : stalls) {
    const auto at = static_cast<int64_t>(std::floor(s.at_fraction * total)) - first_disc_block;
    // A stall belongs to the track whose blocks hold its position (the last track takes 100 %).
    if (at < 0 || at > static_cast<int64_t>(inner.totalBlocks())) continue;
    if (at == static_cast<int64_t>(inner.totalBlocks()) && first_disc_block + inner.totalBlocks() < total) continue;
    stalls_.push_back({static_cast<uint32_t>(at), s.for_ns});
  }
  std::stable_sort(stalls_.begin(), stalls_.end(),
                   [](const PendingStall& a, const PendingStall& b) { return a.at_block < b.at_block; });
}

Status HostFeed::readBlocks(uint32_t first, uint32_t count, std::span<uint8_t> out) const {
  const uint32_t end = first + count;
  if (end > delivered_) {
    const uint32_t fresh = end - std::max(first, delivered_);
    int64_t wait = 0;
    if (bytes_per_second_) {
      double scale = 1.0;
      if (jitter_ > 0) {  // uniform in [1 - jitter, 1 + jitter]
        random_state_ ^= random_state_ << 13;
        random_state_ ^= random_state_ >> 7;
        random_state_ ^= random_state_ << 17;
        const double unit = static_cast<double>(random_state_ >> 11) / 9007199254740992.0;  // [0, 1)
        scale = 1.0 + jitter_ * (2.0 * unit - 1.0);
      }
      owed_ns_ += scale * static_cast<double>(fresh) * inner_.blockSize() * 1e9 / *bytes_per_second_;
      const double whole = std::floor(owed_ns_);
      owed_ns_ -= whole;
      wait += static_cast<int64_t>(whole);
      feed_ns_ += static_cast<int64_t>(whole);
    }
    while (next_stall_ < stalls_.size() && stalls_[next_stall_].at_block < end) {
      wait += stalls_[next_stall_].for_ns;
      stall_ns_ += stalls_[next_stall_].for_ns;
      ++next_stall_;
    }
    if (wait > 0) recorder_.advance(static_cast<vrec::Ticks>(wait));
    delivered_ = end;
  }
  return inner_.readBlocks(first, count, out);
}

}  // namespace dm::scenario
