// Test support for the quirk tests: a virtual recorder with chosen firmware quirks and the
// engine's drive on it, a data pattern to burn, and checks on the burn report.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

#include "engine/burn/tao_burner.h"
#include "tools/glue/virtual_transport.h"

namespace dm::burn {
namespace {

class Pattern final : public SectorSource {
 public:
  explicit Pattern(uint32_t blocks, uint32_t block_size = 2048) : blocks_(blocks), block_size_(block_size) {}
  uint32_t blockSize() const override { return block_size_; }
  uint32_t totalBlocks() const override { return blocks_; }
  Status readBlocks(uint32_t first, uint32_t count, std::span<uint8_t> out) const override {
    for (uint32_t b = 0; b < count; ++b) {
      std::fill_n(out.begin() + size_t{b} * block_size_, block_size_, static_cast<uint8_t>((first + b) * 7 + 1));
    }
    return Status::Ok();
  }

 private:
  uint32_t blocks_;
  uint32_t block_size_;
};

// One quirky recorder, the engine's transport and drive on it.
struct QuirkyDrive {
  explicit QuirkyDrive(std::initializer_list<vrec::Quirk> quirks) {
    vrec::DriveProfile profile = vrec::DriveProfile::defaultCdRecorder();
    for (vrec::Quirk q : quirks) profile.quirks.set(q);
    recorder = std::make_unique<vrec::Recorder>(std::move(profile), vrec::Medium::blank(vrec::MediumKind::kCdR80));
    transport = std::make_unique<glue::VirtualTransport>(*recorder, "virtual:quirky");
    drive = std::make_unique<mmc::Drive>(*transport);
  }
  BurnReport burn(const BurnOptions& options, uint32_t blocks = 600) {
    const Pattern source(blocks);
    BurnOptions o = options;
    o.verify = !o.simulate;  // read back and compare whenever there is something to compare
    return burnDataTrack(*drive, source, o);
  }
  // Track-At-Once tracks of `blocks` each, data or audio, with read-back verification.
  BurnReport burnTracks(size_t count, uint32_t blocks, TrackKind kind, const BurnOptions& options = {}) {
    const Pattern source(blocks, kind == TrackKind::kAudio ? 2352 : 2048);
    std::vector<TaoTrack> tracks(count);
    for (TaoTrack& t : tracks) {
      t.source = &source;
      t.kind = kind;
    }
    BurnOptions o = options;
    o.verify = true;
    return burnTaoTracks(*drive, tracks, o);
  }
  vrec::DiscStatus disc() const { return recorder->medium().status(); }

  std::unique_ptr<vrec::Recorder> recorder;
  std::unique_ptr<glue::VirtualTransport> transport;
  std::unique_ptr<mmc::Drive> drive;
};

bool met(const BurnReport& r, std::string_view quirk) {
  // A line names the quirk (or the quirks it cannot tell apart) before its ':'.
  return std::any_of(r.quirks.begin(), r.quirks.end(),
                     [&](const std::string& q) { return q.substr(0, q.find(':')).find(quirk) != std::string::npos; });
}

std::string senseOf(const BurnReport& r) {
  const auto& s = r.status.context().sense;
  if (!s) return "none";
  char text[16];
  std::snprintf(text, sizeof text, "%02X/%02X/%02X", s->key, s->asc, s->ascq);
  return text;
}

// Asserts a burn that worked: S_OK, the disc closed, the track read back equal to its source.
void expectGoodBurn(const BurnReport& r, const QuirkyDrive& d, std::string_view quirk) {
  EXPECT_TRUE(r.status.ok()) << r.status.toString();
  EXPECT_TRUE(r.verified);
  EXPECT_FALSE(r.verify_mismatch_lba.has_value());
  EXPECT_EQ(d.disc(), vrec::DiscStatus::kComplete);
  EXPECT_TRUE(quirk.empty() || met(r, quirk)) << quirk;
}

BurnOptions without(bool QuirkWorkarounds::*workaround) {
  BurnOptions o;
  o.workarounds.*workaround = false;
  return o;
}

}  // namespace
}  // namespace dm::burn
