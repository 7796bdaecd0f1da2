// Medium: one disc in the virtual recorder — its kind (capacity, ATIP), its recorded structure
// (sessions, tracks, open/closed state, disc status) and its recorded blocks (a sparse store).
// The drive changes it only through the recording methods below, which keep the layout consistent
// with the Orange Book rules the drive reports to the host (mmc.md §1.3): a TAO track ends with
// 2 run-out blocks, the next track's index 1 lies 150 blocks later, and each session is framed by
// a lead-in and a lead-out. A session written at once (SAO, from a cue sheet) has no run-out: its
// tracks, pregaps and index points are where the cue sheet put them. The Medium does not validate host requests; the drive does that first.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "emulator/media/medium_kind.h"
#include "emulator/media/sector_store.h"

namespace vrec {

// Orange Book recording geometry (mmc.md §1.2, §1.3), in sectors.
inline constexpr uint32_t kTaoRunOutSectors = 2;        // after each TAO track, counted, unreadable
inline constexpr uint32_t kTaoPregapSectors = 150;      // link + run-in + pregap before index 1
inline constexpr uint32_t kMinTrackSectors = 300;       // Red Book minimum: 4 s
inline constexpr uint32_t kLeadInSectors = 4'500;       // 60 s, every session
inline constexpr uint32_t kFirstLeadOutSectors = 6'750;  // 90 s, first session
inline constexpr uint32_t kLaterLeadOutSectors = 2'250;  // 30 s, later sessions
inline constexpr uint16_t kMaxTracks = 99;

// READ DISC INFORMATION byte 2 bits 1-0 (mmc.md §2.2).
enum class DiscStatus : uint8_t { kBlank = 0, kAppendable = 1, kComplete = 2 };
// READ DISC INFORMATION byte 2 bits 3-2.
enum class SessionState : uint8_t { kEmpty = 0, kIncomplete = 1, kComplete = 3 };

struct Track {
  uint16_t number = 0;
  uint16_t session = 0;
  int32_t start_lba = 0;          // index 1
  uint32_t recorded_sectors = 0;  // user blocks: host data plus drive padding, no run-out
  uint16_t block_bytes = 2048;    // as the host sent them (page 05 data block type)
  uint8_t control = 4;            // Q sub-channel CONTROL nibble = page 05 track mode
  bool closed = false;            // run-out written, entry in the PMA
  bool damaged = false;           // recording stopped by an unprotected buffer underrun
  // Index points (mmc.md §1.2): index 0 (the pregap) runs from pregap_lba to start_lba; TAO
  // tracks get 150 blocks, a cue sheet says what it wants (0 for gapless). Index 2, 3, … start
  // at index_lbas in ascending order.
  int32_t pregap_lba = 0;
  std::vector<int32_t> index_lbas;
  std::string isrc;               // 12 characters as Q mode 3 carries them, or empty
  uint8_t data_mode = 1;          // sector mode of a data track: 1, or 2 for CD-ROM XA
  bool pre_emphasis = false;      // CONTROL bit 0 of audio tracks
  bool session_at_once = false;   // written from a cue sheet: no run-out, tracks follow at once
  bool dvd = false;               // a DVD track: no pregap, no run-out, padded to ECC blocks

  bool isData() const { return (control & 0x04) != 0; }
  int32_t userEndLba() const { return start_lba + static_cast<int32_t>(recorded_sectors); }
  // Track size as READ TRACK INFORMATION reports it: run-out blocks count once written.
  uint32_t sizeSectors() const {
    return recorded_sectors + (closed && !session_at_once && !dvd ? kTaoRunOutSectors : 0);
  }
  uint32_t pregapSectors() const { return static_cast<uint32_t>(start_lba - pregap_lba); }
};

// One track of a Session-At-Once recording as the drive's cue sheet planned it (mmc.md §2.6).
struct AtOnceTrack {
  uint8_t control = 0;        // CTL nibble: pre-emphasis, copy permitted, data
  uint16_t block_bytes = 2352;
  uint8_t data_mode = 1;      // data tracks: 1 or 2
  int32_t pregap_lba = 0;     // index 0; equal to start_lba for a gapless track
  int32_t start_lba = 0;      // index 1
  std::vector<int32_t> index_lbas;
  std::string isrc;
};

// READ DISC INFORMATION byte 7 bits 1-0, background format status of a DVD+RW (mmc.md §2.2).
enum class BackgroundFormat : uint8_t { kNone = 0, kStopped = 1, kRunning = 2, kComplete = 3 };

struct Session {
  uint16_t number = 0;
  uint16_t first_track = 0;
  uint16_t last_track = 0;
  bool closed = false;
  int32_t lead_in_lba = 0;   // where this session's lead-in starts
  int32_t lead_out_lba = 0;  // where its lead-out starts; valid once closed
};

class Medium {
 public:
  static Medium blank(MediumKind kind);

  MediumKind kind() const { return kind_; }
  const MediumKindInfo& info() const { return mediumKindInfo(kind_); }
  // "CD-R 80 min (blank)", "CD-R 80 min (1 session, closed)", "CD-RW 80 min (2 sessions, open)".
  std::string describe() const;
  // Last possible lead-out start from ATIP: the user-addressable sectors of a blank disc.
  uint32_t capacitySectors() const;
  bool isBlank() const { return tracks_.empty(); }
  bool isErasable() const { return info().erasable; }
  bool isDvd() const { return info().isDvd(); }
  MediumFamily family() const { return info().family; }
  bool isBd() const { return info().isBd(); }
  // DVD+RW, BD-RE: FORMAT UNIT has run (at least started); the whole capacity is one overwritable
  // track.
  bool isFormatted() const { return formatted_; }
  // BD: the user capacity a FORMAT UNIT with (30h, 32h) or without (31h) spare areas left, or
  // nullopt when the disc was never formatted (mmc.md §1.5, §2.4).
  std::optional<uint32_t> formattedCapacity() const {
    return formatted_capacity_ == 0 ? std::nullopt : std::optional<uint32_t>(formatted_capacity_);
  }
  // BD-R formatted for SRM with Pseudo-Overwrite (FORMAT UNIT 32h subtype 00b, feature 0038h):
  // recorded blocks may be written again; the drive remaps them into the spare areas.
  bool pseudoOverwrite() const { return pseudo_overwrite_; }
  BackgroundFormat backgroundFormat() const { return bg_format_; }

  DiscStatus status() const;
  SessionState lastSessionState() const;
  const std::vector<Track>& tracks() const { return tracks_; }
  const std::vector<Session>& sessions() const { return sessions_; }
  const Track* track(uint16_t number) const;
  const Track* openTrack() const;  // the track being recorded, if any
  bool sessionOpen() const { return !sessions_.empty() && !sessions_.back().closed; }
  uint16_t closedSessionCount() const;
  // Number the next track will get, and the session it will belong to.
  uint16_t nextTrackNumber() const { return static_cast<uint16_t>(tracks_.size() + 1); }
  uint16_t nextSessionNumber() const;
  // Next writable address the drive reports (READ TRACK INFORMATION, mmc.md §2.3): inside the
  // open track, or the start of the next track, accounting for run-out, pregap and session frames.
  int32_t nextWritableLba() const;
  uint32_t freeSectors() const;
  // Lead-in start of the session that would be written next (READ DISC INFORMATION bytes 16-19).
  int32_t nextLeadInLba() const;
  // Lead-out start of the last closed session, if any (READ TOC, READ CAPACITY).
  std::optional<int32_t> lastLeadOutLba() const;

  const SectorStore& store() const { return store_; }
  // Media Catalog Number (13 digits, Q mode 2) and the CD-TEXT packs of the lead-in (18 bytes
  // each, as READ TOC format 5 returns them); empty when the disc has none.
  const std::string& mcn() const { return mcn_; }
  const std::vector<uint8_t>& cdText() const { return cd_text_; }

  // --- Recording, used by the drive after it validated the host's request. ---
  // Opens the next track at nextWritableLba(). REQUIRES: no open track, status() != kComplete,
  // tracks().size() < kMaxTracks.
  Track& beginTrack(uint8_t control, uint16_t block_bytes);
  // The open track grows by `count` blocks; `blocks` (count × block size, or empty in a test
  // write) is stored at its previous end.
  void recordBlocks(uint32_t count, std::span<const uint8_t> blocks);
  // Pads the open track to `min_sectors` (Red Book 4 s, or a reserved size) and writes its
  // run-out. Returns the padding added.
  uint32_t closeTrack(uint32_t min_sectors = kMinTrackSectors);
  void markOpenTrackDamaged();

  // --- Session-At-Once recording: the tracks of a cue sheet, one after the other, no run-out. ---
  // Opens the next track of the session being written at once, closing the previous one where
  // this one's pregap begins; opens the session when none is open. REQUIRES: no open TAO track,
  // status() != kComplete, tracks().size() < kMaxTracks.
  Track& beginTrackAtOnce(const AtOnceTrack& plan);
  // Stores `count` blocks of `block_bytes` each from `lba` (the open track's pregap or body; no
  // data in a test write) and grows the open track to cover them.
  void recordAtOnce(int32_t lba, uint32_t count, uint16_t block_bytes, std::span<const uint8_t> blocks);
  // Ends a session written at once: its last track closes, the lead-out follows it directly, and
  // the disc takes the catalog number and CD-TEXT packs the lead-in carried (empty: unchanged).
  void closeSessionAtOnce(bool allow_next, const std::string& mcn, const std::vector<uint8_t>& cd_text);
  // The disc's Media Catalog Number, as a TAO session's page 05 gave it (13 digits).
  void setCatalogNumber(const std::string& mcn) { mcn_ = mcn; }
  // Closes the open session: lead-out after the last track. `allow_next` (page 05 multisession
  // 11b) leaves the disc appendable, otherwise it becomes complete. REQUIRES: sessionOpen(),
  // no open track.
  void closeSession(bool allow_next);
  // --- Raw recording (page 05 write type 3; medium_raw.cc): the host wrote every block itself. ---
  // Keeps block `lba` as written: its 2352-byte main channel and its 96-byte P–W sub-channel.
  void recordRaw(int32_t lba, std::span<const uint8_t> main, std::span<const uint8_t> subchannel);
  // Closes a session the host wrote raw: its tracks (pregaps, index points, ISRCs as the Q
  // sub-channel carried them) in order, the lead-out at `lead_out_lba`. REQUIRES: no open session,
  // status() != kComplete, `tracks` non-empty and numbered from nextTrackNumber().
  void closeRawSession(const std::vector<AtOnceTrack>& tracks, int32_t lead_out_lba, bool allow_next,
                       const std::string& mcn);
  // Forgets raw blocks from `lba` on: a raw session abandoned before its end leaves no trace a
  // later recording could read back.
  void discardRaw(int32_t lba);
  // An unprotected underrun stopped a raw session: the disc gets one damaged, unclosed track where
  // the next would begin, so it reads as ruined and takes no more writes (mmc.md §8.2).
  void ruinRawSession();
  // The P–W sub-channel of raw-written blocks (96 bytes each), empty elsewhere.
  const SectorStore& subchannel() const { return subchannel_; }

  // --- DVD and BD (dvd_recording.cc). ---
  // Pads the open DVD or BD track to whole write units (ECC blocks, clusters), or to `reserved`
  // blocks when RESERVE TRACK fixed its size, and closes it. Returns the padding added.
  uint32_t closeDvdTrack(std::optional<uint32_t> reserved);
  // DVD+RW FORMAT UNIT type 26h: the disc becomes one track of its whole capacity in a closed
  // session; data already written stays. The background format runs until stopped.
  void formatDvdPlusRw();
  void setBackgroundFormat(BackgroundFormat state) { bg_format_ = state; }
  // BD-RE FORMAT UNIT 30h/31h (or 00h): the disc becomes one overwritable track of `capacity`
  // blocks in a closed session, as a formatted DVD+RW, with no background format. BD-R 32h: the
  // disc stays blank and sequential, `capacity` blocks after its spare areas, with Pseudo-Overwrite
  // when `pseudo_overwrite` (subtype 00b). A reformat keeps the data already written.
  void formatBd(uint32_t capacity, bool pseudo_overwrite = false);
  // DVD+RW, BD-RE: stores `count` 2048-byte blocks at `lba` (REQUIRES: formatted, inside the capacity);
  // the recorded extent of track 1 grows to cover them. BD-R with Pseudo-Overwrite: replaces
  // recorded blocks (REQUIRES: below the next writable address); the tracks stay as they are.
  void overwrite(int32_t lba, uint32_t count, std::span<const uint8_t> blocks);

  // The same disc structure with no recorded blocks: the scratch copy a test write runs on.
  Medium withoutData() const;

  // Writes the first data track's user data (2048-byte blocks, recorded length, unrecorded blocks
  // as zeros) to `path`. Returns an error message naming the path and the OS reason on failure.
  std::optional<std::string> exportIso(const std::filesystem::path& path) const;
  // Writes the whole disc as CDRWIN BIN/CUE: `cue_path` and the BIN beside it with the same stem
  // (raw 2352-byte sectors, data tracks synthesised; medium_bin_cue.cc). Returns an error message
  // naming the path and the OS reason on failure.
  std::optional<std::string> exportBinCue(const std::filesystem::path& cue_path) const;

 private:
  friend class MediumFile;   // medium_file.cc saves and restores the whole state
  friend class MediumImage;  // medium_image.cc builds a pre-recorded disc from an image
  explicit Medium(MediumKind kind) : kind_(kind) {}
  // A formatted DVD+RW or BD-RE: one closed track over the whole capacity in one closed session.
  void becomeOneOverwritableTrack();

  MediumKind kind_;
  std::vector<Session> sessions_;
  std::vector<Track> tracks_;
  bool finalized_ = false;
  bool formatted_ = false;
  uint32_t formatted_capacity_ = 0;  // BD after FORMAT UNIT; 0: the kind's capacity
  bool pseudo_overwrite_ = false;    // BD-R formatted SRM+POW
  BackgroundFormat bg_format_ = BackgroundFormat::kNone;
  std::string mcn_;
  std::vector<uint8_t> cd_text_;
  SectorStore store_;
  SectorStore subchannel_;
};

// Reads the 2048 user bytes of a recorded data block (raw 2352-byte Mode 1 sectors carry them at
// offset 16, mmc.md §1.1) into `out`; unrecorded blocks read as zeros.
void readUserData(const Medium& medium, const Track& track, int32_t lba, std::span<uint8_t, 2048> out);

}  // namespace vrec
