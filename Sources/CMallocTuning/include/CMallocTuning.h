#ifndef CMALLOCTUNING_H
#define CMALLOCTUNING_H

/// glibc's malloc tuning, for the command-line tool (see Organics.keepFreedMemory).
/// Returns 1 when both settings were accepted (0 elsewhere than glibc, or if refused).
int organics_keep_freed_memory(int mmap_threshold, int trim_threshold);

#endif
