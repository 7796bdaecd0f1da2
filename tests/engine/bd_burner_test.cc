// The DVD/BD data burner on BD media against a scripted BD writer: the exact command sequence of a
// BD-R (closed and finalized 110b, or left appendable with CLOSE SESSION 010b; 32-block clusters
// at a cluster-aligned NWA) and of a BD-RE (blank: READ FORMAT CAPACITIES and FORMAT UNIT 30h
// quick; formatted: overwritten from LBA 0; SYNCHRONIZE CACHE and nothing to close), with the CDBs
// of the steps that differ from DVD checked byte for byte; speeds in BD 1x; the refusals
// (simulation before anything is sent, disc full before any write, a misaligned NWA); cancel;
// and the dry-run plan.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <string>
#include <vector>

#include "engine/burn/dvd_burner.h"
#include "tests/engine/fake_dvd_recorder.h"
#include "tests/engine/scripted_transport.h"

namespace dm::burn {
namespace {

using testing::ScriptedTransport;
using testing_fakes::FakeDvdRecorder;
using testing_fakes::get32;
using testing_fakes::PatternSource;

constexpr uint32_t kBdFull = 12'219'392;          // mmc.md §1.5: BD-R/RE SL, unformatted
constexpr uint32_t kBdDefaultSpares = 11'826'176;  // formatted with the default spares

struct BdBurn {
  FakeDvdRecorder fake;
  std::vector<Cdb> cdbs;
  explicit BdBurn(uint16_t profile) {
    fake.profile = profile;
    fake.capacity = kBdFull;
    fake.max_kbps = 26973;      // 6x BD
    fake.current_kbps = 17982;  // 4x BD
  }
  BurnReport run(uint32_t image_blocks, const BurnOptions& options, ProgressSink* sink = nullptr) {
    ScriptedTransport t(std::ref(fake));
    mmc::Drive drive(t);
    PatternSource source(image_blocks);
    BurnReport r = burnDvdData(drive, source, options, sink);
    cdbs = t.cdbs();
    return r;
  }
  // The CDBs sent with `opcode`, in order.
  std::vector<std::vector<uint8_t>> sent(uint8_t opcode) const {
    std::vector<std::vector<uint8_t>> out;
    for (const Cdb& c : cdbs)
      if (c.opcode() == opcode) out.emplace_back(c.bytes.begin(), c.bytes.begin() + c.length);
    return out;
  }
};

std::vector<std::string> writes(uint32_t from, uint32_t blocks, uint32_t chunk) {
  std::vector<std::string> out;
  for (uint32_t done = 0; done < blocks; done += chunk)
    out.push_back(fmt::format("WRITE {}+{}", from + done, std::min(chunk, blocks - done)));
  return out;
}

std::vector<std::string> join(std::initializer_list<std::vector<std::string>> parts) {
  std::vector<std::string> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

const std::vector<std::string> kIdentify{"INQUIRY", "GET CONFIGURATION", "MODE SENSE 2A", "READ DISC INFORMATION"};
const std::vector<uint8_t> kCloseTrack1{0x5B, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00};
const std::vector<uint8_t> kCloseSession{0x5B, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
const std::vector<uint8_t> kFinalize{0x5B, 0x01, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

TEST(BdBurner, BdRClosedIsWrittenInClustersAtTheNwaAndFinalizedWith110b) {
  BdBurn b(0x0041);
  BurnOptions options;
  options.speed_x = 4;
  const BurnReport r = b.run(100, options);  // 100 blocks -> 128, four clusters
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  EXPECT_EQ(b.fake.commands(),
            join({kIdentify,
                  {"READ TRACK INFORMATION track FF", "SET STREAMING", "MODE SENSE 2A", "PREVENT 1"},
                  writes(0, 128, 32),
                  {"SYNCHRONIZE CACHE", "CLOSE 1 track 1", "CLOSE 6 track 0", "READ DISC INFORMATION",
                   "READ TRACK INFORMATION lba 0", "PREVENT 0"}}));
  EXPECT_TRUE(b.fake.selected_page.empty());  // no page 05 on BD
  EXPECT_EQ(b.fake.count("RESERVE TRACK"), 0u);
  // WRITE(10) of one 64 KiB cluster at the NWA; CLOSE TRACK 001b of track 1, then finalize 110b,
  // both IMMED.
  const auto w = b.sent(0x2A);
  ASSERT_EQ(w.size(), 4u);
  EXPECT_EQ(w[3], (std::vector<uint8_t>{0x2A, 0x00, 0x00, 0x00, 0x00, 0x60, 0x00, 0x00, 0x20, 0x00}));
  EXPECT_EQ(b.sent(0x5B), (std::vector<std::vector<uint8_t>>{kCloseTrack1, kFinalize}));
  EXPECT_EQ(r.medium, "BD-R");
  EXPECT_EQ(r.write_mode, "BD-R sequential");
  EXPECT_EQ(r.padding_blocks, 28u);
  EXPECT_EQ(r.blocks_written, 128u);
  EXPECT_EQ(b.fake.blocks.at(99)[0], 100);
  EXPECT_EQ(b.fake.blocks.at(100)[0], 0);  // the cluster is padded with zeros
  // 4x BD asked of SET STREAMING as 17,982 kB per second over the whole disc; page 2Ah's current
  // 17,982 kB/s read back as 4x BD.
  ASSERT_EQ(b.fake.streaming.size(), 28u);
  EXPECT_EQ(get32(&b.fake.streaming[8]), kBdFull - 1);
  EXPECT_EQ(get32(&b.fake.streaming[20]), 17982u);
  EXPECT_EQ(get32(&b.fake.streaming[24]), 1000u);
  EXPECT_NEAR(r.accepted_speed_x, 4.0, 1e-9);
  EXPECT_EQ(b.fake.last_prevent, 0);
}

TEST(BdBurner, BdRMultisessionAppendsAtTheNwaAndClosesTheSessionOnly) {
  BdBurn b(0x0041);
  b.fake.disc_status = 1;
  b.fake.nwa = 4096;
  BurnOptions options;
  options.multisession = true;
  const BurnReport r = b.run(40, options);
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  EXPECT_EQ(b.fake.commands(),
            join({kIdentify,
                  {"READ TRACK INFORMATION track FF", "SET CD SPEED 65535", "MODE SENSE 2A", "PREVENT 1"},
                  writes(4096, 64, 32),
                  {"SYNCHRONIZE CACHE", "CLOSE 1 track 1", "CLOSE 2 track 0", "READ DISC INFORMATION",
                   "READ TRACK INFORMATION lba 4096", "PREVENT 0"}}));
  EXPECT_EQ(b.sent(0x5B), (std::vector<std::vector<uint8_t>>{kCloseTrack1, kCloseSession}));
  EXPECT_EQ(r.start_lba, 4096);
  EXPECT_EQ(r.disc_before, "appendable");
}

TEST(BdBurner, BdRNextWritableAddressOffAClusterIsRefusedBeforeAnyWrite) {
  BdBurn b(0x0041);
  b.fake.disc_status = 1;
  b.fake.nwa = 4100;
  const BurnReport r = b.run(40, {});
  EXPECT_EQ(r.status.code(), ResultCode::kDiscInfo) << r.status.toString();
  EXPECT_NE(r.status.message().find("next writable address 4100 is not on a 32-block cluster"), std::string::npos)
      << r.status.message();
  EXPECT_EQ(b.fake.count("WRITE"), 0u);
  EXPECT_EQ(b.fake.count("PREVENT 1"), 0u);
}

TEST(BdBurner, BlankBdReIsFormattedWithSparesQuicklyThenWrittenFromZeroWithNothingToClose) {
  BdBurn b(0x0043);
  const BurnReport r = b.run(20, {});
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  EXPECT_EQ(b.fake.commands(),
            join({kIdentify,
                  {"READ FORMAT CAPACITIES", "SET CD SPEED 65535", "MODE SENSE 2A", "PREVENT 1", "FORMAT UNIT"},
                  writes(0, 32, 32),
                  {"SYNCHRONIZE CACHE", "READ DISC INFORMATION", "READ TRACK INFORMATION lba 0", "PREVENT 0"}}));
  // READ FORMAT CAPACITIES (23h) with its allocation length; FORMAT UNIT with FmtData, format code
  // 001b and the first 30h descriptor: 11,826,176 blocks, type 30h subtype 00b (quick), its
  // type-dependent parameter as offered, IMMED.
  const auto rfc = b.sent(0x23);
  ASSERT_EQ(rfc.size(), 1u);
  EXPECT_EQ(rfc[0], (std::vector<uint8_t>{0x23, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFC, 0x00}));
  const auto fu = b.sent(0x04);
  ASSERT_EQ(fu.size(), 1u);
  EXPECT_EQ(fu[0], (std::vector<uint8_t>{0x04, 0x11, 0x00, 0x00, 0x00, 0x00}));
  EXPECT_EQ(b.fake.format_list,
            (std::vector<uint8_t>{0x00, 0x82, 0x00, 0x08, 0x00, 0xB4, 0x74, 0x00, 0x30 << 2, 0x00, 0x00, 0x30}));
  EXPECT_EQ(b.fake.count("CLOSE"), 0u);
  EXPECT_EQ(r.write_mode, "BD-RE overwrite");
  EXPECT_EQ(r.blocks_written, 32u);
  EXPECT_EQ(r.disc_before, "blank");
}

TEST(BdBurner, FormattedBdReIsOverwrittenFromZeroWithoutFormatting) {
  BdBurn b(0x0043);
  b.fake.formatted = true;
  b.fake.capacity = kBdDefaultSpares;
  b.fake.nwa = 0;
  BurnOptions options;
  options.multisession = true;  // an overwrite replaces the image whatever: nothing is appended
  const BurnReport r = b.run(70, options);
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  EXPECT_EQ(b.fake.commands(),
            join({kIdentify,
                  {"READ TRACK INFORMATION track 1", "SET CD SPEED 65535", "MODE SENSE 2A", "PREVENT 1"},
                  writes(0, 96, 32),
                  {"SYNCHRONIZE CACHE", "READ DISC INFORMATION", "READ TRACK INFORMATION lba 0", "PREVENT 0"}}));
  EXPECT_EQ(r.start_lba, 0);
  EXPECT_EQ(r.disc_before, "random-access");
}

TEST(BdBurner, SimulationIsRefusedBeforeAnyCommandBeyondIdentification) {
  for (const uint16_t profile : {0x0041, 0x0043}) {
    BdBurn b(profile);
    BurnOptions options;
    options.simulate = true;
    const BurnReport r = b.run(100, options);
    EXPECT_EQ(r.status.code(), ResultCode::kMediumInvalidType) << profile;
    EXPECT_NE(r.status.message().find(fmt::format("the disc is {}, which has no Test Write", mmc::profileName(profile))),
              std::string::npos)
        << r.status.message();
    EXPECT_NE(r.status.message().find("nothing was written"), std::string::npos);
    EXPECT_EQ(b.fake.commands(), (std::vector<std::string>{"INQUIRY", "GET CONFIGURATION"})) << profile;
    EXPECT_TRUE(b.sent(0x2A).empty());
    EXPECT_TRUE(b.sent(0x04).empty());
  }
}

TEST(BdBurner, TooBigIsDiscFullBeforeAnyWriteOrFormat) {
  BdBurn r_full(0x0041);
  r_full.fake.capacity = 1000;
  r_full.fake.nwa = 32;
  r_full.fake.disc_status = 1;
  const BurnReport r = r_full.run(950, {});  // 950 -> 960 blocks; 968 free
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  BdBurn over(0x0041);
  over.fake.capacity = 1000;
  over.fake.nwa = 64;
  over.fake.disc_status = 1;
  const BurnReport r2 = over.run(950, {});
  EXPECT_EQ(r2.status.code(), ResultCode::kDiscFull);
  EXPECT_NE(r2.status.message().find("needs 960 blocks (950 padded to whole 64 KiB clusters); the BD-R has 936 free"),
            std::string::npos)
      << r2.status.message();
  EXPECT_EQ(over.fake.count("WRITE"), 0u);
  EXPECT_EQ(over.fake.count("PREVENT 1"), 0u);

  BdBurn re(0x0043);
  re.fake.bd_formats = {{0x30, 1024}};
  const BurnReport r3 = re.run(1100, {});
  EXPECT_EQ(r3.status.code(), ResultCode::kDiscFull);
  EXPECT_NE(r3.status.message().find("the BD-RE has 1024 free"), std::string::npos) << r3.status.message();
  EXPECT_EQ(re.fake.count("FORMAT UNIT"), 0u) << "nothing is formatted for an image that cannot fit";
  EXPECT_EQ(re.fake.count("WRITE"), 0u);
}

TEST(BdBurner, BdReWithoutASpareAreaFormatIsRefused) {
  BdBurn b(0x0043);
  b.fake.bd_formats = {{0x31, kBdFull}};
  const BurnReport r = b.run(100, {});
  EXPECT_EQ(r.status.code(), ResultCode::kMediumInvalidType) << r.status.toString();
  EXPECT_NE(r.status.message().find("offers no format with spare areas"), std::string::npos) << r.status.message();
  EXPECT_EQ(b.fake.count("FORMAT UNIT") + b.fake.count("WRITE"), 0u);
}

struct CancelAfter final : ProgressSink {
  explicit CancelAfter(int n) : after(n) {}
  int after;
  int polls = 0;
  bool queryCancel() override { return ++polls > after; }
};

TEST(BdBurner, CancelOnBdRFlushesAndClosesTheTrackLeavingTheDiscAppendable) {
  CancelAfter sink(2);
  BdBurn b(0x0041);
  const BurnReport r = b.run(1000, {}, &sink);
  EXPECT_EQ(r.status.code(), ResultCode::kUserAbort);
  EXPECT_EQ(b.fake.count("WRITE"), 2u);
  const std::vector<std::string> cmds = b.fake.commands();
  const std::vector<std::string> tail{"WRITE 32+32", "SYNCHRONIZE CACHE", "CLOSE 1 track 1", "READ DISC INFORMATION", "PREVENT 0"};
  ASSERT_GE(cmds.size(), tail.size());
  EXPECT_TRUE(std::equal(tail.begin(), tail.end(), cmds.end() - static_cast<ptrdiff_t>(tail.size())));
  EXPECT_EQ(b.sent(0x5B), (std::vector<std::vector<uint8_t>>{kCloseTrack1}));  // no session close, no finalize
  EXPECT_EQ(b.fake.last_prevent, 0);
}

TEST(BdBurner, CancelOnBdReFlushesAndClosesNothing) {
  CancelAfter sink(1);
  BdBurn b(0x0043);
  b.fake.formatted = true;
  const BurnReport r = b.run(1000, {}, &sink);
  EXPECT_EQ(r.status.code(), ResultCode::kUserAbort);
  const std::vector<std::string> cmds = b.fake.commands();
  const std::vector<std::string> tail{"WRITE 0+32", "SYNCHRONIZE CACHE", "READ DISC INFORMATION", "PREVENT 0"};
  ASSERT_GE(cmds.size(), tail.size());
  EXPECT_TRUE(std::equal(tail.begin(), tail.end(), cmds.end() - static_cast<ptrdiff_t>(tail.size())));
  EXPECT_EQ(b.fake.count("CLOSE"), 0u);
}

TEST(BdBurner, SpeedFallsBackToSetCdSpeedInBdUnits) {
  BdBurn b(0x0041);
  b.fake.streaming_supported = false;
  BurnOptions options;
  options.speed_x = 2;
  const BurnReport r = b.run(32, options);
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  EXPECT_EQ(b.fake.count("SET CD SPEED 8991"), 1u);
}

TEST(BdBurner, VerifyReadsTheImageAndClusterPaddingBack) {
  BdBurn b(0x0041);
  BurnOptions options;
  options.verify = true;
  const BurnReport r = b.run(40, options);
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  EXPECT_TRUE(r.verified);
  EXPECT_EQ(r.verify_blocks, 64u);
}

TEST(BdBurner, PlanNamesTheStrategyTheFormatAndWhatTheDiscIsLeftAs) {
  const auto plan = [](FakeDvdRecorder& fake, bool multisession) {
    ScriptedTransport t(std::ref(fake));
    mmc::Drive drive(t);
    BurnOptions options;
    options.multisession = multisession;
    return plannedDiscWrite(drive, options);
  };
  BdBurn r(0x0041);
  auto closed = plan(r.fake, false);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->write_mode, "BD-R sequential");
  EXPECT_EQ(closed->write_unit, 32u);
  EXPECT_EQ(closed->disc_after, "finalized: no further session");
  EXPECT_EQ(plan(r.fake, true)->disc_after, "left open for another session");
  BdBurn re(0x0043);
  auto rw = plan(re.fake, false);
  ASSERT_TRUE(rw.ok());
  EXPECT_EQ(rw->write_mode, "BD-RE overwrite");
  EXPECT_EQ(rw->before, "FORMAT UNIT 30h (spare areas, quick): 11826176 blocks for data");
  EXPECT_NE(rw->disc_after.find("overwritten from LBA 0"), std::string::npos);
  EXPECT_EQ(re.fake.count("FORMAT UNIT") + re.fake.count("WRITE"), 0u) << "a plan changes nothing";
}

}  // namespace
}  // namespace dm::burn
