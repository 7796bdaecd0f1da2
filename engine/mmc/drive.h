// mmc::Drive: typed MMC commands over a Transport. It sends a Command, retries what real burners
// retry (not-ready states while the drive is busy, one unit attention), and turns CHECK CONDITION
// into a Status that names the command, LBA, length and decoded sense. Every wait goes through the
// transport's Clock, so on a virtual recorder waiting costs no wall time.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/base/result.h"
#include "engine/mmc/command.h"
#include "engine/mmc/replies.h"
#include "engine/transport/transport.h"

namespace dm::mmc {

// Polling cadence while a drive is busy (libburn waits 100 ms more per loop up to 500 ms; WRITE
// retries after a few ms; mmc.md §6.1 "Not-ready handling").
inline constexpr Duration kBusyPollFirst = std::chrono::milliseconds(100);
inline constexpr Duration kBusyPollMax = std::chrono::milliseconds(500);
inline constexpr Duration kWriteRetryStep = std::chrono::milliseconds(2);
inline constexpr Duration kWriteRetryMax = std::chrono::milliseconds(25);

class Drive {
 public:
  explicit Drive(Transport& transport) : transport_(transport) {}

  // Sends `command` with `data` as its buffer (sized to the transfer), waiting out transient
  // not-ready answers up to the command's timeout. CHECK CONDITION → error Status with context.
  Result<CommandResult> run(const Command& command, std::span<uint8_t> data = {});

  // Polls TEST UNIT READY until GOOD; unit attentions and 02/04/xx are waited out, anything else
  // (e.g. 02/3A/00 no medium) is returned at once.
  Status waitUntilReady(Duration timeout);

  Result<InquiryData> inquiry();
  Result<uint16_t> currentProfile();
  Result<std::vector<ProfileEntry>> profiles();
  Result<DiscInformation> discInformation();
  Result<TrackInformation> trackInformation(TrackAddressType type, uint32_t address);
  Result<SessionInfo> sessionInfo();
  Result<AtipInfo> atip();  // READ TOC format 1 (LBA form)
  Result<WriteParametersPage> writeParameters();
  Status selectWriteParameters(const WriteParametersPage& page);
  Result<Capabilities> capabilities();
  Status setWriteSpeed(uint16_t write_kbps);
  Result<BufferCapacity> bufferCapacity();
  Status write(uint32_t lba, uint16_t blocks, uint32_t block_size, std::span<const uint8_t> data);
  Status read(uint32_t lba, uint16_t blocks, std::span<uint8_t> out);
  // READ CD of audio blocks: 2352 bytes each, plus the 16-byte formatted Q when `with_q`.
  Status readAudio(uint32_t lba, uint16_t blocks, std::span<uint8_t> out, bool with_q = false);
  // READ CD of audio blocks with C2 error pointers and/or formatted Q after each block's audio.
  Status readAudioChecked(uint32_t lba, uint16_t blocks, std::span<uint8_t> out, bool with_c2, bool with_q);
  // GET PERFORMANCE type 03h: the write speeds (kB/s, fastest first); empty if the drive lists none.
  Result<std::vector<uint16_t>> performanceWriteSpeeds();
  // GET PERFORMANCE type 00h: the nominal write performance (kB/s) at the selected speed.
  Result<uint32_t> nominalWriteKbps();
  // READ TOC format 0 (the TOC), addresses in MSF or LBA form; the reply as the drive sent it.
  Result<std::vector<uint8_t>> rawToc(uint8_t format, bool msf);
  Status synchronizeCache();  // IMMED, then waits until the drive has written its buffer
  Status sendCueSheet(std::span<const uint8_t> cue_sheet);
  Status closeTrack(uint16_t track);  // IMMED close function 001b, then waits until done
  Status closeSession();      // IMMED close function 010b, then waits until done
  // Any close function (DVD media use 000b-110b, mmc.md §2.5), IMMED, then waits until done.
  Status close(CloseFunction function, uint16_t track = 0);
  Status reserveTrack(uint32_t blocks);
  // FORMAT UNIT with one descriptor, IMMED, then waits until the drive is ready.
  Status format(FormatType type, uint32_t blocks, uint32_t parameter = 0);
  // READ FORMAT CAPACITIES: the medium's capacity and the formats it offers.
  Result<FormatCapacities> formatCapacities();
  // SET STREAMING with one performance descriptor over LBAs [0, end_lba].
  Status setStreamingSpeed(uint32_t end_lba, uint32_t write_kbps);
  Status blank(BlankType type);  // IMMED BLANK, then waits until the drive is ready
  Status lockTray(bool locked);
  // Polled GET EVENT STATUS NOTIFICATION for the media class (reports and clears one event).
  Result<MediaEvent> mediaEvent();
  // One TEST UNIT READY, no waiting: nullopt when GOOD, else the sense (a unit attention is
  // reported, and counted, not retried).
  Result<std::optional<SenseTriple>> probeUnitReady();
  // Unit attentions 06/28/xx (not ready to ready: the medium may have changed) this drive has
  // received, including those run() and waitUntilReady() waited out: a medium swap leaves its mark
  // here even when another command met it first.
  uint32_t mediumChangeAttentions() const { return medium_change_attentions_; }
  Status eject();

  // Whether 02/04/07 and 02/04/08 (operation / long write in progress) on a command are waited
  // out and the command sent again (the default, as growisofs and libburn do). Off, they are
  // returned as errors, which shows what drives that answer them do to a burner that does not wait.
  void setWaitOutBusy(bool on) { wait_out_busy_ = on; }
  // Commands sent again after a busy (02/04/07, 02/04/08) answer, since the drive was made.
  uint32_t busyRetries() const { return busy_retries_; }
  // Called at every poll of a wait for the drive (waitUntilReady) while the drive is still busy,
  // before the pause: a burner asks the host whether it wants to cancel while the drive flushes
  // or closes. Empty: nothing is called.
  void setWaitListener(std::function<void()> listener) { wait_listener_ = std::move(listener); }

  Transport& transport() { return transport_; }
  Clock& clock() { return transport_.clock(); }

 private:
  Result<std::vector<uint8_t>> runForData(const Command& command);
  Status checkCondition(const Command& command, const CommandResult& result) const;

  Transport& transport_;
  bool wait_out_busy_ = true;
  uint32_t busy_retries_ = 0;
  std::function<void()> wait_listener_;
  uint32_t medium_change_attentions_ = 0;
};

}  // namespace dm::mmc
