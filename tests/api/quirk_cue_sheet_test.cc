// cue_sheet_isrc_control_rejected: a drive that takes ISRC cue sheet entries only with CONTROL 0.
// With the engine's workaround the Disc-At-Once burn sends the sheet again in that dialect and the
// disc carries every ISRC and each track's CONTROL (copy, pre-emphasis) from its position entries;
// without it the burn stops at SEND CUE SHEET with 05/26/00 and the disc stays blank.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "engine/burn/dao_burner.h"
#include "tools/glue/virtual_transport.h"

namespace dm::burn {
namespace {

class Tone final : public SectorSource {
 public:
  explicit Tone(uint32_t blocks) : blocks_(blocks) {}
  uint32_t blockSize() const override { return 2352; }
  uint32_t totalBlocks() const override { return blocks_; }
  Status readBlocks(uint32_t first, uint32_t count, std::span<uint8_t> out) const override {
    for (size_t i = 0; i < size_t{count} * 2352; ++i) out[i] = static_cast<uint8_t>((first * 2352 + i) * 13);
    return Status::Ok();
  }

 private:
  uint32_t blocks_;
};

struct IsrcDisc {
  Tone one{450}, two{375};
  DaoDisc disc;
  IsrcDisc() {
    DaoTrack a;
    a.source = &one;
    a.isrc = "DEA123400001";
    a.copy_permitted = true;
    DaoTrack b;
    b.source = &two;
    b.isrc = "DEA123400002";
    b.pre_emphasis = true;
    disc.tracks = {a, b};
  }
};

struct QuirkyRecorder {
  QuirkyRecorder() {
    vrec::DriveProfile profile = vrec::DriveProfile::defaultCdRecorder();
    profile.quirks.set(vrec::Quirk::kCueSheetIsrcControlRejected);
    recorder = std::make_unique<vrec::Recorder>(std::move(profile), vrec::Medium::blank(vrec::MediumKind::kCdR80));
    transport = std::make_unique<glue::VirtualTransport>(*recorder, "virtual:quirky");
    drive = std::make_unique<mmc::Drive>(*transport);
  }
  std::unique_ptr<vrec::Recorder> recorder;
  std::unique_ptr<glue::VirtualTransport> transport;
  std::unique_ptr<mmc::Drive> drive;
};

TEST(QuirkCueSheet, IsrcEntriesAreSentAgainWithoutControlBits) {
  QuirkyRecorder d;
  IsrcDisc disc;
  BurnOptions options;
  options.verify = true;
  const BurnReport r = burnDiscAtOnce(*d.drive, disc.disc, options);
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  EXPECT_TRUE(r.verified);
  EXPECT_TRUE(std::any_of(r.quirks.begin(), r.quirks.end(), [](const std::string& q) {
    return q.starts_with("cue_sheet_isrc_control_rejected:") && q.find("its 4 ISRC entries") != std::string::npos;
  })) << "the report names the quirk it met";
  const auto& tracks = d.recorder->medium().tracks();
  ASSERT_EQ(tracks.size(), 2u);
  EXPECT_EQ(tracks[0].isrc, "DEA123400001");
  EXPECT_EQ(tracks[1].isrc, "DEA123400002");
  EXPECT_EQ(tracks[0].control & 0x02, 0x02) << "copy permitted still comes from the position entries";
  EXPECT_EQ(tracks[1].control & 0x01, 0x01) << "pre-emphasis too";
  EXPECT_EQ(d.recorder->medium().status(), vrec::DiscStatus::kComplete);
}

TEST(QuirkCueSheet, WithoutTheWorkaroundTheBurnStopsAtTheCueSheet) {
  QuirkyRecorder d;
  IsrcDisc disc;
  BurnOptions options;
  options.workarounds.cue_sheet_dialects = false;
  const BurnReport r = burnDiscAtOnce(*d.drive, disc.disc, options);
  ASSERT_FALSE(r.status.ok());
  const auto& sense = r.status.context().sense;
  ASSERT_TRUE(sense.has_value()) << r.status.toString();
  EXPECT_EQ(sense->key, 0x05);
  EXPECT_EQ(sense->asc, 0x26);
  EXPECT_NE(r.status.message().find("sending the cue sheet"), std::string::npos) << r.status.toString();
  EXPECT_EQ(d.recorder->medium().status(), vrec::DiscStatus::kBlank) << "nothing was written";
  EXPECT_EQ(r.blocks_written, 0u);
}

TEST(QuirkCueSheet, ASheetWithoutControlledIsrcEntriesIsNotTouched) {
  QuirkyRecorder d;
  IsrcDisc disc;
  for (DaoTrack& t : disc.disc.tracks) t.copy_permitted = t.pre_emphasis = false;  // CONTROL 0 everywhere
  const BurnReport r = burnDiscAtOnce(*d.drive, disc.disc, BurnOptions{});
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  EXPECT_TRUE(r.quirks.empty()) << r.quirks.front();
  EXPECT_EQ(d.recorder->medium().tracks()[1].isrc, "DEA123400002");
}

}  // namespace
}  // namespace dm::burn
