// The DVD data burner against a scripted DVD recorder: the exact command sequence per medium
// (DVD-R DAO and incremental, DVD+R closed and open, DVD+RW blank and formatted), the page 05
// fields, the refusals (simulation without Test Write, CD burns, disc full, closed disc), cancel,
// verify, and the routing by profile.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <map>
#include <string>
#include <vector>

#include "engine/burn/dvd_burner.h"
#include "engine/burn/medium_kind.h"
#include "tests/engine/fake_dvd_recorder.h"
#include "tests/engine/scripted_transport.h"

namespace dm::burn {
namespace {

using testing::ScriptedTransport;
using testing_fakes::FakeDvdRecorder;
using testing_fakes::get32;
using testing_fakes::PatternSource;

struct Burn {
  FakeDvdRecorder fake;
  BurnReport run(uint32_t image_blocks, const BurnOptions& options, ProgressSink* sink = nullptr) {
    ScriptedTransport t(std::ref(fake));
    mmc::Drive drive(t);
    PatternSource source(image_blocks);
    return burnDvdData(drive, source, options, sink);
  }
};

std::vector<std::string> writes(uint32_t from, uint32_t blocks, uint32_t chunk) {
  std::vector<std::string> out;
  for (uint32_t done = 0; done < blocks; done += chunk) out.push_back(fmt::format("WRITE {}+{}", from + done, std::min(chunk, blocks - done)));
  return out;
}

std::vector<std::string> join(std::initializer_list<std::vector<std::string>> parts) {
  std::vector<std::string> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

const std::vector<std::string> kIdentify{"INQUIRY", "GET CONFIGURATION", "MODE SENSE 2A", "READ DISC INFORMATION"};

TEST(DvdBurner, DvdPlusRClosedIsWrittenAtTheNwaClosedAndFinalized) {
  Burn b;
  b.fake.nwa = 0;
  BurnOptions options;
  options.speed_x = 8;
  const BurnReport r = b.run(100, options);  // 100 blocks -> 112, seven ECC blocks
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  EXPECT_EQ(b.fake.commands(),
            join({kIdentify,
                  {"READ TRACK INFORMATION track FF", "SET STREAMING", "MODE SENSE 2A", "PREVENT 1"},
                  writes(0, 112, 32),
                  {"SYNCHRONIZE CACHE", "CLOSE 1 track 1", "CLOSE 5 track 0", "READ DISC INFORMATION",
                   "READ TRACK INFORMATION lba 0", "PREVENT 0"}}));
  EXPECT_TRUE(b.fake.selected_page.empty());  // no page 05 on DVD+R
  EXPECT_EQ(r.medium, "DVD+R");
  EXPECT_EQ(r.write_mode, "DVD+R sequential");
  EXPECT_EQ(r.image_blocks, 100u);
  EXPECT_EQ(r.padding_blocks, 12u);
  EXPECT_EQ(r.blocks_written, 112u);
  EXPECT_EQ(b.fake.blocks.at(99)[0], 100);  // image block 99
  EXPECT_EQ(b.fake.blocks.at(100)[0], 0);   // padding to the ECC block is zeros
  // 8x DVD asked of SET STREAMING as 11,080 kB per second over the whole disc.
  ASSERT_EQ(b.fake.streaming.size(), 28u);
  EXPECT_EQ(get32(&b.fake.streaming[8]), 2295104u - 1);
  EXPECT_EQ(get32(&b.fake.streaming[20]), 11080u);
  EXPECT_EQ(get32(&b.fake.streaming[24]), 1000u);
  EXPECT_NEAR(r.accepted_speed_x, 4.0, 1e-9);  // page 2Ah's 5,540 kB/s in DVD 1x
  EXPECT_EQ(b.fake.last_prevent, 0);
}

TEST(DvdBurner, DvdPlusRMultisessionClosesTheSessionOnly) {
  Burn b;
  b.fake.disc_status = 1;
  b.fake.nwa = 30000;
  BurnOptions options;
  options.multisession = true;
  const BurnReport r = b.run(64, options);
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  EXPECT_EQ(b.fake.commands(),
            join({kIdentify,
                  {"READ TRACK INFORMATION track FF", "SET CD SPEED 65535", "MODE SENSE 2A", "PREVENT 1"},
                  writes(30000, 64, 32),
                  {"SYNCHRONIZE CACHE", "CLOSE 1 track 1", "CLOSE 2 track 0", "READ DISC INFORMATION",
                   "READ TRACK INFORMATION lba 30000", "PREVENT 0"}}));
  EXPECT_EQ(r.start_lba, 30000);
  EXPECT_EQ(r.disc_before, "appendable");
}

TEST(DvdBurner, DvdMinusRClosedIsDiscAtOnceWithAReservedTrack) {
  Burn b;
  b.fake.profile = 0x0011;
  b.fake.capacity = 2298496;
  BurnOptions options;
  const BurnReport r = b.run(1000, options);  // 1000 -> 1008 blocks
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  EXPECT_EQ(b.fake.commands(),
            join({kIdentify,
                  {"MODE SENSE 05", "MODE SELECT 05", "READ TRACK INFORMATION track FF", "SET CD SPEED 65535",
                   "MODE SENSE 2A", "PREVENT 1", "RESERVE TRACK 1008"},
                  writes(0, 1008, 32),
                  {"SYNCHRONIZE CACHE", "READ DISC INFORMATION", "READ TRACK INFORMATION lba 0", "PREVENT 0"}}));
  const std::vector<uint8_t>& p = b.fake.selected_page;
  ASSERT_GE(p.size(), 16u);
  EXPECT_EQ(p[2], 0x40 | 0x02);  // BUFE, DAO, no test write, no LS_V
  EXPECT_EQ(p[3], 0x05);         // no next session, track mode 5
  EXPECT_EQ(p[4], 0x08);         // Mode 1, 2048 bytes
  EXPECT_EQ(p[15], 0x96);        // untouched fields go back as read
  EXPECT_EQ(r.write_mode, "DVD-R DAO");
  EXPECT_EQ(r.write_type, mmc::WriteType::kSessionAtOnce);
}

TEST(DvdBurner, DvdMinusRMultisessionIsIncrementalWithLinkSizeAndFixedPackets) {
  Burn b;
  b.fake.profile = 0x0011;
  BurnOptions options;
  options.multisession = true;
  options.simulate = true;
  const BurnReport r = b.run(40, options);
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  EXPECT_EQ(b.fake.commands(),
            join({kIdentify,
                  {"MODE SENSE 05", "MODE SELECT 05", "READ TRACK INFORMATION track FF", "SET CD SPEED 65535",
                   "MODE SENSE 2A", "PREVENT 1"},
                  writes(0, 48, 32),
                  {"SYNCHRONIZE CACHE", "CLOSE 1 track 1", "CLOSE 2 track 0", "READ DISC INFORMATION", "PREVENT 0"}}));
  const std::vector<uint8_t>& p = b.fake.selected_page;
  ASSERT_GE(p.size(), 16u);
  EXPECT_EQ(p[2], 0x40 | 0x20 | 0x10 | 0x00);  // BUFE, LS_V, Test Write, incremental
  EXPECT_EQ(p[3], 0xC0 | 0x20 | 0x05);         // next session allowed, FP, track mode 5
  EXPECT_EQ(p[4], 0x08);
  EXPECT_EQ(p[5], 16);                         // link size
  EXPECT_EQ(get32(&p[10]), 16u);               // packet size
  EXPECT_EQ(r.write_mode, "DVD-R incremental");
  EXPECT_TRUE(r.simulate);
}

TEST(DvdBurner, ARefusedCloseFailsARealBurnButNotASimulation) {
  Burn real;
  real.fake.profile = 0x0011;
  real.fake.refuse_close = true;
  BurnOptions options;
  options.multisession = true;
  const BurnReport r = real.run(40, options);
  EXPECT_EQ(r.status.code(), ResultCode::kInitializeEndWrite) << r.status.toString();
  EXPECT_NE(r.status.message().find("closing track 1"), std::string::npos) << r.status.message();
  EXPECT_EQ(real.fake.last_prevent, 0);

  Burn simulated;
  simulated.fake.profile = 0x0011;
  simulated.fake.refuse_close = true;
  options.simulate = true;
  const BurnReport s = simulated.run(40, options);
  EXPECT_TRUE(s.status.ok()) << s.status.toString();
  EXPECT_EQ(s.disc_after, "blank");
}

TEST(DvdBurner, DvdMinusRAppendableWithoutMultisessionClosesTheDiscIncrementally) {
  Burn b;
  b.fake.profile = 0x0014;  // DVD-RW sequential
  b.fake.disc_status = 1;
  b.fake.nwa = 5000;
  const BurnReport r = b.run(16, {});
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  EXPECT_EQ(r.write_mode, "DVD-R incremental");
  EXPECT_EQ(b.fake.selected_page[3] & 0xC0, 0x00);  // no next session: the border-out closes the disc
  EXPECT_EQ(b.fake.count("RESERVE TRACK"), 0u);
  EXPECT_EQ(b.fake.count("CLOSE 2"), 1u);
}

TEST(DvdBurner, BlankDvdPlusRwIsFormattedThenWrittenFromZeroAndTheFormatStopped) {
  Burn b;
  b.fake.profile = 0x001A;
  const BurnReport r = b.run(20, {});
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  EXPECT_EQ(b.fake.commands(),
            join({kIdentify,
                  {"READ TRACK INFORMATION track 1", "SET CD SPEED 65535", "MODE SENSE 2A", "PREVENT 1", "FORMAT UNIT"},
                  writes(0, 32, 32),
                  {"SYNCHRONIZE CACHE", "CLOSE 2 track 0", "READ DISC INFORMATION", "READ TRACK INFORMATION lba 0",
                   "PREVENT 0"}}));
  EXPECT_EQ(b.fake.format_list,
            (std::vector<uint8_t>{0x00, 0x82, 0x00, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0x26 << 2, 0, 0, 0}));
  EXPECT_TRUE(b.fake.selected_page.empty());
  EXPECT_EQ(r.write_mode, "DVD+RW overwrite");
}

TEST(DvdBurner, FormattedDvdPlusRwIsOverwrittenWithoutFormatting) {
  Burn b;
  b.fake.profile = 0x001A;
  b.fake.disc_status = 2;  // formatted DVD+RW reads as complete
  b.fake.nwa = 0;
  const BurnReport r = b.run(20, {});
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  EXPECT_EQ(b.fake.count("FORMAT UNIT"), 0u);
  EXPECT_EQ(b.fake.count("WRITE 0+32"), 1u);
}

TEST(DvdBurner, SimulationOnDvdPlusMediaAndBdIsRefusedBeforeAnything) {
  for (const uint16_t profile : {0x001B, 0x002B, 0x001A, 0x0041, 0x0043}) {
    Burn b;
    b.fake.profile = profile;
    BurnOptions options;
    options.simulate = true;
    const BurnReport r = b.run(100, options);
    EXPECT_EQ(r.status.code(), ResultCode::kMediumInvalidType) << profile;
    EXPECT_NE(r.status.message().find(fmt::format("the disc is {}, which has no Test Write", mmc::profileName(profile))),
              std::string::npos)
        << r.status.message();
    EXPECT_EQ(b.fake.commands(), (std::vector<std::string>{"INQUIRY", "GET CONFIGURATION"})) << profile;
  }
}

TEST(DvdBurner, CdDvdRamAndBdRandomRecordingAreNotWrittenHere) {
  Burn cd;
  cd.fake.profile = 0x0009;
  const BurnReport r = cd.run(100, {});
  EXPECT_EQ(r.status.code(), ResultCode::kMediumInvalidType);
  EXPECT_NE(r.status.message().find("the disc is CD-R"), std::string::npos);
  for (const uint16_t profile : {0x0012, 0x0042}) {
    Burn other;
    other.fake.profile = profile;
    const BurnReport r2 = other.run(100, {});
    EXPECT_EQ(r2.status.code(), ResultCode::kMediumInvalidType) << profile;
    EXPECT_NE(r2.status.message().find(fmt::format("the disc is {}; data is written on", mmc::profileName(profile))),
              std::string::npos)
        << r2.status.message();
    EXPECT_EQ(other.fake.count("WRITE"), 0u);
  }
  EXPECT_EQ(cd.fake.count("WRITE"), 0u);
}

TEST(DvdBurner, TooBigIsDiscFullBeforeAnyWrite) {
  Burn b;
  b.fake.capacity = 1000;
  const BurnReport r = b.run(990, {});  // 990 -> 992 fits; with NWA 10 it does not
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  Burn full;
  full.fake.capacity = 1000;
  full.fake.nwa = 10;
  full.fake.disc_status = 1;
  const BurnReport r2 = full.run(990, {});
  EXPECT_EQ(r2.status.code(), ResultCode::kDiscFull);
  EXPECT_NE(r2.status.message().find("needs 992 blocks (990 padded to whole 32 KiB ECC blocks); the DVD+R has 990 free"),
            std::string::npos)
      << r2.status.message();
  EXPECT_EQ(full.fake.count("WRITE"), 0u);
  EXPECT_EQ(full.fake.count("PREVENT 1"), 0u);
}

TEST(DvdBurner, ClosedDiscIsRefusedBeforeAnyWrite) {
  Burn b;
  b.fake.disc_status = 2;
  const BurnReport r = b.run(100, {});
  EXPECT_EQ(r.status.code(), ResultCode::kCannotWriteToMedia);
  EXPECT_NE(r.status.message().find("the DVD+R is closed"), std::string::npos) << r.status.message();
  EXPECT_EQ(b.fake.count("WRITE"), 0u);
}

TEST(DvdBurner, SpeedFallsBackToSetCdSpeedInDvdUnits) {
  Burn b;
  b.fake.streaming_supported = false;
  BurnOptions options;
  options.speed_x = 4;
  const BurnReport r = b.run(16, options);
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  EXPECT_EQ(b.fake.count("SET STREAMING"), 1u);
  EXPECT_EQ(b.fake.count("SET CD SPEED 5540"), 1u);
}

TEST(DvdBurner, CancelFlushesClosesTheTrackAndUnlocks) {
  struct CancelAfter final : ProgressSink {
    int polls = 0;
    bool queryCancel() override { return ++polls > 2; }
  } sink;
  Burn b;
  const BurnReport r = b.run(1000, {}, &sink);
  EXPECT_EQ(r.status.code(), ResultCode::kUserAbort);
  EXPECT_EQ(b.fake.count("WRITE"), 2u);
  const std::vector<std::string> cmds = b.fake.commands();
  const std::vector<std::string> tail{"WRITE 32+32", "SYNCHRONIZE CACHE", "CLOSE 1 track 1", "READ DISC INFORMATION", "PREVENT 0"};
  ASSERT_GE(cmds.size(), tail.size());
  EXPECT_TRUE(std::equal(tail.begin(), tail.end(), cmds.end() - static_cast<ptrdiff_t>(tail.size())));
  EXPECT_EQ(b.fake.last_prevent, 0);
}

TEST(DvdBurner, VerifyReadsTheImageAndPaddingBack) {
  Burn b;
  BurnOptions options;
  options.verify = true;
  const BurnReport r = b.run(100, options);
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  EXPECT_TRUE(r.verified);
  EXPECT_EQ(r.verify_blocks, 112u);
  EXPECT_EQ(b.fake.count("READ 0+32"), 1u);
}

TEST(DvdBurner, MediumKindsFromProfiles) {
  EXPECT_EQ(mediumKind(0x0009), MediumKind::kCd);
  EXPECT_EQ(mediumKind(0x0011), MediumKind::kDvdMinusR);
  EXPECT_EQ(mediumKind(0x0014), MediumKind::kDvdMinusR);
  EXPECT_EQ(mediumKind(0x0015), MediumKind::kDvdMinusR);
  EXPECT_EQ(mediumKind(0x001B), MediumKind::kDvdPlusR);
  EXPECT_EQ(mediumKind(0x002B), MediumKind::kDvdPlusR);
  EXPECT_EQ(mediumKind(0x001A), MediumKind::kDvdPlusRw);
  EXPECT_EQ(mediumKind(0x0041), MediumKind::kBdR);
  EXPECT_EQ(mediumKind(0x0042), MediumKind::kBdRRandom);
  EXPECT_EQ(mediumKind(0x0043), MediumKind::kBdRe);
  EXPECT_EQ(mediumKind(0x0010), MediumKind::kReadOnly);
  EXPECT_TRUE(hasTestWrite(MediumKind::kDvdMinusR));
  EXPECT_FALSE(hasTestWrite(MediumKind::kDvdPlusR));
  EXPECT_FALSE(hasTestWrite(MediumKind::kBdR));
  EXPECT_FALSE(hasTestWrite(MediumKind::kBdRe));
  EXPECT_EQ(writeUnitBlocks(MediumKind::kDvdPlusR), 16u);
  EXPECT_EQ(writeUnitBlocks(MediumKind::kBdR), 32u);
  EXPECT_EQ(writeUnitBlocks(MediumKind::kCd), 1u);
  EXPECT_EQ(dvdPaddedBlocks(1), 16u);
  EXPECT_EQ(dvdPaddedBlocks(32), 32u);
  EXPECT_EQ(dvdPaddedBlocks(33), 48u);
}

TEST(DvdBurner, RoutingByProfile) {
  for (const auto& [profile, dvd] : std::vector<std::pair<uint16_t, bool>>{{0x0009, false}, {0x000A, false}, {0x0011, true}, {0x001B, true}, {0x001A, true}, {0x0041, true}, {0x0043, true}}) {
    FakeDvdRecorder fake;
    fake.profile = profile;
    ScriptedTransport t(std::ref(fake));
    mmc::Drive drive(t);
    EXPECT_EQ(dataBurnNeedsDvdBurner(drive), dvd) << profile;
  }
}

}  // namespace
}  // namespace dm::burn
