# The layering rule of DESIGN.md, enforced by the build: the engine never includes an emulator
# header and the emulator never includes an engine header; only tools/ may join them. The check
# runs at configure time (a violation stops the build) and again as a CTest test.

set(DM_LAYERING_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/check_layering.cmake)
execute_process(COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR} -P ${DM_LAYERING_SCRIPT}
                RESULT_VARIABLE dm_layering_rc)
if(NOT dm_layering_rc EQUAL 0)
  message(FATAL_ERROR "layering check failed (see above)")
endif()

# Link-graph half of the rule, checked once every target exists.
function(dm_check_link_layering)
  foreach(lib IN ITEMS discmaster vrec)
    get_target_property(deps ${lib} LINK_LIBRARIES)
    foreach(dep IN LISTS deps)
      if((lib STREQUAL "discmaster" AND dep STREQUAL "vrec") OR
         (lib STREQUAL "vrec" AND dep MATCHES "^(discmaster|dm_transport_api)$"))
        message(FATAL_ERROR "layering: target ${lib} must not link ${dep}")
      endif()
    endforeach()
  endforeach()
endfunction()
