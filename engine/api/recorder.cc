// Recorder: IDiscRecorder over MMC (see recorder.h).
#include "engine/api/recorder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/burn/disc_strategy.h"
#include "engine/burn/medium_kind.h"

namespace dm::api {
namespace {

constexpr Duration kReadyTimeout = std::chrono::seconds(60);

// FNV-1a, 64-bit: a stable, dependency-free digest; two of them with different offsets make the
// 16 bytes of a GUID-shaped identifier.
uint64_t fnv1a(std::string_view text, uint64_t basis) {
  uint64_t h = basis;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001B3ull;
  }
  return h;
}

}  // namespace

Recorder::Recorder(std::string path, std::unique_ptr<Transport> transport)
    : path_(std::move(path)), transport_(std::move(transport)), drive_(*transport_) {}

Result<RecorderIdentity> Recorder::displayNames() {
  DM_ASSIGN_OR_RETURN(mmc::InquiryData id, drive_.inquiry());
  return RecorderIdentity{id.vendor, id.product, id.revision};
}

Result<std::string> Recorder::guid() {
  DM_ASSIGN_OR_RETURN(RecorderIdentity id, displayNames());
  const std::string key = path_ + '\n' + id.basePnpId();
  const uint64_t a = fnv1a(key, 0xCBF29CE484222325ull);
  const uint64_t b = fnv1a(key, 0x84222325CBF29CE4ull);
  return fmt::format("{{{:08X}-{:04X}-{:04X}-{:04X}-{:012X}}}", a >> 32, (a >> 16) & 0xFFFF, a & 0xFFFF, b >> 48,
                     b & 0xFFFFFFFFFFFFull);
}

Result<RecorderType> Recorder::type() {
  // What the drive can write, not what it can read: a CD-R writer lists the CD-RW profile too
  // (it reads CD-RW), but only a CD-RW writer sets page 2Ah's CD-RW write bit.
  DM_ASSIGN_OR_RETURN(mmc::Capabilities caps, drive_.capabilities());
  return caps.writes_cd_rw ? RecorderType::kCdRw : RecorderType::kCdR;
}

Status Recorder::loadProperties() {
  if (properties_) return Status::Ok();
  return refreshSpeeds();
}

Status Recorder::refreshSpeeds() {
  DM_ASSIGN_OR_RETURN(mmc::Capabilities caps, drive_.capabilities());
  // Without a readable profile (no disc, a drive that will not say) speeds are counted as on CD.
  const Result<uint16_t> profile = drive_.currentProfile();
  const double one_x = burn::speed1xKbps(profile.ok() ? burn::mediumKind(*profile) : burn::MediumKind::kNone);
  const auto max = static_cast<int32_t>(std::lround(caps.max_write_kbps / one_x));
  RecorderProperties p = properties_.value_or(RecorderProperties{});
  const bool same_unit = properties_ && properties_1x_kbps_ == one_x;
  p.max_write_speed = max;
  // IMAPI: the highest available by default; a speed chosen for this kind of medium is kept.
  p.write_speed = same_unit ? std::min(p.write_speed, max) : max;
  p.buffer_underrun_free_capable = caps.buffer_underrun_protection;
  properties_ = p;
  properties_1x_kbps_ = one_x;
  return Status::Ok();
}

Result<RecorderProperties> Recorder::propertyValues() {
  DM_TRY(loadProperties());
  return *properties_;
}

Result<PropertySet> Recorder::properties() {
  DM_TRY(loadProperties());
  return properties_->toSet();
}

Status Recorder::setProperties(const PropertySet& changes) {
  DM_TRY(loadProperties());
  return properties_->apply(changes);
}

Status Recorder::openExclusive() {
  if (state_ != RecorderState::kIdle) {
    return Status(ResultCode::kDeviceNotAccessible,
                  fmt::format("{} is already {}", path_, state_ == RecorderState::kBurning ? "burning" : "opened exclusively"));
  }
  state_ = RecorderState::kOpened;
  return Status::Ok();
}

Status Recorder::close() {
  if (state_ == RecorderState::kOpened) state_ = RecorderState::kIdle;
  return Status::Ok();
}

Status Recorder::requireOpened(std::string_view what) const {
  if (state_ == RecorderState::kOpened) return Status::Ok();
  return Status(ResultCode::kNotInitialized, fmt::format("{} needs openExclusive() on {} first", what, path_));
}

Result<MediaTypeInfo> Recorder::queryMediaType() {
  DM_TRY(requireOpened("queryMediaType"));
  const Status ready = drive_.waitUntilReady(kReadyTimeout);
  if (ready.code() == ResultCode::kMediumNotPresent) return MediaTypeInfo{};  // IMAPI: no medium → 0, 0
  DM_TRY(ready);
  DM_ASSIGN_OR_RETURN(uint16_t profile, drive_.currentProfile());
  DM_ASSIGN_OR_RETURN(mmc::DiscInformation disc, drive_.discInformation());
  MediaTypeInfo info;
  info.profile = profile;
  info.physical_type = physicalMediaType(profile);
  // READ DISC INFORMATION's disc type (MMC-5 §6.22.3.1.8): 00h CD-DA/CD-ROM, 10h CD-I, 20h XA.
  info.type = disc.disc_type == 0x10 ? MediaType::kCdI : disc.disc_type == 0x20 ? MediaType::kCdRomXa : MediaType::kCddaCdrom;
  if (disc.status == mmc::DiscStatus::kBlank) info.flags |= kMediaBlank;
  if (disc.erasable) info.flags |= kMediaRw;
  // Beyond IMAPI v1: the DVD and BD media the engine writes count as recordable too (their kind
  // is in `profile`); a DVD+RW or BD-RE is overwritten whole, so it stays writable once formatted
  // and written.
  const burn::MediumKind kind = burn::mediumKind(profile);
  const auto strategy = burn::chooseDiscStrategy(kind, disc.status, true);
  const bool recordable = kind == burn::MediumKind::kCd || strategy.has_value();
  const bool overwritten = strategy && burn::overwrites(*strategy);
  if (recordable && (disc.writable() || overwritten)) info.flags |= kMediaWritable;
  if (overwritten) info.flags |= kMediaRw;
  if (!recordable) info.flags |= kMediaUnusable;
  return info;
}

PhysicalMediaType physicalMediaType(uint16_t profile) {
  using P = PhysicalMediaType;
  switch (static_cast<mmc::Profile>(profile)) {
    case mmc::Profile::kCdRom: return P::kCdRom;
    case mmc::Profile::kCdR: return P::kCdR;
    case mmc::Profile::kCdRw: return P::kCdRw;
    case mmc::Profile::kDvdRom: return P::kDvdRom;
    case mmc::Profile::kDvdRam: return P::kDvdRam;
    case mmc::Profile::kDvdR: return P::kDvdDashR;
    case mmc::Profile::kDvdRwRestrictedOverwrite:
    case mmc::Profile::kDvdRwSequential: return P::kDvdDashRw;
    case mmc::Profile::kDvdRDualLayer:
    case mmc::Profile::kDvdRDualLayerJump: return P::kDvdDashRDualLayer;
    case mmc::Profile::kDvdPlusRw: return P::kDvdPlusRw;
    case mmc::Profile::kDvdPlusR: return P::kDvdPlusR;
    case mmc::Profile::kDvdPlusRDualLayer: return P::kDvdPlusRDualLayer;
    case mmc::Profile::kBdRom: return P::kBdRom;
    case mmc::Profile::kBdRSequential:
    case mmc::Profile::kBdRRandom: return P::kBdR;
    case mmc::Profile::kBdRe: return P::kBdRe;
    default: return P::kUnknown;
  }
}

Result<MediaInfo> Recorder::queryMediaInfo() {
  DM_TRY(requireOpened("queryMediaInfo"));
  DM_TRY(drive_.waitUntilReady(kReadyTimeout));
  DM_ASSIGN_OR_RETURN(mmc::DiscInformation disc, drive_.discInformation());
  MediaInfo info;
  // READ DISC INFORMATION counts an empty last session (the one a next write would open) among
  // the sessions; IMAPI reports recorded sessions and the last track of the last complete one.
  const bool last_session_empty = disc.last_session == mmc::SessionState::kEmpty;
  info.sessions = static_cast<uint8_t>(last_session_empty && disc.sessions > 0 ? disc.sessions - 1 : disc.sessions);
  if (info.sessions > 0) {
    const uint16_t last =
        last_session_empty ? static_cast<uint16_t>(disc.first_track_last_session - 1) : disc.last_track_last_session;
    DM_ASSIGN_OR_RETURN(mmc::TrackInformation track, drive_.trackInformation(mmc::TrackAddressType::kTrack, last));
    info.last_track = static_cast<uint8_t>(last);
    info.start_address = static_cast<uint32_t>(std::max(track.start_lba, 0));
  }
  DM_ASSIGN_OR_RETURN(uint16_t profile, drive_.currentProfile());
  const std::optional<burn::DiscStrategy> strategy = burn::chooseDiscStrategy(burn::mediumKind(profile), disc.status, true);
  if (strategy && burn::overwrites(*strategy)) {
    // A DVD+RW or BD-RE, formatted or not yet, is written from LBA 0 over what it holds: its
    // room is all of it, as DiscMaster counts it when the recorder is chosen.
    DM_ASSIGN_OR_RETURN(burn::OverwriteArea area, burn::overwriteArea(drive_, *strategy, disc));
    info.next_writable = 0;
    info.free_blocks = area.blocks;
  } else if (disc.writable()) {
    DM_ASSIGN_OR_RETURN(mmc::TrackInformation next,
                        drive_.trackInformation(mmc::TrackAddressType::kTrack, mmc::kInvisibleTrack));
    info.next_writable = static_cast<uint32_t>(std::max(next.writableStart(), 0));
    info.free_blocks = next.free_blocks;
  }
  return info;
}

Status Recorder::eject() {
  DM_TRY(requireOpened("eject"));
  return drive_.eject();
}

Status Recorder::erase(bool full) {
  const Status s = eraseMedium(full);
  if (on_erase_complete_) on_erase_complete_(s.code());
  return s;
}

Status Recorder::eraseMedium(bool full) {
  DM_TRY(requireOpened("erase"));
  DM_ASSIGN_OR_RETURN(RecorderType kind, type());
  if (kind != RecorderType::kCdRw) {
    return Status(ResultCode::kDeviceInvalidType, fmt::format("{} is a CD-R recorder: it cannot erase", path_));
  }
  DM_TRY(drive_.waitUntilReady(kReadyTimeout));
  DM_ASSIGN_OR_RETURN(mmc::DiscInformation disc, drive_.discInformation());
  if (!disc.erasable) {
    return Status(ResultCode::kMediumInvalidType,
                  fmt::format("the disc in {} is not rewritable: only CD-RW can be erased", path_));
  }
  return drive_.blank(full ? mmc::BlankType::kFull : mmc::BlankType::kMinimal)
      .withPrefix(full ? "full erase" : "quick erase");
}

}  // namespace dm::api
