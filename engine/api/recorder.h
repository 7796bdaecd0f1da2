// Recorder: one optical recorder as IMAPI's IDiscRecorder presents it (imapi.md §1.2) — identity,
// type, path, properties, state, exclusive access, the medium's type and layout, eject — read
// through MMC commands on the recorder's Transport, so a real drive and a virtual one answer alike.
// Beyond IMAPI v1 it reports the medium's physical type (its MMC profile and IMAPI2's
// IMAPI_MEDIA_PHYSICAL_TYPE), and counts DVD and BD media the engine writes as recordable.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "engine/api/recorder_properties.h"
#include "engine/base/result.h"
#include "engine/mmc/drive.h"
#include "engine/transport/transport.h"

namespace dm::api {

// IMAPI's enums, values kept (imapi.md §3).
enum class RecorderType : int32_t { kCdR = 0x1, kCdRw = 0x2 };
enum class RecorderState : uint32_t { kIdle = 0x0, kOpened = 0x1, kBurning = 0x2 };
enum class MediaType : int32_t { kNone = 0, kCddaCdrom = 1, kCdRomXa = 2, kCdI = 3, kCdExtra = 4, kCdOther = 5, kSpecial = 6 };
enum MediaFlags : int32_t { kMediaBlank = 0x1, kMediaRw = 0x2, kMediaWritable = 0x4, kMediaUnusable = 0x8 };
// IMAPI2's IMAPI_MEDIA_PHYSICAL_TYPE (imapi.md §6), values kept.
enum class PhysicalMediaType : int32_t {
  kUnknown = 0x00, kCdRom = 0x01, kCdR = 0x02, kCdRw = 0x03, kDvdRom = 0x04, kDvdRam = 0x05,
  kDvdPlusR = 0x06, kDvdPlusRw = 0x07, kDvdPlusRDualLayer = 0x08, kDvdDashR = 0x09, kDvdDashRw = 0x0A,
  kDvdDashRDualLayer = 0x0B, kBdRom = 0x11, kBdR = 0x12, kBdRe = 0x13,
};
PhysicalMediaType physicalMediaType(uint16_t profile);

struct RecorderIdentity {
  std::string vendor, product, revision;
  std::string basePnpId() const { return vendor + product + revision; }  // IMAPI: concatenated
};

struct MediaTypeInfo {
  MediaType type = MediaType::kNone;  // kNone with flags 0: no medium
  int32_t flags = 0;                  // MediaFlags bits
  uint16_t profile = 0;               // beyond IMAPI v1: the MMC profile (CD-R 0009h, …)
  PhysicalMediaType physical_type = PhysicalMediaType::kUnknown;  // and IMAPI2's name for it
};

// IDiscRecorder::QueryMediaInfo. Disc capacity = next_writable + free_blocks.
struct MediaInfo {
  uint8_t sessions = 0;
  uint8_t last_track = 0;        // last track of the previous session
  uint32_t start_address = 0;    // that track's start LBA
  uint32_t next_writable = 0;
  uint32_t free_blocks = 0;
};

class Recorder {
 public:
  // `path` is what users name the device by ("/dev/sr0", "virtual:default").
  Recorder(std::string path, std::unique_ptr<Transport> transport);

  const std::string& path() const { return path_; }
  // A stable 16-byte identifier of this recorder, derived from its path and identity, formatted
  // as a GUID ("{…}").
  Result<std::string> guid();
  Result<RecorderIdentity> displayNames();
  Result<RecorderType> type();  // CD-RW when the drive writes CD-RW (page 2Ah), else CD-R
  RecorderState state() const { return state_; }

  // The current properties (speeds and underrun protection read from the drive the first time).
  // WriteSpeed and MaxWriteSpeed are multiples of the loaded medium's 1x (CD 176.4 kB/s, DVD
  // 1,385, BD 4,495.5), as the medium was when they were last refreshed.
  Result<PropertySet> properties();
  Status setProperties(const PropertySet& changes);
  Result<RecorderProperties> propertyValues();
  // Reads MaxWriteSpeed again for the medium now loaded (IMAPI: EnumDiscRecorders and
  // SetActiveDiscRecorder refresh it). WriteSpeed is kept, lowered to the new maximum; when the
  // medium's 1x changed (a CD swapped for a DVD, say) it is the new maximum, IMAPI's default.
  Status refreshSpeeds();

  // Exclusive access: required by queryMediaType, queryMediaInfo, eject (IMAPI); a second open
  // while held is IMAPI_E_DEVICE_NOTACCESSIBLE. close() is always safe.
  Status openExclusive();
  Status close();

  Result<MediaTypeInfo> queryMediaType();
  Result<MediaInfo> queryMediaInfo();
  Status eject();
  // IMAPI's Erase: quick (BLANK minimal: PMA, first-session TOC, first pregap) or full (the whole
  // disc). Needs openExclusive; a CD-R medium is IMAPI_E_MEDIUM_INVALIDTYPE, a recorder without
  // the CD-RW profile IMAPI_E_DEVICE_INVALIDTYPE. Synchronous; the erase-complete listener (the
  // DiscMaster's NotifyEraseComplete) hears the result whatever it is.
  Status erase(bool full);
  void setEraseCompleteListener(std::function<void(ResultCode)> listener) { on_erase_complete_ = std::move(listener); }

  // The engine's own access to the drive (burning, verifying).
  mmc::Drive& drive() { return drive_; }
  Transport& transport() { return *transport_; }
  void setBurning(bool burning) { state_ = burning ? RecorderState::kBurning : RecorderState::kIdle; }

 private:
  Status requireOpened(std::string_view what) const;
  Status loadProperties();
  Status eraseMedium(bool full);

  std::string path_;
  std::unique_ptr<Transport> transport_;
  mmc::Drive drive_;
  RecorderState state_ = RecorderState::kIdle;
  std::optional<RecorderProperties> properties_;
  double properties_1x_kbps_ = 0;  // the 1x the speeds in properties_ are multiples of
  std::function<void(ResultCode)> on_erase_complete_;
};

}  // namespace dm::api
