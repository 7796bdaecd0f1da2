// imapi_session: the interaction IMAPI documents ("Interacting with IMAPI", imapi.md §5.1), written
// against discmaster's API on the default virtual recorder — open, enumerate formats and
// recorders, advise, stage data in several adds, simulate, restage, record; then the Red Book
// format on a second recorder: stage audio tracks, record; close — printing each step and every
// progress callback. Run: imapi_session FOLDER [FOLDER…]
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/api/disc_master.h"
#include "tools/glue/virtual_transport.h"

namespace {

using namespace dm;
using namespace dm::api;

// Two default virtual recorders, each with a blank 80 min CD-R: one for the data disc, one for
// the audio disc (audio needs blank media).
class TwoVirtualRecorders final : public RecorderSource {
 public:
  std::vector<std::unique_ptr<Recorder>> discover() override {
    std::vector<std::unique_ptr<Recorder>> out;
    out.push_back(std::make_unique<Recorder>("virtual:default", std::make_unique<glue::VirtualTransport>(data_, "virtual:default")));
    out.push_back(std::make_unique<Recorder>("virtual:second", std::make_unique<glue::VirtualTransport>(audio_, "virtual:second")));
    return out;
  }
  vrec::Recorder& device() { return data_; }
  vrec::Recorder& audioDevice() { return audio_; }

 private:
  vrec::Recorder data_{vrec::DriveProfile::defaultCdRecorder(), vrec::Medium::blank(vrec::MediumKind::kCdR80)};
  vrec::Recorder audio_{vrec::DriveProfile::defaultCdRecorder(), vrec::Medium::blank(vrec::MediumKind::kCdR80)};
};

// `seconds` of a stereo sine tone as CD-DA blocks (44.1 kHz, 16-bit, little-endian).
std::vector<uint8_t> tone(double seconds, double hz) {
  const auto blocks = static_cast<size_t>(seconds * 75);
  std::vector<uint8_t> pcm(blocks * RedbookFormat::kAudioBlockSize);
  for (size_t frame = 0; frame < pcm.size() / 4; ++frame) {
    const auto v = static_cast<int16_t>(8000 * std::sin(2 * M_PI * hz * static_cast<double>(frame) / 44100));
    for (int ch = 0; ch < 2; ++ch) {
      pcm[frame * 4 + ch * 2] = static_cast<uint8_t>(v & 0xFF);
      pcm[frame * 4 + ch * 2 + 1] = static_cast<uint8_t>((v >> 8) & 0xFF);
    }
  }
  return pcm;
}

class PrintingEvents final : public ProgressEvents {
 public:
  void notifyAddProgress(long done, long total) override { std::printf("  NotifyAddProgress(%ld, %ld)\n", done, total); }
  void notifyBlockProgress(long done, long total) override {
    // First, last and every 25 %: IMAPI sends "the first and last block and some in between".
    const long quarter = total / 4 > 0 ? total / 4 : 1;
    if (done == total || done / quarter != last_ / quarter || last_ == 0) std::printf("  NotifyBlockProgress(%ld, %ld)\n", done, total);
    last_ = done;
  }
  void notifyTrackProgress(long done, long total) override { std::printf("  NotifyTrackProgress(%ld, %ld)\n", done, total); }
  void notifyPreparingBurn(long s) override { std::printf("  NotifyPreparingBurn(%ld s)\n", s); }
  void notifyClosingDisc(long s) override { std::printf("  NotifyClosingDisc(%ld s)\n", s); }
  void notifyBurnComplete(ResultCode c) override {
    std::printf("  NotifyBurnComplete(%s)\n", std::string(resultCodeName(c)).c_str());
    last_ = 0;
  }

 private:
  long last_ = 0;
};

int fail(const char* step, const Status& s) {
  std::fprintf(stderr, "imapi_session: %s: %s\n", step, s.toString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: imapi_session FOLDER [FOLDER...]\n");
    return 2;
  }
  TwoVirtualRecorders source;
  DiscMasterOptions options;
  options.stash_dir = std::filesystem::temp_directory_path() / ("imapi-session-stash-" + std::to_string(getpid()));
  DiscMaster master(source, options);

  if (Status s = master.open(); !s.ok()) return fail("Open", s);
  std::printf("Open: S_OK\n");
  const auto formats = master.formats();
  for (Format f : *formats) std::printf("EnumDiscMasterFormats: %s\n", std::string(formatIid(f)).c_str());
  if (Status s = master.setActiveFormat(Format::kJoliet); !s.ok()) return fail("SetActiveDiscMasterFormat", s);
  auto joliet = master.joliet();
  if (!joliet) return fail("SetActiveDiscMasterFormat", joliet.error());
  auto recorders = master.recorders();
  if (!recorders || recorders->empty()) return fail("EnumDiscRecorders", recorders.status());
  Recorder* recorder = recorders->front();
  auto id = recorder->displayNames();
  std::printf("EnumDiscRecorders: %s (%s %s %s)\n", recorder->path().c_str(), id->vendor.c_str(), id->product.c_str(),
              id->revision.c_str());
  if (Status s = master.setActiveRecorder(recorder); !s.ok()) return fail("SetActiveDiscRecorder", s);
  PrintingEvents events;
  auto cookie = master.progressAdvise(&events);
  if (!cookie) return fail("ProgressAdvise", cookie.error());

  auto stage = [&]() -> Status {
    for (int i = 1; i < argc; ++i) {
      std::printf("AddData(%s)\n", argv[i]);
      DM_TRY((*joliet)->addData(argv[i], false));
    }
    std::printf("GetUsedDataBlocks: %u of %u\n", *(*joliet)->usedDataBlocks(), *(*joliet)->totalDataBlocks());
    return Status::Ok();
  };
  if (Status s = stage(); !s.ok()) return fail("AddData", s);
  std::printf("RecordDisc(simulate)\n");
  if (Status s = master.recordDisc(true, false); !s.ok()) return fail("RecordDisc(simulate)", s);
  std::printf("medium: %s\n", source.device().medium().describe().c_str());
  std::printf("ClearFormatContent, then restage (the stash is consumed by a record)\n");
  if (Status s = master.clearFormatContent(); !s.ok()) return fail("ClearFormatContent", s);
  if (Status s = stage(); !s.ok()) return fail("AddData", s);
  std::printf("RecordDisc\n");
  if (Status s = master.recordDisc(false, false); !s.ok()) return fail("RecordDisc", s);
  std::printf("medium: %s\n", source.device().medium().describe().c_str());

  std::printf("SetActiveDiscMasterFormat(Red Book)\n");
  if (Status s = master.setActiveFormat(Format::kRedbook); !s.ok()) return fail("SetActiveDiscMasterFormat", s);
  auto redbook = master.redbook();
  if (!redbook) return fail("SetActiveDiscMasterFormat", redbook.error());
  auto audio_recorders = master.recorders();
  if (!audio_recorders || audio_recorders->size() < 2) return fail("EnumDiscRecorders", audio_recorders.status());
  if (Status s = master.setActiveRecorder(audio_recorders->at(1)); !s.ok()) return fail("SetActiveDiscRecorder", s);
  for (double hz : {440.0, 660.0}) {
    const std::vector<uint8_t> pcm = tone(5.0, hz);
    std::printf("CreateAudioTrack, AddAudioTrackBlocks(%zu blocks), CloseAudioTrack\n", pcm.size() / 2352);
    if (Status s = (*redbook)->createAudioTrack(static_cast<uint32_t>(pcm.size() / 2352)); !s.ok()) return fail("CreateAudioTrack", s);
    if (Status s = (*redbook)->addAudioTrackBlocks(pcm); !s.ok()) return fail("AddAudioTrackBlocks", s);
    if (Status s = (*redbook)->closeAudioTrack(); !s.ok()) return fail("CloseAudioTrack", s);
  }
  std::printf("GetUsedAudioBlocks: %u of %u\n", *(*redbook)->usedAudioBlocks(), *(*redbook)->totalAudioBlocks());
  std::printf("RecordDisc\n");
  if (Status s = master.recordDisc(false, false); !s.ok()) return fail("RecordDisc(audio)", s);
  std::printf("medium: %s\n", source.audioDevice().medium().describe().c_str());
  (void)master.progressUnadvise(*cookie);
  if (Status s = master.close(); !s.ok()) return fail("Close", s);
  std::printf("Close: S_OK\n");
  std::filesystem::remove_all(options.stash_dir);
  return 0;
}
