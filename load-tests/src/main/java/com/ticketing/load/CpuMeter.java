package com.ticketing.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** Cumulative CPU time (user + system) of one process, in nanoseconds. */
public interface CpuMeter {

    String name();

    /** CPU time used so far, or -1 when it cannot be read (e.g. the process ended). */
    long cpuNanos();

    /** Clock ticks per second of /proc/&lt;pid&gt;/stat ({@code getconf CLK_TCK}); 100 on Linux x86-64. */
    long CLOCK_TICKS_PER_SECOND = clockTicks();

    /** utime + stime from {@code /proc/<pid>/stat} (10 ms resolution). */
    static CpuMeter ofPid(String name, long pid) {
        return new CpuMeter() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long cpuNanos() {
                long ticks = procTicks(pid);
                return ticks < 0 ? -1 : ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
            }
        };
    }

    /** This JVM (load generator and, unless external, the stub services), at nanosecond resolution. */
    static CpuMeter self(String name) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new CpuMeter() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long cpuNanos() {
                return os.getProcessCpuTime();
            }
        };
    }

    /** utime + stime in clock ticks, or -1. Fields 14 and 15 of /proc/&lt;pid&gt;/stat (counted after the command's ')'). */
    static long procTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return parseStatTicks(stat);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long parseStatTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state): utime is field 14 → index 11, stime field 15 → index 12.
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
