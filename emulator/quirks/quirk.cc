// The quirk catalogue: one row per Quirk, names as profiles spell them. Every row names the drive
// family, the command and field, what the drive answers instead of the standard's answer, and the
// public source; `discmaster quirks doc` turns this table into emulator/quirks/CATALOGUE.md.
#include "emulator/quirks/quirk.h"

#include <algorithm>
#include <array>

namespace vrec {
namespace {

constexpr std::array<QuirkInfo, static_cast<size_t>(Quirk::kCount)> kQuirks = {{
    {Quirk::kSetCdSpeedNoRoundUp, "set_cd_speed_no_round_up", "identification",
     "SET CD SPEED below the slowest write speed fails with 05/24/00 instead of rounding up",
     "Several CD recorders refuse a SET CD SPEED (BBh) whose write speed field (bytes 4-5) is below "
     "their slowest write speed: they answer CHECK CONDITION 05/24/00 (invalid field in CDB) where MMC "
     "says the drive selects the nearest speed it supports. A burner that asks for 1x gets an error "
     "and, unless it retries with a speed the drive lists, no burn.",
     "mmc.md §9 #35; cdrtools drv_mmc.c mmc_set_speed retries with increasing speeds"},
    {Quirk::kSetCdSpeedUnsupported, "set_cd_speed_unsupported", "identification",
     "SET CD SPEED (BBh) is an invalid operation code (05/20/00)",
     "The Samsung SCR-3231 does not implement SET CD SPEED at all: the command is answered with "
     "05/20/00 (invalid command operation code). The drive records at its own speed; a burner that "
     "treats a failed speed selection as fatal cannot burn on it.",
     "mmc.md §9 #53; Linux drivers/ide/ide-cd.c quirk list (no speed selection for SCR-3231)"},
    {Quirk::kZeroWriteSpeedDescriptors, "zero_write_speed_descriptors", "identification",
     "MODE SENSE page 2Ah write speed descriptors hold 0 kB/s entries",
     "Lite-On writers fill part of the write speed performance descriptor table at the end of the "
     "capabilities page (2Ah, bytes 32+, 4 bytes each) with zero speeds: only the fastest descriptor "
     "is real, the slower ones read 0 kB/s. A burner that picks the slowest listed speed or divides "
     "by a descriptor gets 0.",
     "mmc.md §9 #25; dvd+rw-tools growisofs_mmc.cpp skips zero descriptors"},
    {Quirk::kByteSwappedSpeedFields, "byte_swapped_speed_fields", "identification",
     "page 2Ah speed fields are little-endian",
     "ACER/AOpen 24X CD-ROM drives with firmware 241N report the speed fields of the capabilities "
     "page (2Ah: maximum read speed bytes 8-9, current read speed 14-15, maximum and current write "
     "speed 18-21, current write speed selected 28-29) byte-swapped: 8,448 kB/s (2100h, 48x) reads "
     "as 33 kB/s (0021h). Hosts that trust the fields show absurd speeds or refuse the drive.",
     "mmc.md §9 #55; Linux drivers/ide/ide-cd.c (byte-swap quirk for ACER/AOpen 24X)"},
    {Quirk::kEmptyGetPerformance, "empty_get_performance", "identification",
     "GET PERFORMANCE write speed (type 03h) returns data length 0, no descriptors",
     "The LG GCA-4040N answers GET PERFORMANCE (ACh) type 03h (write speed) with GOOD status and a "
     "header whose performance data length is 0: no write speed descriptors at all. A burner that "
     "builds its speed list from GET PERFORMANCE finds none; growisofs falls back to page 2Ah.",
     "mmc.md §9 #26; dvd+rw-tools growisofs_mmc.cpp"},
    {Quirk::kGetPerformanceNominalRefused, "get_performance_nominal_refused", "identification",
     "GET PERFORMANCE nominal performance (type 00h) fails with 05/24/00",
     "Pioneer and LG writers fail GET PERFORMANCE (ACh) type 00h, the nominal (current) performance "
     "a host reads after choosing a speed; Plextor returns values unrelated to the selected speed. "
     "The drive answers 05/24/00 at CDB byte 10; growisofs re-reads page 2Ah instead.",
     "mmc.md §9 #23; dvd+rw-tools growisofs_mmc.cpp"},
    {Quirk::kNegativeNwaOnBlank, "negative_nwa_on_blank", "media",
     "READ TRACK INFORMATION on a blank disc reports NWA = -150 (the pregap start)",
     "Pioneer BDR-205 and LITE-ON LTR-48125S report the next writable address of the invisible "
     "track on a blank disc (READ TRACK INFORMATION bytes 12-15) as -150, the start of the first "
     "track's pregap, while the track start (bytes 8-11) is 0. WRITE(10) at -150 is refused with "
     "05/21/00; libburn clamps the NWA to the track start.",
     "mmc.md §9 #1; libburn mmc.c mmc_get_nwa clamps it"},
    {Quirk::kZeroFreeBlocksOnBlank, "zero_free_blocks_on_blank", "media",
     "READ TRACK INFORMATION reports 0 free blocks and track size 0 on a writable disc",
     "HL-DT-ST GH22NP20 firmware 1.02 reports a capacity of 0 for certain media (MCC 03RG20): the "
     "invisible track's free blocks (READ TRACK INFORMATION bytes 16-19) and track size (24-27) are "
     "0 although the disc is blank. cdrecord computes the size from the physical format instead; a "
     "burner that trusts the field refuses the burn as 'disc full'. Reproduced here on CD media.",
     "mmc.md §9 #42; cdrtools drv_dvd.c / drv_dvdplus.c"},
    {Quirk::kReadDiscInformationUnsupported, "read_disc_information_unsupported", "media",
     "READ DISC INFORMATION (51h) is an invalid operation code (05/20/00)",
     "Older QEMU virtual CD drives (scsi-cd, ATAPI) do not implement READ DISC INFORMATION and answer "
     "05/20/00. libburn falls back to READ TOC format 0 and READ CAPACITY to learn the disc state.",
     "mmc.md §9 #58; libburn mmc.c, spc.c"},
    {Quirk::kInvalidPage05Defaults, "invalid_page05_defaults", "mode pages",
     "page 05h after power-on holds an invalid data block type, so partial MODE SELECTs fail",
     "Sony drives (and others cdrecord met) come up with default write parameters that are not a "
     "valid combination: here data block type 7 (reserved) with write type TAO. A host that reads "
     "page 05h, changes only the write type and selects it back gets 05/26/00 (invalid field in "
     "parameter list); cdrecord always sets write type, track mode and data block type explicitly.",
     "mmc.md §9 #37; cdrtools drv_mmc.c"},
    {Quirk::kTestWriteIgnored, "test_write_ignored", "writing",
     "the Test Write bit of page 05h is accepted and read back, but the drive records for real",
     "Drives without simulation on a medium (MMC: DVD+R, BD-R never simulate) may accept page 05h "
     "with Test Write set and report it set, then burn the disc anyway: the user asked for a dry run "
     "and got a written (or ruined) disc. Here a CD drive does it. No host workaround exists; the "
     "burner can only notice afterwards that the disc is no longer blank and say so.",
     "mmc.md §4.1 and §9 #34 (page 05 fields treated differently on DVD+R); libburn refuses "
     "simulation where drives cannot do it (unverified which models burned anyway)"},
    {Quirk::kCloseTrackRefusedOnCdTao, "close_track_refused_on_cd_tao", "writing",
     "CLOSE TRACK (5Bh, function 001b) after a CD TAO track fails with 05/2C/00",
     "The LG GH22LS30 answers CLOSE TRACK after a CD TAO track with a SCSI error, also outside "
     "simulation. SYNCHRONIZE CACHE has already closed the track on CD, so nothing is lost; cdrecord "
     "never sends CLOSE TRACK for CD and libburn stopped sending it. A burner that treats the error "
     "as fatal stops after the first track.",
     "mmc.md §9 #10; libburn write.c"},
    {Quirk::kCloseSessionFailsInTestWrite, "close_session_fails_in_test_write", "writing",
     "CLOSE SESSION in test-write mode fails with 05/2C/00",
     "Some drives answer CLOSE TRACK/SESSION (5Bh, function 010b) with an error while page 05h has "
     "Test Write set: there is nothing to fixate on a simulated disc. cdrecord suppresses the error "
     "in dummy mode; a burner that does not reports a failed simulation for a drive that did fine.",
     "mmc.md §9 #38; cdrtools drv_mmc.c fixate_mmc"},
    {Quirk::kCloseFirstAttemptInProgress, "close_first_attempt_in_progress", "writing",
     "the first CLOSE TRACK/SESSION after writing is answered 02/04/07 and not executed",
     "The Pioneer DVR-K04RA answers CLOSE TRACK/SESSION (5Bh) at once with 02/04/07 (operation in "
     "progress) while it finishes internal work, without starting the close. growisofs loops on "
     "the CLOSE until it is accepted; a host that gives up on the first answer leaves the session "
     "open.",
     "mmc.md §9 #19; dvd+rw-tools growisofs_mmc.cpp"},
    {Quirk::kCloseSessionAnswers0408, "close_session_answers_0408", "writing",
     "CLOSE SESSION starts fixation but answers CHECK CONDITION 02/04/08 at once",
     "Sony recorders return CLOSE SESSION early with 02/04/08 (long write in progress) although the "
     "fixation has started and runs on (an implicit IMMED). A host that retries the CLOSE sends it "
     "again to a closed session (05/2C/00); cdrecord treats the answer as success and waits the "
     "expected fixation time.",
     "mmc.md §9 #39; cdrtools drv_mmc.c fixate_mmc"},
    {Quirk::kCloseSessionAnswers0407, "close_session_answers_0407", "writing",
     "CLOSE SESSION starts fixation but answers CHECK CONDITION 02/04/07 at once",
     "Newer Mitsumi ATAPI recorders return CLOSE SESSION early with 02/04/07 (operation in progress) "
     "while fixation runs on (older ones: 06/2E/00). As with the Sony variant, a retried CLOSE hits a "
     "closed session; cdrecord treats the answer as success and waits.",
     "mmc.md §9 #39; cdrtools drv_mmc.c fixate_mmc"},
    {Quirk::kCueSheetIsrcControlRejected, "cue_sheet_isrc_control_rejected", "writing",
     "SEND CUE SHEET refuses ISRC entries (ADR 3) whose CONTROL bits are set, with 05/26/00",
     "Cue sheets come in dialects: some drives take the ISRC entries of a Session-At-Once cue sheet only "
     "with a zero CONTROL nibble, and answer a sheet that repeats the track's CONTROL there (copy "
     "permitted, pre-emphasis, data) with 05/26/00 INVALID FIELD IN PARAMETER LIST, pointing at the "
     "entry. cdrdao therefore sends its cue sheet in up to four variants (with and without the CONTROL "
     "bits on the ISRC entries, with and without the lead-in start time in the CD-TEXT entry) until "
     "the drive takes one.",
     "mmc.md §9 #48, §6.3 step 5; cdrdao dao/GenericMMC.cc sendCueSheet"},
    {Quirk::kStaleBufferCapacity, "stale_buffer_capacity", "buffer",
     "READ BUFFER CAPACITY reports the free space of the previous query",
     "The LG GSA-4082B dampens its buffer reports: READ BUFFER CAPACITY (5Ch) free space lags behind "
     "the real fill. Here each answer carries the value measured at the previous query (the first "
     "one: an empty buffer). libburn keeps its own pessimistic fill model and sleeps by computed "
     "drain time instead of trusting the number.",
     "mmc.md §9 #6; libburn mmc.c mmc_wait_for_buffer_free"},
    {Quirk::kBufferQueryBeforeFillDiscards, "buffer_query_before_fill_discards", "buffer",
     "READ BUFFER CAPACITY before the buffer first filled ruins the track being written",
     "Pioneer DVR-216D firmware 1.09 and Pioneer-developed firmware of November 2009 (also in Plextor "
     "and TEAC drives) misbehave when READ BUFFER CAPACITY arrives before the buffer has been filled "
     "once: the drive discards what it holds. Here the open track is damaged and later WRITEs fail "
     "with 05/2C/00. libburn and cdrecord do not poll until a buffer's worth has been sent.",
     "mmc.md §9 #16; libburn write.c; cdrtools cdrecord.c"},
    {Quirk::kWriteBusyWhenBufferFull, "write_busy_when_buffer_full", "buffer",
     "WRITE with a full buffer is answered 02/04/08 instead of being held",
     "Pioneer units reject a WRITE(10) that does not fit into the free buffer with CHECK CONDITION "
     "02/04/08 (long write in progress) instead of holding the command until the head has made room. "
     "growisofs sleeps the drain time and retries; a host that takes it as an error aborts the burn.",
     "mmc.md §9 #17; dvd+rw-tools growisofs_mmc.cpp"},
    {Quirk::kTurReadyWhileBusy, "tur_ready_while_busy", "buffer",
     "TEST UNIT READY says GOOD while an IMMED operation runs; the next command gets 02/04/07",
     "Pioneer units answer TEST UNIT READY with GOOD while a SYNCHRONIZE CACHE or CLOSE sent with "
     "IMMED is still running; the command after it then fails with 02/04/07 (operation in progress). "
     "dvd+rw-tools loops on 02/04/07; a host that polls TUR and trusts it gets a spurious failure.",
     "mmc.md §9 #18; dvd+rw-tools transport.hxx"},
    {Quirk::kImmedAnswersNotReady, "immed_answers_not_ready", "buffer",
     "SYNCHRONIZE CACHE / BLANK with IMMED are answered 02/00/00 and not executed",
     "The LG BH14NS48 (seen under OpenBSD) answers SYNCHRONIZE CACHE (35h) and BLANK (A1h) sent with "
     "the IMMED bit with CHECK CONDITION 02/00/00, 'not ready' without an additional sense code, and "
     "does nothing. libburn defaults to non-IMMED there; the same commands without IMMED work.",
     "mmc.md §9 #14; libburn os-netbsd.h (OpenBSD branch)"},
    {Quirk::kReadTocMsfUnsupported, "read_toc_msf_unsupported", "reading",
     "READ TOC with MSF = 1 fails with 05/24/00",
     "The Philips CDD-522 does not return TOC addresses in MSF form: READ TOC/PMA/ATIP (43h) with the "
     "MSF bit (byte 1 bit 1) set is answered 05/24/00. cdrecord reads LBA addresses and converts.",
     "mmc.md §9 #45; cdrtools scsi_cdr.c"},
    {Quirk::kBcdTrackNumbersInToc, "bcd_track_numbers_in_toc", "reading",
     "READ TOC format 0 reports track numbers in BCD",
     "The NEC CD-ROM DRIVE:260 (firmware 1.01) and Vertos 300/600, which predate ATAPI 1.2, report "
     "the first and last track numbers of the TOC header and each descriptor's track number in BCD: "
     "track 10 reads as 10h (16). The Linux ide-cd driver converts them back.",
     "mmc.md §9 #54; Linux drivers/ide/ide-cd.c"},
    {Quirk::kReadTocFullUnsupported, "read_toc_full_unsupported", "reading",
     "READ TOC format 2 (full TOC) fails with 05/24/00",
     "LG DRN8080B, Lite-On CD-ROMs, Pioneer DR-U32 and TEAC CD-524E have no usable raw TOC: READ "
     "TOC/PMA/ATIP format 2 is refused (here 05/24/00 at byte 2). cdrdao's driver table marks them "
     "OPT_DRV_GET_TOC_GENERIC and reads format 0.",
     "mmc.md §9 #51; cdrdao dao/cdrdao.drivers"},
    {Quirk::kReadCdErrorFlagsRefused, "read_cd_error_flags_refused", "reading",
     "READ CD with error flags / C2 (byte 9 bits 2-1) fails with 05/24/00",
     "The LG GSA-4082B rejects READ CD (BEh) and READ CD MSF (B9h) when byte 9 asks for C2 error "
     "pointers or block error bits (bits 2-1, 'report recovered/C2 block errors'), answering 05/24/00. "
     "libburn never sets those bits.",
     "mmc.md §9 #5; libburn mmc.c"},
    {Quirk::kReadCdSubchannelUnsupported, "read_cd_subchannel_unsupported", "reading",
     "READ CD with any sub-channel selection (byte 10) fails with 05/24/00",
     "ASUS CD-S500/A, Hitachi CDR-8435, LG CRD-8480C/8482B, Mitsumi FX4820, Lite-On LTR-0841 and "
     "others cannot return sub-channel data with READ CD: byte 10 other than 000b is refused. "
     "cdrdao marks them OPT_MMC_NO_SUBCHAN and reads without sub-channel.",
     "mmc.md §9 #50; cdrdao dao/cdrdao.drivers"},
    {Quirk::kGesnUnsupported, "gesn_unsupported", "events",
     "GET EVENT STATUS NOTIFICATION (4Ah) is an invalid operation code (05/20/00)",
     "GET EVENT STATUS NOTIFICATION arrived with MMC-2; recorders built to MMC-1 (and ATAPI drives of "
     "that age) answer it with CHECK CONDITION 05/20/00 (invalid command operation code), polled or "
     "not. A host that waits for media events hears nothing from them: it has to notice a changed or "
     "removed disc from TEST UNIT READY (02/3A/00, or the unit attention 06/28/00 a load raises). "
     "Linux's sr driver takes a failed GESN as 'no event' and asks TEST UNIT READY whether a medium is "
     "there.",
     "mmc.md §2 (4Ah row: polled media event); Linux drivers/scsi/sr.c sr_get_events "
     "(a failed GESN reports no event) and sr_check_events (TEST UNIT READY decides presence)"},
    {Quirk::kGesnSpuriousMediaChange, "gesn_spurious_media_change", "events",
     "GESN reports a media event (New Media, 2) on every poll though the disc never changed",
     "Some drives answer every polled GET EVENT STATUS NOTIFICATION for the media class with media event "
     "code 2 (New Media) and Media Present set, although no disc was loaded since the last poll: the "
     "event is never cleared by reporting it, and TEST UNIT READY says GOOD with no unit attention. "
     "Linux saw a media-changed event for every open() on them; sr_check_events counts GESN events "
     "that TEST UNIT READY does not confirm and, after more than eight in a row, ignores GESN media "
     "changes on that drive and trusts TEST UNIT READY alone (\"GET_EVENT and TUR disagree "
     "continuously, suppress GET_EVENT events\").",
     "mmc.md §2 (4Ah media event); Linux drivers/scsi/sr.c sr_check_events (tur_mismatch, "
     "ignore_get_event: 'GET_EVENT is unreliable, use TUR')"},
}};

size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::span<const QuirkInfo> allQuirks() { return kQuirks; }

const QuirkInfo& quirkInfo(Quirk quirk) { return kQuirks[static_cast<size_t>(quirk)]; }

std::optional<Quirk> parseQuirk(std::string_view name) {
  for (const QuirkInfo& info : kQuirks) {
    if (info.name == name) return info.quirk;
  }
  return std::nullopt;
}

std::string_view suggestQuirk(std::string_view name) {
  std::string_view best;
  size_t best_distance = 4;
  for (const QuirkInfo& info : kQuirks) {
    const size_t d = editDistance(name, info.name);
    if (d < best_distance) {
      best_distance = d;
      best = info.name;
    }
  }
  return best;
}

std::vector<std::string> QuirkSet::names() const {
  std::vector<std::string> out;
  for (const QuirkInfo& info : kQuirks) {
    if (has(info.quirk)) out.emplace_back(info.name);
  }
  return out;
}

}  // namespace vrec
