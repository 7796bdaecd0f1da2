// The quirks of the steps around the write: the speeds and TOC `discmaster info` reads
// (surveyDisc), the page 05h the burn selects, the buffer polls while writing and the audio
// verify with C2 and Q. Per quirk: with the workaround the result is right and the quirk named;
// without it, what users saw — wrong track numbers, no speeds, an info or verify that fails with
// the drive's sense, a buffer reported empty.
#include <gtest/gtest.h>

#include "engine/burn/disc_survey.h"
#include "engine/burn/verify.h"
#include "tests/api/quirky_drive.h"

namespace dm::burn {
namespace {

constexpr uint32_t kTrackBlocks = 300;

bool surveyMet(const DiscSurvey& s, std::string_view quirk) {
  return std::any_of(s.quirks.begin(), s.quirks.end(),
                     [&](const std::string& q) { return q.substr(0, q.find(':')).find(quirk) != std::string::npos; });
}

std::string senseOf(const Status& s) {
  const auto& sense = s.context().sense;
  if (!sense) return "none";
  char text[16];
  std::snprintf(text, sizeof text, "%02X/%02X/%02X", sense->key, sense->asc, sense->ascq);
  return text;
}

// A closed disc of `tracks` data tracks in one session, surveyed as `discmaster info` does.
struct SurveyedDisc {
  explicit SurveyedDisc(std::initializer_list<vrec::Quirk> quirks, size_t tracks = 11) : drive(quirks) {
    const BurnReport r = drive.burnTracks(tracks, kTrackBlocks, TrackKind::kDataMode1);
    EXPECT_TRUE(r.status.ok()) << r.status.toString();
  }
  Result<DiscSurvey> survey(const QuirkWorkarounds& w = {}) {
    auto caps = drive.drive->capabilities();
    auto disc = drive.drive->discInformation();
    EXPECT_TRUE(caps.ok() && disc.ok());
    return surveyDisc(*drive.drive, *caps, *disc, w);
  }
  QuirkyDrive drive;
};

std::vector<uint16_t> trackNumbers(const DiscSurvey& s) {
  std::vector<uint16_t> n;
  for (const SurveyTrack& t : s.tracks) n.push_back(t.number);
  return n;
}

const std::vector<uint16_t> kElevenTracks = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};

TEST(QuirkReading, PlainDriveSurvey) {
  SurveyedDisc d({});
  const auto s = d.survey();
  ASSERT_TRUE(s.ok()) << s.error().toString();
  EXPECT_EQ(trackNumbers(*s), kElevenTracks);
  EXPECT_EQ(s->last_track, 11);
  ASSERT_EQ(s->sessions.size(), 1u);
  EXPECT_EQ(s->sessions[0].first_track, 1);
  EXPECT_EQ(s->sessions[0].last_track, 11);
  EXPECT_EQ(s->tracks[0].start_lba, 0);
  EXPECT_FALSE(s->tracks[0].audio);
  EXPECT_EQ(s->write_speeds_kbps.front(), mmc::cdKbpsForX(48));
  EXPECT_NEAR(s->selected_write_speed_x, 48, 0.1);
  EXPECT_TRUE(s->quirks.empty());
}

TEST(QuirkReading, BcdTrackNumbersInToc) {
  SurveyedDisc on({vrec::Quirk::kBcdTrackNumbersInToc});
  const auto ok = on.survey();
  ASSERT_TRUE(ok.ok()) << ok.error().toString();
  EXPECT_EQ(trackNumbers(*ok), kElevenTracks);
  EXPECT_EQ(ok->last_track, 11);
  EXPECT_TRUE(surveyMet(*ok, "bcd_track_numbers_in_toc"));
  QuirkWorkarounds off;
  off.decode_bcd_track_numbers = false;
  const auto bad = on.survey(off);
  ASSERT_TRUE(bad.ok());
  // What info showed: tracks 10 and 11 as 16 and 17, and a disc of "17" tracks.
  EXPECT_EQ(trackNumbers(*bad), (std::vector<uint16_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 17}));
  EXPECT_EQ(bad->last_track, 17);
}

// Nine tracks read the same in BCD and binary: nothing is decoded, nothing is noted.
TEST(QuirkReading, BcdTrackNumbersBelowTenAreLeftAlone) {
  SurveyedDisc d({vrec::Quirk::kBcdTrackNumbersInToc}, 3);
  const auto s = d.survey();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(trackNumbers(*s), (std::vector<uint16_t>{1, 2, 3}));
  EXPECT_TRUE(s->quirks.empty());
}

TEST(QuirkReading, ReadTocMsfUnsupported) {
  SurveyedDisc on({vrec::Quirk::kReadTocMsfUnsupported});
  const auto ok = on.survey();
  ASSERT_TRUE(ok.ok()) << ok.error().toString();
  EXPECT_EQ(trackNumbers(*ok), kElevenTracks);
  EXPECT_EQ(ok->tracks[1].start_lba, SurveyedDisc({}).survey()->tracks[1].start_lba);
  EXPECT_TRUE(surveyMet(*ok, "read_toc_msf_unsupported"));
  QuirkWorkarounds off;
  off.toc_in_lba_when_msf_refused = false;
  const auto bad = on.survey(off);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(senseOf(bad.error()), "05/24/00");
  EXPECT_EQ(bad.error().context().command, "READ TOC/PMA/ATIP");
}

TEST(QuirkReading, ReadTocFullUnsupported) {
  const auto plain = SurveyedDisc({}).survey();
  ASSERT_TRUE(plain.ok());
  SurveyedDisc on({vrec::Quirk::kReadTocFullUnsupported});
  const auto ok = on.survey();
  ASSERT_TRUE(ok.ok()) << ok.error().toString();
  ASSERT_EQ(ok->sessions.size(), 1u);
  EXPECT_EQ(ok->sessions[0].first_track, 1);
  EXPECT_EQ(ok->sessions[0].last_track, 11);
  EXPECT_EQ(ok->sessions[0].first_track_lba, plain->sessions[0].first_track_lba);
  EXPECT_EQ(ok->sessions[0].lead_out_lba, plain->sessions[0].lead_out_lba);
  EXPECT_TRUE(surveyMet(*ok, "read_toc_full_unsupported"));
  QuirkWorkarounds off;
  off.sessions_without_full_toc = false;
  const auto bad = on.survey(off);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(senseOf(bad.error()), "05/24/00");
}

TEST(QuirkReading, EmptyGetPerformance) {
  SurveyedDisc on({vrec::Quirk::kEmptyGetPerformance}, 1);
  const auto ok = on.survey();
  ASSERT_TRUE(ok.ok()) << ok.error().toString();
  EXPECT_EQ(ok->write_speeds_kbps, SurveyedDisc({}, 1).survey()->write_speeds_kbps);
  EXPECT_GE(ok->write_speeds_kbps.size(), 2u);
  EXPECT_TRUE(surveyMet(*ok, "empty_get_performance"));
  QuirkWorkarounds off;
  off.speeds_from_capabilities_page = false;
  const auto bad = on.survey(off);
  ASSERT_TRUE(bad.ok());
  EXPECT_TRUE(bad->write_speeds_kbps.empty());  // info showed no write speed at all
}

TEST(QuirkReading, GetPerformanceNominalRefused) {
  SurveyedDisc on({vrec::Quirk::kGetPerformanceNominalRefused}, 1);
  const auto ok = on.survey();
  ASSERT_TRUE(ok.ok()) << ok.error().toString();
  EXPECT_NEAR(ok->selected_write_speed_x, 48, 0.1);
  EXPECT_TRUE(surveyMet(*ok, "get_performance_nominal_refused"));
  QuirkWorkarounds off;
  off.speed_from_page_when_nominal_refused = false;
  const auto bad = on.survey(off);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(senseOf(bad.error()), "05/24/00");
  EXPECT_EQ(bad.error().context().command, "GET PERFORMANCE");
}

TEST(QuirkReading, InvalidPage05Defaults) {
  QuirkyDrive on({vrec::Quirk::kInvalidPage05Defaults});
  expectGoodBurn(on.burn({}), on, "invalid_page05_defaults");
  QuirkyDrive off({vrec::Quirk::kInvalidPage05Defaults});
  const BurnReport bad = off.burn(without(&QuirkWorkarounds::complete_write_parameters));
  EXPECT_EQ(senseOf(bad), "05/26/00");  // invalid field in parameter list
  EXPECT_NE(bad.status.message().find("selecting write parameters"), std::string::npos) << bad.status.toString();
  EXPECT_EQ(off.disc(), vrec::DiscStatus::kBlank);
}

TEST(QuirkReading, StaleBufferCapacity) {
  QuirkyDrive plain({});
  const BurnReport reference = plain.burn({}, 3000);
  ASSERT_GT(reference.min_buffer_percent, 0);
  QuirkyDrive on({vrec::Quirk::kStaleBufferCapacity});
  const BurnReport ok = on.burn({}, 3000);
  expectGoodBurn(ok, on, "stale_buffer_capacity");
  EXPECT_GT(ok.min_buffer_percent, 0);
  QuirkyDrive off({vrec::Quirk::kStaleBufferCapacity});
  const BurnReport bad = off.burn(without(&QuirkWorkarounds::requery_stale_buffer_capacity), 3000);
  EXPECT_TRUE(bad.status.ok());
  EXPECT_EQ(bad.min_buffer_percent, 0);  // the report said the buffer ran empty; it never did
}

// Audio is verified with READ CD asking for C2 error pointers and the formatted Q.
TEST(QuirkReading, AudioVerifyReadsC2AndQ) {
  QuirkyDrive d({});
  const BurnReport r = d.burnTracks(2, kTrackBlocks, TrackKind::kAudio);
  EXPECT_TRUE(r.status.ok()) << r.status.toString();
  EXPECT_TRUE(r.verified);
  EXPECT_EQ(r.verify_blocks, 2 * kTrackBlocks);
  EXPECT_TRUE(r.quirks.empty());
  EXPECT_NE(d.recorder->traceText().find("main=12 sub=2"), std::string::npos);
}

// The Q check is real: track 1's blocks read back as "track 2" fail the verify.
TEST(QuirkReading, AudioVerifyCatchesAWrongQTrack) {
  QuirkyDrive d({});
  ASSERT_TRUE(d.burnTracks(2, kTrackBlocks, TrackKind::kAudio).status.ok());
  const Pattern source(kTrackBlocks, 2352);
  QuirkWorkarounds w;
  QuirkHandler quirks(*d.drive, w);
  VerifyResult result;
  const Status s = verifyTrack(*d.drive, source, 0, kTrackBlocks, result, nullptr, {}, AudioReadBack{&quirks, 2});
  EXPECT_EQ(s.code(), ResultCode::kBurnVerificationFailed);
  EXPECT_NE(s.message().find("Q sub-channel track 01"), std::string::npos) << s.toString();
  EXPECT_TRUE(verifyTrack(*d.drive, source, 0, kTrackBlocks, result, nullptr, {}, AudioReadBack{&quirks, 1}).ok());
}

TEST(QuirkReading, ReadCdErrorFlagsRefused) {
  QuirkyDrive on({vrec::Quirk::kReadCdErrorFlagsRefused});
  const BurnReport ok = on.burnTracks(2, kTrackBlocks, TrackKind::kAudio);
  expectGoodBurn(ok, on, "read_cd_error_flags_refused");
  EXPECT_EQ(ok.verify_blocks, 2 * kTrackBlocks);
  EXPECT_NE(on.recorder->traceText().find("main=10 sub=2"), std::string::npos);  // Q still checked
  QuirkyDrive off({vrec::Quirk::kReadCdErrorFlagsRefused});
  BurnOptions o;
  o.workarounds.read_cd_without_error_flags = false;
  const BurnReport bad = off.burnTracks(2, kTrackBlocks, TrackKind::kAudio, o);
  EXPECT_EQ(senseOf(bad), "05/24/00");
  EXPECT_EQ(bad.status.context().command, "READ CD");
  EXPECT_EQ(off.disc(), vrec::DiscStatus::kComplete);  // the disc is fine; the verify is what failed
}

TEST(QuirkReading, ReadCdSubchannelUnsupported) {
  QuirkyDrive on({vrec::Quirk::kReadCdSubchannelUnsupported});
  const BurnReport ok = on.burnTracks(2, kTrackBlocks, TrackKind::kAudio);
  expectGoodBurn(ok, on, "read_cd_subchannel_unsupported");
  EXPECT_EQ(ok.verify_blocks, 2 * kTrackBlocks);
  const auto line = std::find_if(ok.quirks.begin(), ok.quirks.end(),
                                 [](const std::string& q) { return q.find("read_cd_subchannel") == 0; });
  ASSERT_NE(line, ok.quirks.end());
  EXPECT_NE(line->find("main data only"), std::string::npos) << *line;
  QuirkyDrive off({vrec::Quirk::kReadCdSubchannelUnsupported});
  BurnOptions o;
  o.workarounds.verify_audio_without_subchannel = false;
  const BurnReport bad = off.burnTracks(2, kTrackBlocks, TrackKind::kAudio, o);
  EXPECT_EQ(senseOf(bad), "05/24/00");
  EXPECT_EQ(bad.status.context().command, "READ CD");
}

// A drive that refuses both: the audio is still compared, on its main data alone.
TEST(QuirkReading, ReadCdRefusingBothStillVerifies) {
  QuirkyDrive d({vrec::Quirk::kReadCdErrorFlagsRefused, vrec::Quirk::kReadCdSubchannelUnsupported});
  const BurnReport r = d.burnTracks(1, kTrackBlocks, TrackKind::kAudio);
  expectGoodBurn(r, d, "read_cd_error_flags_refused");
  EXPECT_TRUE(met(r, "read_cd_subchannel_unsupported"));
  EXPECT_EQ(r.verify_blocks, kTrackBlocks);
}

}  // namespace
}  // namespace dm::burn
