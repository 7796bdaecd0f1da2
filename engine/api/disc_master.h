// DiscMaster: IMAPI's IDiscMaster (imapi.md §1.1, §5) — the session that owns the stash, the
// active format and the active recorder, and records the staged image. Recorders come from a
// RecorderSource (real drives and virtual recorders alike; tools/ provides it), so nothing here
// knows which kind it drives.
//
// State rules (imapi.md §5.2): every call but open/close needs open() first (IMAPI_E_NOTOPENED);
// format-specific calls need an active format (IMAPI_E_NOACTIVEFORMAT); recordDisc and addData
// need an active recorder (IMAPI_E_NOACTIVERECORDER); a second open is IMAPI_E_ALREADYOPEN and
// another process holding the stash IMAPI_E_STASHINUSE. Setting the format clears the staged
// image; a successful recordDisc clears it too (restage to burn again); close always succeeds.
//
// Formats: Joliet (a data disc, one TAO Mode 1 track per session) and Red Book (an audio disc of
// TAO tracks, blank media only). Multi-session (imapi.md §1.1, §5.3): choosing a recorder with
// Joliet active reads an appendable disc's last session (session_append.h); the image then
// continues that tree and recordDisc appends a session, leaving the disc appendable, after
// checking the same disc is in the drive (IMAPI_E_WRONGDISC). clearFormatContent and a format
// change leave multi-session mode; an appendable disc is then IMAPI_E_CANNOT_WRITE_TO_MEDIA, as it
// is when its last session holds no ISO 9660 file system.
//
// A plan is made for the disc that was in the drive when the recorder was chosen: recordDisc
// first asks the drive (GESN media events, TEST UNIT READY; burn/medium_watch.h) whether the disc
// was removed (IMAPI_E_MEDIUM_NOTPRESENT) or changed (IMAPI_E_WRONGDISC) since, and then the
// recorder must be chosen again.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/api/joliet_format.h"
#include "engine/api/progress_events.h"
#include "engine/api/recorder.h"
#include "engine/api/redbook_format.h"
#include "engine/api/session_append.h"
#include "engine/base/result.h"
#include "engine/burn/medium_kind.h"
#include "engine/burn/tao_burner.h"
#include "engine/stage/stash.h"

namespace dm::api {

enum class Format { kJoliet, kRedbook };
// The format's IMAPI interface ID, so programs can name formats as IMAPI does:
// "{E3BC42CE-4E5C-11D3-9144-00104BA11C5E}" for Joliet, "{E3BC42CD-…}" for Red Book.
std::string_view formatIid(Format f);
std::string_view formatName(Format f);  // "Joliet", "Red Book"

// How recordDisc writes (IMAPI v1 chooses for itself; these let a caller choose, as IMAPI2's
// write-type properties do). kDefault: Joliet Track-At-Once, Red Book Track-At-Once with the
// default gap and Disc-At-Once with any other. kRaw: the whole disc with host-made lead-in,
// sub-channel and lead-out (burn/raw_burner.h): blank discs only, and the disc is closed.
enum class RecordWriteType { kDefault, kTrackAtOnce, kDiscAtOnce, kRaw };
std::string_view recordWriteTypeName(RecordWriteType t);  // "default", "TAO", "DAO", "raw"

struct RecordOptions {
  RecordWriteType write_type = RecordWriteType::kDefault;
  bool raw_fallback_to_dao = false;  // kRaw on a drive that refuses raw writing: Disc-At-Once
};

// Where recorders come from: called on every enumeration, it returns what is there now.
class RecorderSource {
 public:
  virtual ~RecorderSource() = default;
  virtual std::vector<std::unique_ptr<Recorder>> discover() = 0;
};

struct DiscMasterOptions {
  std::filesystem::path stash_dir;  // locked while open; cleared on clear, record and close
  // The volume's date (IMAPI's default volume name is the date): the wall clock unless a test or
  // a reproducible build pins it.
  std::function<std::chrono::sys_seconds()> now;
};

class DiscMaster {
 public:
  DiscMaster(RecorderSource& source, DiscMasterOptions options);
  ~DiscMaster();
  DiscMaster(const DiscMaster&) = delete;
  DiscMaster& operator=(const DiscMaster&) = delete;

  Status open();
  Status close();

  Result<std::vector<Format>> formats() const;
  Result<Format> activeFormat() const;
  // Chooses the format and clears the staged image (IMAPI's SetActiveDiscMasterFormat); the
  // format's interface is then joliet() or redbook(), and the other one is IMAPI_E_WRONGFORMAT.
  Status setActiveFormat(Format format);
  Result<JolietFormat*> joliet();
  Result<RedbookFormat*> redbook();

  // The recorders the active format can use: a fresh snapshot each call. If the set of paths
  // changed since the last snapshot, advised sinks get notifyPnPActivity. The active recorder
  // stays valid while its path is still listed.
  Result<std::vector<Recorder*>> recorders();
  Status setActiveRecorder(Recorder* recorder);
  Result<Recorder*> activeRecorder() const;

  Status clearFormatContent();

  Result<uint64_t> progressAdvise(ProgressEvents* events);
  Status progressUnadvise(uint64_t cookie);

  // Records the staged image (simulate: MMC test write, the medium stays blank). Synchronous;
  // progress goes to the advised sinks. On success the stash is cleared.
  Status recordDisc(bool simulate, bool eject_after);
  // Options of every later recordDisc. Needs open() (IMAPI_E_NOTOPENED).
  Status setRecordOptions(const RecordOptions& options);
  const RecordOptions& recordOptions() const { return record_; }

  bool isOpen() const { return stash_.has_value(); }
  // Internal to the format objects.
  Status requireRecorder() const;
  // The checks of a format's calls in IMAPI's order: opened, a format, a recorder, this format.
  Status requireFormat(Format format) const;
  // Blocks a data image may use on the active recorder's medium (its free blocks less the pad).
  Result<uint32_t> mediumFreeBlocks() const;
  // Blocks audio may use: the medium's free blocks when it is blank, else 0 (audio needs blank
  // media, imapi.md §5.3).
  Result<uint32_t> blankMediumBlocks() const;
  Result<RecorderProperties> activeRecorderProperties() const;
  bool mediumBlank() const { return medium_blank_; }  // of the active recorder, read when chosen
  bool multiSession() const { return append_.has_value(); }
  stage::Stash& stash() { return *stash_; }
  std::chrono::sys_seconds now() const { return options_.now(); }
  bool queryCancel() const;
  void notifyAddProgress(long done, long total) const;

 private:
  Status requireOpen() const;
  Status requireFormat() const;
  Status clearStaged();
  Status enterMultiSession(mmc::Drive& drive, const mmc::DiscInformation& disc);
  Status recordJoliet(const burn::BurnOptions& base);
  Status recordRedbook(const burn::BurnOptions& base);
  // Runs `burner` on the active recorder with IMAPI's progress callbacks, then clears the stash
  // after a success and re-reads the medium.
  Status burnTracks(const burn::BurnOptions& options, uint32_t blocks,
                    const std::function<burn::BurnReport(mmc::Drive&, burn::ProgressSink*)>& burner);
  template <typename F>
  void notify(F&& f) const {
    for (const auto& [cookie, sink] : sinks_) f(*sink);
  }

  RecorderSource& source_;
  DiscMasterOptions options_;
  std::optional<stage::Stash> stash_;  // present while open
  std::optional<Format> format_;
  std::unique_ptr<JolietFormat> joliet_;
  std::unique_ptr<RedbookFormat> redbook_;
  std::vector<std::unique_ptr<Recorder>> recorders_;
  Recorder* active_ = nullptr;
  std::optional<uint32_t> free_blocks_;  // of the active recorder's medium, read when chosen
  bool medium_blank_ = true;
  // The active recorder's medium: its write unit (DVD ECC block, BD cluster) and 1x.
  burn::MediumKind medium_kind_ = burn::MediumKind::kNone;
  // The active recorder's medium as read when it was chosen: recordDisc refuses another disc.
  std::optional<burn::ChosenMedium> chosen_;
  std::optional<AppendTarget> append_;  // multi-session mode: the disc the image continues
  std::string not_appendable_;          // why an appendable disc could not be imported
  RecordOptions record_;
  std::map<uint64_t, ProgressEvents*> sinks_;
  uint64_t next_cookie_ = 1;
};

}  // namespace dm::api
