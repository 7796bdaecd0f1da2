// DiscMaster: the IMAPI session — state rules, recorder snapshots, progress sinks, recordDisc.
#include "engine/api/disc_master.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/burn/tao_burner.h"
#include "engine/burn/dao_burner.h"
#include "engine/burn/raw_burner.h"
#include "engine/burn/disc_strategy.h"
#include "engine/burn/dvd_burner.h"
#include "engine/burn/medium_kind.h"
#include "engine/burn/file_sector_source.h"
#include "engine/burn/source_views.h"
#include "engine/layout/iso_sector_source.h"

namespace dm::api {
namespace {

constexpr Duration kReadyTimeout = std::chrono::seconds(60);

long wholeSeconds(Duration d) { return static_cast<long>(std::ceil(std::chrono::duration<double>(d).count())); }

// Forwards the burner's progress to IMAPI's callbacks.
class EventsBridge final : public burn::ProgressSink {
 public:
  EventsBridge(const DiscMaster& master, std::function<void(const std::function<void(ProgressEvents&)>&)> each,
               long estimate_s)
      : master_(master), each_(std::move(each)), estimate_s_(estimate_s) {}
  void onPhase(burn::Phase phase, Duration, Duration estimate) override {
    if (phase == burn::Phase::kPreparing) each_([&](ProgressEvents& e) { e.notifyPreparingBurn(estimate_s_); });
    if (phase == burn::Phase::kClosing) each_([&](ProgressEvents& e) { e.notifyClosingDisc(wholeSeconds(estimate)); });
  }
  void onBlocks(const burn::BlockProgress& p) override {
    if (p.phase != burn::Phase::kWriting) return;
    each_([&](ProgressEvents& e) { e.notifyBlockProgress(p.blocks_done, p.blocks_total); });
  }
  void onTrack(uint32_t done, uint32_t total) override {
    each_([&](ProgressEvents& e) { e.notifyTrackProgress(static_cast<long>(done), static_cast<long>(total)); });
  }
  bool queryCancel() override { return master_.queryCancel(); }

 private:
  const DiscMaster& master_;
  std::function<void(const std::function<void(ProgressEvents&)>&)> each_;
  long estimate_s_;
};

}  // namespace

std::string_view formatIid(Format f) {
  switch (f) {
    case Format::kJoliet: return "{E3BC42CE-4E5C-11D3-9144-00104BA11C5E}";   // IID_IJolietDiscMaster
    case Format::kRedbook: return "{E3BC42CD-4E5C-11D3-9144-00104BA11C5E}";  // IID_IRedbookDiscMaster
  }
  return "";
}

std::string_view formatName(Format f) {
  switch (f) {
    case Format::kJoliet: return "Joliet";
    case Format::kRedbook: return "Red Book";
  }
  return "";
}

DiscMaster::DiscMaster(RecorderSource& source, DiscMasterOptions options)
    : source_(source), options_(std::move(options)) {
  if (!options_.now) {
    options_.now = [] { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); };
  }
}

DiscMaster::~DiscMaster() { (void)close(); }

Status DiscMaster::requireOpen() const {
  if (!stash_) return Status(ResultCode::kNotOpened, "call DiscMaster::open() first");
  return Status::Ok();
}

Status DiscMaster::requireFormat() const {
  DM_TRY(requireOpen());
  if (!format_) return Status(ResultCode::kNoActiveFormat, "choose a format with setActiveFormat() first");
  return Status::Ok();
}

Status DiscMaster::requireRecorder() const {
  DM_TRY(requireFormat());
  if (active_ == nullptr) return Status(ResultCode::kNoActiveRecorder, "choose a recorder with setActiveRecorder() first");
  return Status::Ok();
}

Status DiscMaster::requireFormat(Format format) const {
  DM_TRY(requireRecorder());
  if (*format_ != format) {
    return Status(ResultCode::kWrongFormat, fmt::format("this call belongs to the {} format but {} is active",
                                                        formatName(format), formatName(*format_)));
  }
  return Status::Ok();
}

Status DiscMaster::open() {
  if (stash_) return Status(ResultCode::kAlreadyOpen, "this DiscMaster is already open");
  DM_ASSIGN_OR_RETURN(stage::Stash stash, stage::Stash::open(options_.stash_dir));
  stash_.emplace(std::move(stash));
  return Status::Ok();
}

Status DiscMaster::close() {
  if (!stash_) return Status::Ok();  // closing a closed master is fine (IMAPI: S_OK)
  const Status cleared = stash_->clear();
  stash_.reset();
  format_.reset();
  joliet_.reset();
  redbook_.reset();
  active_ = nullptr;
  free_blocks_.reset();
  return cleared;
}

Result<std::vector<Format>> DiscMaster::formats() const {
  DM_TRY(requireOpen());
  return std::vector<Format>{Format::kJoliet, Format::kRedbook};
}

Result<Format> DiscMaster::activeFormat() const {
  DM_TRY(requireFormat());
  return *format_;
}

Status DiscMaster::setActiveFormat(Format format) {
  DM_TRY(requireOpen());
  DM_TRY(clearStaged());
  format_ = format;
  if (!joliet_) joliet_.reset(new JolietFormat(*this));
  if (!redbook_) redbook_.reset(new RedbookFormat(*this));
  return Status::Ok();
}

Result<JolietFormat*> DiscMaster::joliet() {
  DM_TRY(requireFormat());
  if (*format_ != Format::kJoliet) {
    return Status(ResultCode::kWrongFormat, fmt::format("the active format is {}, not Joliet", formatName(*format_)));
  }
  return joliet_.get();
}

Result<RedbookFormat*> DiscMaster::redbook() {
  DM_TRY(requireFormat());
  if (*format_ != Format::kRedbook) {
    return Status(ResultCode::kWrongFormat, fmt::format("the active format is {}, not Red Book", formatName(*format_)));
  }
  return redbook_.get();
}

Status DiscMaster::clearStaged() {
  append_.reset();  // back to single-session mode: a blank disc is needed (imapi.md §1.1)
  if (joliet_) joliet_->clear();
  if (redbook_) redbook_->clear();
  return stash_->clear();
}

Result<std::vector<Recorder*>> DiscMaster::recorders() {
  DM_TRY(requireFormat());
  std::set<std::string> before;
  for (const auto& r : recorders_) before.insert(r->path());
  std::set<std::string> now;
  // Known recorders keep their objects, so pointers handed out stay valid (IMAPI requires it).
  for (auto& found : source_.discover()) {
    now.insert(found->path());
    if (!before.contains(found->path())) {
      // IMAPI reports an erase through the master's sinks (NotifyEraseComplete).
      found->setEraseCompleteListener([this](ResultCode code) { notify([&](ProgressEvents& e) { e.notifyEraseComplete(code); }); });
      recorders_.push_back(std::move(found));
    }
  }
  if (active_ != nullptr && !now.contains(active_->path())) {
    active_ = nullptr;  // the active recorder was removed
    free_blocks_.reset();
  }
  if (!before.empty() && before != now) notify([](ProgressEvents& e) { e.notifyPnPActivity(); });
  std::vector<Recorder*> out;
  for (const auto& r : recorders_)
    if (now.contains(r->path())) out.push_back(r.get());
  return out;
}

Status DiscMaster::setActiveRecorder(Recorder* recorder) {
  DM_TRY(requireFormat());
  const bool known = std::any_of(recorders_.begin(), recorders_.end(), [&](const auto& r) { return r.get() == recorder; });
  if (!known) return Status(ResultCode::kInvalidArgument, "the recorder does not come from recorders()");
  mmc::Drive& drive = recorder->drive();
  DM_ASSIGN_OR_RETURN(burn::ChosenMedium chosen, burn::chooseMedium(drive));
  DM_TRY(drive.waitUntilReady(kReadyTimeout));
  DM_ASSIGN_OR_RETURN(mmc::DiscInformation disc, drive.discInformation());
  DM_ASSIGN_OR_RETURN(uint16_t profile, drive.currentProfile());
  const burn::MediumKind kind = burn::mediumKind(profile);
  const std::optional<burn::DiscStrategy> strategy = burn::chooseDiscStrategy(kind, disc.status, true);
  uint32_t free = 0;
  if (strategy && burn::overwrites(*strategy)) {
    // A DVD+RW or BD-RE is overwritten from LBA 0: all of it is room, formatted or not yet.
    DM_ASSIGN_OR_RETURN(burn::OverwriteArea area, burn::overwriteArea(drive, *strategy, disc));
    free = area.blocks;
  } else if (disc.writable()) {
    DM_ASSIGN_OR_RETURN(mmc::TrackInformation next, drive.trackInformation(mmc::TrackAddressType::kTrack, mmc::kInvisibleTrack));
    free = next.free_blocks;
  }
  // IMAPI: SetActiveDiscRecorder refreshes MaxWriteSpeed, here in the inserted medium's 1x.
  DM_TRY(recorder->refreshSpeeds());
  active_ = recorder;
  chosen_ = std::move(chosen);
  free_blocks_ = free;
  medium_blank_ = disc.status == mmc::DiscStatus::kBlank;
  medium_kind_ = kind;
  return enterMultiSession(drive, disc);
}

Status DiscMaster::enterMultiSession(mmc::Drive& drive, const mmc::DiscInformation& disc) {
  append_.reset();
  not_appendable_.clear();
  if (*format_ != Format::kJoliet || disc.status != mmc::DiscStatus::kAppendable) return Status::Ok();
  // IMAPI appends only to a disc it can read as a Joliet disc; any other stays single-session
  // and recordDisc says why.
  Result<AppendTarget> target = readAppendTarget(drive);
  if (!target.ok()) {
    not_appendable_ = target.error().message();
    return Status::Ok();
  }
  DM_TRY(joliet_->startAppend(target->session.tree, target->next_writable));
  append_ = std::move(*target);
  return Status::Ok();
}

Result<Recorder*> DiscMaster::activeRecorder() const {
  DM_TRY(requireRecorder());
  return active_;
}

Result<uint32_t> DiscMaster::mediumFreeBlocks() const {
  DM_TRY(requireRecorder());
  // A DVD track ends on a whole 16-block ECC block, a BD track on a 32-block cluster; a CD image
  // is padded (TAO run-out safety). What is left is what the image may use.
  if (burn::isDvdOrBd(medium_kind_)) {
    const uint32_t unit = burn::writeUnitBlocks(medium_kind_);
    return *free_blocks_ / unit * unit;
  }
  const uint32_t pad = burn::BurnOptions{}.pad_blocks;
  return *free_blocks_ > pad ? *free_blocks_ - pad : 0;
}

Result<uint32_t> DiscMaster::blankMediumBlocks() const {
  DM_TRY(requireRecorder());
  return medium_blank_ ? *free_blocks_ : 0;
}

Result<RecorderProperties> DiscMaster::activeRecorderProperties() const {
  DM_TRY(requireRecorder());
  return active_->propertyValues();
}

Status DiscMaster::clearFormatContent() {
  DM_TRY(requireFormat());
  return clearStaged();
}

Result<uint64_t> DiscMaster::progressAdvise(ProgressEvents* events) {
  DM_TRY(requireOpen());
  if (events == nullptr) return Status(ResultCode::kInvalidArgument, "progressAdvise needs a sink");
  sinks_[next_cookie_] = events;
  return next_cookie_++;
}

Status DiscMaster::progressUnadvise(uint64_t cookie) {
  DM_TRY(requireOpen());
  if (sinks_.erase(cookie) == 0) return Status(ResultCode::kInvalidArgument, fmt::format("no sink with cookie {}", cookie));
  return Status::Ok();
}

bool DiscMaster::queryCancel() const {
  bool cancel = false;
  notify([&](ProgressEvents& e) { cancel = cancel || e.queryCancel(); });
  return cancel;
}

void DiscMaster::notifyAddProgress(long done, long total) const {
  notify([&](ProgressEvents& e) { e.notifyAddProgress(done, total); });
}

std::string_view recordWriteTypeName(RecordWriteType t) {
  switch (t) {
    case RecordWriteType::kDefault: return "default";
    case RecordWriteType::kTrackAtOnce: return "TAO";
    case RecordWriteType::kDiscAtOnce: return "DAO";
    case RecordWriteType::kRaw: return "raw";
  }
  return "unknown";
}

Status DiscMaster::setRecordOptions(const RecordOptions& options) {
  DM_TRY(requireOpen());
  record_ = options;
  return Status::Ok();
}

Status DiscMaster::recordDisc(bool simulate, bool eject_after) {
  DM_TRY(requireRecorder());
  if (active_->state() != RecorderState::kIdle) {
    return Status(ResultCode::kDeviceNotAccessible,
                  fmt::format("{} is held with openExclusive(); close it before recording", active_->path()));
  }
  DM_ASSIGN_OR_RETURN(RecorderProperties props, active_->propertyValues());
  burn::BurnOptions options;
  options.simulate = simulate;
  options.eject = eject_after;
  options.speed_x = props.write_speed;
  options.buffer_underrun_protection = props.enable_buffer_underrun_free != 0;
  options.raw_fallback_to_dao = record_.raw_fallback_to_dao;
  // Once the record has begun, every outcome reaches the sinks (IMAPI: NotifyBurnComplete carries
  // the code RecordDisc returns).
  // First: the plan (free blocks, blank or appendable) is the chosen disc's. Commands since then
  // went through the same mmc::Drive, so a unit attention they met is counted.
  const burn::QuirkWorkarounds workarounds;
  burn::QuirkHandler quirks(active_->drive(), workarounds);
  Status status = chosen_ ? quirks.checkSameMedium(*chosen_) : Status::Ok();
  if (status.ok()) status = *format_ == Format::kJoliet ? recordJoliet(options) : recordRedbook(options);
  notify([&](ProgressEvents& e) { e.notifyBurnComplete(status.code()); });
  return status;
}

Status DiscMaster::recordJoliet(const burn::BurnOptions& base) {
  if (!joliet_->hasStagedContent()) return Status(ResultCode::kInvalidImage, "nothing is staged");
  mmc::Drive& drive = active_->drive();
  DM_TRY(drive.waitUntilReady(kReadyTimeout));
  DM_ASSIGN_OR_RETURN(mmc::DiscInformation disc, drive.discInformation());
  medium_blank_ = disc.status == mmc::DiscStatus::kBlank;
  DM_TRY(joliet_->checkBootMedium());
  if (append_) {
    DM_TRY(checkSameDisc(drive, *append_));
  } else if (disc.status == mmc::DiscStatus::kAppendable) {
    return Status(ResultCode::kCannotWriteToMedia,
                  not_appendable_.empty()
                      ? "the disc already holds a session and the image was not started on it (choose the "
                        "recorder with the disc inserted, after clearFormatContent): use a blank disc"
                      : fmt::format("the disc's last session cannot be continued ({}): use a blank disc",
                                    not_appendable_));
  }
  const RecordWriteType type = record_.write_type;
  if (type == RecordWriteType::kRaw && (append_ || disc.status != mmc::DiscStatus::kBlank)) {
    return Status(ResultCode::kCannotWriteToMedia,
                  "raw writing writes the disc's only session and needs a blank disc; this one already holds data");
  }
  DM_ASSIGN_OR_RETURN(layout::IsoImage image, joliet_->layOut());
  burn::BurnOptions options = base;
  // IMAPI v1 leaves data discs open for another session (imapi.md §5.3); a raw disc is closed
  // by the lead-in and lead-out the host writes.
  options.multisession = type != RecordWriteType::kRaw;
  if (burn::dataBurnNeedsDvdBurner(drive)) {
    if (type != RecordWriteType::kDefault) {
      return Status(ResultCode::kInvalidArgument,
                    "on DVD and BD media the medium decides how it is written: no TAO, DAO or raw");
    }
    layout::IsoSectorSource dvd_source(image);
    const uint32_t padded = burn::paddedToUnit(image.totalBlocks(), burn::writeUnitBlocks(medium_kind_));
    return burnTracks(options, padded, [&](mmc::Drive& target, burn::ProgressSink* sink) {
      return burn::burnDvdData(target, dvd_source, options, sink);
    });
  }
  const uint32_t blocks = std::max(image.totalBlocks() + options.pad_blocks, burn::kMinimumTrackBlocks);
  layout::IsoSectorSource source(image);
  if (type == RecordWriteType::kRaw || type == RecordWriteType::kDiscAtOnce) {
    // One Mode 1 track with no run-out after it: padded only to the 4 s a track must last.
    const uint32_t short_by =
        source.totalBlocks() < burn::kMinimumTrackBlocks ? burn::kMinimumTrackBlocks - source.totalBlocks() : 0;
    const burn::PaddedSource padded(source, short_by);
    burn::DaoDisc plan;
    burn::DaoTrack t;
    t.source = &padded;
    t.kind = burn::TrackKind::kDataMode1;
    plan.tracks.push_back(t);
    return burnTracks(options, blocks, [&](mmc::Drive& target, burn::ProgressSink* sink) {
      return type == RecordWriteType::kRaw ? burn::burnRaw(target, plan, options, sink)
                                           : burn::burnDiscAtOnce(target, plan, options, sink);
    });
  }
  burn::TaoTrack track;
  track.source = &source;
  track.trailing_blocks = options.pad_blocks;
  return burnTracks(options, blocks, [&](mmc::Drive& target, burn::ProgressSink* sink) {
    return burn::burnTaoTracks(target, std::span<const burn::TaoTrack>(&track, 1), options, sink);
  });
}

Status DiscMaster::recordRedbook(const burn::BurnOptions& base) {
  if (redbook_->trackOpen()) {
    return Status(ResultCode::kTrackOpen,
                  fmt::format("audio track {} is still open: close it before recording", redbook_->tracks().size()));
  }
  if (redbook_->tracks().empty()) return Status(ResultCode::kInvalidImage, "no audio track is staged");
  mmc::Drive& drive = active_->drive();
  DM_TRY(drive.waitUntilReady(kReadyTimeout));
  DM_ASSIGN_OR_RETURN(mmc::DiscInformation disc, drive.discInformation());
  if (burn::dataBurnNeedsDvdBurner(drive)) {
    DM_ASSIGN_OR_RETURN(uint16_t profile, drive.currentProfile());
    return Status(ResultCode::kMediumInvalidType,
                  fmt::format("the disc is {}: an audio CD is written on CD-R or CD-RW only", mmc::profileName(profile)));
  }
  if (disc.status != mmc::DiscStatus::kBlank) {
    return Status(ResultCode::kCannotWriteToMedia, fmt::format("audio needs a blank disc and this one is {}{}",
                                                               mmc::discStatusName(disc.status),
                                                               disc.erasable ? ": erase it first" : ""));
  }
  DM_ASSIGN_OR_RETURN(RecorderProperties props, active_->propertyValues());
  std::vector<burn::FileSectorSource> sources;
  sources.reserve(redbook_->tracks().size());
  uint32_t blocks = 0;
  for (const StagedAudioTrack& staged : redbook_->tracks()) {
    DM_ASSIGN_OR_RETURN(burn::FileSectorSource source,
                        burn::FileSectorSource::open(staged.stream, RedbookFormat::kAudioBlockSize));
    blocks += source.totalBlocks();
    sources.push_back(std::move(source));
  }
  burn::BurnOptions options = base;
  options.multisession = false;  // an audio CD is closed: players read only the first session
  options.verify = false;
  const auto gap = static_cast<uint32_t>(props.audio_gap_size);
  const RecordWriteType type = record_.write_type;
  if (type == RecordWriteType::kTrackAtOnce && gap != kDefaultAudioGapSize) {
    return Status(ResultCode::kInvalidArgument,
                  fmt::format("AudioGapSize {}: Track-At-Once pregaps are the drive's {} blocks; use Disc-At-Once or raw",
                              gap, kDefaultAudioGapSize));
  }
  if (type == RecordWriteType::kTrackAtOnce || (type == RecordWriteType::kDefault && gap == kDefaultAudioGapSize)) {
    // IMAPI's way: Track-At-Once, the drive's 150-block pregaps after the 2 run-out blocks.
    std::vector<burn::TaoTrack> tracks(sources.size());
    for (size_t i = 0; i < sources.size(); ++i) {
      tracks[i].source = &sources[i];
      tracks[i].kind = burn::TrackKind::kAudio;
    }
    return burnTracks(options, blocks, [&](mmc::Drive& target, burn::ProgressSink* sink) {
      return burn::burnTaoTracks(target, tracks, options, sink);
    });
  }
  // Any other gap, or a Disc-At-Once or raw record, is planned block by block: the host sets
  // every pregap. IMAPI: "two additional blocks are always written at the end of each track, so
  // the real gap is value+2" — the gap is g + 2
  // blocks and the last track ends with 2 blocks of silence, so the disc is exactly the blocks
  // usedAudioBlocks() counted.
  const burn::PaddedSource last(sources.back(), RedbookFormat::kTrackEndBlocks);
  burn::DaoDisc plan;
  for (size_t i = 0; i < sources.size(); ++i) {
    burn::DaoTrack t;
    t.source = i + 1 < sources.size() ? static_cast<const burn::SectorSource*>(&sources[i]) : &last;
    t.kind = burn::TrackKind::kAudio;
    t.pregap_blocks = gap + RedbookFormat::kTrackEndBlocks;
    plan.tracks.push_back(t);
  }
  return burnTracks(options, blocks, [&](mmc::Drive& target, burn::ProgressSink* sink) {
    return type == RecordWriteType::kRaw ? burn::burnRaw(target, plan, options, sink)
                                         : burn::burnDiscAtOnce(target, plan, options, sink);
  });
}

Status DiscMaster::burnTracks(const burn::BurnOptions& options, uint32_t blocks,
                              const std::function<burn::BurnReport(mmc::Drive&, burn::ProgressSink*)>& burner) {
  // WriteSpeed is in the medium's 1x (Recorder::refreshSpeeds): 75 blocks a second on CD,
  // 1,385,000 B/s ÷ 2,048 on DVD, 4,495,500 B/s ÷ 2,048 on BD (mmc.md §1.6).
  const double speed = options.speed_x.value_or(1.0);
  const double per_second_at_1x = burn::blocksPerSecondAt1x(medium_kind_);
  const long estimate = static_cast<long>(std::ceil(blocks / (per_second_at_1x * std::max(speed, 1.0))));
  EventsBridge bridge(*this, [this](const auto& f) { notify(f); }, estimate);
  mmc::Drive& drive = active_->drive();
  active_->setBurning(true);
  const burn::BurnReport report = burner(drive, &bridge);
  active_->setBurning(false);
  Status status = report.status;
  // The burn itself changed the disc (or left it half written): what recordDisc checks next time
  // is the disc as it is now.
  // An ejected disc leaves nothing to compare: the recorder is chosen again once one is inserted.
  if (auto now = burn::chooseMedium(drive); now && now->profile != 0) {
    chosen_ = std::move(*now);
  } else {
    chosen_.reset();
  }
  if (status.ok()) {
    // IMAPI: "the staged image data is not valid after a call to RecordDisc" — restage to burn again.
    status = clearStaged();
    // The medium changed: re-read its room. After an eject there is none until a disc is
    // inserted and the recorder chosen again.
    if (!setActiveRecorder(active_).ok()) free_blocks_ = 0;
  }
  return status;
}

}  // namespace dm::api
