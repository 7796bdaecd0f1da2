// The dispatch table: operation code → handler, trace name, data direction and frame flags, in
// one place (qemu scsi-disk style, STYLE.md §5). An empty slot is an unsupported operation code
// and answers CHECK CONDITION 05/20/00.
// MODE SELECT(6)/SENSE(6) are offered as SCSI-attached recorders offer them (many ATAPI/USB drives
// answer 05/20/00 instead, mmc.md §2); they share the pages of the 10-byte forms.
#include "emulator/drive/cdb.h"
#include "emulator/drive/drive.h"

namespace vrec {

std::array<Drive::CommandSpec, 256> Drive::buildCommandTable() {
  using D = DataDirection;
  constexpr uint8_t kBusyOk = kAllowedWhileBusy;
  constexpr uint8_t kNoUa = kNoUnitAttention;
  std::array<CommandSpec, 256> t{};
  // SPC-3 unit attention rules / MMC-5: INQUIRY, REQUEST SENSE, GET CONFIGURATION and GET EVENT STATUS
  // NOTIFICATION never report a unit attention; they and the status queries are answered while an
  // IMMED operation runs, everything else gets the NOT READY "in progress" sense.
  t[op::kTestUnitReady] = {&Drive::handleTestUnitReady, "TEST_UNIT_READY", D::kNone, kBusyOk};
  t[op::kRequestSense] = {&Drive::handleRequestSense, "REQUEST_SENSE", D::kFromDevice, kBusyOk | kNoUa};
  t[op::kInquiry] = {&Drive::handleInquiry, "INQUIRY", D::kFromDevice, kBusyOk | kNoUa};
  t[op::kModeSelect6] = {&Drive::handleModeSelect6, "MODE_SELECT(6)", D::kToDevice, 0};
  t[op::kModeSense6] = {&Drive::handleModeSense6, "MODE_SENSE(6)", D::kFromDevice, kBusyOk};
  t[op::kStartStopUnit] = {&Drive::handleStartStopUnit, "START_STOP_UNIT", D::kNone, 0};
  t[op::kPreventAllowMediumRemoval] = {&Drive::handlePreventAllowMediumRemoval, "PREVENT_ALLOW_MEDIUM_REMOVAL",
                                       D::kNone, kBusyOk};
  t[op::kReadCapacity] = {&Drive::handleReadCapacity, "READ_CAPACITY", D::kFromDevice, 0};
  t[op::kRead10] = {&Drive::handleRead10, "READ(10)", D::kFromDevice, 0};
  t[op::kWrite10] = {&Drive::handleWrite10, "WRITE(10)", D::kToDevice, 0};
  t[op::kSynchronizeCache] = {&Drive::handleSynchronizeCache, "SYNCHRONIZE_CACHE", D::kNone, 0};
  t[op::kReadSubChannel] = {&Drive::handleReadSubChannel, "READ_SUB_CHANNEL", D::kFromDevice, 0};
  t[op::kReadTocPmaAtip] = {&Drive::handleReadToc, "READ_TOC_PMA_ATIP", D::kFromDevice, 0};
  t[op::kGetConfiguration] = {&Drive::handleGetConfiguration, "GET_CONFIGURATION", D::kFromDevice, kBusyOk | kNoUa};
  t[op::kGetEventStatusNotification] = {&Drive::handleGetEventStatusNotification, "GET_EVENT_STATUS_NOTIFICATION",
                                        D::kFromDevice, kBusyOk | kNoUa};
  t[op::kReadDiscInformation] = {&Drive::handleReadDiscInformation, "READ_DISC_INFORMATION", D::kFromDevice, 0};
  t[op::kReadTrackInformation] = {&Drive::handleReadTrackInformation, "READ_TRACK_INFORMATION", D::kFromDevice, 0};
  t[op::kReserveTrack] = {&Drive::handleReserveTrack, "RESERVE_TRACK", D::kNone, 0};
  t[op::kModeSelect10] = {&Drive::handleModeSelect10, "MODE_SELECT(10)", D::kToDevice, 0};
  t[op::kModeSense10] = {&Drive::handleModeSense10, "MODE_SENSE(10)", D::kFromDevice, kBusyOk};
  t[op::kCloseTrackSession] = {&Drive::handleCloseTrackSession, "CLOSE_TRACK_SESSION", D::kNone, 0};
  t[op::kReadBufferCapacity] = {&Drive::handleReadBufferCapacity, "READ_BUFFER_CAPACITY", D::kFromDevice, kBusyOk};
  t[op::kSendCueSheet] = {&Drive::handleSendCueSheet, "SEND_CUE_SHEET", D::kToDevice, 0};
  t[op::kBlank] = {&Drive::handleBlank, "BLANK", D::kNone, 0};
  t[op::kRead12] = {&Drive::handleRead12, "READ(12)", D::kFromDevice, 0};
  t[op::kWrite12] = {&Drive::handleWrite12, "WRITE(12)", D::kToDevice, 0};
  t[op::kGetPerformance] = {&Drive::handleGetPerformance, "GET_PERFORMANCE", D::kFromDevice, kBusyOk};
  t[op::kReadCdMsf] = {&Drive::handleReadCdMsf, "READ_CD_MSF", D::kFromDevice, 0};
  t[op::kReadCd] = {&Drive::handleReadCd, "READ_CD", D::kFromDevice, 0};
  // DVD writers only: to a CD recorder these are unsupported operation codes, as before.
  constexpr uint8_t kDvd = kDvdWriterOnly;
  t[op::kFormatUnit] = {&Drive::handleFormatUnit, "FORMAT_UNIT", D::kToDevice, kDvd};
  t[op::kReadFormatCapacities] = {&Drive::handleReadFormatCapacities, "READ_FORMAT_CAPACITIES", D::kFromDevice, kDvd};
  t[op::kReadDiscStructure] = {&Drive::handleReadDiscStructure, "READ_DISC_STRUCTURE", D::kFromDevice, kDvd};
  t[op::kSetStreaming] = {&Drive::handleSetStreaming, "SET_STREAMING", D::kToDevice, kDvd};
  t[op::kSetCdSpeed] = {&Drive::handleSetCdSpeed, "SET_CD_SPEED", D::kNone, 0};
  return t;
}

const std::array<Drive::CommandSpec, 256> Drive::kCommands = Drive::buildCommandTable();

}  // namespace vrec
