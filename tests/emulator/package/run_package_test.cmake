# Configures and builds tests/emulator/package against the build-tree TT-Metalium package, then runs the
# program it built. Inputs: SRC (this directory), WORK (scratch dir), PKG_DIR (TT-Metalium_DIR), PROGRAMS,
# GENERATOR (the outer build's CMake generator).
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SRC} -B ${WORK} -G ${GENERATOR} -DCMAKE_BUILD_TYPE=Release
                        -DTT-Metalium_DIR=${PKG_DIR} -DPROGRAM_SRC_DIR=${PROGRAMS}/split_work
                        -DTT_METALIUM_API=0.66
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the package consumer failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the package consumer failed")
endif()
execute_process(COMMAND ${WORK}/split_work_pkg RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the program built through the package failed")
endif()
