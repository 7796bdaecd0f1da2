# cmake -DROOT=<source dir> -P check_layering.cmake
# Fails if a file under engine/ includes an emulator/ or tools/ header, or a file under
# emulator/ includes an engine/ or tools/ header. Prints every offending line as file:line.

set(violations 0)
function(scan dir forbidden_regex)
  file(GLOB_RECURSE files "${ROOT}/${dir}/*.h" "${ROOT}/${dir}/*.cc")
  foreach(f IN LISTS files)
    file(STRINGS "${f}" lines REGEX "^[ \t]*#[ \t]*include")
    foreach(line IN LISTS lines)
      if(line MATCHES "${forbidden_regex}")
        file(RELATIVE_PATH rel "${ROOT}" "${f}")
        message(SEND_ERROR "layering: ${rel} must not include: ${line}")
        math(EXPR n "${violations} + 1")
        set(violations ${n} PARENT_SCOPE)
      endif()
    endforeach()
  endforeach()
  set(violations ${violations} PARENT_SCOPE)
endfunction()

scan(engine "[\"</](emulator|tools)/")
scan(emulator "[\"</](engine|tools)/")
if(violations GREATER 0)
  message(FATAL_ERROR "${violations} layering violation(s)")
endif()
