# ashyq_module(NAME DEPS...): the library ashyq_NAME from src/NAME/*.cc (one library per module,
# DESIGN.md). A module whose sources have not been written yet is skipped.
function(ashyq_module name)
  file(GLOB sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${name}/*.cc)
  if(NOT sources)
    return()
  endif()
  add_library(ashyq_${name} STATIC ${sources})
  target_include_directories(ashyq_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(ashyq_${name} PUBLIC ${ARGN})
endfunction()
