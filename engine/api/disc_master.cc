// DiscMaster: the IMAPI session — state rules, recorder snapshots, progress sinks, recordDisc.
#include "engine/api/disc_master.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/burn/tao_data_burner.h"
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
  bool queryCancel() override { return master_.queryCancel(); }

 private:
  const DiscMaster& master_;
  std::function<void(const std::function<void(ProgressEvents&)>&)> each_;
  long estimate_s_;
};

}  // namespace

std::string_view formatIid(Format f) {
  switch (f) {
    case Format::kJoliet: return "{E3BC42CE-4E5C-11D3-9144-00104BA11C5E}";  // IID_IJolietDiscMaster
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
  active_ = nullptr;
  free_blocks_.reset();
  return cleared;
}

Result<std::vector<Format>> DiscMaster::formats() const {
  DM_TRY(requireOpen());
  return std::vector<Format>{Format::kJoliet};
}

Result<Format> DiscMaster::activeFormat() const {
  DM_TRY(requireFormat());
  return *format_;
}

Result<JolietFormat*> DiscMaster::setActiveFormat(Format format) {
  DM_TRY(requireOpen());
  DM_TRY(clearStaged());
  format_ = format;
  if (!joliet_) joliet_.reset(new JolietFormat(*this));
  return joliet_.get();
}

Status DiscMaster::clearStaged() {
  if (joliet_) joliet_->clear();
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
    if (!before.contains(found->path())) recorders_.push_back(std::move(found));
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
  DM_TRY(drive.waitUntilReady(kReadyTimeout));
  DM_ASSIGN_OR_RETURN(mmc::DiscInformation disc, drive.discInformation());
  uint32_t free = 0;
  if (disc.writable()) {
    DM_ASSIGN_OR_RETURN(mmc::TrackInformation next, drive.trackInformation(mmc::TrackAddressType::kTrack, mmc::kInvisibleTrack));
    // The burner pads the image (TAO run-out safety): what is left is what the image may use.
    const uint32_t pad = burn::BurnOptions{}.pad_blocks;
    free = next.free_blocks > pad ? next.free_blocks - pad : 0;
  }
  active_ = recorder;
  free_blocks_ = free;
  medium_blank_ = disc.status == mmc::DiscStatus::kBlank;
  return Status::Ok();
}

Result<Recorder*> DiscMaster::activeRecorder() const {
  DM_TRY(requireRecorder());
  return active_;
}

Result<uint32_t> DiscMaster::mediumFreeBlocks() const {
  DM_TRY(requireRecorder());
  return *free_blocks_;
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

Status DiscMaster::recordDisc(bool simulate, bool eject_after) {
  DM_TRY(requireRecorder());
  if (active_->state() != RecorderState::kIdle) {
    return Status(ResultCode::kDeviceNotAccessible,
                  fmt::format("{} is held with openExclusive(); close it before recording", active_->path()));
  }
  if (joliet_->stagedTree().empty()) return Status(ResultCode::kInvalidImage, "nothing is staged");

  mmc::Drive& drive = active_->drive();
  DM_TRY(drive.waitUntilReady(kReadyTimeout));
  DM_ASSIGN_OR_RETURN(mmc::DiscInformation disc, drive.discInformation());
  medium_blank_ = disc.status == mmc::DiscStatus::kBlank;
  DM_TRY(joliet_->checkBootMedium());
  if (disc.status == mmc::DiscStatus::kAppendable) {
    return Status(ResultCode::kCannotWriteToMedia,
                  "the disc already holds a session; appending needs the previous session's files, which "
                  "this version cannot import yet: use a blank disc");
  }
  DM_ASSIGN_OR_RETURN(layout::IsoImage image, joliet_->layOut());
  DM_ASSIGN_OR_RETURN(RecorderProperties props, active_->propertyValues());

  burn::BurnOptions options;
  options.simulate = simulate;
  options.eject = eject_after;
  options.speed_x = props.write_speed;
  options.buffer_underrun_protection = props.enable_buffer_underrun_free != 0;
  options.multisession = true;  // IMAPI v1 leaves data discs open for another session (imapi.md §5.3)
  const uint32_t blocks = std::max(image.totalBlocks() + options.pad_blocks, burn::kMinimumTrackBlocks);
  const long estimate = static_cast<long>(std::ceil(blocks / (75.0 * std::max(props.write_speed, 1))));

  EventsBridge bridge(*this, [this](const auto& f) { notify(f); }, estimate);
  layout::IsoSectorSource source(image);
  active_->setBurning(true);
  const burn::BurnReport report = burn::burnDataTrack(drive, source, options, &bridge);
  active_->setBurning(false);
  Status status = report.status;
  if (status.ok()) {
    // IMAPI: "the staged image data is not valid after a call to RecordDisc" — restage to burn again.
    status = clearStaged();
    // The medium changed: re-read its room. After an eject there is none until a disc is
    // inserted and the recorder chosen again.
    if (!setActiveRecorder(active_).ok()) free_blocks_ = 0;
  }
  notify([&](ProgressEvents& e) { e.notifyBurnComplete(status.code()); });
  return status;
}

}  // namespace dm::api
