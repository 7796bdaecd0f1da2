// Drive: the virtual recorder's hardware model behind vrec::Recorder. It owns every piece of drive
// state (tray and medium, mode pages, selected speeds, the buffer and write head, pending sense,
// unit attention, the virtual clock and the trace) and decodes commands through one dispatch table
// (opcode → handler, drive_dispatch.cc). Handlers follow "validate, then apply": each checks every
// field and fails with sense before it changes anything. They are grouped by concern:
//   drive.cc                   execute(), sense, replies, clock
//   drive_dispatch.cc          the opcode table
//   drive_write_head.cc        buffer drain, OPC, pregap, run-out, underruns, fixation timing,
//                              the lead-in and lead-out of a session written at once
//   drive_speed.cc             actual head speed by rotation rule (CLV, CAV, P-CAV, Z-CLV)
//   cmd_identify.cc            TEST UNIT READY, REQUEST SENSE, INQUIRY
//   cmd_configuration.cc       GET CONFIGURATION
//   cmd_disc_info.cc           READ DISC INFORMATION, READ TRACK INFORMATION
//   cmd_toc.cc, cmd_toc_full.cc READ TOC/PMA/ATIP (formats 0, 1, 3, 4, 5; format 2)
//   cmd_sub_channel.cc         READ SUB-CHANNEL (current position, MCN, ISRC)
//   cmd_mode_pages.cc          MODE SENSE(6)/(10), MODE SELECT(6)/(10)
//   cmd_writing.cc             WRITE(10)/(12), SYNCHRONIZE CACHE, CLOSE TRACK/SESSION (TAO)
//   cmd_reserve_track.cc       RESERVE TRACK (a fixed-size TAO track)
//   cmd_cue_sheet.cc           SEND CUE SHEET; WRITE in Session-At-Once mode (cue_sheet.h)
//   raw_writer.cc              WRITE in raw mode (page 05 write type 3) and its session end
//   cmd_blank.cc               BLANK
//   cmd_reading.cc             READ CAPACITY, READ(10)/(12)
//   cmd_read_cd.cc             READ CD, READ CD MSF (raw sectors, C2, sub-channel)
//   cmd_speed.cc               SET CD SPEED, READ BUFFER CAPACITY, GET PERFORMANCE
//   cmd_mechanism.cc           START STOP UNIT, PREVENT ALLOW MEDIUM REMOVAL, GET EVENT STATUS
//   quirk_replies.cc           reply rewrites of firmware quirks (emulator/quirks/quirk.h)
//   drive_dvd_head.cc          DVD: draining, ECC padding, closing tracks, sessions and borders
//   cmd_dvd_writing.cc         DVD: WRITE, SYNCHRONIZE CACHE, CLOSE TRACK/SESSION, RESERVE TRACK
//   cmd_dvd_info.cc            DVD: READ DISC/TRACK INFORMATION, READ CAPACITY
//   cmd_disc_structure.cc      READ DISC STRUCTURE (DVD formats 00h, 11h, FFh)
//   cmd_bd_structure.cc        READ DISC STRUCTURE of a BD (disc information, spare areas, list)
//   cmd_format.cc              FORMAT UNIT (26h, DVD+RW), READ FORMAT CAPACITIES
//   cmd_bd_format.cc           FORMAT UNIT on BD (30h/31h/00h BD-RE, 32h BD-R) and its capacities
//   cmd_streaming.cc           SET STREAMING
//   drive_media_support.cc     which loaded media this drive cannot handle at all (BD in a
//                              drive without BD), and what it answers then
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/drive/buffer_model.h"
#include "emulator/drive/cd_speed.h"
#include "emulator/drive/cue_sheet.h"
#include "emulator/drive/drive_profile.h"
#include "emulator/drive/raw_writer.h"
#include "emulator/drive/recorder.h"
#include "emulator/drive/sense.h"
#include "emulator/drive/write_parameters.h"
#include "emulator/media/medium.h"
#include "emulator/sim/scheduler.h"
#include "emulator/trace/trace_log.h"

namespace vrec {

// One command in flight: what the host sent, and what the handler decided.
struct Command {
  std::span<const uint8_t> cdb;
  DataDirection direction = DataDirection::kNone;
  std::span<uint8_t> data;
  Ticks started = 0;               // arrival
  Ticks ready = 0;                 // decoded: started + command overhead
  std::optional<Ticks> finished;   // set when completion is not simply ready + transfer time
  size_t transferred = 0;
  std::optional<SenseReport> failure;
  std::string params;              // key parameters for the trace line
};

class Drive {
 public:
  Drive(DriveProfile profile, Medium medium);
  // Scheduled events hold `this`: a drive stays where it was built.
  Drive(const Drive&) = delete;
  Drive& operator=(const Drive&) = delete;

  CommandOutcome execute(std::span<const uint8_t> cdb, DataDirection direction, std::span<uint8_t> data);
  Ticks now() const { return scheduler_.now(); }
  void advance(Ticks ticks);

  const DriveProfile& profile() const { return profile_; }
  const Medium& medium() const { return medium_; }
  std::string traceText() const { return trace_.text(); }
  uint64_t traceHash() const { return TraceLog::hash(trace_.text()); }
  std::optional<ExportError> exportIso(const std::filesystem::path& path) const;

  bool trayOpen() const { return tray_open_; }
  bool mediumPresent() const { return medium_present_; }
  bool insertMedium(Medium medium);
  bool removeMedium();
  // The drive's own eject button: opens the tray unless the host prevents removal. Returns
  // whether the tray opened.
  bool pressEjectButton(bool emergency = false);
  uint32_t underrunCount() const { return underruns_; }
  uint32_t relinkCount() const { return relinks_; }
  uint16_t currentWriteSpeedX() const;
  uint32_t headSpeedMilliX() const { return head_milli_x_; }

 private:
  using Handler = void (Drive::*)(Command&);
  static constexpr uint8_t kAllowedWhileBusy = 0x01;  // answered during IMMED operations
  static constexpr uint8_t kNoUnitAttention = 0x02;   // never reports a pending unit attention
  static constexpr uint8_t kDvdWriterOnly = 0x04;     // a CD recorder does not implement it
  struct CommandSpec {
    Handler handler = nullptr;
    std::string_view name;
    DataDirection direction = DataDirection::kNone;
    uint8_t flags = 0;
  };
  static const std::array<CommandSpec, 256> kCommands;
  static std::array<CommandSpec, 256> buildCommandTable();

  // What TEST UNIT READY answers while an IMMED operation runs in the background.
  struct BusyOperation {
    Sense sense;
    Ticks started = 0;
    Ticks until = 0;
  };

  // --- drive.cc: the command frame ---
  std::optional<SenseReport> checkFrame(std::span<const uint8_t> cdb, DataDirection direction,
                                        std::span<uint8_t> data, const CommandSpec& spec) const;
  SenseReport busyReport() const;
  bool requireMedium(Command& c);
  std::optional<Sense> mediumAbsence() const;
  void fail(Command& c, Sense sense);
  void failField(Command& c, Sense sense, uint16_t byte, std::optional<uint8_t> bit = std::nullopt);
  void failParameter(Command& c, Sense sense, uint16_t byte, std::optional<uint8_t> bit = std::nullopt);
  void failAt(Command& c, Sense sense, int32_t lba);
  void reply(Command& c, std::span<const uint8_t> bytes, size_t allocation_length);
  Ticks transferTicks(size_t bytes) const;
  Medium& recording() { return simulation_ ? *simulation_ : medium_; }
  const Medium& visible() const { return simulation_ ? *simulation_ : medium_; }
  std::span<const uint16_t> writeSpeeds() const;

  // Whether writes go to the scratch disc: page 05's Test Write, unless the firmware ignores it
  // (mmc.md §9 test_write_ignored: the bit is kept in page 05h, but the drive records anyway).
  // DVD+R and DVD+RW have no simulation (mmc.md §4.1): the bit never takes effect there.
  bool testWriteInEffect() const {
    return write_params_.test_write && !profile_.quirks.has(Quirk::kTestWriteIgnored) && !noSimulationMediumLoaded();
  }
  // A DVD or BD medium (2048-byte blocks, LBA addressing): the DVD code paths serve both.
  bool dvdLoaded() const { return medium_present_ && medium_.isDvd(); }
  bool bdLoaded() const { return medium_present_ && medium_.isBd(); }
  bool dvdPlusLoaded() const {
    return dvdLoaded() && (medium_.family() == MediumFamily::kDvdPlusR || medium_.family() == MediumFamily::kDvdPlusRw);
  }
  // DVD+R/+RW and BD link losslessly by format and never simulate (mmc.md §4.1, §8.2).
  bool noSimulationMediumLoaded() const { return dvdPlusLoaded() || bdLoaded(); }
  // A formatted-overwrite medium: DVD+RW or BD-RE.
  bool overwriteMediumLoaded() const {
    return dvdLoaded() && (medium_.family() == MediumFamily::kDvdPlusRw || medium_.family() == MediumFamily::kBdRe);
  }
  // The rotation rule of `speed_x` for the loaded medium (BD speeds are CLV).
  RotationRule rotationRule(uint16_t speed_x) const {
    return bdLoaded() ? RotationRule{speed_x, Rotation::kClv, {}} : profile_.rotationFor(speed_x, dvdLoaded());
  }
  // drive_media_support.cc: a BD in a drive without BD. What a command meets instead of the disc
  // (05/30/02 for reads, 05/30/00 for writes, mmc.md §5.2), or nullopt.
  bool mediumRefused() const;
  std::optional<Sense> refusedMediumSense(uint8_t opcode) const;
  // Reported kB/s of `speed_x` in the loaded medium's units (CD 176.4, DVD 1,385 kB/s per 1×).
  uint32_t speedKbps(uint16_t speed_x) const;
  // Fastest read speed for the loaded medium (CD, DVD or BD 1× units).
  uint16_t readSpeedMaxX() const {
    if (bdLoaded() && profile_.writesBd()) return profile_.max_bd_read_speed_x;
    return dvdLoaded() && profile_.writesDvd() ? profile_.max_dvd_read_speed_x : profile_.max_read_speed_x;
  }
  // Write head time for `sectors` at `milli_x`, in the loaded medium's 1× unit.
  Ticks headTicks(uint64_t sectors, uint32_t milli_x) const;
  // Opens the tray at `at` (abandoning a track being written); returns when the tray is out.
  Ticks openTray(Ticks at);
  // An IMMED operation runs in the background until `until`; a scheduled event ends it.
  void setBusy(Sense sense, Ticks from, Ticks until);

  // --- drive_write_head.cc ---
  // Time-driven changes of the write head are scheduler events: armHead() (re)schedules the
  // "buffer ran dry" check whenever the head's empty time changes, and flushTrack() schedules the
  // end of the flush.
  void armHead();
  void startHead(Ticks at);
  void underrun(Ticks at);
  bool protectionActive() const;
  Ticks flushTrack(Ticks at);
  Ticks fixateSession(Ticks at);
  // Session-At-Once end (SYNCHRONIZE CACHE after the last block): drains the buffer, writes the
  // lead-out and closes the session on the disc. Returns when the lead-out is written.
  Ticks finishSessionAtOnce(Ticks at);
  bool sessionAtOnceComplete() const { return cue_sheet_ && cue_next_lba_ >= cue_sheet_->lead_out_lba; }
  // Forgets the cue sheet: the disc it was checked against changed (blanked, ejected, a test write
  // dropped) or the host left SAO before writing from it.
  void dropCueSheet() {
    raw_.reset();  // a raw session in progress has the same lifetime
    cue_sheet_.reset();
    cue_text_packs_.clear();
    cue_text_complete_ = false;
  }
  void resetWriteHead();
  uint64_t headBytesPerSecond() const;
  // Speed (thousandths of 1×) at `lba` for nominal speed `speed_x`, by the profile's rotation
  // rule: CLV, CAV ∝ radius, P-CAV, Z-CLV zones (mmc.md §8.1; media/spiral.h).
  uint32_t speedMilliXAt(uint16_t speed_x, int32_t lba) const;
  // The LBA the head is writing at `t` (the track end less what is still queued).
  int32_t headLba(Ticks t) const;
  // Re-evaluates the head speed at `t` and rebases the drain when it changed.
  void followSpeed(Ticks t);
  uint64_t bufferLevel() const { return buffer_.levelAt(now()); }

  // --- handlers ---
  void handleTestUnitReady(Command& c);
  void handleRequestSense(Command& c);
  void handleInquiry(Command& c);
  void handleGetConfiguration(Command& c);
  void handleReadDiscInformation(Command& c);
  void handleReadTrackInformation(Command& c);
  void handleReadCapacity(Command& c);
  void handleReadToc(Command& c);
  void handleModeSense6(Command& c);
  void handleModeSense10(Command& c);
  void handleModeSelect6(Command& c);
  void handleModeSelect10(Command& c);
  void handleSendCueSheet(Command& c);
  void handleReadSubChannel(Command& c);
  void handleReserveTrack(Command& c);
  void handleWrite10(Command& c);
  void handleWrite12(Command& c);
  void handleBlank(Command& c);
  void handleSynchronizeCache(Command& c);
  void handleCloseTrackSession(Command& c);
  void handleRead10(Command& c);
  void handleRead12(Command& c);
  void handleSetCdSpeed(Command& c);
  void handleReadBufferCapacity(Command& c);
  void handleGetPerformance(Command& c);
  void handleStartStopUnit(Command& c);
  void handlePreventAllowMediumRemoval(Command& c);
  void handleGetEventStatusNotification(Command& c);
  void handleReadCd(Command& c);
  void handleReadCdMsf(Command& c);
  void handleReadDiscStructure(Command& c);
  void handleFormatUnit(Command& c);
  void handleReadFormatCapacities(Command& c);
  void handleSetStreaming(Command& c);
  // BD parts of READ DISC STRUCTURE (media type 1), FORMAT UNIT and READ FORMAT CAPACITIES.
  void readBdStructure(Command& c, uint32_t address, uint8_t layer, uint8_t format, uint16_t allocation);
  void formatBd(Command& c, uint8_t type, uint8_t subtype, uint32_t blocks, bool immed);
  void appendBdFormatDescriptors(std::vector<uint8_t>& out) const;

  // --- DVD (cmd_dvd_writing.cc, cmd_dvd_info.cc, drive_dvd_head.cc) ---
  void writeDvdBlocks(Command& c, int32_t lba, uint32_t count, uint16_t count_byte);
  // The buffer and head part of every WRITE: waits for room, feeds the buffer, records the blocks
  // (at `overwrite_lba` on a DVD+RW, else at the open track's end).
  void feedHead(Command& c, Medium& disc, uint32_t count, std::optional<int32_t> overwrite_lba);
  // The buffer step every WRITE takes (TAO, SAO, raw, DVD): the head's speed follows the radius,
  // the command holds until the buffer has room for `buffered_bytes` (a full buffer starts the
  // head), `transfer_bytes` cross the interface while the drive works on, then the buffer takes
  // them; returns when the transfer ends. Nothing, with `c` failed, on an underrun during the transfer (03/0C/09) or — with
  // `busy_when_full` and the write_busy_when_buffer_full quirk — a full buffer (02/04/08).
  struct BufferAdmission {
    uint64_t transfer_bytes = 0;
    uint64_t buffered_bytes = 0;
    bool show_head_speed = false;  // the trace's "head=" field (TAO and DVD writes)
    bool busy_when_full = false;
  };
  std::optional<Ticks> admitToBuffer(Command& c, const BufferAdmission& a);
  void synchronizeDvd(Command& c, bool immed);
  void closeDvd(Command& c, bool immed, uint8_t function, uint16_t number);
  void reserveDvdTrack(Command& c, uint32_t size);
  std::vector<uint8_t> dvdDiscInformation() const;
  std::vector<uint8_t> dvdTrackInformation(const Track* track) const;
  // Drains the buffer to the disc; returns when the last queued block is written.
  Ticks drainDvd(Ticks at);
  // Drains, pads the open DVD±R track to its ECC block (or reservation) and closes it.
  Ticks closeDvdTrackAt(Ticks at);
  // Writes the session closure (allow_next) or the final lead-out, and closes the session.
  Ticks closeDvdSessionAt(Ticks at, bool allow_next);
  void endHeadRun(Ticks at);
  // startHead() for DVD media: OPC once per session, no lead-in or pregap before user data.
  void startDvdHead(Ticks at);
  bool dvdDaoPending() const;

  // --- helpers of the handler groups ---
  // WRITE(10)/(12) and READ(10)/(12) after their CDB layouts are decoded; `count_byte` is where
  // the transfer length sits, for the sense field pointer.
  void writeBlocks(Command& c, int32_t lba, uint32_t count, uint16_t count_byte);
  // WRITE in SAO mode, after the checks every WRITE shares (cmd_cue_sheet.cc).
  void writeAtOnce(Command& c, int32_t lba, uint32_t count, uint16_t count_byte);
  // WRITE in raw mode (raw_writer.cc), and the session end SYNCHRONIZE CACHE gives it after the
  // host's lead-out; returns when the buffer is written.
  void writeRaw(Command& c, int32_t lba, uint32_t count);
  Ticks finishRawSession(Ticks at);
  // A test write records on a scratch disc made at its first WRITE; a real WRITE ends one.
  void followTestWrite(Ticks at);
  // MODE SENSE pages for `page` (3Fh: all), nullopt after failing the command.
  std::optional<std::vector<uint8_t>> modeSensePages(Command& c, uint8_t page, uint8_t page_control);
  // MODE SELECT of a parameter list with a `header_bytes` mode parameter header (4 or 8).
  void modeSelect(Command& c, std::span<const uint8_t> list, size_t header_bytes);
  std::vector<uint8_t> pmaReply() const;     // READ TOC format 3 (cmd_toc_full.cc)
  std::vector<uint8_t> cdTextReply() const;  // READ TOC format 5 (cmd_toc_full.cc)
  void readBlocks(Command& c, int32_t lba, uint32_t count, uint16_t count_byte);
  // READ CD / READ CD MSF after the address is decoded: bytes 1, 9 and 10 are common to both.
  void readCdSectors(Command& c, int32_t lba, uint32_t count, uint16_t count_byte);
  uint16_t readSpeedX() const;
  std::vector<uint8_t> configurationFeatures(uint8_t request_type, uint16_t starting_feature) const;
  std::vector<uint8_t> trackInformation(const Track* track) const;
  std::vector<uint8_t> fullToc() const;  // READ TOC format 2 reply (cmd_toc_full.cc)  // nullptr: blank invisible track
  std::vector<uint8_t> modePage(uint8_t page, uint8_t page_control) const;
  std::vector<uint8_t> capabilitiesPage(uint8_t page_control) const;
  std::vector<uint8_t> errorRecoveryPage(uint8_t page_control) const;
  bool writableMediumLoaded() const;

  DriveProfile profile_;
  Medium medium_;
  std::optional<Medium> simulation_;  // the scratch disc a test write records on
  bool medium_present_ = true;
  bool tray_open_ = false;
  bool prevent_removal_ = false;

  Scheduler scheduler_;
  Scheduler::Handle busy_event_;
  std::optional<BusyOperation> busy_;
  std::optional<SenseReport> pending_sense_;
  std::optional<Sense> unit_attention_;
  uint8_t media_event_ = 0;  // GESN media event code waiting to be reported

  WriteParameters write_params_;
  std::array<uint8_t, 12> error_recovery_page_{};
  uint16_t requested_write_kbps_ = kSpeedMaximum;
  uint16_t requested_read_kbps_ = kSpeedMaximum;

  // Write head (drive_write_head.cc).
  BufferModel buffer_;
  uint16_t head_speed_x_ = 0;         // nominal speed of the current run
  uint32_t head_milli_x_ = 0;         // actual speed now, thousandths of 1× (CAV, zones)
  bool opc_done_ = false;             // OPC ran for the session being recorded
  bool track_head_started_ = false;   // the open track's pregap has been written
  bool head_paused_ = false;          // protected underrun: waiting to relink
  bool flushing_ = false;             // SYNCHRONIZE CACHE / CLOSE: draining to the track end
  Scheduler::Handle flush_event_;     // the flush reaches the end of the track
  Scheduler::Handle dry_event_;       // the head runs out of data (underrun) unless fed first
  std::optional<int32_t> streaming_error_lba_;  // unprotected underrun, not yet reported

  // Session-At-Once (cmd_cue_sheet.cc): the accepted cue sheet, the next block the host must
  // send, and the CD-TEXT packs its lead-in carried so far.
  std::optional<CueSheet> cue_sheet_;
  int32_t cue_next_lba_ = 0;
  std::vector<uint8_t> cue_text_packs_;
  bool cue_text_complete_ = false;
  // Raw mode (raw_writer.cc): the session the host is writing block by block.
  std::optional<RawRecording> raw_;
  // RESERVE TRACK: the size of the next (or open) TAO track, fixed in advance.
  std::optional<uint32_t> reserved_sectors_;
  uint32_t underruns_ = 0;
  uint32_t relinks_ = 0;
  // DVD+RW: the block after the last one the host sent (the head follows the host's writes).
  std::optional<int32_t> random_write_end_;

  // Firmware quirk state (emulator/quirks/quirk.h): what a quirky drive remembers between commands.
  std::optional<uint64_t> quirk_last_free_bytes_;  // stale_buffer_capacity: the previous answer
  bool quirk_close_refused_ = false;               // close_first_attempt_in_progress: refused once

  TraceLog trace_;
};

}  // namespace vrec
