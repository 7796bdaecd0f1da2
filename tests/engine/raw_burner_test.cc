// The raw burner against a scripted CD recorder: the command sequence, page 05 (write type 3,
// data block type 3), WRITE(10)s of 2448-byte blocks from the ATIP's lead-in start through the
// lead-out with nothing skipped, and the blocks themselves decoded — main data unscrambled and
// checked by hand against ECMA-130 (sync, BCD header, user data), Q de-interleaved and checked.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "engine/burn/raw_burner.h"
#include "engine/sector/scrambler.h"
#include "engine/sector/subchannel.h"
#include "tests/engine/scripted_transport.h"

namespace dm::burn {
namespace {

using testing::checkCondition;
using testing::good;
using testing::ScriptedTransport;

// Block b holds bytes of value (first + b) & 0xFF.
class PatternSource final : public SectorSource {
 public:
  PatternSource(uint32_t blocks, uint32_t bytes) : blocks_(blocks), bytes_(bytes) {}
  uint32_t blockSize() const override { return bytes_; }
  uint32_t totalBlocks() const override { return blocks_; }
  Status readBlocks(uint32_t first, uint32_t count, std::span<uint8_t> out) const override {
    for (uint32_t b = 0; b < count; ++b) std::fill_n(out.begin() + size_t{b} * bytes_, bytes_, static_cast<uint8_t>(first + b));
    return Status::Ok();
  }

 private:
  uint32_t blocks_, bytes_;
};

void put32(std::span<uint8_t> d, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) d[at + i] = static_cast<uint8_t>(v >> (24 - 8 * i));
}

int32_t lbaOf(const Cdb& cdb) {
  return static_cast<int32_t>((uint32_t{cdb.bytes[2]} << 24) | (uint32_t{cdb.bytes[3]} << 16) |
                              (uint32_t{cdb.bytes[4]} << 8) | cdb.bytes[5]);
}

// A scripted CD-R recorder with an ATIP lead-in at 97:26:66 (LBA −11634) that takes raw writes.
struct FakeRawRecorder {
  bool refuse_raw = false;  // MODE SELECT of write type 3 → 05/26/00
  std::vector<std::vector<uint8_t>> selected_pages;
  std::vector<std::pair<int32_t, uint32_t>> writes;  // LBA, blocks
  std::vector<uint32_t> write_bytes;
  std::set<int32_t> keep;  // blocks whose bytes are kept
  std::map<int32_t, std::vector<uint8_t>> blocks;
  uint8_t last_prevent = 0xFF;
  int cue_sheets = 0;

  CommandResult operator()(const Cdb& cdb, Direction direction, std::span<uint8_t> data) {
    if (direction == Direction::kFromDevice) std::fill(data.begin(), data.end(), 0);
    switch (cdb.opcode()) {
      case 0x12: {
        const std::string id = "FAKE    RAW RECORDER    0.01";
        std::copy(id.begin(), id.end(), data.begin() + 8);
        data[0] = 0x05;
        return good(36);
      }
      case 0x46: data[7] = 0x09; return good(8);
      case 0x5A: {
        const uint8_t page = cdb.bytes[2] & 0x3F;
        data[0] = static_cast<uint8_t>((data.size() - 2) >> 8);
        data[1] = static_cast<uint8_t>(data.size() - 2);
        if (page == 0x2A) {
          data[8] = 0x2A; data[9] = 0x1C; data[11] = 0x05; data[12] = 0x80;
          data[20] = 0x08;
          data[26] = 0x21; data[27] = 0x13;
          data[36] = 0x0B; data[37] = 0x06;
        } else {
          data[8] = 0x05; data[9] = 0x32;
        }
        return good(data.size());
      }
      case 0x55:
        selected_pages.emplace_back(data.begin(), data.end());
        if (refuse_raw && (data[8 + 2] & 0x0F) == 3) return checkCondition(0x05, 0x26, 0x00);
        return good(data.size());
      case 0x51: data[1] = 0x20; return good(34);
      case 0x43:  // ATIP: lead-in 97:26:66, last lead-out 79:59:74
        data[1] = 26; data[8] = 97; data[9] = 26; data[10] = 66; data[12] = 79; data[13] = 59; data[14] = 74;
        return good(28);
      case 0x52: data[7] = 0x01; put32(data, 16, 359849); return good(36);
      case 0x5D: ++cue_sheets; return good(data.size());
      case 0x2A: {
        const int32_t lba = lbaOf(cdb);
        const uint32_t n = (uint32_t{cdb.bytes[7]} << 8) | cdb.bytes[8];
        writes.emplace_back(lba, n);
        write_bytes.push_back(static_cast<uint32_t>(data.size() / n));
        for (uint32_t k = 0; k < n; ++k) {
          if (keep.contains(lba + static_cast<int32_t>(k))) {
            const size_t size = data.size() / n;
            blocks[lba + static_cast<int32_t>(k)].assign(data.begin() + static_cast<std::ptrdiff_t>(k * size),
                                                        data.begin() + static_cast<std::ptrdiff_t>((k + 1) * size));
          }
        }
        return good(data.size());
      }
      case 0x1E: last_prevent = cdb.bytes[4]; return good();
      case 0x5C: put32(data, 4, 2u << 20); put32(data, 8, 1u << 20); return good(12);
      default: return good();
    }
  }
};

std::array<uint8_t, 12> qOf(const std::vector<uint8_t>& block) {
  sector::SubchannelChannels channels;
  sector::deinterleaveSubchannel(std::span<const uint8_t, 96>(block.data() + 2352, 96), channels);
  std::array<uint8_t, 12> q;
  std::copy_n(channels.begin() + 12, 12, q.begin());
  return q;
}

TEST(RawBurner, WritesTheWholeDiscFromTheAtipLeadInThroughTheLeadOut) {
  FakeRawRecorder fake;
  fake.keep = {-11634, -150, 10, 300, 400};
  ScriptedTransport t(std::ref(fake));
  mmc::Drive drive(t);
  const PatternSource data(400, 2048);
  DaoDisc disc;
  DaoTrack track;
  track.source = &data;
  track.kind = TrackKind::kDataMode1;
  disc.tracks = {track};
  const BurnReport r = burnRaw(drive, disc, {});
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  EXPECT_EQ(r.write_type, mmc::WriteType::kRaw);

  const std::vector<uint8_t> ops = t.opcodes();
  const std::vector<uint8_t> prefix{0x00, 0x12, 0x46, 0x5A, 0x51, 0xBB, 0x5A, 0x43, 0x5A, 0x55, 0x52, 0x1E, 0x2A};
  ASSERT_GE(ops.size(), prefix.size());
  EXPECT_TRUE(std::equal(prefix.begin(), prefix.end(), ops.begin()));
  EXPECT_EQ(std::count(ops.begin(), ops.end(), 0x5D), 0);  // no cue sheet
  EXPECT_EQ(std::count(ops.begin(), ops.end(), 0x5B), 0);  // no CLOSE
  const auto sync = std::find(ops.begin(), ops.end(), 0x35);
  ASSERT_NE(sync, ops.end());
  EXPECT_EQ(std::find(sync, ops.end(), 0x2A), ops.end());  // SYNCHRONIZE CACHE after the last WRITE

  ASSERT_EQ(fake.selected_pages.size(), 1u);
  const std::vector<uint8_t>& page = fake.selected_pages[0];
  EXPECT_EQ(page[8 + 2] & 0x0F, 3);   // write type raw
  EXPECT_EQ(page[8 + 4] & 0x0F, 3);   // data block type 3: 2352 + 96 raw P–W
  EXPECT_EQ(page[8 + 3] & 0xC0, 0);   // no next session

  // Contiguous from −11634 to the end of the 6750-block lead-out, 2448 bytes a block.
  int32_t next = -11634;
  for (const auto& [lba, n] : fake.writes) {
    ASSERT_EQ(lba, next);
    next += static_cast<int32_t>(n);
  }
  EXPECT_EQ(next, 400 + 6750);
  EXPECT_TRUE(std::all_of(fake.write_bytes.begin(), fake.write_bytes.end(), [](uint32_t b) { return b == 2448; }));
  EXPECT_EQ(r.blocks_written, 11634u + 400 + 6750);
  EXPECT_EQ(fake.last_prevent, 0);

  // LBA 10, scrambled on the wire: the header 00 02 10 01 XOR the Annex B sequence 01 80 00 60.
  const std::vector<uint8_t>& b10 = fake.blocks.at(10);
  EXPECT_EQ(std::vector<uint8_t>(b10.begin() + 12, b10.begin() + 16), (std::vector<uint8_t>{0x01, 0x82, 0x10, 0x61}));
  std::array<uint8_t, 2352> main{};
  std::copy_n(b10.begin(), 2352, main.begin());
  sector::scramble(main);
  const std::vector<uint8_t> sync_header{0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00,
                                         0x00, 0x02, 0x10, 0x01};
  EXPECT_EQ(std::vector<uint8_t>(main.begin(), main.begin() + 16), sync_header);
  EXPECT_TRUE(std::all_of(main.begin() + 16, main.begin() + 16 + 2048, [](uint8_t v) { return v == 10; }));
  const auto q10 = qOf(b10);
  EXPECT_TRUE(sector::qCrcMatches(q10));
  EXPECT_EQ(std::vector<uint8_t>(q10.begin(), q10.begin() + 10),
            (std::vector<uint8_t>{0x41, 0x01, 0x01, 0x00, 0x00, 0x10, 0x00, 0x00, 0x02, 0x10}));

  // The lead-in's first block: a Mode 1 sector addressed 97:26:66 carrying TOC item POINT 01.
  const std::vector<uint8_t>& lead_in = fake.blocks.at(-11634);
  std::copy_n(lead_in.begin(), 2352, main.begin());
  sector::scramble(main);
  EXPECT_EQ(std::vector<uint8_t>(main.begin() + 12, main.begin() + 16), (std::vector<uint8_t>{0x97, 0x26, 0x66, 0x01}));
  const auto q_in = qOf(lead_in);
  EXPECT_EQ(q_in[1], 0x00);
  EXPECT_EQ(q_in[2], 0x01);
  // The pregap's first block and the lead-out's: track 1 index 0, then AAh.
  EXPECT_EQ(qOf(fake.blocks.at(-150))[2], 0x00);
  EXPECT_EQ(qOf(fake.blocks.at(400))[1], 0xAA);
}

TEST(RawBurner, AudioGoesAsItIsWithItsIsrcInQ) {
  FakeRawRecorder fake;
  fake.keep = {1, 5, 100};
  ScriptedTransport t(std::ref(fake));
  mmc::Drive drive(t);
  const PatternSource pcm(300, 2352);
  DaoDisc disc;
  DaoTrack track;
  track.source = &pcm;
  track.isrc = "USXYZ2600001";
  disc.tracks = {track};
  const BurnReport r = burnRaw(drive, disc, {});
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  const std::vector<uint8_t>& b5 = fake.blocks.at(5);
  EXPECT_TRUE(std::all_of(b5.begin(), b5.begin() + 2352, [](uint8_t v) { return v == 5; }));
  EXPECT_EQ(qOf(b5)[0], 0x01);
  // Phase 50 is block 0, which opens index 1: the ISRC frame is block 1; block 100 the next (phase 50 again).
  // U S X Y Z as 6-bit codes 25h 23h 28h 29h 2Ah, then 2 6 0 0 0 0 1 in BCD.
  const auto isrc = qOf(fake.blocks.at(1));
  EXPECT_TRUE(sector::qCrcMatches(isrc));
  EXPECT_EQ(std::vector<uint8_t>(isrc.begin(), isrc.begin() + 9),
            (std::vector<uint8_t>{0x03, 0x96, 0x3A, 0x29, 0xA8, 0x26, 0x00, 0x00, 0x10}));
  EXPECT_EQ(qOf(fake.blocks.at(100))[0], 0x03);
  ASSERT_EQ(r.tracks.size(), 1u);
  EXPECT_EQ(r.tracks[0].start_lba, 0);
  EXPECT_TRUE(r.tracks[0].audio);
}

TEST(RawBurner, ARefusedRawPageFailsBeforeAnyWriteNamingIt) {
  FakeRawRecorder fake;
  fake.refuse_raw = true;
  ScriptedTransport t(std::ref(fake));
  mmc::Drive drive(t);
  const PatternSource pcm(300, 2352);
  DaoDisc disc;
  DaoTrack track;
  track.source = &pcm;
  disc.tracks = {track};
  const BurnReport r = burnRaw(drive, disc, {});
  EXPECT_EQ(r.status.code(), ResultCode::kInitializeWrite);
  EXPECT_NE(r.status.message().find("refuses raw writing: page 05 with write type 3"), std::string::npos)
      << r.status.message();
  EXPECT_NE(r.status.toString().find("05/26/00"), std::string::npos) << r.status.toString();
  EXPECT_TRUE(fake.writes.empty());
  EXPECT_EQ(fake.last_prevent, 0xFF);  // the tray was never locked
}

TEST(RawBurner, ARefusedRawPageFallsBackToDiscAtOnceWhenAsked) {
  FakeRawRecorder fake;
  fake.refuse_raw = true;
  ScriptedTransport t(std::ref(fake));
  mmc::Drive drive(t);
  const PatternSource pcm(300, 2352);
  DaoDisc disc;
  DaoTrack track;
  track.source = &pcm;
  disc.tracks = {track};
  BurnOptions options;
  options.raw_fallback_to_dao = true;
  const BurnReport r = burnRaw(drive, disc, options);
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  EXPECT_EQ(r.write_type, mmc::WriteType::kSessionAtOnce);
  EXPECT_EQ(fake.cue_sheets, 1);
  ASSERT_FALSE(r.quirks.empty());
  EXPECT_NE(r.quirks.back().find("written Disc-At-Once"), std::string::npos);
  EXPECT_TRUE(std::all_of(fake.write_bytes.begin(), fake.write_bytes.end(), [](uint32_t b) { return b == 2352; }));
}

TEST(RawBurner, CancelStopsTheStreamAndUnlocksTheTray) {
  struct CancelAfter final : ProgressSink {
    int polls = 0;
    bool queryCancel() override { return ++polls > 5; }
  } sink;
  FakeRawRecorder fake;
  ScriptedTransport t(std::ref(fake));
  mmc::Drive drive(t);
  const PatternSource pcm(300, 2352);
  DaoDisc disc;
  DaoTrack track;
  track.source = &pcm;
  disc.tracks = {track};
  const BurnReport r = burnRaw(drive, disc, {}, &sink);
  EXPECT_EQ(r.status.code(), ResultCode::kUserAbort);
  EXPECT_EQ(fake.writes.size(), 5u);
  EXPECT_EQ(fake.last_prevent, 0);
}

TEST(RawBurner, MultisessionIsRefused) {
  FakeRawRecorder fake;
  ScriptedTransport t(std::ref(fake));
  mmc::Drive drive(t);
  const PatternSource pcm(300, 2352);
  DaoDisc disc;
  DaoTrack track;
  track.source = &pcm;
  disc.tracks = {track};
  BurnOptions options;
  options.multisession = true;
  const BurnReport r = burnRaw(drive, disc, options);
  EXPECT_EQ(r.status.code(), ResultCode::kInvalidArgument);
  EXPECT_TRUE(fake.writes.empty());
}

}  // namespace
}  // namespace dm::burn
