// Device profiler zones: no-ops on the emulator.
#pragma once
#define DeviceZoneScopedN(name)
#define DeviceZoneScopedMainN(name)
#define DeviceZoneScopedMainChildN(name)
#define DeviceTimestampedData(name, data)
#define DeviceRecordEvent(id)
