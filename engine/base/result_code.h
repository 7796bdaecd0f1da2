// The IMAPI v1 result codes (Imapierror.h), with their names and HRESULT values kept so users can
// look them up, plus the few generic HRESULTs IMAPI methods also return. Each code says what the
// caller should do about it. Reference: shared/reference/imapi.md §4.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace dm {

enum class ResultCode : uint32_t {
  kOk = 0x00000000,                      // S_OK
  kFalse = 0x00000001,                   // S_FALSE: fewer items than asked (enumerators)
  kPropertiesIgnored = 0x00040200,       // success; unknown or read-only properties were skipped
  kBufferTooSmall = 0x00040201,          // success; ask again with the size returned
  kNotImplemented = 0x80004001,          // E_NOTIMPL
  kInvalidArgument = 0x80070057,         // E_INVALIDARG: fix the argument named in the message
  kOutOfMemory = 0x8007000E,             // E_OUTOFMEMORY
  kNotOpened = 0x8004020B,               // call DiscMaster::open first
  kNotInitialized = 0x8004020C,          // the recorder object is not bound to a device
  kUserAbort = 0x8004020D,               // cancelled by the user; nothing to retry
  kGeneric = 0x8004020E,                 // read the message: it names the command and sense
  kMediumNotPresent = 0x8004020F,        // insert a disc and retry
  kMediumInvalidType = 0x80040210,       // the disc cannot be written by this recorder
  kDeviceNoProperties = 0x80040211,      // the recorder has no settable properties
  kDeviceNotAccessible = 0x80040212,     // another user holds the device; retry later
  kDeviceNotPresent = 0x80040213,        // the device is gone; re-enumerate recorders
  kDeviceInvalidType = 0x80040214,       // the recorder cannot do this (e.g. erase on CD-R)
  kInitializeWrite = 0x80040215,         // the drive refused write setup; nothing was written
  kInitializeEndWrite = 0x80040216,      // the drive failed closing; the disc may be unusable
  kFileSystem = 0x80040217,              // the OS file system blocked access to the device
  kFileAccess = 0x80040218,              // a source or image file could not be read or written
  kDiscInfo = 0x80040219,                // the drive's disc information could not be read
  kTrackNotOpen = 0x8004021A,            // create an audio track first
  kTrackOpen = 0x8004021B,               // close the open audio track first
  kDiscFull = 0x8004021C,                // the content does not fit; remove some or use a larger disc
  kBadJolietName = 0x8004021D,           // rename the file named in the message
  kInvalidImage = 0x8004021E,            // nothing (valid) is staged; stage content and retry
  kNoActiveFormat = 0x8004021F,          // choose Joliet or Red Book first
  kNoActiveRecorder = 0x80040220,        // choose a recorder first
  kWrongFormat = 0x80040221,             // the call belongs to the other format
  kAlreadyOpen = 0x80040222,             // open was already called on this object
  kWrongDisc = 0x80040223,               // insert the multisession disc this image was staged for
  kFileExists = 0x80040224,              // a file of that name is staged; pass overwrite to replace
  kStashInUse = 0x80040225,              // another process uses the stash; retry later
  kDeviceStillInUse = 0x80040226,        // another program uses the device; retry later
  kLossOfStreaming = 0x80040227,         // buffer underrun without protection: the disc is ruined
  kCompressedStash = 0x80040228,         // move the stash off a compressed volume
  kEncryptedStash = 0x80040229,          // move the stash off an encrypted volume
  kNotEnoughDiskForStash = 0x8004022A,   // free space where the stash lives
  kRemovableStash = 0x8004022B,          // move the stash off removable media
  kCannotWriteToMedia = 0x8004022C,      // the disc is finalized, protected or unwritable
  kTrackNotBigEnough = 0x8004022D,       // audio tracks need at least 300 blocks (4 s)
  kBootImageAndNonBlankDisc = 0x8004022E, // boot images need a blank disc
  // Beyond IMAPI v1: IMAPI2's code for a read-back that differs (imapi2error.h). The write itself
  // went through; the disc does not hold what was staged.
  kBurnVerificationFailed = 0xC0AA0007
};

namespace detail {
struct ResultCodeEntry {
  ResultCode code;
  std::string_view name;
};
inline constexpr ResultCodeEntry kResultCodeNames[] = {
    {ResultCode::kOk, "S_OK"},
    {ResultCode::kFalse, "S_FALSE"},
    {ResultCode::kPropertiesIgnored, "IMAPI_S_PROPERTIESIGNORED"},
    {ResultCode::kBufferTooSmall, "IMAPI_S_BUFFER_TO_SMALL"},
    {ResultCode::kNotImplemented, "E_NOTIMPL"},
    {ResultCode::kInvalidArgument, "E_INVALIDARG"},
    {ResultCode::kOutOfMemory, "E_OUTOFMEMORY"},
    {ResultCode::kNotOpened, "IMAPI_E_NOTOPENED"},
    {ResultCode::kNotInitialized, "IMAPI_E_NOTINITIALIZED"},
    {ResultCode::kUserAbort, "IMAPI_E_USERABORT"},
    {ResultCode::kGeneric, "IMAPI_E_GENERIC"},
    {ResultCode::kMediumNotPresent, "IMAPI_E_MEDIUM_NOTPRESENT"},
    {ResultCode::kMediumInvalidType, "IMAPI_E_MEDIUM_INVALIDTYPE"},
    {ResultCode::kDeviceNoProperties, "IMAPI_E_DEVICE_NOPROPERTIES"},
    {ResultCode::kDeviceNotAccessible, "IMAPI_E_DEVICE_NOTACCESSIBLE"},
    {ResultCode::kDeviceNotPresent, "IMAPI_E_DEVICE_NOTPRESENT"},
    {ResultCode::kDeviceInvalidType, "IMAPI_E_DEVICE_INVALIDTYPE"},
    {ResultCode::kInitializeWrite, "IMAPI_E_INITIALIZE_WRITE"},
    {ResultCode::kInitializeEndWrite, "IMAPI_E_INITIALIZE_ENDWRITE"},
    {ResultCode::kFileSystem, "IMAPI_E_FILESYSTEM"},
    {ResultCode::kFileAccess, "IMAPI_E_FILEACCESS"},
    {ResultCode::kDiscInfo, "IMAPI_E_DISCINFO"},
    {ResultCode::kTrackNotOpen, "IMAPI_E_TRACKNOTOPEN"},
    {ResultCode::kTrackOpen, "IMAPI_E_TRACKOPEN"},
    {ResultCode::kDiscFull, "IMAPI_E_DISCFULL"},
    {ResultCode::kBadJolietName, "IMAPI_E_BADJOLIETNAME"},
    {ResultCode::kInvalidImage, "IMAPI_E_INVALIDIMAGE"},
    {ResultCode::kNoActiveFormat, "IMAPI_E_NOACTIVEFORMAT"},
    {ResultCode::kNoActiveRecorder, "IMAPI_E_NOACTIVERECORDER"},
    {ResultCode::kWrongFormat, "IMAPI_E_WRONGFORMAT"},
    {ResultCode::kAlreadyOpen, "IMAPI_E_ALREADYOPEN"},
    {ResultCode::kWrongDisc, "IMAPI_E_WRONGDISC"},
    {ResultCode::kFileExists, "IMAPI_E_FILEEXISTS"},
    {ResultCode::kStashInUse, "IMAPI_E_STASHINUSE"},
    {ResultCode::kDeviceStillInUse, "IMAPI_E_DEVICE_STILL_IN_USE"},
    {ResultCode::kLossOfStreaming, "IMAPI_E_LOSS_OF_STREAMING"},
    {ResultCode::kCompressedStash, "IMAPI_E_COMPRESSEDSTASH"},
    {ResultCode::kEncryptedStash, "IMAPI_E_ENCRYPTEDSTASH"},
    {ResultCode::kNotEnoughDiskForStash, "IMAPI_E_NOTENOUGHDISKFORSTASH"},
    {ResultCode::kRemovableStash, "IMAPI_E_REMOVABLESTASH"},
    {ResultCode::kCannotWriteToMedia, "IMAPI_E_CANNOT_WRITE_TO_MEDIA"},
    {ResultCode::kTrackNotBigEnough, "IMAPI_E_TRACK_NOT_BIG_ENOUGH"},
    {ResultCode::kBootImageAndNonBlankDisc, "IMAPI_E_BOOTIMAGE_AND_NONBLANK_DISC"},
    {ResultCode::kBurnVerificationFailed, "E_IMAPI_BURN_VERIFICATION_FAILED"},
};
}  // namespace detail

// The IMAPI name of a code ("IMAPI_E_DISCFULL", "S_OK").
constexpr std::string_view resultCodeName(ResultCode code) {
  for (const auto& e : detail::kResultCodeNames)
    if (e.code == code) return e.name;
  return "E_UNEXPECTED";
}

// The code of an IMAPI name, for scenario files and scripts; nullopt if unknown.
constexpr std::optional<ResultCode> resultCodeFromName(std::string_view name) {
  for (const auto& e : detail::kResultCodeNames)
    if (e.name == name) return e.code;
  return std::nullopt;
}

// True for S_OK and the IMAPI_S_* success codes.
constexpr bool isSuccess(ResultCode code) { return (static_cast<uint32_t>(code) & 0x80000000u) == 0; }

}  // namespace dm
