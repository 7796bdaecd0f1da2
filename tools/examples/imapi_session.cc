// imapi_session: the interaction IMAPI documents ("Interacting with IMAPI", imapi.md §5.1), written
// against discmaster's API — open, enumerate formats and recorders (two virtual recorders and this
// machine's drives, in one list), advise, stage data in several adds, simulate, restage, record;
// then the Red Book format on the second virtual recorder: stage audio tracks, record; close —
// printing each step and every progress callback.
// Run: imapi_session [--recorder PATH] FOLDER [FOLDER…]   (the data disc goes to PATH, by default
// virtual:default; a drive such as /dev/sr0 is written for real)
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/api/disc_master.h"
#include "engine/api/system_drives.h"
#include "tools/glue/virtual_transport.h"

namespace {

using namespace dm;
using namespace dm::api;

// Two default virtual recorders, each with a blank 80 min CD-R: one for the data disc, one for
// the audio disc (audio needs blank media). The machine's drives are listed after them.
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

// What the recorder says about its medium: the virtual ones describe it directly; a drive is
// asked through IDiscRecorder's calls (exclusive access around the queries, as IMAPI requires).
std::string describeMedium(Recorder& recorder, TwoVirtualRecorders& virtuals) {
  if (recorder.path() == "virtual:default") return virtuals.device().medium().describe();
  if (recorder.path() == "virtual:second") return virtuals.audioDevice().medium().describe();
  if (Status s = recorder.openExclusive(); !s.ok()) return s.toString();
  auto type = recorder.queryMediaType();
  auto info = recorder.queryMediaInfo();
  (void)recorder.close();
  if (!type) return type.error().toString();
  if (!info) return info.error().toString();
  return std::to_string(info->sessions) + " session(s), next writable " + std::to_string(info->next_writable) +
         ", free " + std::to_string(info->free_blocks) + " blocks" + ((type->flags & kMediaBlank) != 0 ? ", blank" : "");
}

Recorder* findRecorder(const std::vector<Recorder*>& recorders, const std::string& path) {
  for (Recorder* r : recorders)
    if (r->path() == path) return r;
  return nullptr;
}

int fail(const char* step, const Status& s) {
  std::fprintf(stderr, "imapi_session: %s: %s\n", step, s.toString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data_path = "virtual:default";
  int first_folder = 1;
  if (argc >= 3 && std::string(argv[1]) == "--recorder") {
    data_path = argv[2];
    first_folder = 3;
  }
  if (first_folder >= argc) {
    std::fprintf(stderr, "usage: imapi_session [--recorder PATH] FOLDER [FOLDER...]\n");
    return 2;
  }
  TwoVirtualRecorders virtuals;
  SystemDriveSource drives;
  CombinedRecorderSource source({&virtuals, &drives});
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
  for (Recorder* r : *recorders) {
    auto id = r->displayNames();
    if (id) {
      std::printf("EnumDiscRecorders: %s (%s %s %s)\n", r->path().c_str(), id->vendor.c_str(), id->product.c_str(),
                  id->revision.c_str());
    } else {
      std::printf("EnumDiscRecorders: %s (unusable: %s)\n", r->path().c_str(), id.error().toString().c_str());
    }
  }
  Recorder* recorder = findRecorder(*recorders, data_path);
  if (recorder == nullptr) return fail("SetActiveDiscRecorder", Status(ResultCode::kInvalidArgument, data_path + " is not among the recorders listed"));
  std::printf("SetActiveDiscRecorder: %s\n", recorder->path().c_str());
  if (Status s = master.setActiveRecorder(recorder); !s.ok()) return fail("SetActiveDiscRecorder", s);
  PrintingEvents events;
  auto cookie = master.progressAdvise(&events);
  if (!cookie) return fail("ProgressAdvise", cookie.error());

  auto stage = [&]() -> Status {
    for (int i = first_folder; i < argc; ++i) {
      std::printf("AddData(%s)\n", argv[i]);
      DM_TRY((*joliet)->addData(argv[i], false));
    }
    std::printf("GetUsedDataBlocks: %u of %u\n", *(*joliet)->usedDataBlocks(), *(*joliet)->totalDataBlocks());
    return Status::Ok();
  };
  if (Status s = stage(); !s.ok()) return fail("AddData", s);
  std::printf("RecordDisc(simulate)\n");
  if (Status s = master.recordDisc(true, false); !s.ok()) return fail("RecordDisc(simulate)", s);
  std::printf("medium: %s\n", describeMedium(*recorder, virtuals).c_str());
  std::printf("ClearFormatContent, then restage (the stash is consumed by a record)\n");
  if (Status s = master.clearFormatContent(); !s.ok()) return fail("ClearFormatContent", s);
  if (Status s = stage(); !s.ok()) return fail("AddData", s);
  std::printf("RecordDisc\n");
  if (Status s = master.recordDisc(false, false); !s.ok()) return fail("RecordDisc", s);
  std::printf("medium: %s\n", describeMedium(*recorder, virtuals).c_str());

  std::printf("SetActiveDiscMasterFormat(Red Book)\n");
  if (Status s = master.setActiveFormat(Format::kRedbook); !s.ok()) return fail("SetActiveDiscMasterFormat", s);
  auto redbook = master.redbook();
  if (!redbook) return fail("SetActiveDiscMasterFormat", redbook.error());
  auto audio_recorders = master.recorders();
  if (!audio_recorders) return fail("EnumDiscRecorders", audio_recorders.status());
  Recorder* audio_recorder = findRecorder(*audio_recorders, "virtual:second");
  if (audio_recorder == nullptr) return fail("EnumDiscRecorders", Status(ResultCode::kInvalidArgument, "virtual:second is not listed"));
  if (Status s = master.setActiveRecorder(audio_recorder); !s.ok()) return fail("SetActiveDiscRecorder", s);
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
  std::printf("medium: %s\n", describeMedium(*audio_recorder, virtuals).c_str());
  (void)master.progressUnadvise(*cookie);
  if (Status s = master.close(); !s.ok()) return fail("Close", s);
  std::printf("Close: S_OK\n");
  std::filesystem::remove_all(options.stash_dir);
  return 0;
}
