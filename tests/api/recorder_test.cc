// api::Recorder (IDiscRecorder) against the default virtual recorder: identity, type, properties,
// the exclusive-access rule, media type and media info on blank, burned and ejected media.
#include <gtest/gtest.h>

#include <regex>

#include "engine/api/recorder.h"
#include "engine/burn/tao_burner.h"
#include "tools/glue/virtual_transport.h"

namespace dm::api {
namespace {

constexpr uint32_t kCdR80Capacity = 359849;  // last possible lead-out start of an 80 min CD-R

class Zeros final : public burn::SectorSource {
 public:
  uint32_t blockSize() const override { return 2048; }
  uint32_t totalBlocks() const override { return 1000; }
  Status readBlocks(uint32_t, uint32_t, std::span<uint8_t> out) const override {
    std::fill(out.begin(), out.end(), 0);
    return Status::Ok();
  }
};

class RecorderTest : public ::testing::Test {
 protected:
  Recorder make(vrec::MediumKind kind, std::string path = "virtual:default",
                vrec::DriveProfile profile = vrec::DriveProfile::defaultCdRecorder()) {
    recorders_.push_back(std::make_unique<vrec::Recorder>(std::move(profile), vrec::Medium::blank(kind)));
    return Recorder(path, std::make_unique<glue::VirtualTransport>(*recorders_.back(), path));
  }
  std::vector<std::unique_ptr<vrec::Recorder>> recorders_;
};

TEST_F(RecorderTest, IdentityAndAStableGuid) {
  Recorder r = make(vrec::MediumKind::kCdR80);
  auto id = r.displayNames();
  ASSERT_TRUE(id.ok()) << id.error().toString();
  EXPECT_EQ(id->vendor, "DISCMSTR");
  EXPECT_EQ(id->product, "VIRTUAL CD-RW");
  EXPECT_EQ(id->revision, "1.00");
  EXPECT_EQ(id->basePnpId(), "DISCMSTRVIRTUAL CD-RW1.00");
  auto guid = r.guid();
  ASSERT_TRUE(guid.ok());
  EXPECT_TRUE(std::regex_match(*guid, std::regex(R"(\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\})"))) << *guid;
  Recorder same = make(vrec::MediumKind::kCdRw);
  EXPECT_EQ(*same.guid(), *guid);
  Recorder other = make(vrec::MediumKind::kCdR80, "virtual:second");
  EXPECT_NE(*other.guid(), *guid);
  EXPECT_EQ(r.path(), "virtual:default");
}

TEST_F(RecorderTest, ACdRwWriterIsACdRwRecorder) {
  Recorder r = make(vrec::MediumKind::kCdR80);
  auto type = r.type();
  ASSERT_TRUE(type.ok()) << type.error().toString();
  EXPECT_EQ(*type, RecorderType::kCdRw);
}

TEST_F(RecorderTest, PropertiesFollowImapiRules) {
  Recorder r = make(vrec::MediumKind::kCdR80);
  auto props = r.properties();
  ASSERT_TRUE(props.ok()) << props.error().toString();
  EXPECT_EQ(std::get<int32_t>(props->at("MaxWriteSpeed")), 48);
  EXPECT_EQ(std::get<int32_t>(props->at("WriteSpeed")), 48);  // the highest by default
  EXPECT_EQ(std::get<int32_t>(props->at("AudioGapSize")), 150);
  EXPECT_EQ(std::get<bool>(props->at("BufferUnderrunFreeCapable")), true);
  EXPECT_EQ(std::get<int32_t>(props->at("EnableBufferUnderrunFree")), -1);

  EXPECT_EQ(r.setProperties({{"WriteSpeed", 16}}).code(), ResultCode::kOk);
  EXPECT_EQ(r.propertyValues()->write_speed, 16);
  EXPECT_EQ(r.setProperties({{"WriteSpeed", 99}}).code(), ResultCode::kOk);
  EXPECT_EQ(r.propertyValues()->write_speed, 48);  // lowered to MaxWriteSpeed

  const Status ignored = r.setProperties({{"MaxWriteSpeed", 4}, {"Colour", 1}, {"AudioGapSize", 0}});
  EXPECT_EQ(ignored.code(), ResultCode::kPropertiesIgnored);
  EXPECT_TRUE(ignored.ok());
  EXPECT_EQ(r.propertyValues()->max_write_speed, 48);
  EXPECT_EQ(r.propertyValues()->audio_gap_size, 0);

  const Status bad = r.setProperties({{"AudioGapSize", 300}, {"WriteSpeed", 8}});
  EXPECT_EQ(bad.code(), ResultCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("AudioGapSize 300"), std::string::npos);
  EXPECT_EQ(r.propertyValues()->write_speed, 48);  // nothing of a rejected set is applied
  EXPECT_EQ(r.setProperties({{"EnableBufferUnderrunFree", true}}).code(), ResultCode::kInvalidArgument);
  EXPECT_EQ(r.setProperties({{"EnableBufferUnderrunFree", 0}}).code(), ResultCode::kOk);
  EXPECT_FALSE(r.propertyValues()->useBufferUnderrunFree());
}

TEST_F(RecorderTest, MediaQueriesNeedExclusiveAccess) {
  Recorder r = make(vrec::MediumKind::kCdR80);
  EXPECT_EQ(r.queryMediaType().error().code(), ResultCode::kNotInitialized);
  EXPECT_EQ(r.queryMediaInfo().error().code(), ResultCode::kNotInitialized);
  EXPECT_EQ(r.eject().code(), ResultCode::kNotInitialized);
  ASSERT_TRUE(r.openExclusive().ok());
  EXPECT_EQ(r.state(), RecorderState::kOpened);
  EXPECT_EQ(r.openExclusive().code(), ResultCode::kDeviceNotAccessible);
  EXPECT_TRUE(r.close().ok());
  EXPECT_TRUE(r.close().ok());
  EXPECT_EQ(r.state(), RecorderState::kIdle);
}

TEST_F(RecorderTest, BlankCdRAndCdRwMediaTypes) {
  Recorder cdr = make(vrec::MediumKind::kCdR80);
  ASSERT_TRUE(cdr.openExclusive().ok());
  auto t = cdr.queryMediaType();
  ASSERT_TRUE(t.ok()) << t.error().toString();
  EXPECT_EQ(t->type, MediaType::kCddaCdrom);
  EXPECT_EQ(t->flags, kMediaBlank | kMediaWritable);
  EXPECT_EQ(t->profile, 0x0009);

  Recorder cdrw = make(vrec::MediumKind::kCdRw);
  ASSERT_TRUE(cdrw.openExclusive().ok());
  auto rw = cdrw.queryMediaType();
  ASSERT_TRUE(rw.ok());
  EXPECT_EQ(rw->flags, kMediaBlank | kMediaRw | kMediaWritable);
  EXPECT_EQ(rw->profile, 0x000A);
}

TEST_F(RecorderTest, BlankMediaInfoIsTheWholeDisc) {
  Recorder r = make(vrec::MediumKind::kCdR80);
  ASSERT_TRUE(r.openExclusive().ok());
  auto info = r.queryMediaInfo();
  ASSERT_TRUE(info.ok()) << info.error().toString();
  EXPECT_EQ(info->sessions, 0);
  EXPECT_EQ(info->next_writable, 0u);
  EXPECT_EQ(info->free_blocks, kCdR80Capacity);
}

TEST_F(RecorderTest, AfterAnOpenSessionTheNextOneFollowsIt) {
  Recorder r = make(vrec::MediumKind::kCdR80);
  Zeros source;
  burn::BurnOptions options;
  options.multisession = true;
  const burn::BurnReport report = burn::burnDataTrack(r.drive(), source, options);
  ASSERT_TRUE(report.status.ok()) << report.status.toString();

  ASSERT_TRUE(r.openExclusive().ok());
  auto type = r.queryMediaType();
  ASSERT_TRUE(type.ok());
  EXPECT_EQ(type->flags, kMediaWritable);  // appendable, no longer blank
  auto info = r.queryMediaInfo();
  ASSERT_TRUE(info.ok()) << info.error().toString();
  EXPECT_EQ(info->sessions, 1);
  EXPECT_EQ(info->last_track, 1);
  EXPECT_EQ(info->start_address, 0u);
  // The first session's lead-in, lead-out and the next pregap lie between (mmc.md §1.3).
  EXPECT_EQ(info->next_writable, report.blocks_written + 2 + 11400);
  EXPECT_EQ(info->next_writable + info->free_blocks, kCdR80Capacity);
}

TEST_F(RecorderTest, AClosedDiscIsNotWritable) {
  Recorder r = make(vrec::MediumKind::kCdR80);
  Zeros source;
  ASSERT_TRUE(burn::burnDataTrack(r.drive(), source, {}).status.ok());
  ASSERT_TRUE(r.openExclusive().ok());
  auto type = r.queryMediaType();
  ASSERT_TRUE(type.ok());
  EXPECT_EQ(type->flags, 0);
  auto info = r.queryMediaInfo();
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->sessions, 1);
  EXPECT_EQ(info->free_blocks, 0u);
}

TEST_F(RecorderTest, AfterEjectThereIsNoMedium) {
  Recorder r = make(vrec::MediumKind::kCdR80);
  ASSERT_TRUE(r.openExclusive().ok());
  ASSERT_TRUE(r.eject().ok());
  auto t = r.queryMediaType();
  ASSERT_TRUE(t.ok()) << t.error().toString();
  EXPECT_EQ(t->type, MediaType::kNone);
  EXPECT_EQ(t->flags, 0);
}

TEST_F(RecorderTest, EraseBlanksACdRwAndReportsCompletion) {
  Recorder r = make(vrec::MediumKind::kCdRw);
  std::vector<ResultCode> completions;
  r.setEraseCompleteListener([&](ResultCode c) { completions.push_back(c); });
  EXPECT_EQ(r.erase(false).code(), ResultCode::kNotInitialized) << "erase needs openExclusive";

  // Burn something, then erase it quickly and fully.
  Zeros zeros;
  burn::BurnOptions options;
  options.multisession = true;
  ASSERT_TRUE(burn::burnDataTrack(r.drive(), zeros, options).status.ok());
  ASSERT_TRUE(r.openExclusive().ok());
  ASSERT_EQ(r.queryMediaType()->flags & kMediaBlank, 0);
  ASSERT_TRUE(r.erase(false).ok());
  EXPECT_NE(r.queryMediaType()->flags & kMediaBlank, 0) << "a quick erase leaves a blank disc";
  ASSERT_TRUE(r.erase(true).ok());
  EXPECT_EQ(r.queryMediaInfo()->free_blocks, kCdR80Capacity);
  EXPECT_EQ(completions, (std::vector<ResultCode>{ResultCode::kNotInitialized, ResultCode::kOk, ResultCode::kOk}));
}

TEST_F(RecorderTest, EraseRefusesCdRMediaAndCdROnlyRecorders) {
  Recorder r = make(vrec::MediumKind::kCdR80);
  ASSERT_TRUE(r.openExclusive().ok());
  const Status cd_r = r.erase(false);
  EXPECT_EQ(cd_r.code(), ResultCode::kMediumInvalidType);
  EXPECT_NE(cd_r.message().find("only CD-RW can be erased"), std::string::npos) << cd_r.toString();

  vrec::DriveProfile writer = vrec::DriveProfile::defaultCdRecorder();
  writer.cdrw_write_speeds_x.clear();  // a CD-R-only recorder
  Recorder cdr = make(vrec::MediumKind::kCdRw, "virtual:cdr", writer);
  ASSERT_TRUE(cdr.openExclusive().ok());
  EXPECT_EQ(*cdr.type(), RecorderType::kCdR);
  EXPECT_EQ(cdr.erase(true).code(), ResultCode::kDeviceInvalidType);
}

}  // namespace
}  // namespace dm::api
