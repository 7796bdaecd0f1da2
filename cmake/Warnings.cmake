# Compiler flags for our own targets only (dependencies' headers come in as SYSTEM includes).

add_library(dm_warnings INTERFACE)
target_compile_options(dm_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                             -Wold-style-cast -Wcast-align -Woverloaded-virtual)
if(DM_WERROR)
  target_compile_options(dm_warnings INTERFACE -Werror)
endif()

if(DM_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
