// san_consumer.cpp that passes two watcher waypoints before it waits: a report names the last one, "WAIT".
#include "api/debug/waypoint.h"

void kernel_main() {
  const uint32_t pages = get_arg_val<uint32_t>(0);
  WAYPOINT("ARGS");
  WAYPOINT("WAIT");
  cb_wait_front(0, pages);
  cb_pop_front(0, pages);
}
